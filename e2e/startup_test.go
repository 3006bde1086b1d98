package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// In tmux, detecting the colour profile runs `tmux info`: a process, milliseconds before the
// first frame. Lip Gloss does it once while the packages initialise; the TUI hands that answer
// to Bubble Tea instead of detecting again (it did, on a goroutine the first frame waited for).
// A tmux first on PATH logs every `tmux info` and runs the real one.
func TestColourProfileDetectedOnce(t *testing.T) {
	real, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatal("tmux is needed by the end-to-end tests: apt-get install tmux")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "calls")
	script := "#!/bin/sh\n[ \"$1\" = info ] && echo info >> '" + log + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "tmux"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// Colours on and no COLORTERM: the detection goes as far as asking tmux.
	term := startTerminalEnv(t, []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "COLORTERM="}, nimbusBin+" --demo")
	term.waitFor("demo-photos", "4 buckets")
	calls, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("no `tmux info` at all: the test no longer reaches tmux's detection: %v", err)
	}
	if n := bytes.Count(calls, []byte("info\n")); n != 1 {
		t.Errorf("`tmux info` ran %d times before the first frame, want 1", n)
	}
}
