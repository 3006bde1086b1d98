package resource

import (
	"reflect"
	"testing"
	"time"
)

// TestFastPathsAgreeWithTheInterpreter evaluates the expressions that skip the interpreter both
// ways over awkward documents.
func TestFastPathsAgreeWithTheInterpreter(t *testing.T) {
	docs := []any{
		nil, "text", []any{1}, map[string]any{},
		map[string]any{"Tags": "not a list"},
		map[string]any{"Tags": []any{"x", nil, map[string]any{"Key": "Name"}}},
		map[string]any{"Tags": []any{map[string]any{"Key": "Name", "Value": nil}, map[string]any{"Key": "Name", "Value": "second"}}},
		map[string]any{"Tags": []any{map[string]any{"Key": "env", "Value": "prod"}, map[string]any{"Key": "Name", "Value": "web"}}},
		map[string]any{"Tags": []any{map[string]any{"Key": int64(1), "Value": "num"}}},
		map[string]any{"A": map[string]any{"B": map[string]any{"C": time.Unix(5, 0)}}},
		map[string]any{"A": map[string]any{"B": "leaf"}},
	}
	for _, src := range []string{"Tags[?Key=='Name'].Value | [0]", "A.B.C", "A.B", "A"} {
		e, err := compileExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		if e.path == nil && e.match == nil {
			t.Fatalf("%s: no fast path", src)
		}
		for _, doc := range docs {
			got, err := e.search(doc)
			if err != nil {
				t.Fatal(err)
			}
			want, err := e.prog.Search(doc)
			if err != nil {
				want = nil // the interpreter errors where a lookup gives nothing
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s over %v: fast path %v, interpreter %v", src, doc, got, want)
			}
		}
	}
	for _, src := range []string{"Tags[?Key=='Name'].Value | [1]", "Tags[?Key==`1`].Value | [0]", "Tags[?Key=='Name'].Value"} {
		e, _ := compileExpr(src)
		if e.match != nil {
			t.Errorf("%s took the first-match fast path", src)
		}
	}
}
