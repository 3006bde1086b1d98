package demo_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/waiter"
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

// A stack update runs StackUpdateFor, emitting events; the engine's waiter polls it through.
func TestStackUpdateRunsItsCourse(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	cfn := caller(t, srv, world.Dev, "us-east-1", "cloudformation")
	ctx := context.Background()
	stacks, err := cfn.Call(ctx, "DescribeStacks", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(stacks["Stacks"].([]any)); n != 2 {
		t.Fatalf("%d stacks", n)
	}
	events := func() int {
		ev, err := cfn.Call(ctx, "DescribeStackEvents", map[string]any{"StackName": "dev-app"})
		if err != nil {
			t.Fatal(err)
		}
		return len(ev["StackEvents"].([]any))
	}
	before := events()
	if _, err := cfn.Call(ctx, "UpdateStack", map[string]any{"StackName": "dev-app", "UsePreviousTemplate": true,
		"Parameters": []any{map[string]any{"ParameterKey": "DesiredCapacity", "ParameterValue": "3"}}}); err != nil {
		t.Fatal(err)
	}
	w, _, _ := cfn.Service().Waiter("StackUpdateComplete")
	var seen []int
	res, err := waiter.Run(ctx, cfn, w, map[string]any{"StackName": "dev-app"}, waiter.Options{
		Delay: time.Millisecond,
		OnAttempt: func(a waiter.Attempt) {
			seen = append(seen, events())
			clock.Advance(2 * time.Second)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != int(world.StackUpdateFor/(2*time.Second))+1 {
		t.Errorf("StackUpdateComplete took %d attempts, want %d", res.Attempts, world.StackUpdateFor/(2*time.Second)+1)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] < seen[i-1] {
			t.Errorf("events went back: %v", seen)
		}
	}
	// DesiredCapacity changes: the AutoScalingGroup, which refers to it, updates; the other
	// resources do not change and have no events.
	if after := events(); after != before+1+2+2 {
		t.Errorf("the update added %d events, want 5 (stack, the AutoScalingGroup × 2, cleanup, complete)", after-before)
	}
	if _, err := cfn.Call(ctx, "UpdateStack", map[string]any{"StackName": "nope", "UsePreviousTemplate": true}); err == nil || !strings.Contains(err.Error(), "ValidationError") {
		t.Errorf("updating a stack that does not exist: %v", err)
	}
}

func TestIAMPerAccount(t *testing.T) {
	srv := startWorld(t, nil)
	ctx := context.Background()
	for _, a := range world.Accounts() {
		iam := caller(t, srv, a, "us-east-1", "iam")
		users, err := iam.Call(ctx, "ListUsers", nil)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, u := range users["Users"].([]any) {
			if u.(map[string]any)["UserName"] == a.User {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the profile's user %s is not listed: %v", a.Profile, a.User, users)
		}
		roles, err := iam.Call(ctx, "ListRoles", nil)
		if err != nil {
			t.Fatal(err)
		}
		role := roles["Roles"].([]any)[0].(map[string]any)
		if doc, _ := role["AssumeRolePolicyDocument"].(map[string]any); doc == nil && !strings.Contains(role["AssumeRolePolicyDocument"].(string), "sts:AssumeRole") {
			t.Errorf("trust policy: %v", role["AssumeRolePolicyDocument"])
		}
		pols, err := iam.Call(ctx, "ListPolicies", map[string]any{"Scope": "Local"})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(pols["Policies"].([]any)); n != 2 {
			t.Errorf("%s: %d local policies", a.Profile, n)
		}
		arn := pols["Policies"].([]any)[0].(map[string]any)["Arn"]
		v, err := iam.Call(ctx, "GetPolicyVersion", map[string]any{"PolicyArn": arn, "VersionId": "v1"})
		if err != nil {
			t.Fatal(err)
		}
		if v["PolicyVersion"].(map[string]any)["Document"] == nil {
			t.Errorf("no document: %v", v)
		}
		if _, err := iam.Call(ctx, "GetUser", map[string]any{"UserName": "nobody"}); err == nil || !strings.Contains(err.Error(), "NoSuchEntity") {
			t.Errorf("GetUser nobody: %v", err)
		}
	}
}

// An update with the previous template reads the seeded template (YAML with !Ref): the stack's
// outputs stay as they were, and an update that changes nothing is refused as on AWS.
func TestStackUpdateKeepsTheTemplatesOutputs(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	cfn := caller(t, srv, world.Dev, "us-east-1", "cloudformation")
	ctx := context.Background()
	describe := func() map[string]any {
		out, err := cfn.Call(ctx, "DescribeStacks", map[string]any{"StackName": "dev-network"})
		if err != nil {
			t.Fatal(err)
		}
		return out["Stacks"].([]any)[0].(map[string]any)
	}
	before := describe()
	same := map[string]any{"StackName": "dev-network", "UsePreviousTemplate": true, "Parameters": before["Parameters"]}
	if _, err := cfn.Call(ctx, "UpdateStack", same); err == nil || !strings.Contains(err.Error(), "No updates are to be performed.") {
		t.Errorf("an update that changes nothing: %v", err)
	}
	if _, err := cfn.Call(ctx, "UpdateStack", map[string]any{"StackName": "dev-network", "UsePreviousTemplate": true,
		"Parameters": []any{map[string]any{"ParameterKey": "CidrBlock", "ParameterValue": "10.99.0.0/16"}, map[string]any{"ParameterKey": "Environment", "UsePreviousValue": true}}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(world.StackUpdateFor)
	after := describe()
	if after["StackStatus"] != "UPDATE_COMPLETE" || fmt.Sprint(after["Outputs"]) != fmt.Sprint(before["Outputs"]) {
		t.Errorf("outputs %v, then %v (%v)", before["Outputs"], after["Outputs"], after["StackStatus"])
	}
	if got := fmt.Sprint(after["Parameters"]); !strings.Contains(got, "10.99.0.0/16") || !strings.Contains(got, "ParameterValue:dev") {
		t.Errorf("parameters after the update: %s", got)
	}
}
