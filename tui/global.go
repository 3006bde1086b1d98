package tui

import tea "charm.land/bubbletea/v2"

// globalActions is the action table of the keys that work on every page while no text field
// has focus: it dispatches them, and the footer and the `?` help list it.
func (a *App) globalActions() Actions {
	g := a.opts.Keys.Global
	return Actions{
		{Binding: g.Command, Footer: true, Run: func() tea.Cmd { return a.bar.open(barCommand, "", a.opts.Commands) }},
		{Binding: g.Filter, Footer: true, Run: func() tea.Cmd {
			if f, ok := a.top().page.(Filterable); ok {
				return a.bar.open(barFilter, f.FilterQuery(), nil)
			}
			return a.toast.show("this page has no filter", false)
		}},
		{Binding: g.Help, Footer: true, Run: func() tea.Cmd {
			a.help = newHelpScreen(a.opts.Keys, a.opts.Styles, a.top().page, a.globalActions(), a.opts.Commands, a.width, a.bodyHeight())
			return nil
		}},
		{Binding: g.Back, Footer: true, Run: func() tea.Cmd {
			if a.cancelWait() {
				return nil // the calls end with "cancelled", which the page shows; esc again goes back
			}
			return a.back()
		}},
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
