package resource_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
)

// {each:EXPR} makes one list of a value per selected row, so an action taking a list of
// structures can be Multi.
func TestEachPlaceholderBuildsAListPerRow(t *testing.T) {
	d := testDef(t)
	a := resource.Action{Name: "drop", Operation: "Drop", Multi: true, Input: map[string]any{
		"Bucket": "{input.Bucket}",
		"Ids":    "{each:{ImageId: Id, Size: Size}}",
		"Names":  "{each:Tags[?Key=='Name'].Value | [0]}",
		"Gone":   "{each:NoSuch}", // nothing for any row: an error, not an empty list
	}}
	rows := []resource.Row{thing("t-1", "web", 1), thing("t-2", "db", 2)}
	if _, err := a.Inputs(d, rows); err == nil || !strings.Contains(err.Error(), "{each:NoSuch} gave nothing") {
		t.Errorf("an {each:} giving nothing: err %v", err)
	}
	delete(a.Input, "Gone")
	ins, err := a.Inputs(d, rows)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"Bucket": "bkt",
		"Ids":    []any{map[string]any{"ImageId": "t-1", "Size": int64(1)}, map[string]any{"ImageId": "t-2", "Size": int64(2)}},
		"Names":  []any{"web", "db"},
	}
	if len(ins) != 1 || !reflect.DeepEqual(ins[0], want) {
		t.Errorf("Inputs =\n%#v\nwant\n%#v", ins, want)
	}
	// Per row, {each:} is a list of one.
	a.Multi = false
	ins, err = a.Inputs(d, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || !reflect.DeepEqual(ins[1]["Names"], []any{"db"}) {
		t.Errorf("per-row Inputs = %#v", ins)
	}
}

// {output:EXPR} reads the action's output: per row for a per-row action, the one output for a
// Multi action.
func TestWaiterInputsWithOutputs(t *testing.T) {
	d := testDef(t)
	a := resource.Action{Name: "change", Operation: "Change", Waiter: "Changed",
		Input:       map[string]any{"Id": "{id}"},
		WaiterInput: map[string]any{"Change": "{output:split(ChangeInfo.Id, '/')[-1]}", "Thing": "{id}", "Note": "change {output:ChangeInfo.Id} of {id}"}}
	rows := []resource.Row{thing("t-1", "web", 1), thing("t-2", "db", 2)}
	outs := []map[string]any{
		{"ChangeInfo": map[string]any{"Id": "/change/C1"}},
		{"ChangeInfo": map[string]any{"Id": "/change/C2"}},
	}
	ins, err := a.WaiterInputsWithOutputs(d, rows, outs)
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"Change": "C1", "Thing": "t-1", "Note": "change /change/C1 of t-1"},
		{"Change": "C2", "Thing": "t-2", "Note": "change /change/C2 of t-2"},
	}
	if !reflect.DeepEqual(ins, want) {
		t.Errorf("WaiterInputsWithOutputs =\n%#v\nwant\n%#v", ins, want)
	}
	if _, err := a.WaiterInputs(d, rows); err == nil || !strings.Contains(err.Error(), "needs the action's output") {
		t.Errorf("WaiterInputs without outputs: err %v", err)
	}
	if _, err := a.WaiterInputsWithOutputs(d, rows, outs[:1]); err == nil {
		t.Error("one output for two per-row calls was accepted")
	}

	a.Multi = true
	ins, err = a.WaiterInputsWithOutputs(d, rows, outs[1:])
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || ins[0]["Change"] != "C2" || ins[1]["Change"] != "C2" || ins[1]["Thing"] != "t-2" {
		t.Errorf("multi WaiterInputsWithOutputs = %#v", ins)
	}
	if _, err := a.WaiterInputsWithOutputs(d, rows, outs); err == nil {
		t.Error("two outputs for a multi action were accepted")
	}
	// A waiter input without {output:} works either way.
	a.WaiterInput = map[string]any{"Thing": "{id}"}
	plain, err := a.WaiterInputs(d, rows)
	if err != nil {
		t.Fatal(err)
	}
	withOut, err := a.WaiterInputsWithOutputs(d, rows, outs[:1])
	if err != nil || !reflect.DeepEqual(plain, withOut) {
		t.Errorf("WaiterInputs %v, WithOutputs %v (%v)", plain, withOut, err)
	}
}

// Validate checks the new fields: hydrate's operation, input, batch and match, and where
// {output:} and {each:} may appear.
func TestValidateHydrateOutputEach(t *testing.T) {
	fsys := fstest.MapFS{"ecs.yaml": {Data: []byte(`
service: ecs
resources:
  - type: cl
    title: clusters
    identifier: "clusterArn || @"
    list:
      operation: ListClusters
      items: clusterArns
      hydrate:
        operation: DeleteCluster
        input: {cluster: "{id}", bogus: 1}
        items: clusterz
        batch: 0
    columns:
      - {title: STATUS, path: statuz}
    actions:
      - name: x
        operation: DeleteCluster
        input: {cluster: "{output:cluster}"}
        waiter: ServicesStable
        waiterInput: {services: ["{id}"], cluster: "{output:cluster.clusterArn}"}
  - type: cl2
    title: clusters
    identifier: "clusterArn || @"
    list:
      operation: ListClusters
      items: clusterArns
      hydrate:
        operation: DescribeClusters
        input: {clusters: "{ids}"}
        items: "merge(clusters[0], {a: $item})"
        batch: 100
    columns:
      - {title: STATUS, path: status}
  - type: cl3
    title: clusters
    identifier: "clusterArn || @"
    list:
      operation: ListClusters
      items: clusterArns
      hydrate:
        operation: DescribeClusters
        input: {clusters: ["{id}"]}
        items: clusters
        batch: 100
        match: clusterArn
    columns:
      - {title: STATUS, path: statuz}
`)}}
	r, err := resource.Parse(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range resource.Validate(r, model.Default(), keymap.Default().TakenOnTables) {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`type cl: list.hydrate.operation: DeleteCluster changes state`,
		`type cl: list.hydrate.input: ecs DeleteCluster has no input member "bogus"`,
		`type cl: list.hydrate.batch: 0: give the most ids`,
		`type cl: list.hydrate.items: ecs DeleteCluster output has no member "clusterz"`,
		`type cl3: columns[0] (STATUS).path: neither the hydrated items (DescribeClusters clusters) nor the listed ones have a member "statuz"`,
		`type cl: actions[0] (x).input: cluster: {output:cluster}: only an action's waiterInput`,
		`type cl2: list.hydrate.match: missing`,
		`type cl2: list.hydrate.items: $item is the listed item only with batch 1`,
		`type cl3: list.hydrate.input: clusters: [0]: {id} stands for one row, but a hydrate with batch above 1`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing problem:\n  %s\ngot:\n  %s", want, strings.Join(got, "\n  "))
		}
	}
	for _, g := range got {
		if strings.Contains(g, "waiterInput:") || strings.Contains(g, "type cl2: columns") {
			t.Errorf("unexpected problem: %s", g)
		}
	}
}
