package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// lf is what enter sends while the terminal is still in line mode: keys typed before the first
// frame arrive so.
var lf = tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}

// altKey is how the decoder reads Esc and key arriving in one read.
func altKey(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModAlt} }

func TestEnterTypedBeforeTheFirstFrameRunsTheCommand(t *testing.T) {
	a := newTestApp(t, newFakePage("page"))
	a.Update(keyPress(":"))
	a.Update(keyPress("q"))
	if _, cmd := a.Update(lf); !isQuit(cmd) {
		t.Fatalf(":q then LF should run :q; the screen is\n%s", ansi.Strip(a.Render()))
	}
}

func TestEnterTypedBeforeTheFirstFrameAppliesTheFilter(t *testing.T) {
	p := newFakePage("objects")
	a := newTestApp(t, p)
	a.Update(keyPress("/"))
	a.Update(keyPress("a"))
	a.Update(lf)
	if a.bar.active() || p.filter != "a" {
		t.Fatalf("LF should apply the filter and close the bar: active %v, filter %q", a.bar.active(), p.filter)
	}
}

func TestEscThenColonInOneReadOpensTheCommandBar(t *testing.T) {
	bottom := newFakePage("bottom")
	a := newTestApp(t, bottom)
	top := newFakePage("top")
	a.Update(PushMsg{Page: top})
	a.Update(altKey(':'))
	if a.Depth() != 1 {
		t.Errorf("the Esc should go back first, depth %d", a.Depth())
	}
	if !a.bar.active() || a.bar.kind != barCommand {
		t.Fatal("the : after the Esc should open the command bar")
	}
	for _, k := range "q" {
		if _, cmd := a.Update(keyPress(string(k))); isQuit(cmd) {
			t.Fatal("the keys after the : must go into the bar, not to the page")
		}
	}
	if a.bar.value() != "q" || len(top.got)+len(bottom.got) != 0 {
		t.Errorf("bar %q; pages got %v %v", a.bar.value(), top.got, bottom.got)
	}
}

func TestEscThenSlashInOneReadRestartsTheFilter(t *testing.T) {
	p := newFakePage("objects")
	a := newTestApp(t, p)
	a.Update(keyPress("/"))
	a.Update(keyPress("x"))
	a.Update(altKey('/'))
	if !a.bar.active() || a.bar.kind != barFilter || a.bar.value() != "" || p.filter != "" {
		t.Fatalf("Esc / should clear the filter and open it again: active %v, bar %q, filter %q",
			a.bar.active(), a.bar.value(), p.filter)
	}
}

func TestAltLetterInTheBarStaysAWordMotion(t *testing.T) {
	a := newTestApp(t, newFakePage("page"))
	a.Update(keyPress(":"))
	for _, r := range "profile dev" {
		a.Update(keyPress(string(r)))
	}
	a.Update(altKey('b')) // back a word
	a.Update(keyPress("x"))
	if !a.bar.active() || a.bar.value() != "profile xdev" {
		t.Fatalf("alt+b in the bar should move back a word: active %v, %q", a.bar.active(), a.bar.value())
	}
}

func TestAltKeysAUserBoundAreLeftAlone(t *testing.T) {
	p := newFakePage("page")
	a := newTestApp(t, p)
	a.opts.Keys.Global.Command.SetKeys(":", "alt+:")
	a.Update(PushMsg{Page: newFakePage("top")})
	a.Update(altKey(':'))
	if a.Depth() != 2 || !a.bar.active() {
		t.Fatalf("a bound alt+: should open the bar without going back: depth %d", a.Depth())
	}
	if !strings.Contains(ansi.Strip(a.Render()), ":") {
		t.Error("bar not shown")
	}
}
