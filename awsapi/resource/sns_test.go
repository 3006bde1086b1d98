package resource_test

import (
	"encoding/json"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

func TestSNSTopic(t *testing.T) {
	env := resourcetest.New(t)
	topics := defType(t, env, "topics")
	name := defName("topic")
	arn := defStr(env.Seed("sns", "CreateTopic", map[string]any{"Name": name, "Attributes": map[string]any{"DisplayName": "Nimbus alerts"}}), "TopicArn")

	// The topic's subscriber is a queue, so a published message can be seen arriving.
	_, queueURL := sqsQueue(env)
	queueARN := defStr(env.Seed("sqs", "GetQueueAttributes", map[string]any{
		"QueueUrl": queueURL, "AttributeNames": []any{"QueueArn"},
	})["Attributes"].(map[string]any), "QueueArn")
	subARN := defStr(env.Seed("sns", "Subscribe", map[string]any{
		"TopicArn": arn, "Protocol": "sqs", "Endpoint": queueARN,
	}), "SubscriptionArn")

	row := defFind(t, env, topics, topics.ListInput(nil), arn)
	// Hydrated with GetTopicAttributes: display name and subscription counts as columns (moto
	// keeps the counts at 0; a topic left as listed would show them empty).
	defWantCells(t, topics, row.Item, map[string]string{"NAME": name, "ARN": arn, "DISPLAY NAME": "Nimbus alerts", "PENDING": "0"})
	if topics.DisplayName(row.Item) != name || topics.ARNOf(row.Item) != arn {
		t.Errorf("name %q, ARN %q", topics.DisplayName(row.Item), topics.ARNOf(row.Item))
	}
	if attrs := defDescribe(t, env, topics, row); defStr(attrs, "TopicArn") != arn || defStr(attrs, "Owner") != "123456789012" {
		t.Errorf("attributes = %v", attrs)
	}

	if topics.Default != "subscriptions" {
		t.Errorf("default child = %q", topics.Default)
	}
	subs, in := defChild(t, env, topics, row, "subscriptions")
	srow := defFind(t, env, subs, in, subARN)
	defWantCells(t, subs, srow.Item, map[string]string{"PROTOCOL": "sqs", "ENDPOINT": queueARN, "TOPIC": name})
	if attrs := defDescribe(t, env, subs, srow); defStr(attrs, "Endpoint") != queueARN {
		t.Errorf("subscription attributes = %v", attrs)
	}
	// Every subscription of the account lists it too.
	all := defType(t, env, "subscriptions")
	defFind(t, env, all, all.ListInput(nil), subARN)

	// Publish a prompted message; the queue receives it wrapped in SNS's notification.
	out := defRun(t, env, topics, "publish", row, map[string]any{"Message": "deployed", "Subject": "nimbus"})
	if defStr(out, "MessageId") == "" {
		t.Fatalf("publish output = %v", out)
	}
	msgs := sqsMessages(env.Seed("sqs", "ReceiveMessage", map[string]any{"QueueUrl": queueURL, "WaitTimeSeconds": 1}))
	if len(msgs) != 1 {
		t.Fatalf("the subscribed queue received %d messages, want 1", len(msgs))
	}
	var note map[string]any
	if err := json.Unmarshal([]byte(defStr(msgs[0], "Body")), &note); err != nil || defStr(note, "Message") != "deployed" || defStr(note, "MessageId") != defStr(out, "MessageId") {
		t.Errorf("notification = %v (%v), want message %q id %s", msgs[0]["Body"], err, "deployed", defStr(out, "MessageId"))
	}

	defConfirm(t, subs, "unsubscribe", resource.ConfirmTyped)
	defRun(t, env, subs, "unsubscribe", srow, nil)
	defAbsent(t, env, subs, in, subARN)

	defConfirm(t, topics, "delete", resource.ConfirmTyped)
	defRun(t, env, topics, "delete", row, nil)
	defAbsent(t, env, topics, topics.ListInput(nil), arn)
}
