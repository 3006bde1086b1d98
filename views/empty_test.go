package views_test

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// blank is a start page that loads nothing, so the picker tests need no AWS.
type blank struct{ tasks *tui.Tasks }

func emptyPage(env tui.Env) tui.Page    { return &blank{tasks: tui.NewTasks(env.Ctx)} }
func (b *blank) Title() string          { return "home" }
func (b *blank) Init() tea.Cmd          { return nil }
func (b *blank) Update(tea.Msg) tea.Cmd { return nil }
func (b *blank) SetSize(int, int)       {}
func (b *blank) View() string           { return "" }
func (b *blank) Keys() help.KeyMap      { return pagekit.KeyMap{} }
func (b *blank) Tasks() *tui.Tasks      { return b.tasks }

// Reload: the blank page has nothing of any session's, so it takes every session as its own.
func (b *blank) Reload(tui.Session) tea.Cmd { return nil }
