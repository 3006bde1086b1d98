package logtail

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Every format prints what `aws logs tail` prints, line for line, on messages that exercise its
// rules: JSON values of every kind (members in order, non-ASCII and DEL escaped, Python's floats
// and ints, NaN, lone surrogates, duplicate keys), messages that only look like JSON, trailing white space Python strips (NBSP, U+001F),
// whole and fractional seconds. The oracle runs the CLI's formatting in Python
// (testdata/tail_formats.py).
func TestFormatsMatchTheCLI(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("python3 is needed for the oracle:", err)
	}
	msgs := []string{
		`{"level":"info","n":1,"ok":true,"none":null}`,
		`{"z":1,"a":2,"m":{"nested":[1,2,{"deep":[]}],"empty":{}}}`,
		`[1, 2.5, -0, -0.0, 1e5, 1E-7, 0.0001, 0.00001, 1e16, 123456789012345678901234567890, 1.0, 3.14159265358979323846, 1e400, -1e400]`,
		`{"s":"é ü 日本 😀 \u00e9 tab\there \"q\" back\\slash /slash", "ctl":"\u0001\u001f\u007f"}`,
		`"just a string"`, `42`, `true`, `null`, `  {"padded": 1}  `,
		`{not json}`, `{"a":1} trailing`, `[1,2`, `plain text line`, `NaN?`,
		"ends with spaces   ", "ends with nbsp\u00a0", "ends with a separator\u001f", "tab at end\t",
		"multi\nline\nmessage\n", `{"a": "b"}` + "\n",
		"bell \x07 inside", "",
		// What json.loads reads and encoding/json does not: NaN and Infinity, a lone surrogate
		// escaped, a key given twice (first place, last value).
		`{"latency": NaN, "max": Infinity, "min": -Infinity}`, `{"s": "\ud800 lone", "pair": "\ud83d\ude00"}`,
		`{"level": "info", "n": 1, "level": "warn"}`,
	}
	base := time.Date(2026, 12, 4, 16, 13, 52, 0, time.UTC).UnixMilli()
	var in bytes.Buffer
	var events []Event
	for i, m := range msgs {
		ms := base + int64(i*137%1000) // whole seconds and fractions
		if i%5 == 0 {
			ms = base + int64(i)*1000
		}
		events = append(events, Event{Stream: "web-1", Time: time.UnixMilli(ms), Message: m})
		line, _ := json.Marshal(map[string]any{"timestamp": ms, "logStreamName": "web-1", "message": m})
		in.Write(append(line, '\n'))
	}
	cmd := exec.Command("python3", "testdata/tail_formats.py")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v\n%s", err, stderr.String())
	}
	var want map[string]string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{Detailed, Short, JSON} {
		var got strings.Builder
		for _, e := range events {
			got.WriteString(f.Line(e, false))
		}
		g, w := strings.Split(got.String(), "\n"), strings.Split(want[string(f)], "\n")
		for i := 0; i < max(len(g), len(w)); i++ {
			gl, wl := at(g, i), at(w, i)
			if gl != wl {
				t.Errorf("%s line %d:\n got %q\nwant %q", f, i+1, gl, wl)
				break
			}
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}
