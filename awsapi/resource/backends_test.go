package resource_test

import (
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// onBothBackends are the resource cases that run against moto and against the demo world
// (package demo): one table, two backends, so the demo cannot drift from the protocols as moto
// and AWS speak them.
var onBothBackends = []struct {
	name string
	run  func(*testing.T, *resourcetest.Env)
}{
	{"EC2InstanceLifecycle", ec2InstanceLifecycleCase},
	{"SQSQueue", sqsQueueCase},
	{"SQSDeadLetterSources", sqsDeadLetterSourcesCase},
	{"DynamoDBTable", dynamoDBTableCase},
	{"DynamoDBItemCell", dynamoDBItemCellCase},
	{"DynamoDBItems", dynamoDBItemsCase},
	{"LogsGroupStreamEvents", logsGroupStreamEventsCase},
	{"CFNStackUpdate", cfnStackUpdateCase},
	{"EC2Network", ec2NetworkCase},
	{"IAMUser", iamUserCase},
	{"LambdaInvoke", lambdaInvokeCase},
	{"EveryTypeLists", everyTypeListsCase},
}

func TestOnBothBackends(t *testing.T) {
	for _, b := range resourcetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			for _, c := range onBothBackends {
				t.Run(c.name, func(t *testing.T) { c.run(t, b.New(t)) })
			}
		})
	}
}

// everyTypeListsCase lists every top-level type of the services the demo world holds: each list
// (and its hydrating describe) decodes, whatever the backend holds.
func everyTypeListsCase(t *testing.T, env *resourcetest.Env) {
	held := map[string]bool{"ec2": true, "dynamodb": true, "sqs": true, "logs": true, "lambda": true, "cloudformation": true, "iam": true, "s3": true}
	n := 0
	for _, d := range env.Registry().Types() {
		if !held[d.Service] || (d.TopLevel != nil && !*d.TopLevel) {
			continue
		}
		env.List(d, nil)
		n++
	}
	if n < 20 {
		t.Errorf("only %d types listed", n)
	}
}
