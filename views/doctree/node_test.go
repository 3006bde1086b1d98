package doctree

import (
	"encoding/json"
	"math"
	"testing"
)

func TestFormatFloatMatchesEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, 1, -1.5, 0.1, 1e-7, 1e-6, 123456789, 1e20, 1e21, 1.5e300, -2.5e-10, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := formatFloat(f, 64); got != string(want) {
			t.Errorf("formatFloat(%v) = %s, encoding/json writes %s", f, got, want)
		}
		want32, _ := json.Marshal(float32(f))
		if f <= math.MaxFloat32 {
			if got := formatFloat(float64(float32(f)), 32); got != string(want32) {
				t.Errorf("formatFloat(float32 %v) = %s, encoding/json writes %s", f, got, want32)
			}
		}
	}
}

func TestFindFold(t *testing.T) {
	cases := []struct {
		s, fold    string
		start, end int
	}{
		{"OwnerId", "own", 0, 3},
		{"OwnerId", "rid", 4, 7},
		{"OwnerId", "xyz", -1, -1},
		{"Größe", "öß", 2, 6},          // same byte length in lower case: exact offsets
		{"İstanbul-x", "stan", 0, 11},  // İ lower-cases to two runes: the whole piece
		{"plain ascii", "ö", -1, -1},   // ASCII text never holds a non-ASCII needle
		{"ÜBER alles", "alles", 6, 11}, // non-ASCII text, ASCII needle
	}
	for _, c := range cases {
		start, end := findFold(c.s, c.fold)
		if start != c.start || (start >= 0 && end != c.end) {
			t.Errorf("findFold(%q, %q) = %d,%d want %d,%d", c.s, c.fold, start, end, c.start, c.end)
		}
		if got := containsFold(c.s, c.fold); got != (c.start >= 0) {
			t.Errorf("containsFold(%q, %q) = %v", c.s, c.fold, got)
		}
	}
}

func TestPathQuotesNamesThatAreNotIdentifiers(t *testing.T) {
	root := build(map[string]any{"a-b": map[string]any{"": []any{map[string]any{"ok_1": "x", "1st": "y", `q"`: "z"}}}}, nil)
	leaf := root.children[0].children[0].children[0]
	want := map[string]string{
		"1st":  `"a-b".""[0]."1st"`,
		"ok_1": `"a-b".""[0].ok_1`,
		`q"`:   `"a-b".""[0]."q\""`,
	}
	for _, c := range leaf.children {
		if got := pathOf(c); got != want[c.key] {
			t.Errorf("path of %q = %s, want %s", c.key, got, want[c.key])
		}
	}
}
