package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

func messageLine(a *App) string {
	lines := strings.Split(screen(a), "\n")
	return lines[len(lines)-2]
}

// Issue 8 #10: tab on an empty : bar showed nothing, and only ↓ cycled.
func TestTabOnAnEmptyCommandBarListsEveryCommand(t *testing.T) {
	a := helpApp(t, keymap.Default())
	press(a, ":", "tab")
	if got := a.bar.value(); got != "api" {
		t.Fatalf("tab should put the first command in the bar, got %q", got)
	}
	line := messageLine(a)
	for _, want := range []string{"api", "buckets", "exit"} {
		if !strings.Contains(line, want) {
			t.Errorf("the candidates should be listed, %q missing: %q", want, line)
		}
	}
}

func TestTabAndDownBothCycle(t *testing.T) {
	a := helpApp(t, keymap.Default())
	press(a, ":", "s")
	press(a, "tab")
	if got := a.bar.value(); got != "s3" {
		t.Fatalf("first tab: got %q", got)
	}
	press(a, "tab")
	if got := a.bar.value(); got != "services" {
		t.Fatalf("second tab: got %q", got)
	}
	press(a, "down")
	if got := a.bar.value(); got != "svc" {
		t.Fatalf("down: got %q", got)
	}
	press(a, "down")
	if got := a.bar.value(); got != "s3" {
		t.Fatalf("down wraps round: got %q", got)
	}
	press(a, "up")
	if got := a.bar.value(); got != "svc" {
		t.Fatalf("up goes back: got %q", got)
	}
	a.Update(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
	if got := a.bar.value(); got != "services" {
		t.Fatalf("shift+tab goes back: got %q", got)
	}
	// Typing ends the cycle: the next tab completes what is now typed.
	press(a, "backspace")
	press(a, "tab")
	if got := a.bar.value(); got != "service" && got != "services" {
		t.Fatalf("after editing, tab completes the new text: got %q", got)
	}
}

func TestUnknownCommandPointsAtAliases(t *testing.T) {
	_, err := NewCommands().Parse(Session{}, "nope")
	if err == nil || !strings.Contains(err.Error(), ":aliases") || strings.Contains(err.Error(), "press tab") {
		t.Errorf("got %v", err)
	}
}

func TestCtrlARunsTheAliasesCommand(t *testing.T) {
	a := helpApp(t, keymap.Default())
	ran := false
	a.opts.Commands.Add(Command{Name: "aliases", Run: func(Session, []string) tea.Cmd { ran = true; return nil }})
	a.Update(tuitest.KeyPress("ctrl+a"))
	if !ran {
		t.Error("ctrl+a should run :aliases")
	}
}

// capturingPage is a page whose text field has focus.
type capturingPage struct{ *fakePage }

func (capturingPage) CapturesKeys() bool { return true }

// Issue 8 #6: in a form's text field, : ? q / are text, but the footer still offered them.
func TestFooterOffersOnlyTheKeysOfAFocusedField(t *testing.T) {
	a := helpApp(t, keymap.Default())
	a.Update(PushMsg{Page: capturingPage{newFakePage("form")}})
	lines := strings.Split(screen(a), "\n")
	footer := lines[len(lines)-1]
	for _, gone := range []string{"command", "filter", "help", "quit"} {
		if strings.Contains(footer, gone) {
			t.Errorf("the footer offers %q, which a focused field takes as text: %q", gone, footer)
		}
	}
	if !strings.Contains(footer, "open") {
		t.Errorf("the page's own keys stay: %q", footer)
	}
}

// Hints name the user's keys: with back remapped, the filter line no longer says esc.
func TestFilterHintNamesTheBackKey(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"global.back": {"ctrl+o"}}); err != nil {
		t.Fatal(err)
	}
	a := helpApp(t, km)
	a.Top().(*fakePage).filter = "web"
	if line := messageLine(a); !strings.Contains(line, "(ctrl+o clears)") {
		t.Errorf("message line: %q", line)
	}
}

// The unknown-command message names the user's complete and command keys, not tab and :.
func TestUnknownCommandHintNamesTheUsersKeys(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"input.complete": {"ctrl+o"}, "global.command": {";"}}); err != nil {
		t.Fatal(err)
	}
	a := helpApp(t, km)
	a.Update(tea.KeyPressMsg{Code: ';', Text: ";"})
	for _, r := range "nosuch" {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	a.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if line := messageLine(a); !strings.Contains(line, `unknown command "nosuch"`) || !strings.Contains(line, "ctrl+o after ; cycles through them") {
		t.Errorf("message line: %q", line)
	}
}

// While the bar is open it takes every key (: / ? q are text there), so the footer names the
// bar's keys, from the key map, instead of the page's and the global ones.
func TestFooterNamesTheBarsKeysWhileItIsOpen(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"bar.next": {"ctrl+o"}}); err != nil {
		t.Fatal(err)
	}
	a := helpApp(t, km)
	a.Update(tea.KeyPressMsg{Code: ':', Text: ":"})
	footer := ansi.Strip(a.footerLine())
	for _, want := range []string{"enter apply", "esc cancel", "tab complete", "↑/ctrl+o candidates"} {
		if !strings.Contains(footer, want) {
			t.Errorf("footer %q lacks %q", footer, want)
		}
	}
	if strings.Contains(footer, "q quit") || strings.Contains(footer, "? help") {
		t.Errorf("footer %q offers keys the bar takes as text", footer)
	}
	a.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	a.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	if footer := ansi.Strip(a.footerLine()); strings.Contains(footer, "complete") || !strings.Contains(footer, "enter apply") {
		t.Errorf("the filter bar completes nothing: %q", footer)
	}
}
