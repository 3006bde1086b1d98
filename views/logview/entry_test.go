package logview

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

func lambdaZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("index.py")
	w.Write([]byte("def handler(e, c):\n    return 1\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The tail page opens from the four places the issue names: a log group row (see
// TestTailFromARowAndFromThePicker), a Lambda function row (its /aws/lambda/NAME group), an ECS
// task definition row (the awslogs-group of its containers, read with DescribeTaskDefinition),
// and `:tail GROUP… --filter P` — all on moto.
func TestTailFromLambdaECSAndCommand(t *testing.T) {
	srv := motoserver.StartShared(t)
	logs := invokerFor(t, srv, "logs")
	stamp := fmt.Sprint(time.Now().UnixNano())
	fn := "tailfnzq" + stamp
	ecsGroup, cmdGroup := "/ecs/tailzq"+stamp, "/cmd/tailzq"+stamp
	for g, msgs := range map[string][]string{"/aws/lambda/" + fn: {"START from lambda"}, ecsGroup: {"hello from ecs"},
		cmdGroup: {"ERROR kept", "INFO dropped"}} {
		call(t, logs, "CreateLogGroup", map[string]any{"logGroupName": g})
		call(t, logs, "CreateLogStream", map[string]any{"logGroupName": g, "logStreamName": "s"})
		putEvents(t, logs, g, "s", time.Now().Add(-time.Minute), msgs...)
	}
	iam := invokerFor(t, srv, "iam")
	role := call(t, iam, "CreateRole", map[string]any{"RoleName": "tailrole" + stamp,
		"AssumeRolePolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`})
	arn := role["Role"].(map[string]any)["Arn"].(string)
	call(t, invokerFor(t, srv, "lambda"), "CreateFunction", map[string]any{"FunctionName": fn, "Runtime": "python3.12",
		"Role": arn, "Handler": "index.handler", "Code": map[string]any{"ZipFile": lambdaZip(t)}})
	family := "tailtd" + stamp
	call(t, invokerFor(t, srv, "ecs"), "RegisterTaskDefinition", map[string]any{"family": family, "containerDefinitions": []any{
		map[string]any{"name": "app", "image": "nginx", "memory": 128, "logConfiguration": map[string]any{"logDriver": "awslogs",
			"options": map[string]any{"awslogs-group": ecsGroup, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app"}}}}})

	d, _ := logsApp(t, srv)
	d.WaitForText(wait, "log groups")

	command(d, "lambda")
	d.WaitForText(wait, fn)
	d.Key("/")
	d.Type(fn)
	d.Key("enter")
	d.WaitFor("the cursor on the function", wait, func(s string) bool {
		return strings.Contains(s, "▸ "+fn) || strings.Contains(s, "▸") && strings.Contains(s, fn)
	})
	d.Key("t")
	d.WaitForText(wait, "tail /aws/lambda/"+fn, "START from lambda", "1 lines")
	d.Key("esc")

	command(d, "taskdefs")
	d.WaitForText(wait, family)
	d.Key("/")
	d.Type(family)
	d.Key("enter")
	d.WaitFor("the cursor on the task definition", wait, func(s string) bool { return strings.Contains(s, "▸") && strings.Contains(s, family) })
	d.Key("t")
	d.WaitForText(wait, "tail "+family+":1", "hello from ecs", ecsGroup, "1 lines")
	d.Key("esc")

	command(d, "tail "+cmdGroup+" --since 1h --filter ERROR")
	d.WaitForText(wait, "tail "+cmdGroup, "ERROR kept", "filter ER", "1 lines")
	if strings.Contains(d.Screen(), "INFO dropped") {
		t.Errorf("the filter let a line through:\n%s", d.Screen())
	}
}
