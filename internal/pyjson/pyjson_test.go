package pyjson

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// python runs f, a Python function of one str, on each input in one python3 process (the inputs
// go as a JSON list, the answers come back as one).
func python(t *testing.T, f string, inputs []string) []string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to compare with json.dumps: install it")
	}
	in, err := json.Marshal(inputs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", "import json,sys\n"+f+"\nsys.stdout.write(json.dumps([f(s) for s in json.loads(sys.stdin.buffer.read())]))")
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var answers []string
	if err := json.Unmarshal(out, &answers); err != nil || len(answers) != len(inputs) {
		t.Fatalf("python3 answered %s (%v)", out, err)
	}
	return answers
}

// TestWritesWhatPythonWrites compares with json.dumps of the installed python3, byte for byte:
// strings as the role-cache key writes them, and documents as logs tail --format json rewrites
// a message (json.dumps(json.loads(msg), indent=4)), where json.loads reads NaN and Infinity,
// keeps escaped lone surrogates and lets a key given twice keep its first place and last value.
func TestWritesWhatPythonWrites(t *testing.T) {
	cases := []string{"", "plain", `quote " and \ slash /`, "tab\tnl\nret\r bs\b ff\f", "\x00\x1f\x7f",
		"é ü ✓", "emoji 😀", "<html>&amp;"}
	for i, want := range python(t, "def f(s): return json.dumps(s)", cases) {
		s := cases[i]
		if got := String(s); got != want {
			t.Errorf("String(%q) = %s, json.dumps writes %s", s, got, want)
		}
	}

	docs := []string{
		`{"a": NaN, "b": Infinity, "c": -Infinity, "d": [NaN, -Infinity, 1e400, -1e400]}`,
		`NaN`, `-Infinity`, `Infinity `, `nan`, `-NaN`, `+Infinity`, `-Inf`, `[Infinity1]`,
		`"\ud800"`, `{"lone": "\udc00 low, \ud83d high then text", "pair": "\ud83d\ude00", "mixed": "\uD83D\uDE00\ud83d"}`,
		`["\ud800\ud800", "\u0041\u00e9\u007f\u0000\u001f\u0022\u005c\u002f"]`,
		`{"a": 1, "b": 2, "a": 3}`, `{"k": {"x": 1}, "j": [], "k": [2, {"k": 1, "k": {}}]}`, `{"\u0061": 1, "a": 2}`,
		`{"z": 1, "a": {"nested": [1, 2.5, -0, -0.0, 1E-7, 0.0001, 1e16, 123456789012345678901234567890]}, "e": {}}`,
		`[1.5e300, 5e-324, 1e-400, -1e-400, 0.1, 100.0, 1e22, 12345678901234567.0]`,
		` [ ] `, "\t{}\r\n", `[]x`, `[1,]`, `{"a" 1}`, `{"a":1,}`, `{a:1}`, `[01]`, `[1.]`, `[.5]`, `[1e]`, `[-]`, `[- 1]`,
		`"tab	raw"`, `"\x"`, `"\u12"`, `"\u12g4"`, `"unterminated`, `"ok" "extra"`, `true false`, `nul`, `TRUE`,
		"\ufeff[1]", `"é ü 日本 😀 raw"`, `{"bell": "` + "\x7f" + `"}`,
		strings.Repeat("[", 50) + strings.Repeat("]", 50),
		strings.Repeat("9", 4300), "-" + strings.Repeat("9", 4300), strings.Repeat("9", 4301),
	}
	const program = `def f(s):
    try:
        return json.dumps(json.loads(s), indent=4)
    except json.decoder.JSONDecodeError:
        return "<not JSON>"
    except ValueError:
        return "<raises>"`
	for i, want := range python(t, program, docs) {
		d := docs[i]
		got, ok := Reindent(d, 4)
		if !ok {
			got = "<not JSON>"
			if want == "<raises>" { // the CLI stops with a traceback; printing the message as it is will do
				continue
			}
		}
		if got != want {
			t.Errorf("Reindent(%.80q)\n got %.300s\nwant %.300s", d, got, want)
		}
	}
}
