package needtool

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that records how a test ended instead of ending it.
type recorder struct {
	testing.TB
	ended string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.ended = "fail: " + fmt.Sprintf(format, args...)
}
func (r *recorder) Skip(args ...any) { r.ended = "skip: " + fmt.Sprint(args...) }

func TestMissingSkipsLocallyAndFailsInCI(t *testing.T) {
	for _, c := range []struct {
		ci   string
		want string
	}{
		{"", "skip"},
		{"false", "skip"},
		{"0", "skip"},
		{"true", "fail"},
		{"1", "fail"},
		{"TRUE", "fail"},
	} {
		t.Setenv("CI", c.ci)
		r := &recorder{TB: t}
		Missing(r, "aws is needed")
		if got := r.ended; len(got) < len(c.want) || got[:len(c.want)] != c.want {
			t.Errorf("CI=%q: the test ended with %q, want %s", c.ci, got, c.want)
		}
	}
}

func TestCommand(t *testing.T) {
	t.Setenv("CI", "true")
	r := &recorder{TB: t}
	if path := Command(r, "sh", "apt-get install dash"); path == "" || r.ended != "" {
		t.Errorf("Command(sh) = %q, ended %q", path, r.ended)
	}
	r = &recorder{TB: t}
	Command(r, "nimbus-no-such-tool", "pip install nothing")
	if want := "fail: nimbus-no-such-tool is needed (pip install nothing)"; len(r.ended) < len(want) || r.ended[:len(want)] != want {
		t.Errorf("Command(missing) ended %q, want it to start with %q", r.ended, want)
	}
}
