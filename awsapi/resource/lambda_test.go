package resource_test

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// lambdaZip is a deployment package holding one Python handler.
func lambdaZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	f, err := z.Create("index.py")
	if err == nil {
		_, err = f.Write([]byte("def handler(event, context):\n    return event\n"))
	}
	if err == nil {
		err = z.Close()
	}
	if err != nil {
		t.Fatalf("building the deployment package: %v", err)
	}
	return buf.Bytes()
}

// lambdaWithoutDocker switches moto to its Lambda backend that answers Invoke without running a
// container (there is no Docker here): it returns the payload it was sent. It must be set before
// any function is created, since moto keeps those functions in a separate backend.
func lambdaWithoutDocker(t *testing.T, env *resourcetest.Env) {
	t.Helper()
	resp, err := http.Post(env.URL()+"/moto-api/config", "application/json",
		strings.NewReader(`{"lambda": {"use_docker": false}}`))
	if err != nil {
		t.Fatalf("configuring moto's lambda backend: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("configuring moto's lambda backend: HTTP %d", resp.StatusCode)
	}
}

// lambdaRole creates a role functions can run as and returns its ARN.
func lambdaRole(env *resourcetest.Env) string {
	out := env.Seed("iam", "CreateRole", map[string]any{"RoleName": defName("fnrole"), "AssumeRolePolicyDocument": iamTrustPolicy})
	return defStr(out["Role"].(map[string]any), "Arn")
}

func TestLambdaFunction(t *testing.T) {
	env := resourcetest.New(t)
	lambdaWithoutDocker(t, env)
	functions := defType(t, env, "functions")
	name := defName("fn")
	code := lambdaZip(t)
	env.Seed("lambda", "CreateFunction", map[string]any{
		"FunctionName": name, "Runtime": "python3.12", "Role": lambdaRole(env), "Handler": "index.handler",
		"Code": map[string]any{"ZipFile": code}, "MemorySize": 256, "Timeout": 30, "Publish": true,
	})
	env.Seed("lambda", "CreateAlias", map[string]any{"FunctionName": name, "Name": "live", "FunctionVersion": "1", "Description": "production"})

	row := defFind(t, env, functions, functions.ListInput(nil), name)
	defWantCells(t, functions, row.Item, map[string]string{"NAME": name, "RUNTIME": "python3.12", "MEMORY": "256 MiB", "TIMEOUT": "30s"})
	cells := defCells(functions, row.Item)
	if c := cells["STATE"]; c.Text != "Active" || c.State != resource.StateOK {
		t.Errorf("STATE = %+v, want Active/ok", c)
	}
	if c := cells["CODE SIZE"]; c.Sort <= 0 || c.Sort != int64(lambdaNumber(t, row.Item, "CodeSize")) {
		t.Errorf("CODE SIZE = %+v", c)
	}
	if c := cells["MODIFIED"]; c.Sort == 0 {
		t.Errorf("MODIFIED = %+v: Lambda's LastModified string was not read as a time", c)
	}
	if got := functions.ARNOf(row.Item); !strings.HasSuffix(got, ":function:"+name) {
		t.Errorf("ARN = %q", got)
	}
	got := defDescribe(t, env, functions, row)
	if cfg, _ := got["Configuration"].(map[string]any); defStr(cfg, "FunctionName") != name {
		t.Errorf("describe = %v", got)
	}
	defWaitRef(t, env, functions, "FunctionActiveV2", row)
	defWaitRef(t, env, functions, "FunctionExists", row)

	// Invoke with a prompted payload; the response is a document whose Payload is the function's
	// answer (moto's docker-less backend echoes the request).
	a := defAction(t, functions, "invoke")
	if a.Result != "document" || a.ConfirmLevel("lambda") == resource.ConfirmNone {
		t.Errorf("invoke: result %q, confirm %q; want a confirmed document", a.Result, a.ConfirmLevel("lambda"))
	}
	payload := `{"hello": "nimbus"}`
	out := defRun(t, env, functions, "invoke", row, map[string]any{"Payload": []byte(payload)})
	if b, ok := out["Payload"].([]byte); !ok || string(b) != payload {
		t.Errorf("invoke Payload = %#v, want %q", out["Payload"], payload)
	}
	if code := lambdaNumber(t, out, "StatusCode"); code != 200 {
		t.Errorf("invoke StatusCode = %d", code)
	}
	// moto's docker-less backend sends no LogResult (the base64 log tail LogType Tail asks for).

	versions, in := defChild(t, env, functions, row, "versions")
	v1 := defFind(t, env, versions, in, "1")
	defFind(t, env, versions, in, "$LATEST")
	if got := defDescribe(t, env, versions, v1); defStr(got["Configuration"].(map[string]any), "Version") != "1" {
		t.Errorf("version describe = %v", got)
	}
	// moto reads the qualifier from a JSON object payload's members, and fails (HTTP 500) when the
	// payload is any other JSON value: send an object.
	out = defRun(t, env, versions, "invoke", v1, map[string]any{"Payload": []byte(`{"version": "1"}`)})
	if b, _ := out["Payload"].([]byte); string(b) != `{"version": "1"}` {
		t.Errorf("version invoke Payload = %#v", out["Payload"])
	}
	defWaitRef(t, env, versions, "PublishedVersionActive", v1)

	aliases, in := defChild(t, env, functions, row, "aliases")
	live := defFind(t, env, aliases, in, "live")
	defWantCells(t, aliases, live.Item, map[string]string{"NAME": "live", "VERSION": "1", "DESCRIPTION": "production"})
	if got := defDescribe(t, env, aliases, live); defStr(got, "FunctionVersion") != "1" {
		t.Errorf("alias describe = %v", got)
	}
	defRun(t, env, aliases, "delete", live, nil)
	defAbsent(t, env, aliases, in, "live")

	// A queue triggering the function shows under triggers, and can be disabled and deleted.
	queue, queueURL := sqsQueue(env)
	queueARN := defStr(env.Seed("sqs", "GetQueueAttributes", map[string]any{
		"QueueUrl": queueURL, "AttributeNames": []any{"QueueArn"},
	})["Attributes"].(map[string]any), "QueueArn")
	uuid := defStr(env.Seed("lambda", "CreateEventSourceMapping", map[string]any{
		"FunctionName": name, "EventSourceArn": queueARN, "BatchSize": 5,
	}), "UUID")
	triggers, in := defChild(t, env, functions, row, "triggers")
	trow := defFind(t, env, triggers, in, uuid)
	defWantCells(t, triggers, trow.Item, map[string]string{"SOURCE": queue, "FUNCTION": name, "BATCH": "5", "SOURCE ARN": queueARN})
	if c := defCells(triggers, trow.Item)["STATE"]; c.State != resource.StateOK {
		t.Errorf("trigger STATE = %+v, want an enabled state", c)
	}
	if got := defDescribe(t, env, triggers, trow); defStr(got, "EventSourceArn") != queueARN {
		t.Errorf("trigger describe = %v", got)
	}
	defRun(t, env, triggers, "disable", trow, nil)
	trow = defFind(t, env, triggers, in, uuid)
	if c := defCells(triggers, trow.Item)["STATE"]; c.State == resource.StateOK {
		t.Errorf("disabled trigger STATE = %+v", c)
	}
	defRun(t, env, triggers, "delete", trow, nil)
	defAbsent(t, env, triggers, in, uuid)

	// The function's log streams, in CloudWatch Logs.
	group, stream := "/aws/lambda/"+name, "2026/01/01/[$LATEST]0123456789abcdef"
	if cfg, _ := row.Item.(map[string]any)["LoggingConfig"].(map[string]any); defStr(cfg, "LogGroup") != "" {
		group = defStr(cfg, "LogGroup")
	}
	env.Seed("logs", "CreateLogGroup", map[string]any{"logGroupName": group})
	env.Seed("logs", "CreateLogStream", map[string]any{"logGroupName": group, "logStreamName": stream})
	logs, in := defChild(t, env, functions, row, "logs")
	if logs.Service != "logs" || in["logGroupName"] != group {
		t.Errorf("logs child: %s, input %v; want logs streams of %s", logs.Service, in, group)
	}
	defFind(t, env, logs, in, stream)
	// A function with a log group of its own logs there.
	for wantGroup, fn := range map[string]map[string]any{
		"/aws/lambda/plain": {"FunctionName": "plain"},
		"/custom/group":     {"FunctionName": "custom", "LoggingConfig": map[string]any{"LogGroup": "/custom/group"}},
	} {
		_, in := defChild(t, env, functions, resource.Row{Item: fn}, "logs")
		if in["logGroupName"] != wantGroup {
			t.Errorf("logs of %v: group %v, want %s", fn, in["logGroupName"], wantGroup)
		}
	}

	defConfirm(t, functions, "delete", resource.ConfirmTyped)
	defRun(t, env, functions, "delete", row, nil)
	defAbsent(t, env, functions, functions.ListInput(nil), name)
}

func TestLambdaLayer(t *testing.T) {
	env := resourcetest.New(t)
	lambdaWithoutDocker(t, env)
	layers := defType(t, env, "layers")
	name := defName("layer")
	code := lambdaZip(t)
	for _, desc := range []string{"first", "second"} {
		env.Seed("lambda", "PublishLayerVersion", map[string]any{
			"LayerName": name, "Description": desc, "Content": map[string]any{"ZipFile": code},
			"CompatibleRuntimes": []any{"python3.12", "python3.13"},
		})
	}

	row := defFind(t, env, layers, layers.ListInput(nil), name)
	defWantCells(t, layers, row.Item, map[string]string{
		"NAME": name, "LATEST": "2", "RUNTIMES": "python3.12, python3.13", "DESCRIPTION": "second",
	})
	// The layer is described by its latest version, bound as a number from the listed item.
	if got := defDescribe(t, env, layers, row); defStr(got, "Description") != "second" {
		t.Errorf("describe = %v", got)
	}

	versions, in := defChild(t, env, layers, row, "versions")
	v1 := defFind(t, env, versions, in, "1")
	defWantCells(t, versions, v1.Item, map[string]string{"VERSION": "1", "DESCRIPTION": "first"})
	if got := defDescribe(t, env, versions, v1); defStr(got, "Description") != "first" {
		t.Errorf("version describe = %v", got)
	}
	defConfirm(t, versions, "delete", resource.ConfirmTyped)
	defRun(t, env, versions, "delete", v1, nil)
	defAbsent(t, env, versions, in, "1")
	defFind(t, env, versions, in, "2")
}

// lambdaNumber reads a numeric member of an item as an int.
func lambdaNumber(t *testing.T, item any, key string) int {
	t.Helper()
	m, _ := item.(map[string]any)
	switch n := m[key].(type) {
	case int64:
		return int(n)
	case int32:
		return int(n)
	case int:
		return n
	case float64:
		return int(n)
	}
	t.Fatalf("%s is %T, not a number", key, m[key])
	return 0
}
