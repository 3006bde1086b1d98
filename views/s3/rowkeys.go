package s3

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/resources"
)

// rowKeys is the key handling the browser's two table pages share after their own enter and r:
// space selects, then the resource row keys (d y a o W and the actions' own keys), then the table.
func rowKeys(p *pagekit.TablePage, acts *resources.RowActions, k tea.KeyPressMsg) tea.Cmd {
	cur := p.Table.Cursor()
	if cur >= 0 && key.Matches(k, p.Env.Keys.Actions.Select) {
		p.Table.ToggleSelected(cur)
		p.Table.MoveDown(1)
		return nil
	}
	if acts != nil && cur >= 0 {
		if cmd, ok := acts.Key(k); ok {
			return cmd
		}
	}
	return p.TableKey(k)
}

// rowHelp is the footer and help of a browser table page: its own keys, then the row keys.
func rowHelp(p *pagekit.TablePage, acts *resources.RowActions, own ...key.Binding) pagekit.KeyMap {
	t := p.Env.Keys.Table
	short := append([]key.Binding{}, own...)
	full := t.FullHelp()
	if acts != nil {
		rowShort, rowFull, direct := acts.Bindings()
		short = append(short, rowShort...)
		full = append(full, rowFull)
		if len(direct) > 0 {
			full = append(full, direct)
		}
	}
	return pagekit.KeyMap{Short: append(short, t.Refresh), Full: full}
}
