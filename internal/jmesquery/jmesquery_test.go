package jmesquery

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/jmespath-community/go-jmespath"
)

var data = map[string]any{"a": []any{1.0, 2.0}, "s": "str", "n": 5.0, "o": map[string]any{"k": "v"},
	"objs": []any{map[string]any{"x": map[string]any{}}, map[string]any{"x": 1.0}}}

// Before, a type error read `invalid type for: 5, expected: []functions.JpType{"string", "array",
// "object"}`: no function, no argument, Go syntax.
func TestTypeErrorsNameFunctionAndArgument(t *testing.T) {
	cases := map[string]string{
		"length(n)":         `length(): argument 1 is a number (5), expected a string, an array or an object`,
		"contains(n, `1`)":  `contains(): argument 1 is a number (5), expected an array or a string`,
		"sum(s)":            `sum(): argument 1 is a string ("str"), expected an array of numbers`,
		"starts_with(s, n)": `starts_with(): argument 2 is a number (5), expected a string`,
		"keys(a)":           `keys(): argument 1 is an array ([1,2]), expected an object`,
		"merge(o, a)":       `merge(): argument 2 is an array ([1,2]), expected an object`,
		"sort_by(objs, &x)": `sort_by(): `,
		"nope(a)":           `unknown function: nope`,
		"length(a, a)":      `the function 'length' expects at most 1 arguments`,
		"sort_by(objs, n)":  `sort_by(): argument 2 is a number (5), expected an expression (&field)`,
		"abs(o)":            `abs(): argument 1 is an object ({"k":"v"}), expected a number`,
	}
	for expr, want := range cases {
		q, err := Compile(expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		_, err = q.Search(data)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "JpType") {
			t.Errorf("%s: %v\nwant %q", expr, err, want)
		}
	}
}

func TestSyntaxErrorSaysWhere(t *testing.T) {
	_, err := Compile("a[?")
	if err == nil || !strings.Contains(err.Error(), "at column 4") {
		t.Errorf("%v", err)
	}
}

// The wrapped functions answer as the library's own on good input.
func TestSameResultsAsTheLibrary(t *testing.T) {
	for _, expr := range []string{"length(a)", "sum(a)", "max(a)", "sort(a)", "keys(o)", "join(',', ['x','y'])",
		"sort_by(objs, &to_string(x))[0]", "contains(s, 'tr')", "to_number('7')", "merge(o, `{\"z\":1}`)",
		"map(&length(to_string(@)), a)", "not_null(missing, n)", "type(o)", "avg(a)", "reverse(s)", "min_by(objs, &to_string(x))"} {
		want, werr := jmespath.Search(expr, data)
		q, err := Compile(expr)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		got, gerr := q.Search(data)
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, %v; the library: %v, %v", expr, got, gerr, want, werr)
		}
	}
}

// Literals between backticks that are not JSON are strings, as jmespath.py (so the AWS CLI) reads
// them: `running` is "running", the form the AWS docs use everywhere. Before, the library's
// "invalid character 'r' looking for beginning of value" refused them. JSON literals keep their
// type, and backticks inside quoted identifiers and raw strings are text.
func TestBacktickLiteralsAsTheAWSCLIReadsThem(t *testing.T) {
	data := map[string]any{
		"Instances": []any{
			map[string]any{"Id": "i-1", "State": map[string]any{"Name": "running"}, "Count": 2.0, "Tags": []any{"a b"}},
			map[string]any{"Id": "i-2", "State": map[string]any{"Name": "stopped"}, "Count": 1.0, "Tags": []any{}},
		},
		"we`ird": "field",
	}
	for _, tc := range []struct{ expr, want string }{
		{"Instances[?State.Name==`running`].Id", `["i-1"]`},
		{"Instances[?State.Name == ` running`].Id", `["i-1"]`}, // jmespath.py drops the leading spaces
		{"Instances[?Count==`2`].Id", `["i-1"]`},               // JSON: a number, not "2"
		{"Instances[?Count==`\"2\"`].Id", `[]`},
		{"Instances[?contains(Tags, `a b`)].Id", `["i-1"]`},
		{"`true`", `true`},
		{"`[1, 2]`", `[1,2]`},
		{"`it\\`s`", "\"it`s\""},
		{"\"we`ird\"", `"field"`},
		{"'a`b'", "\"a`b\""},
		{"[`x`, 'y`z', `{\"k\": 1}`]", "[\"x\",\"y`z\",{\"k\":1}]"},
	} {
		q, err := Compile(tc.expr)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		got, err := q.Search(data)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if b, _ := json.Marshal(got); string(b) != tc.want {
			t.Errorf("%s = %s, want %s", tc.expr, b, tc.want)
		}
	}
	if _, err := Compile("Instances[?Name==`open"); err == nil {
		t.Error("an unterminated literal compiled")
	}
}
