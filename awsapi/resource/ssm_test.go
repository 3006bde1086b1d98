package resource_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestSSMParameter(t *testing.T) {
	f := newLiveFlow(t)
	name, other := "/"+f.name("nimbus")+"/db-password", "/"+f.name("nimbus")+"/plain"
	value := "s3cret-" + f.name("v")
	f.env.Seed("ssm", "PutParameter", map[string]any{"Name": name, "Value": value, "Type": "SecureString",
		"Description": "nimbus test"})
	f.env.Seed("ssm", "PutParameter", map[string]any{"Name": name, "Value": value + "-2", "Type": "SecureString",
		"Overwrite": true})
	f.env.Seed("ssm", "PutParameter", map[string]any{"Name": other, "Value": "plain", "Type": "String"})

	params := f.def("ssm", "ssm")
	row := f.find(params, nil, name)
	f.wantCells(params, row, map[string]string{"NAME": name, "TYPE": "SecureString", "VERSION": "2"})
	desc := f.describe(params, row)
	if desc["Name"] != name {
		t.Errorf("describe gave %v", desc["Name"])
	}
	if _, ok := desc["Value"]; ok {
		t.Error("describe holds the value")
	}
	f.wantNoText(params, row, desc, value)
	if f.action(params, "reveal").Result != "secret" {
		t.Error("reveal does not show its result as a secret")
	}
	out := f.run(params, "reveal", nil, row)[0]["Parameter"].(map[string]any)
	if out["Value"] != value+"-2" {
		t.Errorf("revealed %q", out["Value"])
	}

	// History: both versions, no value among the columns; a version reveals its own value.
	history, in := f.child(params, row, "history")
	hrows := f.env.List(history, in)
	if len(hrows) != 2 {
		t.Fatalf("%d versions, want 2", len(hrows))
	}
	v1 := f.env.Find(history, hrows, "1")
	for title, c := range f.cells(history, v1) {
		if strings.Contains(c.Text, value) {
			t.Errorf("history column %s shows the value", title)
		}
	}
	if got := f.run(history, "reveal", nil, v1)[0]["Parameter"].(map[string]any)["Value"]; got != value {
		t.Errorf("version 1 revealed %q", got)
	}

	// Deleting two selected parameters is one call naming both.
	orow := f.find(params, nil, other)
	del := f.action(params, "delete")
	ins, err := del.Inputs(params, []resource.Row{row, orow})
	if err != nil || len(ins) != 1 {
		t.Fatalf("delete inputs %v, %v: want one call", ins, err)
	}
	f.wantConfirm(params, "delete", resource.ConfirmTyped)
	got := f.run(params, "delete", nil, row, orow)[0]["DeletedParameters"]
	if names := ssmStrings(got); !slices.Contains(names, name) || !slices.Contains(names, other) {
		t.Errorf("deleted %v", got)
	}
	if ids := f.ids(params, nil); slices.Contains(ids, name) || slices.Contains(ids, other) {
		t.Errorf("parameters still listed after delete")
	}
}

func ssmStrings(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, e := range l {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}
