package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/internal/textsafe/textsafetest"
	"github.com/nimbus-tui/nimbus/keymap"
)

// rawPage forgets to clean: its body, title and status are the hostile string as it came.
type rawPage struct {
	*fakePage
	s string
}

func (p *rawPage) View() string   { return "body " + p.s + " end" }
func (p *rawPage) Title() string  { return p.s }
func (p *rawPage) Status() string { return p.s }
func (p *rawPage) Busy() bool     { return false }

// TestFrameGuardKeepsOnlyStyling: whatever a page draws, what View hands to the terminal holds
// no escape sequence but SGR, no control byte but newlines, no bidi control, no invalid UTF-8.
func TestFrameGuardKeepsOnlyStyling(t *testing.T) {
	for _, c := range textsafetest.Corpus {
		p := &rawPage{fakePage: newFakePage("raw"), s: c.S}
		a := newTestApp(t, p)
		frame := a.View().Content
		for _, l := range textsafetest.Leaks(frame) {
			if !strings.Contains(l, "SGR from outside") { // colour is all the guard cannot tell apart
				t.Errorf("%s: %s", c.Name, l)
			}
		}
		if !strings.Contains(frame, " end") {
			t.Errorf("%s: the body after the hostile string is lost:\n%s", c.Name, frame)
		}
	}
}

// TestToastAndErrorToastAreSafe: the message line draws an error's explanation.
func TestToastAndErrorToastAreSafe(t *testing.T) {
	for _, c := range textsafetest.Corpus {
		a := newTestApp(t, newFakePage("p"))
		a.Update(ErrorMsg{Err: errorString(c.S)})
		if leaks := textsafetest.Leaks(a.Render()); len(leaks) > 0 {
			t.Errorf("%s: %v", c.Name, leaks[0])
		}
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// styledPage draws a 30-line coloured table body, as a resource page does.
type styledPage struct{ *fakePage }

func (p *styledPage) View() string {
	st := NewStyles(false)
	var b strings.Builder
	for i := range p.h {
		b.WriteString(st.Cursor.Render("▸ i-0123456789abcdef0") + "  web-server-01  " + st.Info.Render("● running") +
			"  t3.micro  eu-west-1a  10.0.0.1  naïve 日本")
		if i < p.h-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// BenchmarkFrame compares drawing a frame (Render) with drawing it and passing the guard (View).
func BenchmarkFrame(b *testing.B) {
	a := New(Options{Session: Session{Profile: "dev", Region: "eu-west-1"}, Keys: keymap.Default(), Styles: NewStyles(false),
		Start: func(Session) Page { return &styledPage{newFakePage("instances")} }})
	a.Init()
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	b.Run("render", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = a.Render()
		}
	})
	b.Run("render+guard", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = a.View()
		}
	})
	frame := a.Render()
	b.Run("guard", func(b *testing.B) {
		b.SetBytes(int64(len(frame)))
		b.ReportAllocs()
		for b.Loop() {
			_ = textsafe.Screen(frame)
		}
	})
}
