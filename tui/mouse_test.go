package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// rowsPage is a fake page with five rows a click can land on.
type rowsPage struct {
	*fakePage
	clicked []int
}

func (p *rowsPage) ClickLine(line int) bool {
	if line < 1 || line > 5 { // line 0 is the header
		return false
	}
	p.clicked = append(p.clicked, line)
	return true
}

func keysGot(p *fakePage) []string {
	var out []string
	for _, m := range p.got {
		if k, ok := m.(tea.KeyPressMsg); ok {
			out = append(out, k.String())
		}
	}
	return out
}

func click(x, y int) tea.MouseClickMsg {
	return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft}
}

func TestMouseIsOnUnlessTurnedOff(t *testing.T) {
	a := newTestApp(t, newFakePage("s3"))
	if a.View().MouseMode != tea.MouseModeCellMotion {
		t.Error("the app should ask for the mouse (cell motion)")
	}
	a.opts.NoMouse = true
	if a.View().MouseMode != tea.MouseModeNone {
		t.Error("NoMouse should leave the mouse to the terminal")
	}
	p := newFakePage("s3")
	b := newTestApp(t, p)
	b.opts.NoMouse = true
	b.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if len(p.got) != 0 {
		t.Errorf("with the mouse off nothing reaches the page: %v", p.got)
	}
}

func TestWheelMovesLikeTheArrows(t *testing.T) {
	p := newFakePage("s3")
	a := newTestApp(t, p)
	a.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown, Y: 5})
	a.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown, Y: 5})
	a.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp, Y: 5})
	if got := keysGot(p); len(got) != 3 || got[0] != "down" || got[1] != "down" || got[2] != "up" {
		t.Fatalf("the page should get down, down, up; got %v", got)
	}
}

func TestClickPutsTheCursorAndDoubleClickOpens(t *testing.T) {
	clock := tuitest.NewClock(time.Unix(0, 0))
	p := &rowsPage{fakePage: newFakePage("s3")}
	a := newTestApp(t, p)
	a.opts.Clock = clock
	a.Update(click(10, bodyTop+3))
	if len(p.clicked) != 1 || p.clicked[0] != 3 {
		t.Fatalf("a click on screen line %d is body line 3: %v", bodyTop+3, p.clicked)
	}
	if len(keysGot(p.fakePage)) != 0 {
		t.Fatal("one click only moves the cursor")
	}
	clock.Advance(200 * time.Millisecond)
	a.Update(click(12, bodyTop+3))
	if got := keysGot(p.fakePage); len(got) != 1 || got[0] != "enter" {
		t.Fatalf("a double click should open the row as enter does: %v", got)
	}
	clock.Advance(time.Second)
	a.Update(click(12, bodyTop+4))
	clock.Advance(time.Second)
	a.Update(click(12, bodyTop+4))
	if got := keysGot(p.fakePage); len(got) != 1 {
		t.Errorf("clicks a second apart are two clicks: %v", got)
	}
	a.Update(click(12, bodyTop+2))
	clock.Advance(100 * time.Millisecond)
	a.Update(click(12, bodyTop+4))
	if got := keysGot(p.fakePage); len(got) != 1 {
		t.Errorf("two clicks on different rows are not a double click: %v", got)
	}
}

func TestClickOnABreadcrumbGoesBackToIt(t *testing.T) {
	bottom := newFakePage("s3")
	a := newTestApp(t, bottom)
	middle, top := newFakePage("demo-photos"), newFakePage("2024/")
	a.Update(PushMsg{Page: middle})
	a.Update(PushMsg{Page: top})
	// "s3 › demo-photos › 2024/": column 8 is in "demo-photos".
	a.Update(click(8, bodyTop-1))
	if a.Depth() != 2 || a.top().page != middle {
		t.Fatalf("a click on demo-photos should go back to it: depth %d", a.Depth())
	}
	if top.tasks.Context().Err() == nil {
		t.Error("the pages above must be closed")
	}
	a.Update(click(3, bodyTop-1)) // the " › " between crumbs
	if a.Depth() != 2 {
		t.Errorf("a click between crumbs does nothing: depth %d", a.Depth())
	}
	a.Update(click(0, bodyTop-1))
	if a.Depth() != 1 {
		t.Errorf("a click on s3 goes back to the root: depth %d", a.Depth())
	}
}
