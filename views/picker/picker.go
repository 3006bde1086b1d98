// Package picker is a dialog that lets the user choose one value from a filterable table, over the
// page that opened it: the profile, region, action and sub-resource pickers are built on it.
package picker

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// Choice is one row: the value picked and the cells shown.
type Choice struct {
	Value string
	Cells []string
}

// maxWidth keeps a picker narrower than a wide terminal: it is a list to choose from, not a page.
const maxWidth = 100

// Dialog is the picker. Its filter works as the app's does: / opens it, typing filters, enter
// keeps it, esc clears it; esc again closes the picker.
type Dialog struct {
	pagekit.TablePage
	title   string
	choices []Choice
	pick    func(value string) tea.Cmd
	// pickMany, when set (Many), gets every value chosen: space selects rows, enter takes them.
	pickMany  func(values []string) tea.Cmd
	limit     int
	filter    textinput.Model
	filtering bool
	maxWidth  int
}

var (
	_ tui.Dialog         = (*Dialog)(nil)
	_ tui.StatusReporter = (*Dialog)(nil)
)

// New returns a picker titled title, to open with tui.Open. pick is called with the chosen value
// as the picker closes; the command it returns runs once the picker is gone. The cursor starts on
// the choice whose value is current.
func New(env tui.Env, title, noun string, cols []vtable.Column, choices []Choice, current string, pick func(string) tea.Cmd) *Dialog {
	p := &Dialog{TablePage: pagekit.NewTablePage(env, noun, cols), title: title, choices: choices, pick: pick, maxWidth: maxWidth}
	rows := make([][]string, len(choices))
	for i, c := range choices {
		rows[i] = c.Cells
	}
	p.Table.Append(rows)
	for i, c := range choices {
		if c.Value == current {
			p.Table.SetCursor(i)
		}
	}
	p.Done("nothing to choose from")
	p.filter = textinput.New()
	p.filter.Prompt = "/"
	p.filter.CharLimit = 256
	st := p.filter.Styles()
	st.Cursor.Blink = false // a steady cursor: the filter is short-lived, and its tests step no timers
	p.filter.SetStyles(st)
	return p
}

// Many makes the picker choose several values: space selects rows and enter gives pick the
// selected ones the filter shows, or the cursor's row when none is selected; at most limit of
// them (0: no limit).
func (p *Dialog) Many(pick func(values []string) tea.Cmd, limit int) *Dialog {
	p.pickMany, p.limit = pick, limit
	return p
}

// SetMaxWidth lets a picker whose rows say more (the profile list's statuses) grow wider than
// the default on a wide terminal.
func (p *Dialog) SetMaxWidth(w int) { p.maxWidth = w }

// Title implements tui.Dialog.
func (p *Dialog) Title() string { return p.title }

// Init implements tui.Dialog; the choices are already there.
func (p *Dialog) Init() tea.Cmd { return nil }

// SetSize implements tui.Dialog: as wide as it may up to maxWidth, as tall as its rows need, with
// a line under the table for the filter.
func (p *Dialog) SetSize(w, h int) {
	p.TablePage.SetSize(min(w, p.maxWidth), max(min(h-1, len(p.choices)+1), 2))
	p.filter.SetWidth(max(min(w, p.maxWidth)-2, 10))
}

// View implements tui.Dialog.
func (p *Dialog) View() string {
	st := p.Env.Styles
	line := st.Dim.Render(p.Env.Keys.Global.Filter.Help().Key + " filters")
	switch {
	case p.filtering:
		line = p.filter.View()
	case p.FilterQuery() != "":
		line = st.Dim.Render("/" + textsafe.Clean(p.FilterQuery()) + "  (" + tui.KeyHint(p.Env.Keys.Global.Back, "clears") + ")")
	}
	return p.TablePage.View() + "\n" + line
}

// Update implements tui.Dialog.
func (p *Dialog) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if p.filtering {
			return p.filterKey(k)
		}
		return p.key(k)
	}
	_, cmd, _ := p.Result(msg)
	return cmd
}

// actions is the picker's action table while browsing: its keys, footer and help.
func (p *Dialog) actions() tui.Actions {
	keys := p.Env.Keys
	return append(tui.Actions{
		{Binding: tui.Rename(keys.Table.Open, "choose"), Footer: true, Run: func() tea.Cmd {
			if p.pickMany != nil {
				rows, _ := p.Targets()
				if len(rows) == 0 {
					return nil
				}
				if p.limit > 0 && len(rows) > p.limit {
					return tui.Toast(textsafe.Sprintf("%d selected: choose at most %d", len(rows), p.limit))
				}
				values := make([]string, len(rows))
				for k, i := range rows {
					values[k] = p.choices[i].Value
				}
				return tea.Sequence(tui.Close(p, nil), p.pickMany(values))
			}
			i := p.Table.Cursor()
			if i < 0 {
				return nil
			}
			var then tea.Cmd
			if p.pick != nil {
				then = p.pick(p.choices[i].Value)
			}
			return tea.Sequence(tui.Close(p, nil), then)
		}},
		{Binding: keys.Actions.Select, Footer: true, Enabled: func() bool { return p.pickMany != nil && p.Table.Cursor() >= 0 }, Run: func() tea.Cmd {
			p.Table.ToggleSelected(p.Table.Cursor())
			return nil
		}},
		{Binding: keys.Global.Filter, Footer: true, Run: func() tea.Cmd {
			p.filtering = true
			p.filter.SetValue(p.FilterQuery())
			p.filter.CursorEnd()
			return p.filter.Focus()
		}},
		{Binding: tui.Rename(keys.Global.Back, "cancel"), Footer: true, Run: func() tea.Cmd {
			if p.FilterQuery() != "" {
				return p.SetFilter("") // esc clears the filter first, as on a page
			}
			return tui.Close(p, nil)
		}},
	}, p.TableKeys()...)
}

// filterActions is the action table while the filter is typed; other keys edit it.
func (p *Dialog) filterActions() tui.Actions {
	in := p.Env.Keys.Input
	return tui.Actions{
		{Binding: tui.Rename(in.Submit, "keep filter"), Footer: true, Run: func() tea.Cmd {
			p.filtering = false
			p.filter.Blur()
			return nil
		}},
		{Binding: tui.Rename(in.Cancel, "clear filter"), Footer: true, Run: func() tea.Cmd {
			p.filtering = false
			p.filter.Blur()
			return p.SetFilter("")
		}},
	}
}

func (p *Dialog) key(k tea.KeyPressMsg) tea.Cmd { return p.HandleKey(p.actions(), k) }

// filterKey edits the filter, which applies as it is typed.
func (p *Dialog) filterKey(k tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := p.filterActions().Handle(k); ok {
		return cmd
	}
	before := p.filter.Value()
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(k)
	if p.filter.Value() == before {
		return cmd
	}
	return tea.Batch(cmd, p.SetFilter(p.filter.Value()))
}

// Keys implements tui.Dialog.
func (p *Dialog) Keys() help.KeyMap {
	if p.filtering {
		return p.filterActions()
	}
	return p.actions()
}
