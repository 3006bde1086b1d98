// Package e2e drives the real nimbus binary in tmux, as a person would: it types keys with
// send-keys and reads the screen with capture-pane. Every byte the program writes is also
// recorded (pipe-pane), for what the screen cannot show: escape sequences, OSC 52 copies.
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// terminal is one tmux server, private to the test, running one window of 100×30.
type terminal struct {
	t      *testing.T
	socket string
	rawLog string // every byte the program wrote to the terminal
}

// nimbusBin is the binary under test, built once by TestMain with version e2eVersion.
var nimbusBin string

const e2eVersion = "v0.0.0-e2e"

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nimbus-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	nimbusBin = filepath.Join(dir, "nimbus")
	// nimbus writes to its config directory (the profiles used last): never the real one.
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	cmd := exec.Command("go", "build", "-ldflags", "-X main.version="+e2eVersion, "-o", nimbusBin, ".")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building nimbus: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func startTerminal(t *testing.T, command string) *terminal {
	t.Helper()
	return startTerminalEnv(t, []string{"NO_COLOR=1"}, command)
}

// startTerminalEnv runs command with env (besides TERM) in a new terminal, recording its output
// from the first byte: the shell waits for a line before it starts the command, and that line
// is sent once pipe-pane is in place.
func startTerminalEnv(t *testing.T, env []string, command string) *terminal {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed by the end-to-end tests: apt-get install tmux")
	}
	term := &terminal{t: t, socket: fmt.Sprintf("nimbus-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()),
		rawLog: filepath.Join(t.TempDir(), "raw")}
	args := append([]string{"new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "env", "TERM=xterm-256color"}, env...)
	term.tmux(append(args, "sh", "-c", "read go; "+command+"; sleep 30")...)
	t.Cleanup(func() { exec.Command("tmux", "-L", term.socket, "kill-server").Run() })
	term.tmux("pipe-pane", "-o", "-t", "e2e", "cat >> "+term.rawLog)
	term.keys("Enter")
	return term
}

// raw is everything the program has written to the terminal so far, escape sequences included.
func (term *terminal) raw() []byte {
	b, err := os.ReadFile(term.rawLog)
	if err != nil && !os.IsNotExist(err) {
		term.t.Fatal(err)
	}
	return b
}

// waitRaw polls the recorded output until ok holds.
func (term *terminal) waitRaw(what string, ok func([]byte) bool) []byte {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b := term.raw()
		if ok(b) {
			return b
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("waited 20s for %s in the terminal output; the screen is:\n%s", what, term.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (term *terminal) tmux(args ...string) string {
	term.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", term.socket}, args...)...).CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keys sends tmux key names ("Enter", "Escape", "j") or literal text with "-l".
func (term *terminal) keys(keys ...string) {
	term.tmux(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}

func (term *terminal) text(s string) { term.tmux("send-keys", "-t", "e2e", "-l", s) }

func (term *terminal) screen() string { return term.tmux("capture-pane", "-p", "-t", "e2e") }

// waitFor polls the screen until it holds every text.
func (term *terminal) waitFor(texts ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := term.screen()
		missing := ""
		for _, want := range texts {
			if !strings.Contains(s, want) {
				missing = want
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("waited 20s for %q on the screen:\n%s", missing, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowseDemoAsAPersonWould(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo")

	term.waitFor("DEMO", "demo-photos", "4 buckets")
	term.keys("G", "Enter") // open the last bucket
	term.waitFor("s3 › demo-photos", "2024/", "README.txt")
	term.keys("Enter") // 2024/
	term.waitFor("› 2024/", "01/")
	term.keys("Enter") // 01/
	term.waitFor("› 01/", "img-0001.jpg", "30 objects, 1 prefix")

	term.keys("/")
	term.text("0007")
	term.keys("Enter")
	s := term.waitFor(" 1 of 31 entries: 30 objects, 1 prefix", "img-0007.jpg")
	if strings.Contains(s, "img-0001.jpg") {
		t.Fatalf("the filter should hide the other objects:\n%s", s)
	}

	term.keys("Enter") // open the object
	term.waitFor("› img-0007.jpg", "Content type", "image/jpeg", "hex dump")

	term.keys("Escape") // back to the filtered listing
	term.waitFor("› 01/", "img-0007.jpg", "/0007")
	if strings.Contains(term.screen(), "Content type") {
		t.Fatal("esc should have closed the object page")
	}

	term.keys(":")
	term.text("region eu-west-1")
	term.keys("Enter")
	s = term.waitFor("· eu-west-1", "› 01/", " 1 of 31 entries: 30 objects, 1 prefix", "img-0007.jpg")
	if strings.Contains(s, "us-east-1") {
		t.Fatalf("the header should show the new region only:\n%s", s)
	}

	term.keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(term.screen(), "DEMO") {
		if time.Now().After(deadline) {
			t.Fatalf("q did not quit:\n%s", term.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sgr matches a Select Graphic Rendition sequence; its parameters are the first group.
var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// setsRed reports whether an SGR parameter list turns the foreground to ANSI red (31); the
// arguments of extended colours (38;5;N, 38;2;R;G;B) are skipped.
func setsRed(params string) bool {
	ps := strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' })
	for i := 0; i < len(ps); i++ {
		switch ps[i] {
		case "38", "48", "58":
			if i+1 < len(ps) && ps[i+1] == "5" {
				i += 2
			} else if i+1 < len(ps) && ps[i+1] == "2" {
				i += 4
			}
		case "31":
			return true
		}
	}
	return false
}

// TestControlSequencesInKeysAreEscaped reads the bytes the program wrote, not the screen:
// capture-pane interprets escape sequences, so a raw ESC could never show there. Colours are on
// (nimbus's theme uses only extended colours), so a plain red foreground (SGR 31) can only come
// from the key's own sequence.
func TestControlSequencesInKeysAreEscaped(t *testing.T) {
	term := startTerminalEnv(t, nil, nimbusBin+" --demo")
	term.waitFor("demo-assets")
	term.keys("Enter") // demo-assets is first
	term.waitFor("weird/")
	term.keys("G", "Enter") // weird/, the last prefix
	term.waitFor(`\x1b[31m`)
	term.keys("Enter") // the object: its key is in the breadcrumbs and the details too
	term.waitFor("Content type", "red-alert")
	raw := term.waitRaw("the escaped key", func(b []byte) bool { return bytes.Contains(b, []byte(`\x1b[31m`)) })
	if bytes.Contains(raw, []byte("\x1b[31m")) {
		t.Fatal("the key's escape sequence reached the terminal raw")
	}
	for _, m := range sgr.FindAllSubmatch(raw, -1) {
		if setsRed(string(m[1])) {
			t.Fatalf("the terminal was told to turn red (%q): the key drove it", m[0])
		}
	}
}
