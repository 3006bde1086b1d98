package invoke

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// moto's ECS answers (and boto3 passes on) Container.cpu and memory as numbers; the model says
// strings.
const ecsTasksWithNumbers = `{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/c1/t1","lastStatus":"RUNNING",` +
	`"containers":[{"name":"app","cpu":0,"memory":128,"exitCode":0,"lastStatus":"PENDING"}]}],"failures":[]}`

func TestNumberWhereTheModelSaysStringIsKept(t *testing.T) {
	inv := New(goldenConfig(&recorder{body: ecsTasksWithNumbers}), loadModel(t, "ecs"), Options{})
	out, err := inv.Call(context.Background(), "DescribeTasks", map[string]any{"tasks": []any{"t1"}})
	if err != nil {
		t.Fatalf("a number in a string member must not fail the response: %v", err)
	}
	task := out["tasks"].([]any)[0].(map[string]any)
	container := task["containers"].([]any)[0].(map[string]any)
	want := map[string]any{"name": "app", "cpu": int64(0), "memory": int64(128), "exitCode": int64(0), "lastStatus": "PENDING"}
	if !reflect.DeepEqual(container, want) {
		t.Errorf("container %#v\nwant %#v", container, want)
	}
	if task["lastStatus"] != "RUNNING" || task["taskArn"] != "arn:aws:ecs:us-east-1:123456789012:task/c1/t1" {
		t.Errorf("task %v", task)
	}
}

func TestMismatchedScalarsAreKeptAsSent(t *testing.T) {
	// Each value's JSON type differs from the model's; botocore's JSON parsers pass every one on
	// unchanged (timestamps are parsed whatever their form).
	body := `{"Table":{"TableName":7,"ItemCount":"12","TableSizeBytes":1.5,"DeletionProtectionEnabled":"true",` +
		`"CreationDateTime":"2026-01-02T03:04:05Z","TableStatus":true,` +
		`"ProvisionedThroughput":{"ReadCapacityUnits":5,"NumberOfDecreasesToday":"0","LastIncreaseDateTime":"1767323045"},` +
		`"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"SSEDescription":{"Status":{"nested":1}}}}`
	inv := New(goldenConfig(&recorder{body: body}), loadModel(t, "dynamodb"), Options{})
	out, err := inv.Call(context.Background(), "DescribeTable", map[string]any{"TableName": "Music"})
	if err != nil {
		t.Fatal(err)
	}
	table := out["Table"].(map[string]any)
	want := map[string]any{
		"TableName":                 int64(7),
		"ItemCount":                 "12",
		"TableSizeBytes":            1.5,
		"DeletionProtectionEnabled": "true",
		"CreationDateTime":          time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		"TableStatus":               true,
		"ProvisionedThroughput": map[string]any{"ReadCapacityUnits": int64(5), "NumberOfDecreasesToday": "0",
			"LastIncreaseDateTime": time.Unix(1767323045, 0).In(time.Local)}, // epoch seconds: local, as botocore
		"KeySchema":      []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
		"SSEDescription": map[string]any{"Status": map[string]any{"nested": int64(1)}},
	}
	for k, w := range want {
		if got := table[k]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v (%T), want %#v (%T)", k, got, got, w, w)
		}
	}
}

func TestLenientDecodingKeepsRestJSONBindings(t *testing.T) {
	// A mismatch in the body of a rest-json answer: the header and status-code members are still
	// read from the headers.
	rec := &recorder{body: `{"Configuration":{"FunctionName":"fn","MemorySize":"128","Runtime":12,"Timeout":3}}`,
		header: http.Header{"Content-Type": {"application/json"}}}
	inv := New(goldenConfig(rec), loadModel(t, "lambda"), Options{})
	out, err := inv.Call(context.Background(), "GetFunction", map[string]any{"FunctionName": "fn"})
	if err != nil {
		t.Fatal(err)
	}
	conf := out["Configuration"].(map[string]any)
	if conf["MemorySize"] != "128" || conf["Runtime"] != int64(12) || conf["Timeout"] != int64(3) || conf["FunctionName"] != "fn" {
		t.Errorf("configuration %#v", conf)
	}

	rec = &recorder{body: `{"ItemCount":"3","TotalSizeInBytes":5,"KvsARN":"arn:aws:cloudfront::123456789012:key-value-store/k"}`,
		header: http.Header{"Etag": {"e1"}, "Content-Type": {"application/json"}}}
	inv = New(goldenConfig(rec), loadModel(t, "cloudfront-keyvaluestore"), Options{})
	out, err = inv.Call(context.Background(), "DescribeKeyValueStore", map[string]any{"KvsARN": "arn:aws:cloudfront::123456789012:key-value-store/k"})
	if err != nil {
		t.Fatal(err)
	}
	if out["ETag"] != "e1" || out["ItemCount"] != "3" || out["TotalSizeInBytes"] != int64(5) {
		t.Errorf("header and body members %#v", out)
	}

	rec = &recorder{body: `{"errorMessage":7}`, header: http.Header{"X-Amz-Function-Error": {"Unhandled"}, "X-Amz-Executed-Version": {"7"}}}
	inv = New(goldenConfig(rec), loadModel(t, "lambda"), Options{})
	out, err = inv.Call(context.Background(), "Invoke", map[string]any{"FunctionName": "fn"})
	if err != nil {
		t.Fatal(err)
	}
	if out["StatusCode"] != int64(200) || out["FunctionError"] != "Unhandled" || out["ExecutedVersion"] != "7" {
		t.Errorf("bindings %v", out)
	}
	if p, _ := out["Payload"].([]byte); string(p) != `{"errorMessage":7}` {
		t.Errorf("payload %q", out["Payload"])
	}
}

func TestInputValidationStaysStrict(t *testing.T) {
	rec := &recorder{body: ecsTasksWithNumbers}
	inv := New(goldenConfig(rec), loadModel(t, "ecs"), Options{})
	_, err := inv.Call(context.Background(), "DescribeTasks", map[string]any{"cluster": 5, "tasks": []any{"t1"}})
	var bad *ValidationError
	if !errors.As(err, &bad) {
		t.Fatalf("a number for a string input member: %v, want a ValidationError", err)
	}
	if len(rec.requests) != 0 {
		t.Fatal("an invalid input was sent")
	}
}

func TestMotoECSTasksDecode(t *testing.T) {
	inv, _ := motoInvoker(t, "ecs", Options{})
	cluster, family := uniqueName("cluster"), uniqueName("family")
	call(t, inv, "CreateCluster", map[string]any{"clusterName": cluster})
	call(t, inv, "RegisterTaskDefinition", map[string]any{"family": family,
		"containerDefinitions": []any{map[string]any{"name": "app", "image": "busybox", "memory": 128}}})
	run := call(t, inv, "RunTask", map[string]any{"cluster": cluster, "taskDefinition": family, "launchType": "FARGATE",
		"networkConfiguration": map[string]any{"awsvpcConfiguration": map[string]any{"subnets": []any{"subnet-12345678"}}}})
	tasks, _ := run["tasks"].([]any)
	if len(tasks) != 1 {
		t.Fatalf("RunTask started %v", run)
	}
	arn := tasks[0].(map[string]any)["taskArn"]
	described := call(t, inv, "DescribeTasks", map[string]any{"cluster": cluster, "tasks": []any{arn}})
	task := described["tasks"].([]any)[0].(map[string]any)
	if task["taskArn"] != arn {
		t.Errorf("described %v, want %v", task["taskArn"], arn)
	}
	container := task["containers"].([]any)[0].(map[string]any)
	if container["name"] != "app" || container["memory"] == nil {
		t.Errorf("container %v", container)
	}
	// moto sends memory as a number; were it ever a string, it would be the string.
	switch m := container["memory"].(type) {
	case int64:
		if m != 128 {
			t.Errorf("memory %d", m)
		}
	case string:
		if m != "128" {
			t.Errorf("memory %q", m)
		}
	default:
		t.Errorf("memory %#v", m)
	}
	call(t, inv, "StopTask", map[string]any{"cluster": cluster, "task": arn, "reason": "nimbus test"})
}

// BenchmarkScanPageDecode decodes a 1,000-item DynamoDB Scan page: well typed (one strict
// reading), and with one mismatched number (a strict reading that fails, then a lenient one).
func BenchmarkScanPageDecode(b *testing.B) {
	items := make([]string, 1000)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":{"S":"item-%04d"},"n":{"N":"%d"},"tags":{"SS":["a","b"]},"ok":{"BOOL":true}}`, i, i)
	}
	page := `{"Items":[` + strings.Join(items, ",") + `],"Count":1000,"ScannedCount":1000`
	for name, body := range map[string]string{"typed": page + `}`, "mismatched": page + `,"LastEvaluatedKey":{"id":{"S":7}}}`} {
		b.Run(name, func(b *testing.B) {
			inv := New(goldenConfig(&discard{body: body}), loadModel(b, "dynamodb"), Options{})
			b.ReportAllocs()
			for b.Loop() {
				out, err := inv.Call(context.Background(), "Scan", map[string]any{"TableName": "t"})
				if err != nil || len(out["Items"].([]any)) != 1000 {
					b.Fatal(err)
				}
			}
		})
	}
}
