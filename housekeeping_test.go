package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Issue 8's housekeeping, kept: go.mod is tidy (every requirement was once marked // indirect),
// the root model only routes (under 300 lines), and the architecture is documented in the
// repository, where the README points.
func TestHousekeeping(t *testing.T) {
	t.Run("go.mod is tidy", func(t *testing.T) {
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if p, err := exec.LookPath("go"); err == nil {
			gobin = p
		}
		cmd := exec.Command(gobin, "mod", "tidy", "-diff")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("go mod tidy -diff: %v (run go mod tidy)\n%s", err, out.String())
		}
	})
	t.Run("root model under 300 lines", func(t *testing.T) {
		src, err := os.ReadFile("tui/app.go")
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(src, []byte("\n")); n >= 300 {
			t.Errorf("tui/app.go has %d lines: the root model routes; put the work in its own file", n)
		}
	})
	t.Run("docs/ARCHITECTURE.md in the repository, linked from the README", func(t *testing.T) {
		if _, err := os.Stat("docs/ARCHITECTURE.md"); err != nil {
			t.Fatal(err)
		}
		readme, err := os.ReadFile("README.md")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "(docs/ARCHITECTURE.md)") {
			t.Error("the README does not link docs/ARCHITECTURE.md")
		}
	})
}
