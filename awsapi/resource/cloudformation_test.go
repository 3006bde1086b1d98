package resource_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// cfnTemplate is a stack of one SNS topic with the given outputs (key → description).
func cfnTemplate(t *testing.T, topic string, outputs map[string]string) string {
	t.Helper()
	outs := map[string]any{}
	for k, desc := range outputs {
		outs[k] = map[string]any{"Value": map[string]any{"Ref": "Topic"}, "Description": desc}
	}
	b, err := json.Marshal(map[string]any{
		"Resources": map[string]any{"Topic": map[string]any{"Type": "AWS::SNS::Topic", "Properties": map[string]any{"TopicName": topic}}},
		"Outputs":   outs,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCloudFormationStack(t *testing.T) {
	env := resourcetest.New(t)
	stacks := defType(t, env, "stacks")
	name, topic := defName("stack"), defName("cfn-topic")
	stackID := defStr(env.Seed("cloudformation", "CreateStack", map[string]any{
		"StackName": name, "TemplateBody": cfnTemplate(t, topic, map[string]string{"TopicArn": "the topic"}),
	}), "StackId")

	row := defFind(t, env, stacks, stacks.ListInput(nil), name)
	if stacks.ARNOf(row.Item) != stackID {
		t.Errorf("ARN = %q, want the stack id %q", stacks.ARNOf(row.Item), stackID)
	}
	defWaitRef(t, env, stacks, "StackCreateComplete", row)
	row = defFind(t, env, stacks, stacks.ListInput(nil), name)
	defWantCells(t, stacks, row.Item, map[string]string{"NAME": name, "STATUS": "CREATE_COMPLETE", "OUTPUTS": "1"})
	if c := defCells(stacks, row.Item)["STATUS"]; c.State != resource.StateOK {
		t.Errorf("STATUS state = %q, want ok", c.State)
	}
	if got := defDescribe(t, env, stacks, row); defStr(got, "StackId") != stackID {
		t.Errorf("describe = %v", got)
	}

	// Children: the stack's events, its resources and its outputs (a member of DescribeStacks).
	if stacks.Default != "resources" {
		t.Errorf("default child = %q", stacks.Default)
	}
	resources, in := defChild(t, env, stacks, row, "resources")
	rrow := defFind(t, env, resources, in, "Topic")
	defWantCells(t, resources, rrow.Item, map[string]string{"LOGICAL ID": "Topic", "TYPE": "AWS::SNS::Topic", "STATUS": "CREATE_COMPLETE"})
	if got := defDescribe(t, env, resources, rrow); !strings.HasSuffix(defStr(got, "PhysicalResourceId"), ":"+topic) {
		t.Errorf("resource describe = %v", got)
	}

	events, in := defChild(t, env, stacks, row, "events")
	evs, _ := defList(t, env, events, in, 0)
	var complete bool
	for _, e := range evs {
		c := defCells(events, e.Item)
		if c["LOGICAL ID"].Text == name && c["STATUS"].Text == "CREATE_COMPLETE" && c["TIME"].Sort != 0 {
			complete = true
		}
	}
	if !complete {
		t.Errorf("no CREATE_COMPLETE event for the stack among %d events", len(evs))
	}

	outputs, in := defChild(t, env, stacks, row, "outputs")
	orow := defFind(t, env, outputs, in, "TopicArn")
	defWantCells(t, outputs, orow.Item, map[string]string{"KEY": "TopicArn", "DESCRIPTION": "the topic"})
	if v := defCells(outputs, orow.Item)["VALUE"].Text; !strings.HasSuffix(v, ":"+topic) {
		t.Errorf("output VALUE = %q, want the topic's ARN", v)
	}

	// Like boto3, a JSON template body comes back parsed; either way it names the topic.
	tmpl := defRun(t, env, stacks, "template", row, nil)
	if body, err := json.Marshal(tmpl["TemplateBody"]); err != nil || !strings.Contains(string(body), topic) {
		t.Errorf("template = %v", tmpl)
	}

	// An update adds an output; StackUpdateComplete then sees it done.
	env.Seed("cloudformation", "UpdateStack", map[string]any{
		"StackName": stackID, "TemplateBody": cfnTemplate(t, topic, map[string]string{"TopicArn": "the topic", "Again": "the same topic"}),
	})
	defWaitRef(t, env, stacks, "StackUpdateComplete", row)
	if rows, _ := defList(t, env, outputs, in, 0); len(rows) != 2 {
		t.Errorf("after the update, %d outputs, want 2", len(rows))
	}

	// A change set adding a third output: wait for it, review it, execute it. (moto's
	// CreateChangeSet creates a new stack unless ChangeSetType is given, and finds the stack to
	// update by name only; it also finds a change set by its name alone, across stacks, so the name
	// is unique to this run: under -count=2 the first run's "add-third" was found instead.)
	csName := defName("add-third")
	csID := defStr(env.Seed("cloudformation", "CreateChangeSet", map[string]any{
		"StackName": name, "ChangeSetType": "UPDATE", "ChangeSetName": csName, "Description": "one more output",
		"TemplateBody": cfnTemplate(t, topic, map[string]string{"TopicArn": "the topic", "Again": "the same topic", "Third": "and again"}),
	}), "Id")
	changeSets, csIn := defChild(t, env, stacks, row, "change sets")
	cs := defFind(t, env, changeSets, csIn, csName)
	if changeSets.ARNOf(cs.Item) != csID {
		t.Errorf("change set ARN = %q, want %q", changeSets.ARNOf(cs.Item), csID)
	}
	defWaitRef(t, env, changeSets, "ChangeSetCreateComplete", cs)
	cs = defFind(t, env, changeSets, csIn, csName)
	defWantCells(t, changeSets, cs.Item, map[string]string{"NAME": csName, "STATUS": "CREATE_COMPLETE", "DESCRIPTION": "one more output"})
	if got := defDescribe(t, env, changeSets, cs); defStr(got, "StackId") != stackID {
		t.Errorf("change set describe = %v", got)
	}
	defConfirm(t, changeSets, "execute", resource.ConfirmTyped)
	defRun(t, env, changeSets, "execute", cs, nil)
	defActionWait(t, env, changeSets, "execute", cs)
	// (moto applies a change set's resources but not its outputs: check the statuses instead.)
	cs = defFind(t, env, changeSets, csIn, csName)
	defWantCells(t, changeSets, cs.Item, map[string]string{"EXECUTION": "EXECUTE_COMPLETE"})
	row = defFind(t, env, stacks, stacks.ListInput(nil), name)
	defWantCells(t, stacks, row.Item, map[string]string{"STATUS": "UPDATE_COMPLETE"})

	defConfirm(t, stacks, "delete", resource.ConfirmTyped)
	defRun(t, env, stacks, "delete", row, nil)
	// Waited on by stack id, the deleted stack is still described, as DELETE_COMPLETE.
	res := defActionWait(t, env, stacks, "delete", row)
	if got := fmt.Sprint(res.Last.Observed); got != "[DELETE_COMPLETE]" {
		t.Errorf("StackDeleteComplete matched on %s, want the stack's status", got)
	}
	defAbsent(t, env, stacks, stacks.ListInput(nil), name)
}
