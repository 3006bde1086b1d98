// Package picker is a page that lets the user choose one value from a filterable table: the
// profile and region pickers are built on it.
package picker

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// Choice is one row: the value picked and the cells shown.
type Choice struct {
	Value string
	Cells []string
}

// Page is the picker.
type Page struct {
	pagekit.TablePage
	title   string
	choices []Choice
	pick    func(value string) tea.Cmd
}

// New returns a picker titled title; pick is run with the chosen value, after the picker closes.
// The cursor starts on the choice whose value is current.
func New(env tui.Env, title, noun string, cols []vtable.Column, choices []Choice, current string, pick func(string) tea.Cmd) *Page {
	p := &Page{TablePage: pagekit.NewTablePage(env, noun, cols), title: title, choices: choices, pick: pick}
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
	return p
}

// Title implements tui.Page.
func (p *Page) Title() string { return p.title }

// Init implements tui.Page; the choices are already there.
func (p *Page) Init() tea.Cmd { return nil }

// Update implements tui.Page.
func (p *Page) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.HandleKey(p.actions(), k)
	}
	_, cmd, _ := p.Result(msg)
	return cmd
}

// actions is the picker's action table: its keys, footer and help.
func (p *Page) actions() tui.Actions {
	return append(tui.Actions{
		{Binding: tui.Rename(p.Env.Keys.Table.Open, "choose"), Footer: true, Run: func() tea.Cmd {
			i := p.Table.Cursor()
			if i < 0 {
				return nil
			}
			return tea.Sequence(tui.Pop, p.pick(p.choices[i].Value))
		}},
	}, p.TableKeys()...)
}

// Keys implements tui.Page.
func (p *Page) Keys() help.KeyMap { return p.actions() }
