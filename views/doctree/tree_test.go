package doctree

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	yaml "go.yaml.in/yaml/v3"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/theme"
)

// lineTexts is what each tree line shows, unstyled and without the gutter.
func lineTexts(tr *Tree) []string {
	var out []string
	for _, n := range tr.lines {
		var b strings.Builder
		for _, s := range tr.treeSegs(nil, n, &tr.paint) {
			b.WriteString(s.text)
		}
		out = append(out, ansi.Strip(b.String()))
	}
	return out
}

func TestInitialLayoutOpensTwoLevels(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	want := []string{
		"  NextToken: null",
		"▾ Reservations: 1 item",
		"  ▾ [0]: 2 keys",
		"    ▸ Instances: […] 1 item",
		"      OwnerId: \"123456789012\"",
		"  UserData: IyEvYmluL3NoCmVjaG8gaGkK",
	}
	if got := lineTexts(tr); !reflect.DeepEqual(got, want) {
		t.Fatalf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestKeysOpenCloseAndPath(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	keys(tr, "j", "j", "j")
	if got := tr.CursorPath(); got != "Reservations[0].Instances" {
		t.Fatalf("path after jjj = %q", got)
	}
	keys(tr, "enter")
	if tr.Len() != 7 {
		t.Fatalf("enter should open Instances: %d lines", tr.Len())
	}
	keys(tr, "l") // step into the open list
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0]" {
		t.Fatalf("path after l = %q", got)
	}
	keys(tr, "right") // open the instance: 7 members
	if tr.Len() != 14 {
		t.Fatalf("→ should open the instance: %d lines", tr.Len())
	}
	// CpuCredits EbsOptimized InstanceId Labels LaunchTime State Tags
	keys(tr, "j", "j", "j", "j", "j", "j", "space", "l", "j")
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0].State.Name" {
		t.Fatalf("path = %q", got)
	}
	keys(tr, "h") // a leaf: go to the parent
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0].State" {
		t.Fatalf("h on a leaf should go to the parent, at %q", got)
	}
	before := tr.Len()
	keys(tr, "left") // open container: close it
	if tr.Len() != before-2 || tr.CursorPath() != "Reservations[0].Instances[0].State" {
		t.Fatalf("← should close State: %d lines (was %d), at %q", tr.Len(), before, tr.CursorPath())
	}
	keys(tr, "k", "k", "l", "j")
	if got := tr.CursorPath(); got != `Reservations[0].Instances[0].Labels."aws:cloudformation:stack-name"` {
		t.Fatalf("quoted member path = %q", got)
	}
}

func TestExpandAndCollapseAll(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	keys(tr, "E")
	if tr.Len() != 20 {
		t.Fatalf("E should show all 20 values, shows %d", tr.Len())
	}
	keys(tr, "G")
	if got := tr.CursorPath(); got != "UserData" {
		t.Fatalf("G should reach the last line, at %q", got)
	}
	keys(tr, "k", "k")
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0].Tags[0].Value" {
		t.Fatalf("at %q", got)
	}
	keys(tr, "C")
	if tr.Len() != 3 || tr.CursorPath() != "Reservations" {
		t.Fatalf("C should leave 3 lines with the cursor on Reservations: %d, %q", tr.Len(), tr.CursorPath())
	}
	if got := lineTexts(tr)[1]; got != "▸ Reservations: […] 1 item" {
		t.Fatalf("collapsed summary = %q", got)
	}
	keys(tr, "g")
	if tr.Cursor() != 0 {
		t.Fatalf("g should go to the top, at %d", tr.Cursor())
	}
}

func TestPageKeysScrollWithTheCursor(t *testing.T) {
	items := make([]any, 100)
	for i := range items {
		items[i] = fmt.Sprintf("item %d", i)
	}
	tr := newTree(items, 30, 10)
	keys(tr, "pgdown")
	if tr.Cursor() != 10 || tr.cur.off != 10 {
		t.Fatalf("pgdown: cursor %d offset %d, want 10 10", tr.Cursor(), tr.cur.off)
	}
	keys(tr, "ctrl+d")
	if tr.Cursor() != 15 || tr.cur.off != 15 {
		t.Fatalf("ctrl+d: cursor %d offset %d, want 15 15", tr.Cursor(), tr.cur.off)
	}
	keys(tr, "ctrl+u", "pgup")
	if tr.Cursor() != 0 || tr.cur.off != 0 {
		t.Fatalf("back up: cursor %d offset %d", tr.Cursor(), tr.cur.off)
	}
	keys(tr, "G")
	if tr.Cursor() != 99 || tr.cur.off != 90 {
		t.Fatalf("G: cursor %d offset %d, want 99 90", tr.Cursor(), tr.cur.off)
	}
	keys(tr, "j")
	if tr.Cursor() != 99 {
		t.Fatalf("j past the end moved to %d", tr.Cursor())
	}
	if got := tr.CursorPath(); got != "[99]" {
		t.Fatalf("path of a root list item = %q", got)
	}
}

func TestModeCycleKeepsTheValue(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	keys(tr, "E")
	for tr.CursorPath() != "Reservations[0].Instances[0].State.Name" {
		keys(tr, "j")
	}
	keys(tr, "t")
	if tr.Mode() != ModeJSON || tr.CursorPath() != "Reservations[0].Instances[0].State.Name" {
		t.Fatalf("t → %v at %q", tr.Mode(), tr.CursorPath())
	}
	if l := tr.textLines()[tr.Cursor()]; l.key != `"Name"` || l.value != `"running"` {
		t.Fatalf("JSON cursor line = %+v", l)
	}
	keys(tr, "t")
	if tr.Mode() != ModeYAML || tr.CursorPath() != "Reservations[0].Instances[0].State.Name" {
		t.Fatalf("t → %v at %q", tr.Mode(), tr.CursorPath())
	}
	keys(tr, "k") // Code
	keys(tr, "t")
	if tr.Mode() != ModeTree || tr.CursorPath() != "Reservations[0].Instances[0].State.Code" {
		t.Fatalf("t → %v at %q", tr.Mode(), tr.CursorPath())
	}
	// In text mode the tree keys do nothing, the cursor keys still move.
	tr.SetMode(ModeJSON)
	n := tr.Len()
	keys(tr, "C", "enter", "g")
	if tr.Len() != n || tr.Cursor() != 0 {
		t.Fatalf("text mode: %d lines (was %d), cursor %d", tr.Len(), n, tr.Cursor())
	}
}

func TestTextModeRevealsClosedValuesInTheTree(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	tr.SetMode(ModeYAML)
	for tr.CursorPath() != "Reservations[0].Instances[0].Tags[0].Key" {
		keys(tr, "j")
		if tr.Cursor() == tr.Len()-1 {
			t.Fatal("Tags[0].Key not found in YAML mode")
		}
	}
	tr.SetMode(ModeTree)
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0].Tags[0].Key" {
		t.Fatalf("back in the tree at %q: closed parents should open", got)
	}
}

func TestSetDocumentKeepsOpenStateAndCursor(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	keys(tr, "j", "j", "j", "enter", "l", "l")
	for tr.CursorPath() != "Reservations[0].Instances[0].State" {
		keys(tr, "j")
	}
	keys(tr, "l", "l") // open State, step onto Code
	doc := ec2Doc()
	r0 := doc["Reservations"].([]any)[0].(map[string]any)
	inst := r0["Instances"].([]any)
	inst[0].(map[string]any)["State"] = map[string]any{"Code": int64(80), "Name": "stopped"}
	r0["Instances"] = append(inst, map[string]any{"InstanceId": "i-new"})
	tr.SetDocument(doc)
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0].State.Code" {
		t.Fatalf("cursor moved to %q", got)
	}
	got := lineTexts(tr)
	if !contains(got, `            Name: "stopped"`) || !contains(got, "      ▸ [1]: {…} 1 key") {
		t.Fatalf("new document shown wrongly:\n%s", strings.Join(got, "\n"))
	}
	// A cursor whose path is gone lands on the nearest ancestor that is left.
	delete(inst[0].(map[string]any), "State")
	tr.SetDocument(doc)
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0]" {
		t.Fatalf("cursor on a removed value went to %q", got)
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func TestFilterKeepsPathsToMatches(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	tr.SetFilter("RUNNING")
	if tr.MatchCount() != 1 {
		t.Fatalf("matches = %d", tr.MatchCount())
	}
	want := []string{
		"▾ Reservations: 1 item",
		"  ▾ [0]: 2 keys",
		"    ▾ Instances: 1 item",
		"      ▾ [0]: 7 keys",
		"        ▾ State: 2 keys",
		`            Name: "running"`,
	}
	if got := lineTexts(tr); !reflect.DeepEqual(got, want) {
		t.Fatalf("filtered lines:\n%s", strings.Join(got, "\n"))
	}
	tr.SetFilter("name") // key State.Name, value Tags[0].Key, key …stack-name
	if tr.MatchCount() != 3 {
		t.Fatalf("matches for name = %d", tr.MatchCount())
	}
	tr.SetFilter("labels") // a matching container keeps what it holds
	if got := lineTexts(tr); !contains(got, `            aws:cloudformation:stack-name: "prod"`) {
		t.Fatalf("members of a matching container hidden:\n%s", strings.Join(got, "\n"))
	}
	tr.SetFilter("")
	if tr.Len() != 20 { // what the filters opened stays open: here, everything
		t.Fatalf("after clearing the filter %d lines:\n%s", tr.Len(), strings.Join(lineTexts(tr), "\n"))
	}
	tr.SetFilter("no such text")
	if tr.MatchCount() != 0 || tr.Len() != 0 || tr.CursorPath() != "" {
		t.Fatalf("no match: %d matches, %d lines, at %q", tr.MatchCount(), tr.Len(), tr.CursorPath())
	}
	if v := strings.TrimSpace(ansi.Strip(tr.View())); v != `no value matches "no such text"` {
		t.Fatalf("no match should say so, drew %q", v)
	}
}

func TestFilterHighlightsMatches(t *testing.T) {
	st := StylesFrom(theme.Default(true))
	tr := New(ec2Doc(), keymap.Default(), st)
	tr.SetSize(60, 10)
	tr.SetFilter("own")
	view := tr.View()
	m := paintOf(st.Match)
	if !strings.Contains(view, m.pre+"Own"+m.post+paintOf(st.Key).pre+"erId") {
		t.Fatalf("OwnerId not highlighted: %q", view)
	}
}

func TestControlCharactersAreEscaped(t *testing.T) {
	doc := map[string]any{
		"bell\akey":  "esc\x1b]0;title\x07 c1\u009b31m",
		"Nested":     []any{"tab\there", "bad\xffutf8"},
		"ok":         "日本語",
		"newline\nk": "line1\r\nline2",
	}
	for _, mode := range []Mode{ModeTree, ModeJSON, ModeYAML} {
		tr := newTree(doc, 80, 12)
		tr.ExpandAll()
		tr.SetMode(mode)
		plain := ansi.Strip(tr.View())
		for _, c := range []string{"\x1b", "\a", "\u009b", "\r", "\xff"} {
			if strings.Contains(plain, c) {
				t.Fatalf("%v: control %q reached the screen:\n%s", mode, c, plain)
			}
		}
		if !strings.Contains(plain, "bell") || !strings.Contains(plain, "title") {
			t.Fatalf("%v: text lost:\n%s", mode, plain)
		}
		for _, line := range strings.Split(plain, "\n") {
			if w := ansi.StringWidth(line); w > 80 {
				t.Fatalf("%v: line %d wide: %q", mode, w, line)
			}
		}
	}
	tr := newTree(doc, 80, 12)
	if got := lineTexts(tr); !contains(got, `  bell\x07key: "esc\x1b]0;title\x07 c1\x9b31m"`) {
		t.Fatalf("escaped forms not shown:\n%s", strings.Join(got, "\n"))
	}
}

func TestLongLinesAreCutToTheWidth(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	tr := newTree(map[string]any{"Policy": long, "Name": "日本語の名前です"}, 20, 3)
	for i, line := range strings.Split(ansi.Strip(tr.View()), "\n") {
		if w := ansi.StringWidth(line); w > 20 {
			t.Fatalf("line %d is %d wide: %q", i, w, line)
		}
		if i < 2 && !strings.HasSuffix(strings.TrimRight(line, " "), "…") {
			t.Fatalf("line %d not cut with …: %q", i, line)
		}
	}
}

// normal is doc as encoding/json sees it, to compare encodings against.
func normal(t *testing.T, doc any) any {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestJSONRoundTrips(t *testing.T) {
	doc := ec2Doc()
	tr := newTree(doc, 60, 10)
	b, err := tr.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var got any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("JSON() is not JSON: %v\n%s", err, b)
	}
	if want := normal(t, doc); !reflect.DeepEqual(got, want) {
		t.Fatalf("JSON() = %v\nwant %v", got, want)
	}
	// The JSON mode shows the same text.
	tr.SetMode(ModeJSON)
	if text := textOf(tr.textLines()); text != string(b) {
		t.Fatalf("JSON mode text differs from JSON():\n%s\n---\n%s", text, b)
	}
}

func TestJSONRefusesNaN(t *testing.T) {
	tr := newTree(map[string]any{"Ratio": math.NaN()}, 60, 10)
	if _, err := tr.JSON(); err == nil || !strings.Contains(err.Error(), "Ratio") {
		t.Fatalf("NaN: err = %v", err)
	}
	msg := keys(tr, "Y")()
	cm, ok := msg.(CopiedMsg)
	if !ok || cm.Err == nil {
		t.Fatalf("copying a NaN document: %#v", msg)
	}
}

func TestYAMLRoundTrips(t *testing.T) {
	tricky := []any{
		"", " lead", "trail ", "yes", "No", "null", "~", "123", "1e3", "0x1F", "1_000", "-", "- x", "a: b",
		"#hash", "a #b", "key:", "@at", "`tick", "!bang", "&amp", "*star", "%pct", "{x}", "[y]", "'q'", `"dq"`,
		"multi\nline\n", "tab\tin", "esc\x1b", "2024-01-02", "2024-01-02T03:04:05Z", ".inf", "-.nan",
		"arn:aws:iam::123456789012:role/Admin", "s3://bucket/key with spaces", "日本語", "😀 emoji",
		strings.Repeat("long words ", 20), "ends with colon:", "?question", "|pipe", ">gt", ",comma",
	}
	doc := map[string]any{
		"Strings": tricky,
		"Numbers": []any{1.5, int64(-3), json.Number("12345678901234567890"), 1e21, 0.000001},
		"Bools":   []any{true, false},
		"Empty":   map[string]any{"List": []any{}, "Map": map[string]any{}, "Null": nil},
		"Nested":  []any{[]any{"a", []any{"b", "c"}}, map[string]any{"k": []any{map[string]any{"x": "y", "z": "w"}}}},
		"yes":     "key that YAML 1.1 reads as a bool",
		"1":       "numeric key",
		"a: b":    "key with colon",
	}
	tr := newTree(doc, 60, 10)
	tr.SetMode(ModeYAML)
	text := textOf(tr.textLines())
	var got any
	if err := yaml.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("YAML mode is not YAML: %v\n%s", err, text)
	}
	// Compare through JSON: YAML decodes numbers as int/float, JSON as float64.
	gotJSON, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if want := normal(t, doc); !reflect.DeepEqual(normal(t, json.RawMessage(gotJSON)), want) {
		t.Fatalf("YAML round trip differs:\n%s\ngot  %s", text, gotJSON)
	}
	for i, l := range tr.textLines() {
		if strings.ContainsAny(l.prefix+l.key+l.value, "\n\r\x1b") {
			t.Fatalf("line %d spans lines or holds a control: %+v", i, l)
		}
	}
}

func TestCopy(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	keys(tr, "j", "j", "j", "j") // OwnerId
	cmd := keys(tr, "y")
	clip, done := runCopy(t, cmd)
	if clip != "123456789012" || done.Path != "Reservations[0].OwnerId" || done.Bytes != 12 {
		t.Fatalf("y on a string: clipboard %q, msg %+v", clip, done)
	}
	if done.String() != "copied 12 B (Reservations[0].OwnerId)" {
		t.Fatalf("toast = %q", done.String())
	}
	keys(tr, "k", "k") // [0]
	clip, _ = runCopy(t, keys(tr, "y"))
	var sub map[string]any
	if err := json.Unmarshal([]byte(clip), &sub); err != nil || sub["OwnerId"] != "123456789012" {
		t.Fatalf("y on a container should copy JSON: %v\n%s", err, clip)
	}
	clip, done = runCopy(t, keys(tr, "Y"))
	all, _ := tr.JSON()
	if clip != string(all) || done.Path != "" || !strings.HasPrefix(done.String(), "copied ") {
		t.Fatalf("Y: %q %+v", clip, done)
	}
	if got := (CopiedMsg{Bytes: 1234}).String(); got != "copied 1.2 KiB (document)" {
		t.Fatalf("toast = %q", got)
	}
}

// runCopy runs a copy command and returns the clipboard text it sets and its CopiedMsg.
func runCopy(t *testing.T, cmd tea.Cmd) (string, CopiedMsg) {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	batch, ok := cmd().(tea.BatchMsg)
	if !ok {
		t.Fatalf("copy should batch the clipboard and the report")
	}
	var clip string
	var done CopiedMsg
	found := 0
	for _, c := range batch {
		switch m := c().(type) {
		case CopiedMsg:
			done = m
			found++
		default:
			if reflect.TypeOf(m).Kind() == reflect.String { // Bubble Tea's clipboard message
				clip = reflect.ValueOf(m).String()
				found++
			}
		}
	}
	if found != 2 {
		t.Fatalf("copy produced %d of the 2 messages", found)
	}
	return clip, done
}

func TestKeyOrderHook(t *testing.T) {
	tr := newTree(map[string]any{"b": 1.0, "a": 2.0, "Name": "x"}, 40, 5)
	tr.SetKeyOrder(func(path string, m map[string]any, keys []string) {
		// Name first, the rest reversed
		SortKeys(path, m, keys)
		for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
			keys[i], keys[j] = keys[j], keys[i]
		}
	})
	want := []string{"  b: 1", "  a: 2", `  Name: "x"`}
	if got := lineTexts(tr); !reflect.DeepEqual(got, want) {
		t.Fatalf("ordered lines = %q", got)
	}
	b, _ := tr.JSON()
	if !strings.HasPrefix(string(b), "{\n  \"b\": 1,\n  \"a\": 2,") {
		t.Fatalf("JSON ignores the order:\n%s", b)
	}
}

func TestScalarsAndOddValues(t *testing.T) {
	type custom struct{ A int }
	doc := map[string]any{
		"Typed":   map[string]string{"k": "v"},
		"Ints":    []int{1, 2},
		"Big":     make([]byte, 100),
		"Float32": float32(0.1),
		"Custom":  custom{A: 1},
		"Ptr":     (*int)(nil),
	}
	tr := newTree(doc, 60, 12)
	tr.ExpandAll()
	want := []string{
		"  Big: <100 bytes>",
		`  Custom: "{1}"`,
		"  Float32: 0.1",
		"▾ Ints: 2 items",
		"    [0]: 1",
		"    [1]: 2",
		"  Ptr: null",
		"▾ Typed: 1 key",
		`    k: "v"`,
	}
	if got := lineTexts(tr); !reflect.DeepEqual(got, want) {
		t.Fatalf("lines:\n%s", strings.Join(got, "\n"))
	}
	for _, doc := range []any{"just a string", map[string]any{}, []any{}, nil} {
		tr := newTree(doc, 30, 2)
		if tr.Len() != 1 || tr.CursorPath() != "" {
			t.Fatalf("%#v: %d lines at %q", doc, tr.Len(), tr.CursorPath())
		}
	}
}

func TestHelpListsTheKeys(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	var names []string
	for _, group := range tr.KeyMap().FullHelp() {
		for _, b := range group {
			names = append(names, b.Help().Key)
		}
	}
	got := strings.Join(names, " ")
	for _, want := range []string{"↓/j", "enter/space", "t", "y", "Y", "E", "C"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Fatalf("help lacks %q: %s", want, got)
		}
	}
}

func TestYAMLModeFindsListItemsThatHaveNoLineOfTheirOwn(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	keys(tr, "j", "j", "j", "enter", "l")
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0]" {
		t.Fatalf("at %q", got)
	}
	tr.SetMode(ModeYAML)
	if got := tr.CursorPath(); got != "Reservations[0].Instances[0].CpuCredits" {
		t.Fatalf("YAML cursor at %q, want the item's first member", got)
	}
	if l := tr.textLines()[tr.Cursor()]; l.prefix != "  - " {
		t.Fatalf("cursor line %+v", l)
	}
}

func TestMouseWheelScrolls(t *testing.T) {
	items := make([]any, 50)
	for i := range items {
		items[i] = int64(i)
	}
	tr := newTree(items, 20, 10)
	tr.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	tr.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if tr.Cursor() != 6 || tr.cur.off != 6 {
		t.Fatalf("two notches down: cursor %d offset %d", tr.Cursor(), tr.cur.off)
	}
	tr.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if tr.Cursor() != 3 || tr.cur.off != 3 {
		t.Fatalf("one notch up: cursor %d offset %d", tr.Cursor(), tr.cur.off)
	}
}

func TestTinyAndDeepDoNotBreak(t *testing.T) {
	var deep any = "leaf"
	for range 100 {
		deep = map[string]any{"k": deep}
	}
	for _, size := range [][2]int{{0, 0}, {1, 1}, {2, 3}, {5, 1}} {
		tr := newTree(deep, size[0], size[1])
		tr.ExpandAll()
		keys(tr, "G", "j", "pgdown", "t", "G", "t", "G")
		view := tr.View()
		if size[1] == 0 && view != "" {
			t.Fatalf("%v: drew %q", size, view)
		}
		for _, line := range strings.Split(ansi.Strip(view), "\n") {
			if ansi.StringWidth(line) > size[0] {
				t.Fatalf("%v: line %q too wide", size, line)
			}
		}
		if size[1] > 0 && strings.Count(view, "\n") != size[1]-1 {
			t.Fatalf("%v: %d lines", size, strings.Count(view, "\n")+1)
		}
	}
}

func TestNextMatchInEveryMode(t *testing.T) {
	tr := newTree(ec2Doc(), 60, 10)
	keys(tr, "n")
	if tr.Cursor() != 0 {
		t.Fatal("n without a filter moved the cursor")
	}
	tr.SetFilter("name") // State.Name (key), Tags[0].Key = "Name" (value), Labels.…stack-name (key)
	want := []string{
		`Reservations[0].Instances[0].Labels."aws:cloudformation:stack-name"`,
		"Reservations[0].Instances[0].State.Name",
		"Reservations[0].Instances[0].Tags[0].Key",
	}
	for mode := range []Mode{ModeTree, ModeJSON, ModeYAML} {
		tr.SetMode(Mode(mode))
		keys(tr, "g")
		for i, w := range append(want, want[0]) { // wraps around
			keys(tr, "n")
			if got := tr.CursorPath(); got != w {
				t.Fatalf("%v: n #%d at %q, want %q", Mode(mode), i+1, got, w)
			}
		}
		keys(tr, "N")
		if got := tr.CursorPath(); got != want[2] {
			t.Fatalf("%v: N at %q, want %q", Mode(mode), got, want[2])
		}
	}
}

// An SQS body holding JSON showed as "{"order":"42"}" in the tree: inner quotes and backslashes
// are now escaped as in the JSON view.
func TestTreeEscapesQuotesInStrings(t *testing.T) {
	tr := newTree(map[string]any{"Body": `{"order":"42","path":"C:\tmp"}`}, 60, 3)
	got := ansi.Strip(tr.View())
	if want := `Body: "{\"order\":\"42\",\"path\":\"C:\\tmp\"}"`; !strings.Contains(got, want) {
		t.Errorf("tree shows\n%s\nwant a line holding %s", got, want)
	}
}

// The tree's copy key was a hard-coded y although actions.copy is remappable; its help offered
// open/close in JSON mode, where they do nothing.
func TestTreeKeysFollowTheKeyMapAndTheMode(t *testing.T) {
	km := keymap.Default()
	// v is also the S3 objects page's versions key (and secrets' reveal…), which give it up and say so.
	if err := km.Apply(map[string][]string{"actions.copy": {"v"}}); err == nil || !strings.HasPrefix(err.Error(), "actions.copy takes v from objects.versions, resource.secret.reveal") {
		t.Fatal(err)
	}
	tr := New(ec2Doc(), km, StylesFrom(theme.Default(false)))
	tr.SetSize(60, 10)
	if cmd := keys(tr, "y"); cmd != nil {
		t.Error("y is no longer the copy key")
	}
	if clip, _ := runCopy(t, keys(tr, "v")); clip == "" {
		t.Error("v (actions.copy) should copy")
	}
	has := func(desc string) bool {
		for _, b := range tr.KeyMap().ShortHelp() {
			if b.Help().Desc == desc {
				return true
			}
		}
		return false
	}
	if !has("open/close") || !has("copy value") {
		t.Errorf("tree mode footer: %v", tr.KeyMap().ShortHelp())
	}
	tr.SetMode(ModeJSON)
	if has("open/close") {
		t.Error("JSON mode does not open or close nodes; the footer must not offer it")
	}
}
