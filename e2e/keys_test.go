package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startTyped is startTerminal with keys typed ahead: they reach the terminal in the same write
// as the Enter that starts nimbus, so they wait in the terminal's line buffer, translated as a
// line-mode terminal does (Enter becomes LF), before nimbus has even started.
func startTyped(t *testing.T, command string, ahead ...string) *terminal {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed by the end-to-end tests: apt-get install tmux")
	}
	term := &terminal{t: t, socket: fmt.Sprintf("nimbus-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()),
		rawLog: filepath.Join(t.TempDir(), "raw")}
	term.tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "env", "TERM=xterm-256color", "NO_COLOR=1",
		"sh", "-c", "read go; "+command+"; sleep 30")
	t.Cleanup(func() { exec.Command("tmux", "-L", term.socket, "kill-server").Run() })
	term.tmux("pipe-pane", "-o", "-t", "e2e", "cat >> "+term.rawLog)
	term.keys(append([]string{"Enter"}, ahead...)...)
	return term
}

// The keys of ":region eu-west-1⏎" typed while nimbus starts arrive before the terminal is in raw
// mode: the Enter is an LF (ctrl+j), which the command bar must take as enter.
func TestCommandTypedBeforeTheFirstFrameRuns(t *testing.T) {
	term := startTyped(t, nimbusBin+" --demo", ":region eu-west-1", "Enter")
	s := term.waitFor("DEMO", "demo-photos")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(s, "· eu-west-1") {
		if time.Now().After(deadline) {
			t.Fatalf("the command typed at launch did not run:\n%s", s)
		}
		time.Sleep(50 * time.Millisecond)
		s = term.screen()
	}
	if strings.Contains(s, ":region") {
		t.Errorf("the command should have left the bar:\n%s", s)
	}
}

// ":ec2⏎" at launch: the resource commands load after the first frame, so the line may name one
// before it is known; it runs once it is (issue 8's repro, on the demo's S3-only server).
func TestResourceCommandTypedBeforeTheFirstFrameRuns(t *testing.T) {
	term := startTyped(t, nimbusBin+" --demo", ":ec2", "Enter")
	s := term.waitFor("DEMO", "instances")
	if strings.Contains(s, "unknown command") || strings.Contains(s, ":ec2") {
		t.Fatalf("the command typed at launch should have opened the instances:\n%s", s)
	}
}

// Esc and : sent in one write are read as alt+: by the terminal decoder; nimbus must take them as
// what was typed: back, then the command bar. Keys sent one at a time afterwards work as always.
func TestEscThenColonInOneBurst(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo")
	term.waitFor("DEMO", "demo-photos", "4 buckets")
	term.keys("G")
	term.keys("Enter")
	term.waitFor("s3 › demo-photos", "README.txt")

	term.keys("Escape", ":") // one send-keys: one write to the terminal
	term.waitFor("4 buckets")
	for _, k := range []string{"r", "e", "g", "i", "o", "n", "Space", "e", "u", "-", "w", "e", "s", "t", "-", "1"} {
		term.keys(k)
	}
	s := term.waitFor(":region eu-west-1")
	term.keys("Enter")
	s = term.waitFor("· eu-west-1", "4 buckets")
	if strings.Contains(s, "s3 › demo-photos") {
		t.Fatalf("the Esc should have gone back to the buckets:\n%s", s)
	}
}

// Issue 8 #11: Esc and P in one write are ESC P, the start of a DCS string, to the terminal
// decoder, which read them as an alt+shift+p nimbus dropped: the Esc and the P were both lost.
// They are what was typed: back to the buckets, then the profile picker.
func TestEscThenCapitalPInOneBurst(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo")
	term.waitFor("DEMO", "demo-photos", "4 buckets")
	term.keys("G")
	term.keys("Enter")
	term.waitFor("s3 › demo-photos", "README.txt")

	term.keys("Escape", "P") // one send-keys: one write to the terminal
	s := term.waitFor("4 buckets", "2 profiles", "demo-prod")
	if strings.Contains(s, "s3 › demo-photos") {
		t.Fatalf("the Esc should have gone back to the buckets:\n%s", s)
	}
}

// Esc, _ and : in one write begin an APC string that never ends; the decoder handed the three
// keys over as one unknown sequence, and they were lost. They are Esc (back), _ (nothing
// here) and : (the command bar).
func TestEscThenAnUnterminatedSequenceInOneBurst(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo")
	term.waitFor("DEMO", "demo-photos", "4 buckets")
	term.keys("G")
	term.keys("Enter")
	term.waitFor("s3 › demo-photos", "README.txt")

	term.keys("Escape", "_", ":")
	term.waitFor("4 buckets")
	for _, k := range []string{"r", "e", "g", "i", "o", "n", "Space", "e", "u", "-", "w", "e", "s", "t", "-", "1"} {
		term.keys(k)
	}
	term.waitFor(":region eu-west-1")
	term.keys("Enter")
	s := term.waitFor("· eu-west-1", "4 buckets")
	if strings.Contains(s, "s3 › demo-photos") {
		t.Fatalf("the Esc should have gone back to the buckets:\n%s", s)
	}
}

// A page's own key is a key-map binding like any other: tree.mode remapped in the key file
// switches the describe document to JSON on the new key, t no longer does, and the footer and `?`
// name the new key (the tree's keys were its own, out of the user's reach).
func TestKeysFileRemapsAPagesOwnKey(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(file, []byte(`{"tree.mode": ["M"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, nimbusBin+" --demo --keys "+file)
	term.waitFor("DEMO", "demo-photos", "4 buckets")
	term.keys("G")
	term.keys("Enter")
	term.waitFor("s3 › demo-photos", "README.txt")
	term.keys("G")
	term.keys("d")
	s := term.waitFor("demo-photos › README.txt", "AcceptRanges:", "M tree/json/yaml")
	term.keys("t") // no longer the mode key: had it gone to JSON, M would go on to YAML
	term.keys("M")
	s = term.waitFor(`"AcceptRanges": "bytes",`)
	term.keys("?")
	s = term.waitFor("tree/json/yaml")
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "tree/json/yaml") && !strings.HasPrefix(strings.TrimSpace(l), "M ") {
			t.Errorf("the help should name M for tree/json/yaml: %q", l)
		}
	}
}

// A resource action's key moves in the key file at the documented path (~/.config/nimbus/
// keys.json): footer, help, the actions menu and the key itself follow it together, and a page
// key moved onto an action's key is reported by name. The action keys came from the
// definitions only: the name was refused as unknown.
func TestKeysFileRemapsAResourceAction(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, ".config", "nimbus")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	keys := `{"resource.instance.stop": ["K"], "resource.instance.metrics": ["ctrl+o"], "table.sort": ["X"]}`
	if err := os.WriteFile(filepath.Join(dir, "keys.json"), []byte(keys), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startTerminalEnv(t, []string{"NO_COLOR=1", "HOME=" + home, "XDG_CONFIG_HOME="}, nimbusBin+" --demo")
	term.waitFor("4 buckets", "table.sort takes X from")
	term.keys(":")
	term.text("ec2")
	term.keys("Enter")
	s := term.waitFor("instances", "dev-web-1")
	if !strings.Contains(s, "ctrl+o metrics") {
		t.Errorf("the footer should offer the remapped metrics key:\n%s", s)
	}
	term.keys("?")
	s = term.waitFor("instances keys")
	for _, want := range []string{"K       stop", "ctrl+o  metrics"} {
		if !strings.Contains(s, want) {
			t.Errorf("the help lacks %q:\n%s", want, s)
		}
	}
	term.keys("Escape")
	term.keys("a")
	s = term.waitFor("OPERATION", "StopInstances")
	if !regexp.MustCompile(`stop\s+K\s+StopInstances`).MatchString(s) {
		t.Errorf("the actions menu should show K for stop:\n%s", s)
	}
	term.keys("Escape")
	if !term.poll(func(s string) bool { return !strings.Contains(s, "OPERATION") }) {
		t.Fatalf("esc did not close the actions menu:\n%s", term.screen())
	}
	term.keys("K")
	term.waitFor("Stop dev-web-1")
}

// Esc on a dialog and the next key sent in one write: the key reached the dialog, which was still
// closing, and was lost; it now does what it does on the page.
func TestKeyRightAfterEscOnADialogReachesThePage(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo")
	term.waitFor("DEMO", "demo-assets", "4 buckets")
	term.keys("a")
	term.waitFor("OPERATION", "DeleteBucket")
	term.keys("Escape", "d") // one send-keys: one write to the terminal
	s := term.waitFor("s3 › demo-assets", "CreationDate")
	if strings.Contains(s, "OPERATION") {
		t.Fatalf("the actions menu should be gone:\n%s", s)
	}
}
