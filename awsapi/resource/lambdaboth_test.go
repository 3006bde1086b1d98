package resource_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// lambdaInvokeCase: a new function, listed with its settings, invoked from its row with a
// prompted payload (a JSON answer with status 200: moto's docker-less backend echoes the event,
// the demo's stand-in handler answers with it), then deleted.
func lambdaInvokeCase(t *testing.T, env *resourcetest.Env) {
	// moto runs functions in Docker unless told otherwise; the demo takes this for an S3 request
	// and refuses it, which changes nothing there.
	if resp, err := http.Post(env.URL()+"/moto-api/config", "application/json", strings.NewReader(`{"lambda": {"use_docker": false}}`)); err == nil {
		resp.Body.Close()
	}
	functions := defType(t, env, "functions")
	name := defName("both-fn")
	role := lambdaRole(env)
	t.Cleanup(func() {
		env.Caller("iam").Call(context.Background(), "DeleteRole", map[string]any{"RoleName": role[strings.LastIndex(role, "/")+1:]})
	})
	env.Seed("lambda", "CreateFunction", map[string]any{
		"FunctionName": name, "Runtime": "python3.12", "Role": role, "Handler": "index.handler",
		"Code": map[string]any{"ZipFile": lambdaZip(t)}, "MemorySize": 256, "Timeout": 30,
	})
	row := defFind(t, env, functions, functions.ListInput(nil), name)
	defWantCells(t, functions, row.Item, map[string]string{"NAME": name, "RUNTIME": "python3.12", "MEMORY": "256 MiB", "TIMEOUT": "30s", "STATE": "Active"})
	defWaitRef(t, env, functions, "FunctionActiveV2", row)

	out := defRun(t, env, functions, "invoke", row, map[string]any{"Payload": []byte(`{"hello": "nimbus"}`)})
	b, _ := out["Payload"].([]byte)
	if !json.Valid(b) || !strings.Contains(string(b), `"nimbus"`) {
		t.Errorf("invoke Payload = %q, want a JSON answer holding the event", b)
	}
	if code := lambdaNumber(t, out, "StatusCode"); code != 200 {
		t.Errorf("invoke StatusCode = %d", code)
	}

	defConfirm(t, functions, "delete", resource.ConfirmTyped)
	defRun(t, env, functions, "delete", row, nil)
	defAbsent(t, env, functions, functions.ListInput(nil), name)
}
