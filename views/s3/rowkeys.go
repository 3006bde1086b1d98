package s3

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/resources"
)

// rowActions is the action table the browser's two table pages share after their own enter and
// r: space selects, then the resource row keys (d y a o W and the actions' own keys).
func rowActions(p *pagekit.TablePage, acts *resources.RowActions) tui.Actions {
	sel := tui.Action{Binding: p.Env.Keys.Actions.Select, Footer: true,
		Enabled: func() bool { return p.Table.Cursor() >= 0 },
		Run: func() tea.Cmd {
			p.Table.ToggleSelected(p.Table.Cursor())
			p.Table.MoveDown(1)
			return nil
		}}
	if acts == nil {
		sel.Footer = false // the footer is for the row keys; without them, space is in the help
		return tui.Actions{sel}
	}
	return acts.Actions(sel)
}

// rowTable is the action table of a browser table page: enter and r with the page's own
// handlers, the row keys, then the table's keys (with sort in the footer when sortInFooter).
// It dispatches the page's keys (pagekit.TablePage.HandleKey) and is its footer and help.
func rowTable(p *pagekit.TablePage, acts *resources.RowActions, open, refresh func() tea.Cmd, sortInFooter bool) tui.Actions {
	t := p.Env.Keys.Table
	as := tui.Actions{{Binding: t.Open, Footer: true, Run: open}}
	if sortInFooter {
		as = append(as, tui.Action{Binding: t.Sort, Footer: true}) // the table sorts
	}
	as = append(as, rowActions(p, acts)...)
	as = append(as, tui.Action{Binding: t.Refresh, Footer: true, Run: refresh})
	return append(as, p.TableKeys()...)
}
