package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// Production you cannot mistake, as a person sees it: nimbus's config.yaml makes prod-* read-only
// and red; switching there shows READ-ONLY in a header drawn apart (reverse video without
// colours); :writable asks for the name typed out; the profile list then has prod-web on top.
func TestReadOnlyProfileFromNimbusConfig(t *testing.T) {
	srv := motoserver.StartShared(t)
	dir := t.TempDir()
	xdg := filepath.Join(dir, "xdg")
	os.MkdirAll(filepath.Join(xdg, "nimbus"), 0o700)
	os.WriteFile(filepath.Join(xdg, "nimbus", "config.yaml"), []byte("profiles:\n  prod-*:\n    readonly: true\n    color: red\n"), 0o600)
	config := filepath.Join(dir, "config")
	os.WriteFile(config, []byte("[profile dev]\naws_access_key_id = testing\naws_secret_access_key = testing\nregion = eu-west-1\n"+
		"[profile prod-web]\naws_access_key_id = testing\naws_secret_access_key = testing\nregion = us-east-2\n"), 0o600)
	term := startTerminal(t, "env XDG_CONFIG_HOME="+xdg+" AWS_CONFIG_FILE="+config+" AWS_SHARED_CREDENTIALS_FILE=/dev/null HOME="+dir+
		" AWS_ENDPOINT_URL="+srv.URL+" "+nimbusBin+" --profile dev")
	term.waitFor("dev · eu-west-1")
	if strings.Contains(term.screen(), "READ-ONLY") {
		t.Fatalf("dev is writable:\n%s", term.screen())
	}
	term.keys(":")
	term.text("profile prod-web")
	term.keys("Enter")
	term.waitFor("prod-web · us-east-2", "READ-ONLY")
	term.waitRaw("the header in reverse video", func(b []byte) bool { return strings.Contains(string(b), "\x1b[7m") })
	term.keys(":")
	term.text("writable")
	term.keys("Enter")
	term.waitFor("Allow changes in profile prod-web?", "Type the profile name")
	// The dialog ignores keys for its first moments, by design: type x until one is taken
	// (the field starts empty), then clear what was taken.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(term.screen(), "> x") {
		if time.Now().After(deadline) {
			t.Fatalf("the dialog never took a key:\n%s", term.screen())
		}
		term.text("x")
		time.Sleep(100 * time.Millisecond)
	}
	for range 10 {
		term.keys("BSpace")
	}
	if !term.poll(func(s string) bool { return !strings.Contains(s, "> x") }) {
		t.Fatalf("backspace did not empty the field:\n%s", term.screen())
	}
	term.text("prod-web")
	term.keys("Enter")
	term.waitFor("prod-web allows changes until nimbus quits")
	if strings.Contains(strings.SplitN(term.screen(), "\n", 2)[0], "READ-ONLY") {
		t.Fatalf("the header still says READ-ONLY:\n%s", term.screen())
	}
	term.keys("P")
	term.waitFor("PROFILE", "CHAIN")
	lines := strings.Split(term.screen(), "\n")
	for _, l := range lines {
		if strings.Contains(l, "prod-web") && strings.Contains(l, "static") {
			break
		}
		if strings.Contains(l, "dev ") && strings.Contains(l, "static") {
			t.Fatalf("the profile used last (prod-web) should come first:\n%s", term.screen())
		}
	}
}
