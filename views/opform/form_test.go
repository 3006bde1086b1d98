package opform

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/theme"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

func loadService(t testing.TB, name string) *model.Service {
	t.Helper()
	svc, err := model.Load(name)
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	return svc
}

func testEnv() FormEnv {
	return FormEnv{Keys: keymap.Default(), Styles: StylesFrom(theme.Default(true))}
}

func newForm(t testing.TB, service, op string) *Form {
	t.Helper()
	f := New(loadService(t, service), op, testEnv())
	if f.Operation() == "" || len(f.fields) == 0 && f.status != "" {
		t.Fatalf("form for %s %s: %s", service, op, f.status)
	}
	return f
}

// press sends keys: runes are typed one by one; names in angle brackets are special keys.
func press(f *Form, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		var msgs []tea.KeyPressMsg
		switch k {
		case "<tab>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyTab})
		case "<shift+tab>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
		case "<enter>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyEnter})
		case "<lf>": // enter typed before the terminal left line mode
			msgs = append(msgs, tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
		case "<esc>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyEscape})
		case "<left>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyLeft})
		case "<right>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyRight})
		case "<down>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyDown})
		case "<up>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeyUp})
		case "<space>":
			msgs = append(msgs, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
		case "<ctrl+s>":
			msgs = append(msgs, tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
		case "<ctrl+e>":
			msgs = append(msgs, tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
		default:
			for _, r := range k {
				msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
		for _, m := range msgs {
			if cmd := f.Update(m); cmd != nil {
				if msg := cmd(); msg != nil {
					out = append(out, msg)
				}
			}
		}
	}
	return out
}

// focusOn moves the focus to the named field.
func focusOn(t *testing.T, f *Form, name string) {
	t.Helper()
	for range f.fields {
		if f.current().name == name {
			return
		}
		press(f, "<tab>")
	}
	t.Fatalf("%s has no field %s", f.op, name)
}

func fieldNames(f *Form) []string {
	var out []string
	for _, fl := range f.fields {
		out = append(out, fl.name)
	}
	return out
}

func TestRequiredFieldsComeFirst(t *testing.T) {
	f := newForm(t, "sqs", "SendMessage")
	got := strings.Join(fieldNames(f), ",")
	if !strings.HasPrefix(got, "QueueUrl,MessageBody,") {
		t.Errorf("fields %s: want the required QueueUrl and MessageBody first", got)
	}
	if !f.fields[0].required || f.fields[2].required {
		t.Errorf("required marks wrong: %v %v", f.fields[0].required, f.fields[2].required)
	}
}

func TestTypingAndSubmit(t *testing.T) {
	f := newForm(t, "sqs", "SendMessage")
	if !f.CapturesKeys() {
		t.Error("a text field has focus: the form must capture keys")
	}
	msgs := press(f, "https://q", "<tab>", "hello q:", "<tab>", "15", "<ctrl+s>")
	if len(msgs) != 1 {
		t.Fatalf("want one SubmitMsg, got %#v (status %q)", msgs, f.status)
	}
	sub, ok := msgs[0].(SubmitMsg)
	if !ok {
		t.Fatalf("got %T, want SubmitMsg", msgs[0])
	}
	want := map[string]any{"QueueUrl": "https://q", "MessageBody": "hello q:", "DelaySeconds": int64(15)}
	if len(sub.Input) != len(want) {
		t.Fatalf("input %#v, want %#v", sub.Input, want)
	}
	for k, v := range want {
		if sub.Input[k] != v {
			t.Errorf("%s = %#v, want %#v", k, sub.Input[k], v)
		}
	}
}

func TestRequiredMissingNamesTheField(t *testing.T) {
	f := newForm(t, "sqs", "SendMessage")
	msgs := press(f, "https://q", "<ctrl+s>")
	if len(msgs) != 0 {
		t.Fatalf("submitted with a required field empty: %#v", msgs)
	}
	if !strings.Contains(f.status, "MessageBody: required") {
		t.Errorf("status %q should name MessageBody", f.status)
	}
	if f.current().name != "MessageBody" {
		t.Errorf("focus on %s, want the missing MessageBody", f.current().name)
	}
	_, _, err := f.Input()
	var ie *InputError
	if !errors.As(err, &ie) || len(ie.Problems) != 1 || !strings.HasPrefix(ie.Problems[0], "MessageBody") {
		t.Errorf("Input error %v should name MessageBody only", err)
	}
	if !strings.Contains(ansi.Strip(f.View()), "✗ MessageBody: required") {
		t.Errorf("the view should show the problem:\n%s", ansi.Strip(f.View()))
	}
}

func TestNumberValidation(t *testing.T) {
	f := newForm(t, "sqs", "SendMessage")
	focusOn(t, f, "DelaySeconds")
	press(f, "abc")
	if p := f.problem["DelaySeconds"]; !strings.Contains(p, "whole number") {
		t.Errorf("typing abc in an integer field: problem %q", p)
	}
	f.fields[f.focus].input.SetValue("")
	press(f, "99999")
	// DelaySeconds has no max in the model, so check a field that has one: sqs ReceiveMessage.
	r := newForm(t, "sqs", "ReceiveMessage")
	focusOn(t, r, "MaxNumberOfMessages")
	press(r, "5")
	if _, bad := r.problem["MaxNumberOfMessages"]; bad {
		t.Errorf("5 is a fine MaxNumberOfMessages: %v", r.problem)
	}
	maxShape := r.current().shape
	if maxShape.Max != nil {
		press(r, "000")
		if p := r.problem["MaxNumberOfMessages"]; !strings.Contains(p, "at most") {
			t.Errorf("above the model's max: problem %q", p)
		}
	}
}

func TestEnumCycling(t *testing.T) {
	f := newForm(t, "ec2", "DescribeInstanceTypes")
	_ = f
	d := newForm(t, "dynamodb", "Query")
	focusOn(t, d, "Select")
	enum := d.current().shape.Enum
	if len(enum) < 2 {
		t.Fatalf("Select should be an enum, got %v", enum)
	}
	press(d, "<right>")
	if got := d.current().input.Value(); got != enum[0] {
		t.Errorf("right from empty = %q, want %q", got, enum[0])
	}
	press(d, "<right>")
	if got := d.current().input.Value(); got != enum[1] {
		t.Errorf("right again = %q, want %q", got, enum[1])
	}
	if line := ansi.Strip(d.statusLine()); !strings.Contains(line, enum[0]+" · ["+enum[1]+"]") {
		t.Errorf("the status line should list the values around the chosen one: %q", line)
	}
	press(d, "<left>", "<left>")
	if got := d.current().input.Value(); got != "" {
		t.Errorf("left twice = %q, want unset", got)
	}
	press(d, "<left>")
	if got := d.current().input.Value(); got != enum[len(enum)-1] {
		t.Errorf("left from unset = %q, want the last value %q", got, enum[len(enum)-1])
	}
	// A value typed by hand is kept, and only warns.
	d.current().input.SetValue("")
	press(d, "SOMETHING_NEW")
	press(d, "<left>")
	if got := d.current().input.Value(); got != "SOMETHING_NEW" {
		t.Errorf("left in a hand-typed value changed it to %q", got)
	}
	d.SetValues(map[string]any{"TableName": "t"})
	in, warnings, err := d.Input()
	if err != nil {
		t.Fatalf("Input: %v", err)
	}
	if in["Select"] != "SOMETHING_NEW" || len(warnings) != 1 || !strings.Contains(warnings[0], "Select") {
		t.Errorf("input %v warnings %v: want the value sent and a warning naming Select", in, warnings)
	}
}

func TestBooleanToggle(t *testing.T) {
	f := newForm(t, "dynamodb", "Query")
	focusOn(t, f, "ConsistentRead")
	if f.CapturesKeys() {
		t.Error("a toggle has focus: global keys may act")
	}
	f.SetValues(map[string]any{"TableName": "t"})
	check := func(want any) {
		t.Helper()
		in, _, err := f.Input()
		if err != nil {
			t.Fatal(err)
		}
		if got, set := in["ConsistentRead"]; want == nil && set || want != nil && got != want {
			t.Errorf("ConsistentRead = %v (set %v), want %v", got, set, want)
		}
	}
	check(nil)
	press(f, "<space>")
	check(true)
	press(f, "<right>")
	check(false)
	press(f, "<left>", "<left>")
	check(nil)
}

func TestJSONFieldNamesThePath(t *testing.T) {
	f := newForm(t, "dynamodb", "Query")
	f.SetValues(map[string]any{"TableName": "t"})
	focusOn(t, f, "ExpressionAttributeValues")
	press(f, `{":v": {"S": 1}}`)
	p := f.problem["ExpressionAttributeValues"]
	if !strings.Contains(p, `ExpressionAttributeValues[":v"].S: expected a string`) {
		t.Errorf("problem %q should give the path of the bad value", p)
	}
	f.current().input.SetValue("")
	press(f, `{":v": {"Bogus": "x"}}`)
	if p := f.problem["ExpressionAttributeValues"]; !strings.Contains(p, `[":v"].Bogus: unknown member`) {
		t.Errorf("problem %q should name the unknown member", p)
	}
	f.current().input.SetValue("")
	press(f, `{":v": `)
	if p := f.problem["ExpressionAttributeValues"]; !strings.Contains(p, "not valid JSON") {
		t.Errorf("problem %q should say the JSON is broken", p)
	}
	f.current().input.SetValue("")
	press(f, `{":v": {"N": "5"}}`)
	in, _, err := f.Input()
	if err != nil {
		t.Fatalf("valid JSON refused: %v", err)
	}
	v := in["ExpressionAttributeValues"].(map[string]any)[":v"].(map[string]any)
	if v["N"] != "5" {
		t.Errorf("ExpressionAttributeValues = %#v", in["ExpressionAttributeValues"])
	}
}

func TestStringListField(t *testing.T) {
	f := newForm(t, "ec2", "DescribeInstances")
	focusOn(t, f, "InstanceIds")
	press(f, "i-1, i-2 ,,i-3")
	in, _, err := f.Input()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := in["InstanceIds"].([]any)
	if len(got) != 3 || got[0] != "i-1" || got[1] != "i-2" || got[2] != "i-3" {
		t.Errorf("InstanceIds = %#v", in["InstanceIds"])
	}
	f.current().input.SetValue("")
	press(f, `["a,b", "c"]`)
	in, _, _ = f.Input()
	if got, _ := in["InstanceIds"].([]any); len(got) != 2 || got[0] != "a,b" {
		t.Errorf("a JSON list in a list field: %#v", in["InstanceIds"])
	}
}

func TestIdempotencyTokenMayStayEmpty(t *testing.T) {
	f := newForm(t, "ec2", "RunInstances")
	var token *field
	for _, fl := range f.fields {
		if fl.name == "ClientToken" {
			token = fl
		}
	}
	if token == nil || !token.token || token.required {
		t.Fatalf("ClientToken should be an optional idempotency token: %+v", token)
	}
	f.SetValues(map[string]any{"MinCount": 1, "MaxCount": 1})
	in, _, err := f.Input()
	if err != nil {
		t.Fatalf("Input: %v", err)
	}
	if _, set := in["ClientToken"]; set {
		t.Errorf("an empty token was sent: %v", in)
	}
	if in["MinCount"] != int64(1) {
		t.Errorf("MinCount = %#v", in["MinCount"])
	}
}

func TestEnterMovesThenSubmitsOnTheLastField(t *testing.T) {
	f := newForm(t, "sts", "GetCallerIdentity")
	if msgs := press(f, "<ctrl+s>"); len(msgs) != 1 {
		t.Fatalf("an operation without input submits at once: %#v", msgs)
	}
	g := newForm(t, "sqs", "GetQueueUrl")
	msgs := press(g, "q1", "<enter>")
	if len(msgs) != 0 || g.focus != 1 {
		t.Fatalf("enter on the first field should move on, got %#v, focus %d", msgs, g.focus)
	}
	for g.focus < len(g.fields)-1 {
		press(g, "<down>")
	}
	msgs = press(g, "<enter>")
	if len(msgs) != 1 {
		t.Fatalf("enter on the last field should submit: %#v (%s)", msgs, g.status)
	}
	if sub := msgs[0].(SubmitMsg); sub.Input["QueueName"] != "q1" || sub.Operation != "GetQueueUrl" {
		t.Errorf("submitted %#v", sub)
	}
	press(g, "<up>")
	if g.focus != len(g.fields)-2 {
		t.Errorf("up should go back a field, focus %d", g.focus)
	}
	press(g, "<shift+tab>")
	if g.focus != len(g.fields)-1 {
		t.Errorf("shift+tab on the first field wraps to the last: focus %d", g.focus)
	}
}

func TestEnterTypedEarlyAsLFMovesAndSubmits(t *testing.T) {
	g := newForm(t, "sqs", "GetQueueUrl")
	if msgs := press(g, "q1", "<lf>"); len(msgs) != 0 || g.focus != 1 {
		t.Fatalf("LF on the first field should move on like enter, got %#v, focus %d", msgs, g.focus)
	}
	for g.focus < len(g.fields)-1 {
		press(g, "<down>")
	}
	if msgs := press(g, "<lf>"); len(msgs) != 1 {
		t.Fatalf("LF on the last field should submit like enter: %#v (%s)", msgs, g.status)
	}
}

func TestCancel(t *testing.T) {
	f := newForm(t, "sqs", "SendMessage")
	msgs := press(f, "abc", "<esc>")
	if len(msgs) != 1 {
		t.Fatalf("esc should cancel: %#v", msgs)
	}
	if c, ok := msgs[0].(CancelMsg); !ok || c.Operation != "SendMessage" {
		t.Errorf("got %#v, want CancelMsg", msgs[0])
	}
}

func TestUnknownOperation(t *testing.T) {
	f := New(loadService(t, "sqs"), "NoSuchThing", testEnv())
	if !strings.Contains(ansi.Strip(f.View()), `no operation "NoSuchThing"`) {
		t.Errorf("the form should say the operation is unknown:\n%s", f.View())
	}
}

func TestCLISpellingFindsTheOperation(t *testing.T) {
	f := New(loadService(t, "sqs"), "send-message", testEnv())
	if f.Operation() != "SendMessage" || len(f.fields) == 0 {
		t.Errorf("send-message should open SendMessage, got %q with %d fields", f.Operation(), len(f.fields))
	}
}

func TestGoldenRender(t *testing.T) {
	for _, tc := range []struct {
		service, op string
		w, h        int
		keys        []string
	}{
		{"sqs", "SendMessage", 80, 16, []string{"https://sqs.example/q", "<tab>", "hello"}},
		{"ec2", "RunInstances", 72, 14, []string{"ami-1", "<ctrl+s>"}},
	} {
		f := newForm(t, tc.service, tc.op)
		f.SetSize(tc.w, tc.h)
		press(f, tc.keys...)
		got := ansi.Strip(f.View()) + "\n"
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if len(lines) != tc.h {
			t.Errorf("%s %s: %d lines, want %d", tc.service, tc.op, len(lines), tc.h)
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > tc.w {
				t.Errorf("%s %s line %d is %d wide, more than %d", tc.service, tc.op, i, w, tc.w)
			}
		}
		tuitest.Golden(t, tc.service+"-"+tc.op, got)
	}
}

func TestTimestampField(t *testing.T) {
	f := newForm(t, "cloudwatch", "GetMetricData")
	f.SetValues(map[string]any{"MetricDataQueries": []any{map[string]any{"Id": "q", "Expression": "SUM(x)"}}})
	focusOn(t, f, "StartTime")
	press(f, "yesterday")
	if p := f.problem["StartTime"]; !strings.Contains(p, "RFC 3339") {
		t.Errorf("a word in a timestamp field: problem %q", p)
	}
	f.current().input.SetValue("")
	press(f, "2024-05-01 12:00:00")
	focusOn(t, f, "EndTime")
	press(f, "1714568400")
	in, _, err := f.Input()
	if err != nil {
		t.Fatal(err)
	}
	if in["StartTime"] != "2024-05-01T12:00:00Z" {
		t.Errorf("StartTime = %#v, want it in RFC 3339", in["StartTime"])
	}
	if in["EndTime"] != float64(1714568400) {
		t.Errorf("EndTime = %#v, want epoch seconds", in["EndTime"])
	}
}

func TestMultiLineValuesAreKeptVerbatim(t *testing.T) {
	f := newForm(t, "cloudformation", "CreateStack")
	body := "Resources:\n  Queue:\n\tType: AWS::SQS::Queue\n"
	f.Update(editorDoneMsg{form: f, id: f.editID, text: []byte(`{"StackName": "s", "TemplateBody": ` + jsonQuote(body) + `}`)})
	in, _, err := f.Input()
	if err != nil {
		t.Fatalf("Input: %v (status %q)", err, f.status)
	}
	if in["TemplateBody"] != body {
		t.Errorf("TemplateBody = %q, want it unchanged %q", in["TemplateBody"], body)
	}
	f.SetSize(100, 20)
	if v := ansi.Strip(f.View()); !strings.Contains(v, "‹4 lines, 43 chars› Resources:") {
		t.Errorf("a multi-line value should show as a summary:\n%s", v)
	}
	if !strings.Contains(f.editorDocument(), jsonQuote(body)) {
		t.Error("the editor document should hold the value unchanged")
	}
	focusOn(t, f, "TemplateBody")
	press(f, "x")
	if in, _, _ := f.Input(); in["TemplateBody"] != body {
		t.Error("typing into a verbatim value changed it")
	}
	f.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	if in, _, _ := f.Input(); in["TemplateBody"] != nil {
		t.Errorf("backspace should clear the verbatim value, got %q", in["TemplateBody"])
	}
	press(f, "a")
	f.Update(tea.PasteMsg{Content: "b\nc"})
	if in, _, _ := f.Input(); in["TemplateBody"] != "ab\nc" {
		t.Errorf("pasting lines at the cursor: %q", in["TemplateBody"])
	}
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Issue 13 #2: the form ran on a hard-coded ctrl+s although actions.run is remappable.
func TestRunFollowsTheKeyMap(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"actions.run": {"ctrl+o"}}); err != nil {
		t.Fatal(err)
	}
	f := New(loadService(t, "sqs"), "ListQueues", FormEnv{Keys: km, Styles: StylesFrom(theme.Default(true))})
	if msgs := press(f, "<ctrl+s>"); len(msgs) != 0 {
		t.Errorf("ctrl+s is no longer the run key, got %v", msgs)
	}
	msgs := tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}
	cmd := f.Update(msgs)
	if cmd == nil {
		t.Fatal("ctrl+o should run the form")
	}
	if _, ok := cmd().(SubmitMsg); !ok {
		t.Error("ctrl+o should submit")
	}
	if v := ansi.Strip(f.View()); !strings.Contains(v, "ctrl+o runs") || strings.Contains(v, "ctrl+s") {
		t.Errorf("the form's hint should name the user's run key:\n%s", v)
	}
}

// Issue 8 #6: the footer names the keys that work in the focused field, and only those.
func TestActionsFollowTheFocusedField(t *testing.T) {
	footer := func(f *Form) string {
		var parts []string
		for _, b := range f.Actions().ShortHelp() {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
		return strings.Join(parts, " · ")
	}
	f := newForm(t, "dynamodb", "Query")
	focusOn(t, f, "TableName")
	if got := footer(f); got != "tab/↓ next field · ctrl+s run · ctrl+e edit in $EDITOR · esc cancel" {
		t.Errorf("text field footer: %q", got)
	}
	focusOn(t, f, "Select")
	if got := footer(f); !strings.Contains(got, "←/→ value") {
		t.Errorf("an enum field offers its values: %q", got)
	}
	press(f, "SOMETHING_NEW")
	if got := footer(f); strings.Contains(got, "value") {
		t.Errorf("a hand-typed enum value is edited as text, ← and → move the cursor: %q", got)
	}
	focusOn(t, f, "ConsistentRead")
	if got := footer(f); !strings.Contains(got, "space toggle") {
		t.Errorf("a toggle offers space: %q", got)
	}
}
