// Package picker is a page that lets the user choose one value from a filterable table: the
// profile and region pickers are built on it.
package picker

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
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
		if key.Matches(k, p.Env.Keys.Table.Open) {
			i := p.Table.Cursor()
			if i < 0 {
				return nil
			}
			return tea.Sequence(tui.Pop, p.pick(p.choices[i].Value))
		}
		return p.TableKey(k)
	}
	_, cmd, _ := p.Result(msg)
	return cmd
}

// Keys implements tui.Page.
func (p *Page) Keys() help.KeyMap {
	t := p.Env.Keys.Table
	open := key.NewBinding(key.WithKeys(t.Open.Keys()...), key.WithHelp(t.Open.Help().Key, "choose"))
	return pagekit.KeyMap{Short: []key.Binding{open}, Full: t.FullHelp()}
}
