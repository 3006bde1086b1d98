package tuitest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The one -update flag of every golden test. teatest's golden package registers a flag of the
// same name when it is linked in; then that one is read.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")
	}
}

// Updating reports whether -update was given.
func Updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// Golden compares got (a screen, a rendered widget) with testdata/<name>.golden; with -update it
// rewrites the file instead. The file holds got with "|" at the end of every line, so trailing
// spaces and the width of padded lines stay visible and are compared too.
func Golden(t testing.TB, name, got string) {
	t.Helper()
	got = strings.ReplaceAll(got, "\n", "|\n") + "|\n"
	path := filepath.Join("testdata", strings.TrimSuffix(name, ".golden")+".golden")
	if Updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
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
		t.Errorf("output differs from %s (go test -update rewrites it after a wanted change)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
