// Package e2e drives the real nimbus binary in tmux, as a person would: it types keys with
// send-keys and reads the screen with capture-pane.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// terminal is one tmux server, private to the test, running one window of 100×30.
type terminal struct {
	t      *testing.T
	socket string
}

// nimbusBin is the binary under test, built once by TestMain.
var nimbusBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nimbus-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	nimbusBin = filepath.Join(dir, "nimbus")
	cmd := exec.Command("go", "build", "-o", nimbusBin, ".")
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
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is needed by the end-to-end tests: apt-get install tmux")
	}
	term := &terminal{t: t, socket: fmt.Sprintf("nimbus-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	term.tmux("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30",
		"env", "TERM=xterm-256color", "NO_COLOR=1", "sh", "-c", command+"; sleep 30")
	t.Cleanup(func() { exec.Command("tmux", "-L", term.socket, "kill-server").Run() })
	return term
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
	term.waitFor("› 01/", "img-0001.jpg", "31 objects")

	term.keys("/")
	term.text("0007")
	term.keys("Enter")
	s := term.waitFor(" 1 of 31 objects", "img-0007.jpg")
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
	s = term.waitFor("· eu-west-1", "› 01/", " 1 of 31 objects", "img-0007.jpg")
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

func TestControlSequencesInKeysAreEscaped(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo")
	term.waitFor("demo-assets")
	term.keys("Enter") // demo-assets is first
	term.waitFor("weird/")
	term.keys("G", "Enter")
	s := term.waitFor(`\x1b[31m`)
	if strings.Contains(s, "\x1b") {
		t.Fatalf("a raw ESC reached the terminal:\n%q", s)
	}
}
