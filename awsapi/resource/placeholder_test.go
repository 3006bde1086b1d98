package resource_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func testDef(t *testing.T) *resource.Def {
	t.Helper()
	d := &resource.Def{
		Type:       "thing",
		Title:      "things",
		Identifier: "Id",
		Name:       "Tags[?Key=='Name'].Value | [0]",
		ARN:        "Arn",
		List:       resource.List{Operation: "ListThings", Items: "Things", Input: map[string]any{"Filters": []any{map[string]any{"Name": "static"}}, "Max": 5}},
		Columns:    []resource.Column{{Title: "ID", Path: "Id"}},
	}
	if err := d.Compile(); err != nil {
		t.Fatal(err)
	}
	return d
}

func thing(id, name string, size int64) resource.Row {
	return resource.Row{
		Item: map[string]any{
			"Id": id, "Arn": "arn:aws:x:::" + id, "Size": size,
			"Tags":   []any{map[string]any{"Key": "Env", "Value": "prod"}, map[string]any{"Key": "Name", "Value": name}},
			"Groups": []any{map[string]any{"GroupId": "g-1"}, map[string]any{"GroupId": "g-2"}},
		},
		ListInput: map[string]any{"Bucket": "bkt", "Outer": map[string]any{"Inner": "deep"}},
	}
}

func TestActionInputsBindPlaceholders(t *testing.T) {
	d := testDef(t)
	a := resource.Action{Name: "poke", Operation: "Poke", Input: map[string]any{
		"Id":       "{id}",
		"Name":     "{name}",
		"Arn":      "{arn}",
		"Bucket":   "{input.Bucket}",
		"Deep":     "{input.Outer.Inner}",
		"Size":     "{item:Size}",                        // keeps its type: int64
		"Groups":   "{item:Groups[].GroupId}",            // keeps its type: a list
		"Hash":     "{item:{a: Id, n: `1`}}",             // braces inside the expression
		"Resource": "arn:aws:s3:::{input.Bucket}/{id}/*", // interpolated as text
		"Policy":   `{"Version": "2012-10-17"}`,          // braces that are not placeholders stay
		"Missing":  "{item:NoSuchMember}",                // nothing: the member is left out
		"Nested":   []any{map[string]any{"Values": []any{"{id}", "{item:NoSuch}"}}},
		"Count":    3,
	}}
	ins, err := a.Inputs(d, []resource.Row{thing("t-1", "web", 42)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"Id": "t-1", "Name": "web", "Arn": "arn:aws:x:::t-1", "Bucket": "bkt", "Deep": "deep",
		"Size": int64(42), "Groups": []any{"g-1", "g-2"}, "Hash": map[string]any{"a": "t-1", "n": float64(1)},
		"Resource": "arn:aws:s3:::bkt/t-1/*", "Policy": `{"Version": "2012-10-17"}`,
		"Nested": []any{map[string]any{"Values": []any{"t-1"}}}, "Count": 3,
	}
	if len(ins) != 1 || !reflect.DeepEqual(ins[0], want) {
		t.Errorf("Inputs =\n%#v\nwant\n%#v", ins, want)
	}
	if _, ok := a.Input["Id"].(string); !ok || a.Input["Id"] != "{id}" {
		t.Error("the template was modified")
	}
}

func TestActionInputsMultiAndPerRow(t *testing.T) {
	d := testDef(t)
	rows := []resource.Row{thing("a", "A", 1), thing("b", "B", 2), thing("c", "C", 3)}
	multi := resource.Action{Name: "stop", Multi: true, Input: map[string]any{"Ids": "{ids}", "Label": "ids={ids}"}}
	ins, err := multi.Inputs(d, rows)
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{"Ids": []any{"a", "b", "c"}, "Label": "ids=a,b,c"}}
	if !reflect.DeepEqual(ins, want) {
		t.Errorf("multi Inputs = %#v, want %#v", ins, want)
	}
	single := resource.Action{Name: "stop", Input: map[string]any{"Id": "{id}"}, Waiter: "Stopped", WaiterInput: map[string]any{"Ids": []any{"{id}"}}}
	ins, err = single.Inputs(d, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 3 || ins[0]["Id"] != "a" || ins[2]["Id"] != "c" {
		t.Errorf("per-row Inputs = %v", ins)
	}
	wins, err := single.WaiterInputs(d, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(wins) != 3 || !reflect.DeepEqual(wins[1], map[string]any{"Ids": []any{"b"}}) {
		t.Errorf("WaiterInputs = %v", wins)
	}
	// {id} in a multi action over several rows is an error, not the first row's id.
	bad := resource.Action{Name: "bad", Multi: true, Input: map[string]any{"Id": "{id}"}}
	if _, err := bad.Inputs(d, rows); err == nil || !strings.Contains(err.Error(), "use {ids}") {
		t.Errorf("multi {id}: err = %v", err)
	}
	if _, err := single.Inputs(d, nil); err == nil {
		t.Error("Inputs with no rows: no error")
	}
}

func TestWaiterInputsFallBackToWaiterRef(t *testing.T) {
	d := testDef(t)
	d.Waiters = []resource.WaiterRef{{Waiter: "Gone", Input: map[string]any{"Name": "{name}"}}}
	a := resource.Action{Name: "delete", Waiter: "Gone"}
	ins, err := a.WaiterInputs(d, []resource.Row{thing("x", "named", 0)})
	if err != nil || len(ins) != 1 || ins[0]["Name"] != "named" {
		t.Errorf("WaiterInputs = %v, %v", ins, err)
	}
	in, err := d.Waiters[0].InputFor(d, thing("y", "other", 0))
	if err != nil || in["Name"] != "other" {
		t.Errorf("InputFor = %v, %v", in, err)
	}
	none := resource.Action{Name: "x"}
	if ins, err := none.WaiterInputs(d, []resource.Row{thing("x", "n", 0)}); ins != nil || err != nil {
		t.Errorf("no waiter: %v, %v", ins, err)
	}
	missing := resource.Action{Name: "x", Waiter: "Other"}
	if _, err := missing.WaiterInputs(d, []resource.Row{thing("x", "n", 0)}); err == nil {
		t.Error("waiter without input: no error")
	}
}

func TestBindingErrors(t *testing.T) {
	d := testDef(t)
	row := thing("t-1", "n", 0)
	for tmpl, want := range map[string]string{
		"{input.Nope}": "listed without Nope",
		"{item:Tags[}": "JMESPath",
		"{id":          "", // not a placeholder: literal text
		"{Id}":         "unknown placeholder {Id}",
		"{input.":      "not closed",
		"{item:'a}":    "unterminated",
		"{each:}":      "needs a JMESPath expression",
		"{each:Tags[}": "JMESPath",
		"{output:Id":   "not closed",
		"{output:Id}":  "needs the action's output",
	} {
		a := resource.Action{Name: "a", Input: map[string]any{"X": tmpl}}
		ins, err := a.Inputs(d, []resource.Row{row})
		if want == "" {
			if err != nil || ins[0]["X"] != tmpl {
				t.Errorf("%q: got %v, %v; want the text kept", tmpl, ins, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", tmpl, err, want)
		}
	}
	noID := resource.Row{Item: map[string]any{"Other": 1}}
	a := resource.Action{Name: "a", Input: map[string]any{"X": "{id}"}}
	if _, err := a.Inputs(d, []resource.Row{noID}); err == nil || !strings.Contains(err.Error(), "no identifier") {
		t.Errorf("{id} of an item without one: err = %v", err)
	}
}

func TestListInputMergesBind(t *testing.T) {
	d := testDef(t)
	got := d.ListInput(map[string]any{"Filters": []any{map[string]any{"Name": "bound"}}, "Max": 9, "Bucket": "b"})
	want := map[string]any{
		"Filters": []any{map[string]any{"Name": "static"}, map[string]any{"Name": "bound"}},
		"Max":     9, "Bucket": "b",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ListInput = %#v, want %#v", got, want)
	}
	// The Def's static input is untouched.
	if len(d.List.Input["Filters"].([]any)) != 1 || d.List.Input["Max"] != 5 {
		t.Errorf("List.Input changed: %v", d.List.Input)
	}
	if got := d.ListInput(nil); !reflect.DeepEqual(got, d.List.Input) {
		t.Errorf("ListInput(nil) = %v", got)
	}
}

func TestIdentity(t *testing.T) {
	d := testDef(t)
	row := thing("t-9", "nine", 0)
	if d.ID(row.Item) != "t-9" || d.DisplayName(row.Item) != "nine" || d.ARNOf(row.Item) != "arn:aws:x:::t-9" {
		t.Errorf("ID/DisplayName/ARNOf = %q %q %q", d.ID(row.Item), d.DisplayName(row.Item), d.ARNOf(row.Item))
	}
	unnamed := map[string]any{"Id": "t-0"}
	if d.DisplayName(unnamed) != "t-0" {
		t.Errorf("DisplayName without a name = %q, want the id", d.DisplayName(unnamed))
	}
	scalar := &resource.Def{Type: "q", Identifier: "@", List: resource.List{Items: "QueueUrls"}}
	if scalar.ID("https://q/1") != "https://q/1" {
		t.Errorf("scalar ID = %q", scalar.ID("https://q/1"))
	}
}
