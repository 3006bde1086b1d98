package pyjson

import (
	"os/exec"
	"strings"
	"testing"
)

// TestWritesWhatPythonWrites compares with json.dumps of the installed python3, byte for byte.
func TestWritesWhatPythonWrites(t *testing.T) {
	cases := []string{"", "plain", `quote " and \ slash /`, "tab\tnl\nret\r bs\b ff\f", "\x00\x1f\x7f",
		"é ü ✓", "emoji 😀", "<html>&amp;"}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to compare with json.dumps: install it")
	}
	for _, s := range cases {
		cmd := exec.Command(py, "-c", "import json,sys; sys.stdout.write(json.dumps(sys.stdin.buffer.read().decode()))")
		cmd.Stdin = strings.NewReader(s)
		want, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := String(s); got != string(want) {
			t.Errorf("String(%q) = %s, json.dumps writes %s", s, got, want)
		}
	}
}
