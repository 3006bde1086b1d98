package resource_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
)

// liveFlow walks resource types through the steps every service test takes against moto (list →
// cells → describe → action → waiter), the way the UI evaluates a Def. It serves the logs, ecs,
// rds, kms, secretsmanager, ssm, route53, ecr and kinesis tests.
type liveFlow struct {
	t   *testing.T
	env *resourcetest.Env
	ctx context.Context
}

func newLiveFlow(t *testing.T) *liveFlow {
	t.Helper()
	return newLiveFlowOn(t, resourcetest.New(t))
}

// newLiveFlowOn is newLiveFlow on a given backend.
func newLiveFlowOn(t *testing.T, env *resourcetest.Env) *liveFlow {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return &liveFlow{t: t, env: env, ctx: ctx}
}

var liveFlowSeq atomic.Int64

// name is a name no other test on the shared moto server uses.
func (f *liveFlow) name(prefix string) string {
	return fmt.Sprintf("%s-%d-%d", prefix, time.Now().UnixNano()%1e9, liveFlowSeq.Add(1))
}

// def looks a type up and checks it belongs to service.
func (f *liveFlow) def(typ, service string) *resource.Def {
	f.t.Helper()
	d := f.env.Def(typ)
	if d.Service != service {
		f.t.Fatalf("type %s: service %q, want %q", typ, d.Service, service)
	}
	return d
}

// find lists d with input (nil: the top-level list input) and returns the row with identifier id.
func (f *liveFlow) find(d *resource.Def, input map[string]any, id string) resource.Row {
	f.t.Helper()
	return f.env.Find(d, f.env.List(d, input), id)
}

// ids lists d with input and returns the identifiers of its rows.
func (f *liveFlow) ids(d *resource.Def, input map[string]any) []string {
	f.t.Helper()
	var ids []string
	for _, r := range f.env.List(d, input) {
		ids = append(ids, d.ID(r.Item))
	}
	return ids
}

// cells renders a row's cells by column title.
func (f *liveFlow) cells(d *resource.Def, row resource.Row) map[string]resource.Cell {
	out := map[string]resource.Cell{}
	for i, c := range d.Cells(row.Item, time.Now()) {
		out[d.Columns[i].Title] = c
	}
	return out
}

// wantCells checks the text of some cells of a row.
func (f *liveFlow) wantCells(d *resource.Def, row resource.Row, want map[string]string) {
	f.t.Helper()
	got := f.cells(d, row)
	for title, text := range want {
		c, ok := got[title]
		if !ok {
			f.t.Errorf("%s: no column %q", d.Type, title)
			continue
		}
		if c.Text != text {
			f.t.Errorf("%s %s: %s = %q, want %q", d.Type, d.ID(row.Item), title, c.Text, text)
		}
	}
}

// describe runs the Def's Load on a row and returns the resource as a map.
func (f *liveFlow) describe(d *resource.Def, row resource.Row) map[string]any {
	f.t.Helper()
	v, err := d.Describe(f.ctx, f.env.Caller(d.Service), row)
	if err != nil {
		f.t.Fatalf("describing %s %s: %v", d.Type, d.ID(row.Item), err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		f.t.Fatalf("describing %s %s: got %T, want a structure", d.Type, d.ID(row.Item), v)
	}
	return m
}

// child returns the Def and the list input of a row's sub-resource collection.
func (f *liveFlow) child(d *resource.Def, row resource.Row, name string) (*resource.Def, map[string]any) {
	f.t.Helper()
	for _, c := range d.Children {
		if c.Name != name {
			continue
		}
		in, err := c.Input(d, row)
		if err != nil {
			f.t.Fatalf("%s %s: child %s: %v", d.Type, d.ID(row.Item), name, err)
		}
		return f.env.Def(c.Type), in
	}
	f.t.Fatalf("%s has no child %q", d.Type, name)
	return nil, nil
}

// action returns the action called name.
func (f *liveFlow) action(d *resource.Def, name string) resource.Action {
	f.t.Helper()
	for _, a := range d.Actions {
		if a.Name == name {
			return a
		}
	}
	f.t.Fatalf("%s has no action %q", d.Type, name)
	return resource.Action{}
}

// run calls an action on rows, with prompt holding what the user would type in the form, and
// returns the outputs (one per call).
func (f *liveFlow) run(d *resource.Def, name string, prompt map[string]any, rows ...resource.Row) []map[string]any {
	f.t.Helper()
	a := f.action(d, name)
	ins, err := a.Inputs(d, rows)
	if err != nil {
		f.t.Fatalf("%s %s: %v", d.Type, name, err)
	}
	var outs []map[string]any
	for _, in := range ins {
		for k, v := range prompt {
			if !slices.Contains(a.Prompt, k) {
				f.t.Fatalf("%s %s: %s is not a prompt (%v)", d.Type, name, k, a.Prompt)
			}
			in[k] = v
		}
		out, err := f.env.Caller(d.Service).Call(f.ctx, a.Operation, in)
		if err != nil {
			f.t.Fatalf("%s %s (%s %v): %v", d.Type, name, a.Operation, in, err)
		}
		outs = append(outs, out)
	}
	return outs
}

// waitAfter runs the waiter the action starts, on each row, until it succeeds.
func (f *liveFlow) waitAfter(d *resource.Def, name string, rows ...resource.Row) {
	f.t.Helper()
	f.waitAfterOutputs(d, name, nil, rows...)
}

// waitAfterOutputs is waitAfter for a waiter input reading the action's outputs ({output:EXPR}),
// as run returned them.
func (f *liveFlow) waitAfterOutputs(d *resource.Def, name string, outs []map[string]any, rows ...resource.Row) {
	f.t.Helper()
	a := f.action(d, name)
	if a.Waiter == "" {
		f.t.Fatalf("%s %s starts no waiter", d.Type, name)
	}
	ins, err := a.WaiterInputsWithOutputs(d, rows, outs)
	if err != nil {
		f.t.Fatalf("%s %s: waiter inputs: %v", d.Type, name, err)
	}
	for _, in := range ins {
		f.wait(d.Service, a.Waiter, in)
	}
}

// waitRef runs one of the Def's waiters on a row until it succeeds.
func (f *liveFlow) waitRef(d *resource.Def, name string, row resource.Row) {
	f.t.Helper()
	for _, w := range d.Waiters {
		if w.Waiter != name {
			continue
		}
		in, err := w.InputFor(d, row)
		if err != nil {
			f.t.Fatalf("%s waiter %s: %v", d.Type, name, err)
		}
		f.wait(d.Service, name, in)
		return
	}
	f.t.Fatalf("%s lists no waiter %s", d.Type, name)
}

func (f *liveFlow) wait(service, name string, input map[string]any) {
	f.t.Helper()
	w, _, ok := f.env.Service(service).Waiter(name)
	if !ok {
		f.t.Fatalf("%s has no waiter %s", service, name)
	}
	_, err := waiter.Run(f.ctx, f.env.Caller(service), w, input,
		waiter.Options{Name: name, Delay: 50 * time.Millisecond, MaxAttempts: 60})
	if err != nil {
		f.t.Fatalf("waiting %s %v: %v", name, input, err)
	}
}

// wantConfirm checks an action's confirmation level.
func (f *liveFlow) wantConfirm(d *resource.Def, name, level string) {
	f.t.Helper()
	if got := f.action(d, name).ConfirmLevel(d.Service); got != level {
		f.t.Errorf("%s %s: confirm %q, want %q", d.Type, name, got, level)
	}
}

// wantNoText fails when any cell of the row or the described resource holds secret.
func (f *liveFlow) wantNoText(d *resource.Def, row resource.Row, described any, secret string) {
	f.t.Helper()
	for title, c := range f.cells(d, row) {
		if strings.Contains(c.Text, secret) {
			f.t.Errorf("%s: column %s shows the secret value", d.Type, title)
		}
	}
	b, err := json.Marshal(described)
	if err != nil {
		f.t.Fatalf("marshalling the description: %v", err)
	}
	if strings.Contains(string(b), secret) {
		f.t.Errorf("%s: describe shows the secret value", d.Type)
	}
}

// logsGroupStreamEventsCase runs on both backends (backends_test.go).
func logsGroupStreamEventsCase(t *testing.T, env *resourcetest.Env) {
	f := newLiveFlowOn(t, env)
	group, stream := f.name("/nimbus/test"), f.name("stream")
	f.env.Seed("logs", "CreateLogGroup", map[string]any{"logGroupName": group})
	// A longer name sharing the prefix: Load must still pick the group itself.
	f.env.Seed("logs", "CreateLogGroup", map[string]any{"logGroupName": group + "-longer"})
	f.env.Seed("logs", "PutRetentionPolicy", map[string]any{"logGroupName": group, "retentionInDays": int64(7)})
	f.env.Seed("logs", "CreateLogStream", map[string]any{"logGroupName": group, "logStreamName": stream})
	f.env.Seed("logs", "CreateLogStream", map[string]any{"logGroupName": group, "logStreamName": stream + "-quiet"})
	now := time.Now()
	f.env.Seed("logs", "PutLogEvents", map[string]any{"logGroupName": group, "logStreamName": stream,
		"logEvents": []any{
			map[string]any{"timestamp": now.Add(-2 * time.Second).UnixMilli(), "message": "hello"},
			map[string]any{"timestamp": now.Add(-time.Second).UnixMilli(), "message": "world\x1b[31m"},
		}})

	groups := f.def("logs", "logs")
	if groups.Type != "log-group" {
		t.Fatalf(":logs opens %s, want log-group", groups.Type)
	}
	row := f.find(groups, nil, group)
	f.wantCells(groups, row, map[string]string{"NAME": group, "RETENTION": "7"})
	if c := f.cells(groups, row)["CREATED"]; !strings.HasSuffix(c.Text, " ago") || c.Sort == 0 {
		t.Errorf("CREATED = %+v, want a time ago", c)
	}
	if got := groups.ARNOf(row.Item); !strings.HasSuffix(got, ":log-group:"+group) {
		t.Errorf("ARN %q", got)
	}
	if got := f.describe(groups, row)["logGroupName"]; got != group {
		t.Errorf("describe gave group %v, want %s", got, group)
	}

	streams, in := f.child(groups, row, "streams")
	if in["logGroupName"] != group || in["orderBy"] != "LastEventTime" {
		t.Errorf("streams input %v", in)
	}
	if groups.Default != "streams" || streams.Default != "events" {
		t.Errorf("enter opens %q then %q", groups.Default, streams.Default)
	}
	if ids := f.ids(streams, in); len(ids) != 2 || ids[0] != stream {
		t.Errorf("streams %v, want %s (the last written) first", ids, stream)
	}
	srow := f.find(streams, in, stream)
	if c := f.cells(streams, srow)["LAST EVENT"]; !strings.HasSuffix(c.Text, " ago") {
		t.Errorf("LAST EVENT = %q", c.Text)
	}
	if got := f.describe(streams, srow)["logStreamName"]; got != stream {
		t.Errorf("describe gave stream %v", got)
	}

	events, ein := f.child(streams, srow, "events")
	if ein["logGroupName"] != group || ein["logStreamName"] != stream {
		t.Errorf("events input %v", ein)
	}
	rows := f.env.List(events, ein)
	var messages []string
	for _, r := range rows {
		c := f.cells(events, r)
		messages = append(messages, c["MESSAGE"].Text)
		if _, err := time.Parse(resource.TimeLayout, c["TIME"].Text); err != nil {
			t.Errorf("TIME %q: %v", c["TIME"].Text, err)
		}
	}
	if len(messages) != 2 || messages[0] != "hello" || strings.ContainsRune(messages[1], '\x1b') {
		t.Errorf("messages %q, want hello then world with the escape made harmless", messages)
	}

	// Actions: retention from the prompt, then delete the stream and the group (typed).
	f.run(groups, "set retention", map[string]any{"retentionInDays": int64(14)}, row)
	if got := f.describe(groups, row)["retentionInDays"]; fmt.Sprint(got) != "14" {
		t.Errorf("retention after the action: %v", got)
	}
	f.wantConfirm(streams, "delete", resource.ConfirmTyped)
	f.run(streams, "delete", nil, srow)
	if ids := f.ids(streams, in); slices.Contains(ids, stream) {
		t.Errorf("stream still listed after delete: %v", ids)
	}
	f.wantConfirm(groups, "delete", resource.ConfirmTyped)
	f.run(groups, "delete", nil, row)
	if ids := f.ids(groups, nil); slices.Contains(ids, group) {
		t.Errorf("group still listed after delete")
	}
}

// sub is the flow for a subtest.
func (f *liveFlow) sub(t *testing.T) *liveFlow {
	return &liveFlow{t: t, env: f.env, ctx: f.ctx}
}
