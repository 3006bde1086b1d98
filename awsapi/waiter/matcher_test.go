package waiter

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// matcherCase is one acceptor and one response, with what botocore answers for it.
type matcherCase struct {
	Matcher  string         `json:"matcher"`
	Argument string         `json:"argument"`
	Expected any            `json:"expected"`
	Response map[string]any `json:"response"`
	want     bool
}

// matcherCases are the shapes a path value can take against each path matcher. pathAny and
// pathAll need a non-empty list: a scalar equal to the expected value matches neither.
var matcherCases = []matcherCase{
	{"pathAny", "State", "ok", map[string]any{"State": "ok"}, false},
	{"pathAny", "Count", 1, map[string]any{"Count": 1}, false},
	{"pathAny", "Ready", true, map[string]any{"Ready": true}, false},
	{"pathAny", "M", "x", map[string]any{"M": map[string]any{"a": "x"}}, false},
	{"pathAny", "States", "ok", map[string]any{"States": []any{"no", "ok"}}, true},
	{"pathAny", "States", "ok", map[string]any{"States": []any{"no", "no"}}, false},
	{"pathAny", "States", "ok", map[string]any{"States": []any{}}, false},
	{"pathAny", "States", "ok", map[string]any{}, false},
	{"pathAny", "States", []any{"ok"}, map[string]any{"States": []any{"ok"}}, false},
	{"pathAny", "States", []any{"ok"}, map[string]any{"States": []any{[]any{"ok"}}}, true},
	{"pathAny", "Counts", 2, map[string]any{"Counts": []any{1, 2.0}}, true},
	{"pathAll", "State", "ok", map[string]any{"State": "ok"}, false},
	{"pathAll", "Count", 1, map[string]any{"Count": 1}, false},
	{"pathAll", "States", "ok", map[string]any{"States": []any{"ok", "ok"}}, true},
	{"pathAll", "States", "ok", map[string]any{"States": []any{"ok", "no"}}, false},
	{"pathAll", "States", "ok", map[string]any{"States": []any{}}, false},
	{"path", "State", "ok", map[string]any{"State": "ok"}, true},
	{"path", "States", []any{"ok"}, map[string]any{"States": []any{"ok"}}, true},
	{"path", "States", "ok", map[string]any{"States": []any{"ok"}}, false},
	{"path", "length(States) > `0`", true, map[string]any{"States": []any{"ok"}}, true},
}

func matches(t *testing.T, c matcherCase) bool {
	t.Helper()
	acceptors, err := compileAcceptors(&model.Waiter{Acceptors: []model.Acceptor{
		{Matcher: c.Matcher, Argument: c.Argument, Expected: c.Expected, State: StateSuccess}}})
	if err != nil {
		t.Fatal(err)
	}
	ok, _ := acceptors[0].match(response{output: c.Response, view: document.Searchable(c.Response)})
	return ok
}

func TestPathMatchers(t *testing.T) {
	for _, c := range matcherCases {
		if got := matches(t, c); got != c.want {
			t.Errorf("%s %s == %v on %v: matched %v, want %v", c.Matcher, c.Argument, c.Expected, c.Response, got, c.want)
		}
	}
}

// botocoreMatches runs each case through botocore's own acceptor.
const botocoreMatches = `
import json, sys
from botocore.waiter import AcceptorConfig
out = []
for c in json.load(sys.stdin):
    a = AcceptorConfig({"matcher": c["matcher"], "argument": c["argument"], "expected": c["expected"], "state": "success"})
    out.append(bool(a.matcher_func(c["response"])))
print(json.dumps(out))
`

// TestPathMatchersAgreeWithBotocore checks the table's wants against the installed botocore.
func TestPathMatchersAgreeWithBotocore(t *testing.T) {
	in, err := json.Marshal(matcherCases)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", "-c", botocoreMatches)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		needtool.Missing(t, "python3 with botocore is needed to compare the matchers: %v", err)
	}
	var got []bool
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(matcherCases) {
		t.Fatalf("botocore answered %s (%v)", out, err)
	}
	for i, c := range matcherCases {
		if got[i] != c.want {
			t.Errorf("%s %s == %v on %v: botocore says %v, the table %v", c.Matcher, c.Argument, c.Expected, c.Response, got[i], c.want)
		}
	}
}
