package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

type barKind int

const (
	barNone barKind = iota
	barCommand
	barFilter
)

// inputBar is the one-line input at the bottom: the `:` command bar or the `/` filter. While it is
// open it captures every key, so typing `q` in a filter does not quit.
type inputBar struct {
	kind     barKind
	input    textinput.Model
	commands *Commands
}

func newInputBar(st Styles) inputBar {
	in := textinput.New()
	in.ShowSuggestions = true
	in.CharLimit = 256
	return inputBar{input: in}
}

func (b *inputBar) active() bool { return b.kind != barNone }

func (b *inputBar) open(kind barKind, value string, commands *Commands) tea.Cmd {
	b.kind = kind
	b.commands = commands
	b.input.Prompt = map[barKind]string{barCommand: ":", barFilter: "/"}[kind]
	b.input.SetValue(value)
	b.input.CursorEnd()
	b.refreshSuggestions()
	return b.input.Focus()
}

func (b *inputBar) close() {
	b.kind = barNone
	b.input.Blur()
	b.input.SetSuggestions(nil)
}

func (b *inputBar) value() string { return b.input.Value() }

func (b *inputBar) setWidth(w int) { b.input.SetWidth(max(w-4, 10)) }

// update feeds a key to the input and reports whether its value changed.
func (b *inputBar) update(msg tea.Msg) (bool, tea.Cmd) {
	before := b.input.Value()
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	changed := b.input.Value() != before
	if changed {
		b.refreshSuggestions()
	}
	return changed, cmd
}

func (b *inputBar) refreshSuggestions() {
	if b.kind != barCommand || b.commands == nil {
		return
	}
	b.input.SetSuggestions(b.commands.Suggestions(b.input.Value()))
}

func (b *inputBar) view() string { return b.input.View() }

// handleBarKey feeds a key to the open bar: a filter applies as it is typed, a command on enter.
func (a *App) handleBarKey(msg tea.KeyPressMsg) tea.Cmd {
	in := a.opts.Keys.Input
	kind := a.bar.kind
	switch {
	case key.Matches(msg, in.Cancel):
		a.bar.close()
		if kind == barFilter {
			return a.setFilter("")
		}
		return nil
	case key.Matches(msg, in.Submit):
		value := a.bar.value()
		a.bar.close()
		if kind == barCommand {
			return a.runCommand(value)
		}
		return a.setFilter(value)
	}
	changed, cmd := a.bar.update(msg)
	if kind == barFilter && changed {
		return tea.Batch(cmd, a.setFilter(a.bar.value()))
	}
	return cmd
}

func (a *App) setFilter(q string) tea.Cmd {
	if f, ok := a.top().page.(Filterable); ok {
		return f.SetFilter(q)
	}
	return nil
}

func (a *App) runCommand(line string) tea.Cmd {
	cmd, err := a.opts.Commands.Parse(a.session, line)
	if err != nil {
		return a.toast.show(textsafe.FromError(err), true)
	}
	return cmd
}
