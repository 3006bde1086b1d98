package world

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/demo/wire"
)

// Lambda: functions whose Invoke runs a little Go stand-in for the handler, returns its payload
// and the log tail, and writes the log lines to the function's log group as Lambda does.

type function struct {
	doc     map[string]any // FunctionConfiguration
	tags    map[string]any
	invokes int
}

type lambdaStore struct {
	functions map[string]*function
}

func newLambda() *lambdaStore { return &lambdaStore{functions: map[string]*function{}} }

// registerLambda adds the lambda operations to t.
func registerLambda(t handlerTable) {
	op := func(h func(s *lambdaStore, r *Region, c *Call) (map[string]any, error)) func(*World, *Call) (map[string]any, error) {
		return func(w *World, c *Call) (map[string]any, error) {
			r := w.region(c.Account, c.Region)
			r.mu.Lock()
			defer r.mu.Unlock()
			r.logs.settle(c.Now)
			return h(r.lambda, r, c)
		}
	}
	t.add("lambda", map[string]func(*World, *Call) (map[string]any, error){
		"ListFunctions":            op(lambdaList),
		"GetFunction":              op(lambdaGet),
		"GetFunctionConfiguration": op(lambdaGetConfig),
		"Invoke":                   op(lambdaInvoke),
		"CreateFunction":           op(lambdaCreate),
		"DeleteFunction":           op(lambdaDelete),
		"ListTags":                 op(lambdaListTags),
		"ListAliases": op(func(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
			f, err := s.function(str(c.In, "FunctionName"))
			if err != nil {
				return nil, err
			}
			return map[string]any{"Aliases": []any{map[string]any{"Name": "live", "FunctionVersion": "3",
				"AliasArn": str(f.doc, "FunctionArn") + ":live", "Description": "what the API calls", "RevisionId": hexID(str(f.doc, "FunctionName"), "live")}}}, nil
		}),
		"ListVersionsByFunction": op(func(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
			f, err := s.function(str(c.In, "FunctionName"))
			if err != nil {
				return nil, err
			}
			var out []any
			for _, v := range []string{"$LATEST", "1", "2", "3"} {
				d := copyDoc(f.doc)
				d["Version"] = v
				if v != "$LATEST" {
					d["FunctionArn"] = str(f.doc, "FunctionArn") + ":" + v
				}
				out = append(out, d)
			}
			return map[string]any{"Versions": out}, nil
		}),
		"ListEventSourceMappings": op(func(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
			return map[string]any{"EventSourceMappings": []any{}}, nil
		}),
	})
}

func copyDoc(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// function finds a function by name, ARN or partial ARN (a qualifier is ignored).
func (s *lambdaStore) function(name string) (*function, error) {
	if i := strings.Index(name, ":function:"); i >= 0 {
		name = name[i+len(":function:"):]
	}
	name, _, _ = strings.Cut(name, ":")
	f, ok := s.functions[name]
	if !ok {
		return nil, &lambdaNotFound{name}
	}
	return f, nil
}

type lambdaNotFound struct{ name string }

func (e *lambdaNotFound) Error() string { return "Function not found: " + e.name }

func lambdaErr(err error, r *Region) error {
	if nf, ok := err.(*lambdaNotFound); ok {
		return &wire.Error{Status: 404, Code: "ResourceNotFoundException",
			Message: "Function not found: " + arn("lambda", r.Name, r.Account.ID, "function:"+nf.name)}
	}
	return err
}

func lambdaList(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
	names := make([]string, 0, len(s.functions))
	for n := range s.functions {
		names = append(names, n)
	}
	sort.Strings(names)
	max, _ := num(c.In, "MaxItems")
	pageNames, tok := page(names, str(c.In, "Marker"), max, 50)
	var out []any
	for _, n := range pageNames {
		out = append(out, s.functions[n].doc)
	}
	res := map[string]any{"Functions": orEmpty(out)}
	if tok != "" {
		res["NextMarker"] = tok
	}
	return res, nil
}

func lambdaGet(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
	f, err := s.function(str(c.In, "FunctionName"))
	if err != nil {
		return nil, lambdaErr(err, r)
	}
	return map[string]any{
		"Configuration": f.doc,
		"Code":          map[string]any{"RepositoryType": "S3", "Location": "https://awslambda-" + r.Name + "-tasks.s3." + r.Name + ".amazonaws.com/snapshots/" + r.Account.ID + "/" + str(f.doc, "FunctionName") + "?demo"},
		"Tags":          f.tags,
	}, nil
}

func lambdaGetConfig(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
	f, err := s.function(str(c.In, "FunctionName"))
	if err != nil {
		return nil, lambdaErr(err, r)
	}
	return f.doc, nil
}

func lambdaListTags(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
	f, err := s.function(str(c.In, "Resource"))
	if err != nil {
		return nil, lambdaErr(err, r)
	}
	return map[string]any{"Tags": f.tags}, nil
}

// run is the stand-in handler: what each kind of function answers.
func run(name string, n int, payload map[string]any) (result any, lines []string, fail bool) {
	kind := name[strings.LastIndex(name, "-")+1:]
	if f, _ := payload["fail"].(bool); f {
		return map[string]any{"errorMessage": "asked to fail", "errorType": "Error", "stackTrace": []any{"at handler (index.mjs:7:11)"}},
			[]string{"ERROR\tInvoke Error\t{\"errorType\":\"Error\",\"errorMessage\":\"asked to fail\"}"}, true
	}
	switch {
	case strings.HasSuffix(name, "resize-image") || kind == "image":
		key, _ := payload["key"].(string)
		if key == "" {
			key = "2024/01/img-00001.jpg"
		}
		return map[string]any{"statusCode": 200, "source": key, "resized": []any{"thumb/" + key, "small/" + key}, "ms": 80 + n*7%120},
			[]string{"INFO\tresizing " + key, "INFO\twrote 2 sizes"}, false
	case strings.HasSuffix(name, "send-email") || kind == "email":
		to, _ := payload["to"].(string)
		if to == "" {
			to = "someone@example.com"
		}
		return map[string]any{"messageId": fmt.Sprintf("0100018c-demo-%04d", n), "to": to},
			[]string{"INFO\tsending template to " + to, "INFO\taccepted by SES"}, false
	case strings.HasSuffix(name, "nightly-report") || kind == "report":
		return map[string]any{"report": fmt.Sprintf("s3://demo-assets/reports/run-%04d.csv", n), "rows": 1200 + n*17},
			[]string{"INFO\tscanning orders", "WARN\t3 orders without a customer", "INFO\treport written"}, false
	}
	return map[string]any{"ok": true, "function": name, "echo": payload},
		[]string{"INFO\thandled the event"}, false
}

func lambdaInvoke(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
	f, err := s.function(str(c.In, "FunctionName"))
	if err != nil {
		return nil, lambdaErr(err, r)
	}
	var payload map[string]any
	if b, ok := c.In["Payload"].([]byte); ok && len(b) > 0 {
		if err := json.Unmarshal(b, &payload); err != nil {
			return nil, &wire.Error{Status: 400, Code: "InvalidRequestContentException", Message: "Could not parse request body into json: " + err.Error()}
		}
	}
	f.invokes++
	name := str(f.doc, "FunctionName")
	result, lines, fail := run(name, f.invokes, payload)
	reqID := fmt.Sprintf("%s-%s-%s-%s-%s", hexID(name, fmt.Sprint(f.invokes))[:8], "demo", "4a1e", "9c0d", hexID(fmt.Sprint(f.invokes))[:12])
	mem, _ := num(f.doc, "MemorySize")
	ms := 12.0 + float64(f.invokes*37%300)/10
	logLines := []string{fmt.Sprintf("START RequestId: %s Version: $LATEST", reqID)}
	for _, l := range lines {
		logLines = append(logLines, c.Now.Format("2006-01-02T15:04:05.000Z")+"\t"+reqID+"\t"+l)
	}
	logLines = append(logLines, "END RequestId: "+reqID,
		fmt.Sprintf("REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB", reqID, ms, int(ms)+1, mem, 60+f.invokes%30))
	// The lines go to the function's log group too, as Lambda writes them (creating the group
	// on a new function's first invocation).
	group := "/aws/lambda/" + name
	if lc, ok := f.doc["LoggingConfig"].(map[string]any); ok && str(lc, "LogGroup") != "" {
		group = str(lc, "LogGroup")
	}
	if _, ok := r.logs.groups[group]; !ok {
		r.logs.groups[group] = &logGroup{name: group, created: c.Now, streams: map[string]*logStream{}}
	}
	if g, ok := r.logs.groups[group]; ok {
		st := r.logs.stream(g, c.Now.Format("2006/01/02")+"/[$LATEST]"+hexID(name, c.Now.Format("2006-01-02"))[1:], c.Now)
		for i, l := range logLines {
			st.add(c.Now.Add(time.Duration(i)*time.Millisecond), l)
		}
	}
	body, _ := json.Marshal(result)
	out := map[string]any{"StatusCode": int64(200), "ExecutedVersion": "$LATEST"}
	if str(c.In, "InvocationType") == "Event" {
		return map[string]any{"StatusCode": int64(202)}, nil
	}
	if str(c.In, "InvocationType") == "DryRun" {
		return map[string]any{"StatusCode": int64(204)}, nil
	}
	out["Payload"] = body
	if fail {
		out["FunctionError"] = "Unhandled"
	}
	if str(c.In, "LogType") == "Tail" {
		tail := strings.Join(logLines, "\n") + "\n"
		if len(tail) > 4096 {
			tail = tail[len(tail)-4096:]
		}
		out["LogResult"] = base64.StdEncoding.EncodeToString([]byte(tail))
	}
	return out, nil
}

// lambdaCreate creates a function from a deployment package; the demo runs it as its stand-in
// handler (an unknown kind echoes the event). It is Active at once, as moto has it.
func lambdaCreate(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
	name := str(c.In, "FunctionName")
	if _, ok := s.functions[name]; ok {
		return nil, &wire.Error{Status: 409, Code: "ResourceConflictException", Message: "Function already exist: " + name}
	}
	if !strings.HasPrefix(str(c.In, "Role"), "arn:aws:iam::") {
		return nil, &wire.Error{Status: 400, Code: "ValidationException", Message: "1 validation error detected: Value '" + str(c.In, "Role") + "' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"}
	}
	code, _ := c.In["Code"].(map[string]any)
	zip, _ := code["ZipFile"].([]byte)
	mem, ok := num(c.In, "MemorySize")
	if !ok {
		mem = 128
	}
	timeout, ok := num(c.In, "Timeout")
	if !ok {
		timeout = 3
	}
	doc := map[string]any{
		"FunctionName": name, "FunctionArn": arn("lambda", r.Name, r.Account.ID, "function:"+name),
		"Runtime": str(c.In, "Runtime"), "Handler": str(c.In, "Handler"), "Role": str(c.In, "Role"),
		"CodeSize": int64(len(zip)), "Description": str(c.In, "Description"), "Timeout": timeout, "MemorySize": mem,
		"LastModified": c.Now.UTC().Format("2006-01-02T15:04:05.000+0000"), "CodeSha256": base64.StdEncoding.EncodeToString([]byte(hexID(name, string(zip)))),
		"Version": "$LATEST", "TracingConfig": map[string]any{"Mode": "PassThrough"}, "RevisionId": hexID(name, c.Now.String()),
		"State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": []any{"x86_64"},
		"EphemeralStorage": map[string]any{"Size": int64(512)}, "LoggingConfig": map[string]any{"LogFormat": "Text", "LogGroup": "/aws/lambda/" + name},
	}
	if env, ok := c.In["Environment"].(map[string]any); ok {
		doc["Environment"] = env
	}
	tags, _ := c.In["Tags"].(map[string]any)
	if tags == nil {
		tags = map[string]any{}
	}
	s.functions[name] = &function{doc: doc, tags: tags}
	return doc, nil
}

func lambdaDelete(s *lambdaStore, r *Region, c *Call) (map[string]any, error) {
	f, err := s.function(str(c.In, "FunctionName"))
	if err != nil {
		return nil, lambdaErr(err, r)
	}
	delete(s.functions, str(f.doc, "FunctionName"))
	return map[string]any{}, nil
}

func seedLambda(r *Region, spec regionSpec, now time.Time) {
	runtimes := []string{"nodejs20.x", "python3.12", "provided.al2023", "java21"}
	handlers := map[string]string{"nodejs20.x": "index.handler", "python3.12": "app.handler", "provided.al2023": "bootstrap", "java21": "demo.Handler::handleRequest"}
	for i, name := range spec.functions {
		rt := runtimes[i%len(runtimes)]
		modified := now.Add(-time.Duration(3+i*11) * 24 * time.Hour).UTC()
		mem := []int64{128, 256, 512, 1024}[i%4]
		doc := map[string]any{
			"FunctionName": name, "FunctionArn": arn("lambda", r.Name, r.Account.ID, "function:"+name),
			"Runtime": rt, "Handler": handlers[rt], "Role": "arn:aws:iam::" + r.Account.ID + ":role/" + spec.env + "-lambda-exec",
			"CodeSize": int64(4096 + i*123456), "Description": strings.ReplaceAll(strings.TrimPrefix(name, spec.env+"-"), "-", " "),
			"Timeout": int64(30), "MemorySize": mem, "LastModified": modified.Format("2006-01-02T15:04:05.000+0000"),
			"CodeSha256": base64.StdEncoding.EncodeToString([]byte(hexID(name))), "Version": "$LATEST",
			"TracingConfig": map[string]any{"Mode": "PassThrough"}, "RevisionId": hexID(name, "rev"),
			"State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": []any{"arm64"},
			"EphemeralStorage": map[string]any{"Size": int64(512)},
			"Environment":      map[string]any{"Variables": map[string]any{"STAGE": spec.env, "TABLE": spec.env + "-orders"}},
			"LoggingConfig":    map[string]any{"LogFormat": "Text", "LogGroup": "/aws/lambda/" + name},
		}
		r.lambda.functions[name] = &function{doc: doc, tags: map[string]any{"env": spec.env, "team": "platform"}}
		g := &logGroup{name: "/aws/lambda/" + name, created: modified, retention: 7, streams: map[string]*logStream{}}
		r.logs.groups[g.name] = g
		// Yesterday's invocations.
		day := now.Add(-24 * time.Hour)
		st := r.logs.stream(g, day.Format("2006/01/02")+"/[$LATEST]"+hexID(name, "seed")[1:], day)
		f := r.lambda.functions[name]
		for k := 0; k < 5; k++ {
			f.invokes++
			_, lines, _ := run(name, f.invokes, nil)
			at := day.Add(time.Duration(k) * 2 * time.Hour)
			req := hexID(name, fmt.Sprint(k))[:8] + "-seed"
			st.add(at, "START RequestId: "+req+" Version: $LATEST")
			for j, l := range lines {
				st.add(at.Add(time.Duration(j+1)*time.Millisecond), at.Format("2006-01-02T15:04:05.000Z")+"\t"+req+"\t"+l)
			}
			st.add(at.Add(50*time.Millisecond), "END RequestId: "+req)
		}
	}
}
