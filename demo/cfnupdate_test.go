package demo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// sdkCloudFormation is the SDK's own CloudFormation client (not the engine) signed as a in region.
func sdkCloudFormation(srv *demo.Server, a world.Account, region string) *cloudformation.Client {
	return cloudformation.NewFromConfig(aws.Config{Region: region, BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, "")})
}

const cfnBefore = `
Parameters:
  Delay: {Type: Number, Default: "0"}
Resources:
  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: demo-kept}}
  Queue: {Type: AWS::SQS::Queue, Properties: {DelaySeconds: !Ref Delay}}
  Topic: {Type: AWS::SNS::Topic}
  QueueAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties: {Threshold: 10, Dimensions: [{Name: QueueName, Value: !GetAtt Queue.QueueName}]}
  OldAlarm: {Type: AWS::CloudWatch::Alarm, Properties: {Threshold: 80}}
  OldTable: {Type: AWS::DynamoDB::Table}
`

// Bucket is as it was; Queue refers to the parameter the update changes; Topic's properties
// change; QueueAlarm reads an attribute of Queue, which updates; NewQueue is new; OldAlarm
// and OldTable are gone.
const cfnAfter = `
Parameters:
  Delay: {Type: Number, Default: "0"}
Resources:
  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketName: demo-kept}}
  Queue: {Type: AWS::SQS::Queue, Properties: {DelaySeconds: !Ref Delay}}
  Topic: {Type: AWS::SNS::Topic, Properties: {DisplayName: alerts}}
  QueueAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties: {Threshold: 10, Dimensions: [{Name: QueueName, Value: !GetAtt Queue.QueueName}]}
  NewQueue: {Type: AWS::SQS::Queue}
`

// A stack update with a new template, read back with DescribeStackEvents through the SDK's
// client, goes as CloudFormation goes: the stack's "User Initiated" start; the new template's
// changed resources updated and its new ones created (CREATE_IN_PROGRESS twice, the second
// "Resource creation Initiated") in its order, the unchanged ones without events; then the
// cleanup, which deletes the resources the template no longer has, the last one first; then
// the stack's UPDATE_COMPLETE. A resource whose type changes is refused.
func TestStackUpdateWithANewTemplate(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	cfn := sdkCloudFormation(srv, world.Dev, "eu-west-1")
	ctx := context.Background()
	created, err := cfn.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("upd"), TemplateBody: aws.String(cfnBefore)})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(world.StackCreateFor)

	_, err = cfn.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("upd"),
		TemplateBody: aws.String(strings.Replace(cfnAfter, "Topic: {Type: AWS::SNS::Topic, Properties: {DisplayName: alerts}}", "Topic: {Type: AWS::SQS::Queue}", 1))})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "ValidationError" || !strings.Contains(api.ErrorMessage(), "Update of resource type is not permitted") ||
		!strings.Contains(api.ErrorMessage(), "[Topic]") {
		t.Errorf("an update that changes a resource's type: %v", err)
	}

	if _, err := cfn.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("upd"), TemplateBody: aws.String(cfnAfter),
		Parameters: []cfntypes.Parameter{{ParameterKey: aws.String("Delay"), ParameterValue: aws.String("5")}}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(world.StackUpdateFor)

	var events []cfntypes.StackEvent // newest first, as the service pages them
	for p := cloudformation.NewDescribeStackEventsPaginator(cfn, &cloudformation.DescribeStackEventsInput{StackName: created.StackId}); p.HasMorePages(); {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, out.StackEvents...)
	}
	var got []string
	for i := range events {
		e := events[len(events)-1-i] // oldest first
		if i > 0 && e.Timestamp.Before(*events[len(events)-i].Timestamp) {
			t.Errorf("%s %s is older than the event before it", *e.LogicalResourceId, e.ResourceStatus)
		}
		line := *e.LogicalResourceId + " " + string(e.ResourceStatus)
		if r := aws.ToString(e.ResourceStatusReason); r != "" {
			line += " (" + r + ")"
		}
		got = append(got, line)
	}
	// The update's events: from the last "User Initiated" start.
	start := -1
	for i, l := range got {
		if l == "upd UPDATE_IN_PROGRESS (User Initiated)" {
			start = i
		}
	}
	if start < 0 {
		t.Fatalf("no update in the events:\n%s", strings.Join(got, "\n"))
	}
	want := []string{
		"upd UPDATE_IN_PROGRESS (User Initiated)",
		"Queue UPDATE_IN_PROGRESS", "Queue UPDATE_COMPLETE",
		"Topic UPDATE_IN_PROGRESS", "Topic UPDATE_COMPLETE",
		"QueueAlarm UPDATE_IN_PROGRESS", "QueueAlarm UPDATE_COMPLETE",
		"NewQueue CREATE_IN_PROGRESS", "NewQueue CREATE_IN_PROGRESS (Resource creation Initiated)", "NewQueue CREATE_COMPLETE",
		"upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
		"OldTable DELETE_IN_PROGRESS", "OldTable DELETE_COMPLETE",
		"OldAlarm DELETE_IN_PROGRESS", "OldAlarm DELETE_COMPLETE",
		"upd UPDATE_COMPLETE",
	}
	if fmt.Sprint(got[start:]) != fmt.Sprint(want) {
		t.Errorf("the update's events, oldest first:\n%s\nwant\n%s", strings.Join(got[start:], "\n"), strings.Join(want, "\n"))
	}
	// The creation too: each resource CREATE_IN_PROGRESS twice, then CREATE_COMPLETE.
	if c := strings.Join(got[:start], "\n"); !strings.Contains(c, "Queue CREATE_IN_PROGRESS\nQueue CREATE_IN_PROGRESS (Resource creation Initiated)\nQueue CREATE_COMPLETE\n") {
		t.Errorf("the creation's events:\n%s", c)
	}

	res, err := cfn.ListStackResources(ctx, &cloudformation.ListStackResourcesInput{StackName: aws.String("upd")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range res.StackResourceSummaries {
		names = append(names, *r.LogicalResourceId+" "+string(r.ResourceStatus))
	}
	if fmt.Sprint(names) != "[Bucket CREATE_COMPLETE Queue UPDATE_COMPLETE Topic UPDATE_COMPLETE QueueAlarm UPDATE_COMPLETE NewQueue CREATE_COMPLETE]" {
		t.Errorf("the stack's resources after the update: %v", names)
	}
}
