package demo_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/demo/world"
)

func TestSQSQueues(t *testing.T) {
	srv := startWorld(t, newStepClock())
	sqs := caller(t, srv, world.Dev, "us-east-1", "sqs")
	ctx := context.Background()
	out, err := sqs.Call(ctx, "ListQueues", nil)
	if err != nil {
		t.Fatal(err)
	}
	urls := out["QueueUrls"].([]any)
	if len(urls) != 4 {
		t.Fatalf("ListQueues: %v", out)
	}
	url := ""
	for _, u := range urls {
		if strings.HasSuffix(u.(string), "/dev-emails") {
			url = u.(string)
		}
	}
	count := func() string {
		a, err := sqs.Call(ctx, "GetQueueAttributes", map[string]any{"QueueUrl": url, "AttributeNames": []any{"All"}})
		if err != nil {
			t.Fatal(err)
		}
		return a["Attributes"].(map[string]any)["ApproximateNumberOfMessages"].(string)
	}
	if c := count(); c != "3" {
		t.Errorf("dev-emails holds %s messages, want 3", c)
	}
	if _, err := sqs.Call(ctx, "SendMessage", map[string]any{"QueueUrl": url, "MessageBody": "hello"}); err != nil {
		t.Fatal(err)
	}
	got, err := sqs.Call(ctx, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 10})
	if err != nil {
		t.Fatal(err)
	}
	msgs := got["Messages"].([]any)
	if len(msgs) != 4 || msgs[3].(map[string]any)["Body"] != "hello" {
		t.Errorf("ReceiveMessage: %v", got)
	}
	if c := count(); c != "0" {
		t.Errorf("after receiving, %s visible", c)
	}
	if _, err := sqs.Call(ctx, "DeleteMessage", map[string]any{"QueueUrl": url, "ReceiptHandle": msgs[0].(map[string]any)["ReceiptHandle"]}); err != nil {
		t.Fatal(err)
	}
	if _, err := sqs.Call(ctx, "PurgeQueue", map[string]any{"QueueUrl": url}); err != nil {
		t.Fatal(err)
	}
	a, _ := sqs.Call(ctx, "GetQueueAttributes", map[string]any{"QueueUrl": url, "AttributeNames": []any{"ApproximateNumberOfMessagesNotVisible"}})
	if a["Attributes"].(map[string]any)["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Errorf("after a purge: %v", a)
	}
}

// The live stream gets an event every LiveEvery: a tail polling FilterLogEvents sees new ones.
func TestLogsLiveStreamMoves(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	logs := caller(t, srv, world.Dev, "us-east-1", "logs")
	ctx := context.Background()
	groups, err := logs.Call(ctx, "DescribeLogGroups", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(groups["logGroups"].([]any)); n < 3 {
		t.Errorf("%d log groups", n)
	}
	since := clock.Now().Add(-10 * time.Second).UnixMilli()
	first, err := logs.Call(ctx, "FilterLogEvents", map[string]any{"logGroupName": "/dev/web", "startTime": since})
	if err != nil {
		t.Fatal(err)
	}
	n1 := len(first["events"].([]any))
	clock.Advance(3 * world.LiveEvery)
	second, err := logs.Call(ctx, "FilterLogEvents", map[string]any{"logGroupName": "/dev/web", "startTime": since})
	if err != nil {
		t.Fatal(err)
	}
	if n2 := len(second["events"].([]any)); n2 != n1+3 {
		t.Errorf("after 3 × LiveEvery: %d events, then %d", n1, n2)
	}
	ev, err := logs.Call(ctx, "GetLogEvents", map[string]any{"logGroupName": "/dev/web", "logStreamName": "dev-web-1", "limit": 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev["events"].([]any)) != 5 {
		t.Errorf("GetLogEvents limit 5: %v", ev)
	}
	clock.Advance(world.LiveEvery)
	more, err := logs.Call(ctx, "GetLogEvents", map[string]any{"logGroupName": "/dev/web", "logStreamName": "dev-web-1", "nextToken": ev["nextForwardToken"]})
	if err != nil {
		t.Fatal(err)
	}
	if len(more["events"].([]any)) != 1 {
		t.Errorf("the forward token after one more LiveEvery: %v", more)
	}
	errs, err := logs.Call(ctx, "FilterLogEvents", map[string]any{"logGroupName": "/dev/web", "filterPattern": `{ $.level = "error" }`})
	if err != nil {
		t.Fatal(err)
	}
	if len(errs["events"].([]any)) == 0 {
		t.Error("no error events in the last half hour")
	}
}

func TestLambdaInvokeReturnsPayloadAndLogTail(t *testing.T) {
	srv := startWorld(t, newStepClock())
	lambda := caller(t, srv, world.Dev, "us-east-1", "lambda")
	ctx := context.Background()
	fns, err := lambda.Call(ctx, "ListFunctions", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(fns["Functions"].([]any)); n != 3 {
		t.Errorf("%d functions", n)
	}
	out, err := lambda.Call(ctx, "Invoke", map[string]any{"FunctionName": "dev-send-email", "LogType": "Tail", "Payload": []byte(`{"to":"ada@example.com"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out["Payload"].([]byte)), "ada@example.com") || out["StatusCode"] != int32(200) && out["StatusCode"] != int64(200) {
		t.Errorf("Invoke: %v (%T)", out, out["StatusCode"])
	}
	tail, _ := base64.StdEncoding.DecodeString(out["LogResult"].(string))
	if !strings.Contains(string(tail), "REPORT RequestId") {
		t.Errorf("log tail: %q", tail)
	}
	if _, err := lambda.Call(ctx, "GetFunction", map[string]any{"FunctionName": "nope"}); err == nil || !strings.Contains(err.Error(), "ResourceNotFoundException") {
		t.Errorf("GetFunction of a missing function: %v", err)
	}
	logs := caller(t, srv, world.Dev, "us-east-1", "logs")
	ev, err := logs.Call(ctx, "FilterLogEvents", map[string]any{"logGroupName": "/aws/lambda/dev-send-email", "filterPattern": "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ev["events"].([]any)) != 1 {
		t.Errorf("the invocation's log lines: %v", ev)
	}
}
