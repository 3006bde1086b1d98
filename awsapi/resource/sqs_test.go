package resource_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// sqsMessages returns the messages of a ReceiveMessage output.
func sqsMessages(out map[string]any) []map[string]any {
	var msgs []map[string]any
	list, _ := out["Messages"].([]any)
	for _, m := range list {
		if mm, ok := m.(map[string]any); ok {
			msgs = append(msgs, mm)
		}
	}
	return msgs
}

// sqsQueue creates a queue and returns its name and URL.
func sqsQueue(env *resourcetest.Env) (name, url string) {
	name = defName("queue")
	return name, defStr(env.Seed("sqs", "CreateQueue", map[string]any{"QueueName": name}), "QueueUrl")
}

// sqsQueueCase runs on both backends (backends_test.go).
func sqsQueueCase(t *testing.T, env *resourcetest.Env) {
	queues := defType(t, env, "queues")
	name, url := sqsQueue(env)

	// A queue is its URL: the identifier, with the name taken from its last segment.
	row := defFind(t, env, queues, queues.ListInput(nil), url)
	// Hydrated with GetQueueAttributes: the counts as columns, the URL kept as the identifier.
	defWantCells(t, queues, row.Item, map[string]string{"NAME": name, "URL": url, "MESSAGES": "0", "IN FLIGHT": "0", "VISIBILITY": "30s"})
	// SQS sends CreatedTimestamp as a string of epoch seconds; it used to show as such.
	if c := defCells(queues, row.Item)["CREATED"]; !strings.HasSuffix(c.Text, " ago") || c.Sort == 0 {
		t.Errorf("CREATED = %+v, want a time ago", c)
	}
	if arn := queues.ARNOf(row.Item); !strings.HasSuffix(arn, ":"+name) {
		t.Errorf("ARN %q, want the queue's", arn)
	}
	if got := queues.DisplayName(row.Item); got != name {
		t.Errorf("display name = %q, want %q", got, name)
	}
	attrs := defDescribe(t, env, queues, row)
	if arn := defStr(attrs, "QueueArn"); !strings.HasSuffix(arn, ":"+name) {
		t.Errorf("attributes = %v, want the queue's ARN", attrs)
	}

	defConfirm(t, queues, "send", resource.ConfirmNone)
	defConfirm(t, queues, "receive", resource.ConfirmSimple)
	defConfirm(t, queues, "purge", resource.ConfirmTyped)
	sent := defRun(t, env, queues, "send", row, map[string]any{"MessageBody": "hello from nimbus"})
	if defStr(sent, "MessageId") == "" {
		t.Fatalf("send output = %v", sent)
	}
	row = defFind(t, env, queues, queues.ListInput(nil), url)
	defWantCells(t, queues, row.Item, map[string]string{"MESSAGES": "1"})

	// Receiving peeks (visibility timeout 0): the message stays visible, so it comes back again.
	if a := defAction(t, queues, "receive"); a.Result != "document" {
		t.Errorf("receive result = %q, want document", a.Result)
	}
	for i := 0; i < 2; i++ {
		msgs := sqsMessages(defRun(t, env, queues, "receive", row, nil))
		if len(msgs) != 1 || defStr(msgs[0], "Body") != "hello from nimbus" || defStr(msgs[0], "MessageId") != defStr(sent, "MessageId") {
			t.Fatalf("receive %d = %v, want the message sent", i+1, msgs)
		}
		// Each peek still counts as a receive (why receive is confirmed).
		if a, _ := msgs[0]["Attributes"].(map[string]any); defStr(a, "ApproximateReceiveCount") != fmt.Sprint(i+1) {
			t.Errorf("receive %d: system attributes %v, want a receive count of %d", i+1, msgs[0]["Attributes"], i+1)
		}
	}

	defRun(t, env, queues, "purge", row, nil)
	if msgs := sqsMessages(defRun(t, env, queues, "receive", row, nil)); len(msgs) != 0 {
		t.Errorf("after purge, receive = %v", msgs)
	}

	defRun(t, env, queues, "delete", row, nil)
	defAbsent(t, env, queues, queues.ListInput(nil), url)
}

func sqsDeadLetterSourcesCase(t *testing.T, env *resourcetest.Env) {
	queues := defType(t, env, "queues")
	_, dlqURL := sqsQueue(env)
	dlqARN := defStr(env.Seed("sqs", "GetQueueAttributes", map[string]any{
		"QueueUrl": dlqURL, "AttributeNames": []any{"QueueArn"},
	})["Attributes"].(map[string]any), "QueueArn")
	source := defName("source")
	sourceURL := defStr(env.Seed("sqs", "CreateQueue", map[string]any{"QueueName": source, "Attributes": map[string]any{
		"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqARN + `","maxReceiveCount":"3"}`,
	}}), "QueueUrl")

	dlq := defFind(t, env, queues, queues.ListInput(nil), dlqURL)
	sources, in := defChild(t, env, queues, dlq, "dead-letter sources")
	row := defFind(t, env, sources, in, sourceURL)
	defWantCells(t, sources, row.Item, map[string]string{"NAME": source, "URL": sourceURL, "MESSAGES": "0"})
	if attrs := defDescribe(t, env, sources, row); !strings.Contains(defStr(attrs, "RedrivePolicy"), dlqARN) {
		t.Errorf("source attributes = %v, want its redrive policy", attrs)
	}
	// Only that queue sends its failures here.
	if rows, _ := defList(t, env, sources, in, 0); len(rows) != 1 {
		t.Errorf("%d dead-letter sources, want 1", len(rows))
	}
}
