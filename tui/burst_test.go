package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
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

// typed is the keys a page got, as their names.
func typed(p *fakePage) []string {
	var out []string
	for _, m := range p.got {
		if k, ok := m.(tea.KeyPressMsg); ok {
			out = append(out, k.String())
		}
	}
	return out
}

// Issue 8 #11: Esc then O, P or X in one read is decoded as alt+shift+o/p/x (the pair begins
// SS3, DCS and SOS) without the shifted letter, and the pair was lost. It is Esc, then the
// capital letter.
func TestEscThenCapitalLetterInOneRead(t *testing.T) {
	for _, r := range "opx" {
		bottom := newFakePage("bottom")
		a := newTestApp(t, bottom)
		a.Update(PushMsg{Page: newFakePage("top")})
		a.Update(tea.KeyPressMsg{Code: r, Mod: tea.ModAlt | tea.ModShift}) // as the decoder reads ESC r
		if a.Depth() != 1 {
			t.Errorf("ESC %c: the Esc should go back first, depth %d", r-32, a.Depth())
		}
		want := string(r - 32)
		if r == 'p' {
			if !strings.Contains(ansi.Strip(a.Render()), `unknown command "profile"`) { // none in this app
				t.Errorf("ESC P: P should run :profile:\n%s", ansi.Strip(a.Render()))
			}
			continue
		}
		if got := typed(bottom); len(got) != 1 || got[0] != want {
			t.Errorf("ESC %s: the page got %v, want [%s]", want, got, want)
		}
	}
}

// Issue 8 #11: Esc then [ O P ] _ ^ X and more keys in one read is swallowed by the decoder as
// an escape sequence that never ends (or ends at the next Esc); nimbus takes it for the keys
// typed. Sequences a terminal sends (a report with parameters, a terminated string) are left
// alone.
func TestEscThenASequenceIntroducerInOneRead(t *testing.T) {
	for _, c := range []struct {
		name string
		msg  tea.Msg // as the decoder hands it over (read from a real terminal reader)
		back bool
		keys []string
	}{
		{"DCS", uv.UnknownEvent("\x1bPxj"), true, []string{"x", "j"}},
		{"APC", uv.UnknownEvent("\x1b_x"), true, []string{"_", "x"}},
		{"PM", uv.UnknownEvent("\x1b^x"), true, []string{"^", "x"}},
		{"SOS", uv.UnknownEvent("\x1bXxy"), true, []string{"X", "x", "y"}},
		{"OSC", uv.UnknownEvent("\x1b]x"), true, []string{"]", "x"}},
		{"CSI", uv.UnknownCsiEvent("\x1b[x"), true, []string{"[", "x"}},
		{"CSI cut short", uv.UnknownEvent("\x1b[1"), true, []string{"[", "1"}},
		{"DCS ended by the next Esc", uv.UnknownDcsEvent("\x1bPx\x1b"), true, []string{"x"}},
		{"a terminal's report", uv.UnknownCsiEvent("\x1b[?2026;2$y"), false, nil},
		{"a terminated DCS", uv.UnknownDcsEvent("\x1bP>|xterm(390)\x1b\\"), false, nil},
		{"a terminated OSC", uv.UnknownOscEvent("\x1b]99;x\a"), false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			bottom := newFakePage("bottom")
			a := newTestApp(t, bottom)
			top := newFakePage("top")
			a.Update(PushMsg{Page: top})
			a.Update(c.msg)
			if back := a.Depth() == 1; back != c.back {
				t.Fatalf("went back: %v, want %v", back, c.back)
			}
			if !c.back {
				if got := typed(top); len(got) != 0 {
					t.Errorf("a terminal's sequence reached the page as keys %v", got)
				}
				return
			}
			if got := typed(bottom); strings.Join(got, " ") != strings.Join(c.keys, " ") {
				t.Errorf("the page got %v, want %v", got, c.keys)
			}
		})
	}
}
