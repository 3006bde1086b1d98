package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// The mouse (cell motion, unless Options.NoMouse): the wheel moves through tables, trees and
// previews as ↑/↓ do; a click on a row puts the cursor there, a second click on it opens it as
// enter does; a click on a breadcrumb goes back to that page.

// Clicker is a page whose body takes clicks: ClickLine puts the cursor on what is drawn at line
// of the body (0 is its first line) and reports whether something was there.
type Clicker interface {
	ClickLine(line int) bool
}

// doubleClick is the longest time between the two clicks of a double click.
const doubleClick = 400 * time.Millisecond

// lastClick is the previous click on a row, for double clicks.
type lastClick struct {
	at   time.Time
	line int
	page Page
}

// bodyTop is the screen line of the page body's first line: under the header and the crumbs.
const bodyTop = 2

func (a *App) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if a.opts.NoMouse || a.bar.active() {
		return nil
	}
	switch m := msg.(type) {
	case tea.MouseWheelMsg:
		switch m.Button {
		case tea.MouseWheelDown:
			return a.handleKey(tea.KeyPressMsg{Code: tea.KeyDown})
		case tea.MouseWheelUp:
			return a.handleKey(tea.KeyPressMsg{Code: tea.KeyUp})
		}
	case tea.MouseClickMsg:
		if m.Button != tea.MouseLeft || a.help != nil || a.dialog() != nil {
			return nil
		}
		if m.Y == bodyTop-1 {
			return a.clickCrumb(m.X)
		}
		return a.clickBody(m.Y - bodyTop)
	}
	return nil
}

// clickBody puts the cursor on the row clicked; a second click on it soon after opens it.
func (a *App) clickBody(line int) tea.Cmd {
	t := a.top()
	if t == nil || line < 0 || line >= a.bodyHeight() {
		return nil
	}
	c, ok := t.page.(Clicker)
	if !ok || !c.ClickLine(line) {
		a.click = lastClick{}
		return nil
	}
	now := a.clock().Now()
	prev := a.click
	a.click = lastClick{at: now, line: line, page: t.page}
	if prev.page == t.page && prev.line == line && now.Sub(prev.at) <= doubleClick {
		a.click = lastClick{} // a third click starts over
		return a.handleKey(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	return nil
}

// clickCrumb goes back to the page whose breadcrumb is at column x.
func (a *App) clickCrumb(x int) tea.Cmd {
	const sep = " › "
	start := 0
	for i, e := range a.stack {
		end := start + ansi.StringWidth(textsafe.Clean(e.page.Title()))
		if x >= start && x < end {
			return a.popTo(i + 1)
		}
		start = end + ansi.StringWidth(sep)
	}
	return nil
}

// popTo closes the pages above the first n and shows the n-th.
func (a *App) popTo(n int) tea.Cmd {
	if n < 1 || n >= len(a.stack) {
		return nil
	}
	for len(a.stack) > n {
		a.top().leave()
		a.stack = a.stack[:len(a.stack)-1]
	}
	return a.reveal()
}
