package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// unlisted is b without help text: it runs, but the footer and the help do not list it.
func unlisted(b key.Binding) key.Binding {
	b.SetHelp("", "")
	return b
}

// escape is the back key: it cancels a call being waited for, else goes back (a page may use it
// first to leave a mode, clear a filter or a selection).
func (a *App) escape() tea.Cmd {
	if a.cancelWait() {
		return nil // the calls end with "cancelled", which the page shows; esc again goes back
	}
	return a.back()
}

// backDoesSomething reports whether esc does anything now: on a root page with no call waited
// for, no filter and nothing the page itself would clear, it does not (and is not offered).
func (a *App) backDoesSomething() bool {
	t := a.top()
	if len(a.stack) > 1 || a.waitingText() != "" || t == nil {
		return true
	}
	if f, ok := t.page.(Filterable); ok && f.FilterQuery() != "" {
		return true
	}
	if _, ok := t.page.(BackHandler); !ok {
		return false
	}
	p, ok := t.page.(BackPending)
	return !ok || p.BackPending()
}

// filters reports whether the top page has a filter for the / bar.
func (a *App) filters() bool {
	t := a.top()
	if t == nil {
		return false
	}
	_, ok := t.page.(Filterable)
	return ok
}

// filterDoes is the label of `/` on the top page: "filter", or what the page says it does.
func (a *App) filterDoes() string {
	if t := a.top(); t != nil {
		if d, ok := t.page.(FilterDescriber); ok {
			return d.FilterDoes()
		}
	}
	return a.opts.Keys.Global.Filter.Help().Desc
}

// backDoes says what esc does now: cancel the call waited for, what the page says it does
// (BackDescriber), clear the filter, or go back.
func (a *App) backDoes() string {
	t := a.top()
	switch {
	case a.waitingText() != "":
		return "cancel"
	case t == nil:
		return "back"
	}
	if d, ok := t.page.(BackDescriber); ok {
		if does := d.BackDoes(); does != "" {
			return does
		}
	}
	if f, ok := t.page.(Filterable); ok && f.FilterQuery() != "" {
		return "clear filter"
	}
	return "back"
}

// globalActions is the action table of the keys that work on every page while no text field
// has focus: it dispatches them, and the footer and the `?` help list it.
func (a *App) globalActions() Actions {
	g := a.opts.Keys.Global
	return Actions{
		{Binding: g.Command, Footer: true, Run: func() tea.Cmd { return a.bar.open(barCommand, "", a.opts.Commands) }},
		// Offered where the page filters; elsewhere / only says it does not.
		{Binding: Rename(g.Filter, a.filterDoes()), Footer: true, Enabled: a.filters, Run: func() tea.Cmd {
			return a.bar.open(barFilter, a.top().page.(Filterable).FilterQuery(), nil)
		}},
		{Binding: unlisted(g.Filter), Run: func() tea.Cmd { return a.toast.show("this page has no filter", false) }},
		{Binding: g.Help, Footer: true, Run: func() tea.Cmd {
			a.help = newHelpScreen(a.opts.Keys, a.opts.Styles, a.top().page, a.globalActions(), a.opts.Commands, a.width, a.bodyHeight())
			return nil
		}},
		{Binding: Rename(g.Back, a.backDoes()), Footer: true, Enabled: a.backDoesSomething, Run: a.escape},
		// Where esc does nothing it is not offered, but a page may still use it: no help text.
		{Binding: unlisted(g.Back), Run: a.escape},
		{Binding: g.Quit, Footer: true, Run: a.quit},
		{Binding: g.Aliases, Run: func() tea.Cmd { return a.runCommand("aliases") }},
		{Binding: g.Profile, Run: func() tea.Cmd { return a.runCommand("profile") }},
		{Binding: g.Region, Run: func() tea.Cmd { return a.runCommand("region") }},
		{Binding: g.Login, Run: func() tea.Cmd { return a.runCommand("login") }},
		{Binding: g.Console, Enabled: func() bool { return a.opts.Console != nil }, Run: func() tea.Cmd {
			var loc Location
			if l, ok := a.top().page.(Locator); ok {
				loc = l.Location()
			}
			return a.opts.Console(a.session, loc)
		}},
	}
}
