// Package needtool decides what a test does when a tool outside Go that it needs (the aws CLI,
// python3 with botocore, bash) is missing: it skips on a developer's machine, and fails in CI
// (CI=true), where scripts/test has installed every tool, so CI can never pass by skipping.
package needtool

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// InCI reports whether the tests run in CI: the CI variable is set to a true value ("true", "1").
func InCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// Missing ends the test because something it needs is missing: a skip, or a failure in CI.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	why := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("%s (CI=true: a missing tool is a failure; scripts/test installs it)", why)
		return
	}
	t.Skip(why)
}

// Command returns the path of the named program, looked up on PATH; when it is missing the test
// ends as Missing says, with hint (how to install it) in the message.
func Command(t testing.TB, name, hint string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is needed (%s): %v", name, hint, err)
	}
	return path
}
