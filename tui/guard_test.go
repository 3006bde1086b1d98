package tui

import (
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/textsafe/textsafetest"
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
