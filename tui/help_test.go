package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// helpApp is an app at 120×35 with as many commands as nimbus registers, so the help is longer
// than the screen.
func helpApp(t *testing.T, keys keymap.KeyMap) *App {
	t.Helper()
	cmds := NewCommands()
	noop := func(Session, []string) tea.Cmd { return nil }
	cmds.Add(Command{Name: "s3", Aliases: []string{"buckets"}, Usage: "s3 [BUCKET[/PREFIX]]", Help: "browse S3 buckets", Run: noop})
	cmds.Add(Command{Name: "services", Aliases: []string{"svc", "api"}, Help: "every AWS service", Run: noop})
	for i := range 40 {
		cmds.Add(Command{Name: fmt.Sprintf("type-%02d", i), Help: fmt.Sprintf("resource type %d (svc)", i), Run: noop})
	}
	cmds.Add(Command{Name: "quit", Aliases: []string{"q", "exit"}, Help: "leave nimbus", Run: noop})
	a := New(Options{
		Session: Session{Profile: "dev", Region: "eu-west-1"},
		Keys:    keys, Styles: NewStyles(true), Commands: cmds,
		Start: func(Session) Page { return newFakePage("instances") },
	})
	a.Init()
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
	return a
}

func press(a *App, keys ...string) {
	for _, k := range keys {
		a.Update(tuitest.KeyPress(k))
	}
}

func screen(a *App) string { return ansi.Strip(a.Render()) }

// Issue 8 #5: at 120×35 the help was cut after the first screenful and could not scroll.
func TestHelpScrollsToTheLastCommand(t *testing.T) {
	a := helpApp(t, keymap.Default())
	press(a, "?")
	tuitest.Golden(t, "help-top", screen(a))
	if strings.Contains(screen(a), ":quit") {
		t.Fatal("the test needs help longer than the screen")
	}
	press(a, "G")
	tuitest.Golden(t, "help-bottom", screen(a))
	if !strings.Contains(screen(a), ":q :exit") {
		t.Errorf("G should reach the aliases at the end:\n%s", screen(a))
	}
	press(a, "g", "j", "j")
	if !strings.Contains(screen(a), "3–") {
		t.Errorf("j should scroll a line at a time:\n%s", screen(a))
	}
}

func TestHelpSearchKeepsMatchingLinesUnderTheirHeading(t *testing.T) {
	a := helpApp(t, keymap.Default())
	press(a, "?", "/")
	for _, r := range "type-3" {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	press(a, "enter")
	tuitest.Golden(t, "help-search", screen(a))
	s := screen(a)
	if !strings.Contains(s, ":type-39") || strings.Contains(s, ":type-29") || !strings.Contains(s, "Commands") {
		t.Errorf("search should keep the :type-3x commands under their heading:\n%s", s)
	}
	press(a, "esc") // clears the search first
	if s := screen(a); !strings.Contains(s, "instances keys") {
		t.Errorf("esc should clear the search, not close the help:\n%s", s)
	}
	press(a, "esc")
	if strings.Contains(screen(a), "instances keys") {
		t.Error("a second esc should close the help")
	}
}

// The help used to close on any key and swallow it; now only the key map's back, help and quit
// keys close it, and q closes rather than quits.
func TestHelpClosesOnlyOnItsCloseKeys(t *testing.T) {
	for _, k := range []string{"esc", "?", "q"} {
		a := helpApp(t, keymap.Default())
		press(a, "?", "x", "j")
		if !strings.Contains(screen(a), "close") {
			t.Fatalf("x and j must not close the help:\n%s", screen(a))
		}
		before := len(a.Top().(*fakePage).got)
		next, cmd := a.Update(tuitest.KeyPress(k))
		_ = next
		if isQuit(cmd) {
			t.Errorf("%s in the help must not quit", k)
		}
		if strings.Contains(screen(a), "close") {
			t.Errorf("%s should close the help", k)
		}
		if got := len(a.Top().(*fakePage).got); got != before {
			t.Errorf("keys for the help reached the page: %v", a.Top().(*fakePage).got)
		}
	}
	// The close keys come from the user's key map.
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"global.help": {"H"}, "global.quit": {"ctrl+q"}}); err != nil {
		t.Fatal(err)
	}
	a := helpApp(t, km)
	press(a, "H", "q")
	if !strings.Contains(screen(a), "instances keys") {
		t.Error("q is no longer a close key once quit is remapped")
	}
	if !strings.Contains(screen(a), "esc/H/ctrl+q close") {
		t.Errorf("the footer should name the remapped close keys:\n%s", screen(a))
	}
	press(a, "H")
	if strings.Contains(screen(a), "instances keys") {
		t.Error("H (the remapped help key) should close the help")
	}
}

func TestHelpFollowsTheWindowSize(t *testing.T) {
	a := helpApp(t, keymap.Default())
	press(a, "?", "G")
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	lines := strings.Split(a.Render(), "\n")
	if len(lines) != 24 {
		t.Fatalf("got %d lines", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	press(a, "G")
	if !strings.Contains(screen(a), ":q :exit") {
		t.Errorf("G should reach the end at the new size:\n%s", screen(a))
	}
}
