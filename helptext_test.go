package main

import (
	"strings"
	"testing"
)

// TestHelpSaysWhatTheDemoAndLoginDo keeps --help in step with the README: the demo is a whole
// small AWS (not an S3 server), and login opens the browser with an authorization code, the
// device code being the fallback.
func TestHelpSaysWhatTheDemoAndLoginDo(t *testing.T) {
	_, out, errOut := runNimbus(t, "--help")
	help := strings.Join(strings.Fields(out+errOut), " ")
	for _, stale := range []string{"S3-compatible server", "in the browser (device code)"} {
		if strings.Contains(help, stale) {
			t.Errorf("--help still says %q", stale)
		}
	}
	for _, want := range []string{"--demo", "built-in demo", "login"} {
		if !strings.Contains(help, want) {
			t.Errorf("--help does not say %q", want)
		}
	}
}
