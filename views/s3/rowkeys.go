package s3

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
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

// rowKeys runs the row actions for k, or gives k to the table.
func rowKeys(p *pagekit.TablePage, acts *resources.RowActions, k tea.KeyPressMsg) tea.Cmd {
	return p.HandleKey(rowActions(p, acts), k)
}

// rowHelp is the footer and help of a browser table page: its own keys (which it handles before
// rowKeys), the row keys, refresh and the table's.
func rowHelp(p *pagekit.TablePage, acts *resources.RowActions, own ...key.Binding) help.KeyMap {
	var as tui.Actions
	for _, b := range own {
		as = append(as, tui.Action{Binding: b, Footer: true})
	}
	as = append(as, rowActions(p, acts)...)
	as = append(as, tui.Action{Binding: p.Env.Keys.Table.Refresh, Footer: true})
	return append(as, p.TableKeys()...)
}
