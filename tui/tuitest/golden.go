package tuitest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden screens in testdata/ from the current output")

// Golden compares screen with testdata/<name>.golden, trailing spaces trimmed per line; with
// -update it rewrites the file instead.
func Golden(t testing.TB, name, screen string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden %s (run go test -update to create it): %v", path, err)
	}
	if string(want) != got {
		t.Errorf("screen differs from %s (go test -update rewrites it after a wanted change)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
