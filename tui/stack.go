package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// The page stack: pushing, popping and replacing pages, and reloading a page shown again under
// another session.

// entry is a page on the stack, the session its data was loaded under and the dialogs open over it.
type entry struct {
	page    Page
	session Session
	started bool         // Init has run
	dialogs []openDialog // the last one is on top and gets the keys
}

// openDialog is a dialog over a page and the generation of the page's tasks when it opened: its
// result reaches the page as a Result of that generation, so a page that reloaded under another
// session meanwhile drops an answer about the rows it no longer shows.
type openDialog struct {
	Dialog
	gen uint64
}

// leave ends the page's work and its dialogs', as it leaves the stack.
func (e *entry) leave() {
	e.closeDialogs()
	e.page.Tasks().Close()
}

func (a *App) top() *entry {
	if len(a.stack) == 0 {
		return nil
	}
	return a.stack[len(a.stack)-1]
}

func (a *App) bodyHeight() int {
	h := a.height - chromeLines
	if h < 1 {
		h = 1
	}
	return h
}

func (a *App) push(p Page) tea.Cmd {
	if t := a.top(); t != nil {
		if v, ok := t.page.(Visibility); ok {
			v.Hidden()
		}
	}
	p.SetSize(a.width, a.bodyHeight())
	a.stack = append(a.stack, &entry{page: p, session: a.session, started: true})
	return tea.Batch(p.Init(), a.spin.start())
}

func (a *App) pop() tea.Cmd {
	if len(a.stack) <= 1 {
		return nil
	}
	a.top().leave()
	a.stack = a.stack[:len(a.stack)-1]
	return a.reveal()
}

// leave takes p off the stack: as pop when it is on top, else from under the pages above it. The
// root page stays (there is nothing to go back to).
func (a *App) leave(p Page) tea.Cmd {
	for i, e := range a.stack {
		if e.page != p || i == 0 {
			continue
		}
		if i == len(a.stack)-1 {
			return a.pop()
		}
		e.leave()
		a.stack = append(a.stack[:i], a.stack[i+1:]...)
		return nil
	}
	return nil
}

// reveal reloads the new top page if the session changed while it was covered.
func (a *App) reveal() tea.Cmd {
	t := a.top()
	t.page.SetSize(a.width, a.bodyHeight())
	var shown tea.Cmd
	if v, ok := t.page.(Visibility); ok {
		shown = v.Shown()
	}
	if !t.started {
		t.started, t.session = true, a.session
		return tea.Batch(shown, t.page.Init())
	}
	if t.session.Same(a.session) && t.session.ReadOnly == a.session.ReadOnly {
		return shown
	}
	if r, ok := t.page.(Reloadable); ok {
		t.session = a.session
		return tea.Batch(shown, r.Reload(a.session), a.spin.start())
	}
	// A page that cannot load again (a call's result, a description) keeps the session it was
	// loaded under: the breadcrumbs say whose data it is (staleText) until that session is back.
	return shown
}

// staleText is what the breadcrumbs say of the page on top when it shows another session's
// data, or "".
func (a *App) staleText() string {
	t := a.top()
	if t == nil || t.session.Same(a.session) {
		return ""
	}
	return textsafe.Sprintf("⚠ data of %s · %s, not of %s · %s", t.session.Profile, t.session.Region,
		a.session.Profile, a.session.Region).String()
}

func (a *App) replace(msg ReplaceMsg) tea.Cmd {
	for _, e := range a.stack {
		e.leave()
	}
	a.stack = nil
	for _, p := range msg.Trail {
		p.SetSize(a.width, a.bodyHeight())
		a.stack = append(a.stack, &entry{page: p, session: a.session})
	}
	return a.push(msg.Page)
}

func (a *App) back() tea.Cmd {
	t := a.top()
	if b, ok := t.page.(BackHandler); ok {
		if handled, cmd := b.HandleBack(); handled {
			return cmd
		}
	}
	if f, ok := t.page.(Filterable); ok && f.FilterQuery() != "" {
		return f.SetFilter("")
	}
	return a.pop()
}

func (a *App) switchSession(msg SwitchSessionMsg) tea.Cmd {
	next := a.session
	if msg.Profile != "" && msg.Profile != next.Profile {
		next.Profile = msg.Profile
		if a.opts.ProfileRegion != nil && msg.Region == "" {
			if r := a.opts.ProfileRegion(msg.Profile); r != "" {
				next.Region = r
			}
		}
	}
	if msg.Region != "" {
		next.Region = msg.Region
	}
	if next.Same(a.session) {
		return nil
	}
	next = a.marked(next)
	a.session = next
	a.remedy.declined = nil // offers dismissed under the old session may help under the new one
	a.remedy.failed = nil   // and calls that failed under it are not this session's to retry
	for _, e := range a.stack {
		e.page.Tasks().Restart() // nothing loaded under the old session may land now
	}
	cmds := []tea.Cmd{a.reveal(), a.identity.load(next),
		a.toast.show(textsafe.Sprintf("switched to %s · %s", next.Profile, next.Region), false)}
	if a.opts.OnSwitch != nil {
		cmds = append(cmds, a.opts.OnSwitch(next))
	}
	return tea.Batch(cmds...)
}

// marked is s with its profile's marks (read-only, colour).
func (a *App) marked(s Session) Session {
	if a.opts.ProfileMarks != nil {
		m := a.opts.ProfileMarks(s.Profile)
		s.ReadOnly, s.Color = m.ReadOnly, m.Color
	}
	return s
}

// refreshMarks takes the current profile's marks again: the page on top reloads at once under
// the session with them (keeping its rows: the data is the same), the others when shown again.
func (a *App) refreshMarks() tea.Cmd {
	next := a.marked(a.session)
	if next.ReadOnly == a.session.ReadOnly && next.Color == a.session.Color {
		return nil
	}
	a.session = next
	if len(a.stack) == 0 {
		return nil
	}
	return a.reveal()
}

// resize gives every page the body's new size and every dialog its room.
func (a *App) resize(width, height int) {
	a.width, a.height = width, height
	if a.help != nil {
		a.help.setSize(a.width, a.bodyHeight())
	}
	for _, e := range a.stack {
		e.page.SetSize(a.width, a.bodyHeight())
		for _, d := range e.dialogs {
			d.SetSize(a.dialogSize())
		}
	}
}
