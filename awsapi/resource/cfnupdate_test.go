package resource_test

import (
	"context"
	"errors"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// cfnUpdateTemplate has a parameter with a default, one without and a NoEcho one, in this order.
const cfnUpdateTemplate = `{
  "Parameters": {
    "Env": {"Type": "String"},
    "Size": {"Type": "String", "Default": "2"},
    "Secret": {"Type": "String", "NoEcho": true}
  },
  "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
  "Outputs": {"SizeOut": {"Value": {"Ref": "Size"}, "Description": "the size"}}
}`

// cfnStackUpdateCase: the stacks' update action binds the stack's parameters for its form (a
// NoEcho one, which DescribeStacks masks on AWS and the demo, keeps its value), an update that
// changes nothing is refused, and one with a new value runs to UPDATE_COMPLETE under the
// action's waiter, with its events.
func cfnStackUpdateCase(t *testing.T, env *resourcetest.Env) {
	stacks := defType(t, env, "stacks")
	name := defName("update")
	env.Seed("cloudformation", "CreateStack", map[string]any{"StackName": name, "TemplateBody": cfnUpdateTemplate,
		"Parameters": []any{map[string]any{"ParameterKey": "Env", "ParameterValue": "dev"}, map[string]any{"ParameterKey": "Secret", "ParameterValue": "s3cret"}}})
	t.Cleanup(func() {
		env.Caller("cloudformation").Call(context.Background(), "DeleteStack", map[string]any{"StackName": name})
	})
	row := defFind(t, env, stacks, stacks.ListInput(nil), name)
	defWaitRef(t, env, stacks, "StackCreateComplete", row)
	row = defFind(t, env, stacks, stacks.ListInput(nil), name)

	a := defAction(t, stacks, "update")
	if a.Waiter != "StackUpdateComplete" || len(a.Prompt) != 1 || a.Prompt[0] != "Parameters" {
		t.Fatalf("update action %+v", a)
	}
	defConfirm(t, stacks, "update", resource.ConfirmSimple)
	ins, err := a.Inputs(stacks, []resource.Row{row})
	if err != nil || len(ins) != 1 {
		t.Fatalf("update inputs %v: %v", ins, err)
	}
	in := ins[0]
	params, _ := in["Parameters"].([]any)
	if in["UsePreviousTemplate"] != true || len(params) != 3 {
		t.Fatalf("update input %v", in)
	}
	got := map[string]string{}
	for _, p := range params {
		m := p.(map[string]any)
		k := defStr(m, "ParameterKey")
		switch {
		case m["UsePreviousValue"] == true && m["ParameterValue"] == nil:
			got[k] = "(previous)"
		default:
			got[k] = defStr(m, "ParameterValue")
		}
	}
	// moto shows a NoEcho value as it is; AWS and the demo show ****, which the action keeps.
	if got["Env"] != "dev" || got["Size"] != "2" || (got["Secret"] != "(previous)" && got["Secret"] != "s3cret") {
		t.Errorf("bound parameters %v", got)
	}
	cfn := env.Caller("cloudformation")
	_, err = cfn.Call(context.Background(), "UpdateStack", in)
	var api *invoke.APIError
	if !errors.As(err, &api) || api.Code != "ValidationError" || api.Message != "No updates are to be performed." {
		t.Errorf("an update that changes nothing: %v", err)
	}

	// The form changes Size.
	for _, p := range params {
		if m := p.(map[string]any); m["ParameterKey"] == "Size" {
			m["ParameterValue"] = "3"
		}
	}
	if _, err := cfn.Call(context.Background(), "UpdateStack", in); err != nil {
		t.Fatal(err)
	}
	defActionWait(t, env, stacks, "update", row)
	row = defFind(t, env, stacks, stacks.ListInput(nil), name)
	defWantCells(t, stacks, row.Item, map[string]string{"STATUS": "UPDATE_COMPLETE"})
	item := row.Item.(map[string]any)
	now := map[string]string{}
	for _, p := range item["Parameters"].([]any) {
		m := p.(map[string]any)
		now[defStr(m, "ParameterKey")] = defStr(m, "ParameterValue")
	}
	if now["Size"] != "3" || now["Env"] != "dev" || (now["Secret"] != "****" && now["Secret"] != "s3cret") {
		t.Errorf("parameters after the update: %v", now)
	}
	events, evIn := defChild(t, env, stacks, row, "events")
	evs, _ := defList(t, env, events, evIn, 0)
	var seen []string
	for _, e := range evs {
		c := defCells(events, e.Item)
		if c["LOGICAL ID"].Text == name {
			seen = append(seen, c["STATUS"].Text)
		}
	}
	if !contains2(seen, "UPDATE_COMPLETE", "UPDATE_IN_PROGRESS") {
		t.Errorf("the stack's events, newest first: %v", seen)
	}
}

func contains2(l []string, a, b string) bool {
	var ha, hb bool
	for _, s := range l {
		ha, hb = ha || s == a, hb || s == b
	}
	return ha && hb
}
