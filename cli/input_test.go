package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseInputSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "in.json")
	if err := os.WriteFile(file, []byte(`{"TableName": "from-file"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.WriteFile(filepath.Join(home, "home.json"), []byte(`{"TableName": "from-home"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, inline, file string
		want               map[string]any
	}{
		{name: "nothing", want: map[string]any{}},
		{name: "inline", inline: `{"TableName": "t", "Limit": 5}`, want: map[string]any{"TableName": "t", "Limit": json.Number("5")}},
		{name: "blank inline", inline: "  \n", want: map[string]any{}},
		{name: "file scheme", inline: "file://" + file, want: map[string]any{"TableName": "from-file"}},
		{name: "input file", file: file, want: map[string]any{"TableName": "from-file"}},
		{name: "home in scheme", inline: "file://~/home.json", want: map[string]any{"TableName": "from-home"}},
		{name: "home in file", file: "~/home.json", want: map[string]any{"TableName": "from-home"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseInput(tc.inline, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseInput(%q, %q) = %#v, want %#v", tc.inline, tc.file, got, tc.want)
			}
		})
	}
}

func TestParseInputKeepsBigIntegersExact(t *testing.T) {
	got, err := ParseInput(`{"Key": {"id": {"N": 1}}, "Big": 123456789012345678901234567890, "Exact": 9007199254740993}`, "")
	if err != nil {
		t.Fatal(err)
	}
	if got["Big"] != json.Number("123456789012345678901234567890") || got["Exact"] != json.Number("9007199254740993") {
		t.Errorf("numbers were not kept as written: %#v %#v", got["Big"], got["Exact"])
	}
}

func TestParseInputErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, inline, file string
		wantParts          []string
	}{
		{name: "both", inline: "{}", file: empty, wantParts: []string{"--input or --input-file, not both"}},
		{name: "syntax", inline: "{\n  \"TableName\": \"t\",\n  oops\n}", wantParts: []string{"--input is not valid JSON", "line 3, column 3"}},
		{name: "unterminated", inline: `{"TableName": "t"`, wantParts: []string{"not valid JSON", "ends before the object is closed"}},
		{name: "array", inline: `[1, 2]`, wantParts: []string{"must be a JSON object", "not an array"}},
		{name: "string", inline: `"t"`, wantParts: []string{"not a string"}},
		{name: "two objects", inline: `{} {}`, wantParts: []string{"unexpected data after the object", "line 1, column 4"}},
		{name: "missing file", file: filepath.Join(dir, "nope.json"), wantParts: []string{"reading the input", "nope.json"}},
		{name: "missing file scheme", inline: "file://" + filepath.Join(dir, "nope.json"), wantParts: []string{"nope.json"}},
		{name: "empty file", file: empty, wantParts: []string{"empty.json is empty"}},
		{name: "syntax in file", inline: "", file: writeTemp(t, dir, "bad.json", `{"a": tru}`), wantParts: []string{"bad.json is not valid JSON", "line 1, column"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseInput(tc.inline, tc.file)
			if err == nil {
				t.Fatalf("ParseInput(%q, %q) = %v, want an error", tc.inline, tc.file, got)
			}
			for _, part := range tc.wantParts {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not say %q", err, part)
				}
			}
		})
	}
}

func writeTemp(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLineColumn(t *testing.T) {
	data := []byte("ab\ncde\nf")
	for _, tc := range []struct {
		offset    int64
		line, col int
	}{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {7, 3, 1}, {100, 3, 2}} {
		line, col := lineColumn(data, tc.offset)
		if line != tc.line || col != tc.col {
			t.Errorf("lineColumn(%d) = %d:%d, want %d:%d", tc.offset, line, col, tc.line, tc.col)
		}
	}
}
