package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/keymap"
)

type barKind int

const (
	barNone barKind = iota
	barCommand
	barFilter
)

// inputBar is the one-line input at the bottom: the `:` command bar or the `/` filter. While it is
// open it captures every key, so typing `q` in a filter does not quit.
//
// The command bar completes: the complete key (tab) and ↓ go to the next command that fits what
// was typed (all of them on an empty bar), shift+tab and ↑ to the previous one, and the
// candidates are listed beside the input with the current one marked.
type inputBar struct {
	kind     barKind
	input    textinput.Model
	commands *Commands
	keys     keymap.Input
	cycles   keymap.Bar // bar.next and bar.prev, beside input.complete
	st       Styles
	width    int

	stem  string   // what was typed before cycling began
	cands []string // the candidates for stem
	sel   int      // the candidate in the input; -1 before the first press
}

func newInputBar(st Styles, keys keymap.Input, cycle keymap.Bar) inputBar {
	in := textinput.New()
	in.ShowSuggestions = true
	in.CharLimit = 256
	// The bar does its own cycling (tab and ↓ alike); the input only shows the ghost completion.
	in.KeyMap.AcceptSuggestion.SetEnabled(false)
	in.KeyMap.NextSuggestion.SetEnabled(false)
	in.KeyMap.PrevSuggestion.SetEnabled(false)
	return inputBar{input: in, keys: keys, cycles: cycle, st: st, sel: -1}
}

func (b *inputBar) active() bool { return b.kind != barNone }

// footerKeys are the bar's keys for the footer: the command bar's completion and candidates besides
// apply and cancel.
func (b *inputBar) footerKeys() []key.Binding {
	out := []key.Binding{b.keys.Submit, b.keys.Cancel}
	if b.kind == barCommand && b.commands != nil {
		out = append(out, Rename(b.keys.Complete, "complete"), Join("candidates", b.cycles.Prev, b.cycles.Next))
	}
	return out
}

func (b *inputBar) open(kind barKind, value string, commands *Commands) tea.Cmd {
	b.kind = kind
	b.commands = commands
	b.input.Prompt = map[barKind]string{barCommand: ":", barFilter: "/"}[kind]
	b.input.SetValue(value)
	b.input.CursorEnd()
	b.stopCycling()
	b.refreshSuggestions()
	return b.input.Focus()
}

func (b *inputBar) close() {
	b.kind = barNone
	b.input.Blur()
	b.input.SetSuggestions(nil)
	b.stopCycling()
}

func (b *inputBar) stopCycling() { b.stem, b.cands, b.sel = "", nil, -1 }

func (b *inputBar) value() string { return b.input.Value() }

func (b *inputBar) setWidth(w int) {
	b.width = w
	b.input.SetWidth(max(w-4, 10))
}

// update feeds a key to the input and reports whether its value changed.
func (b *inputBar) update(msg tea.Msg) (bool, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && b.kind == barCommand && b.commands != nil {
		switch {
		case key.Matches(k, b.keys.Complete), key.Matches(k, b.cycles.Next):
			return b.cycle(1), nil
		case key.Matches(k, b.cycles.Prev):
			return b.cycle(-1), nil
		}
	}
	b.stopCycling()
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

// cycle puts the next (or previous) candidate in the input; it reports whether the value changed.
func (b *inputBar) cycle(step int) bool {
	if b.sel < 0 {
		b.stem = b.input.Value()
		b.cands = b.commands.Suggestions(b.stem)
	}
	if len(b.cands) == 0 {
		return false
	}
	switch {
	case b.sel < 0 && step > 0:
		b.sel = 0
	case b.sel < 0:
		b.sel = len(b.cands) - 1
	default:
		b.sel = (b.sel + step + len(b.cands)) % len(b.cands)
	}
	before := b.input.Value()
	b.input.SetValue(b.cands[b.sel])
	b.input.CursorEnd()
	b.input.SetSuggestions(nil) // the value is a whole candidate: no ghost text
	return b.input.Value() != before
}

// view is the input and, while cycling, the candidates after it: the current one marked, the
// list moved along so that it stays in sight.
func (b *inputBar) view() string {
	if b.sel < 0 || len(b.cands) < 2 {
		return b.input.View()
	}
	in := b.input // a copy as wide as its value, so the list follows it
	in.SetWidth(ansi.StringWidth(in.Value()) + 1)
	v := in.View()
	room := b.width - ansi.StringWidth(v) - 2
	if room < 10 {
		return b.input.View()
	}
	words := make([]string, len(b.cands))
	for i, c := range b.cands {
		words[i] = lastWord(c)
	}
	// Start far enough along that the selected word fits.
	start, used := b.sel, ansi.StringWidth(words[b.sel])
	for start > 0 && used+ansi.StringWidth(words[start-1])+2 < room*2/3 {
		start--
		used += ansi.StringWidth(words[start]) + 2
	}
	var parts []string
	if start > 0 {
		parts = append(parts, "…")
	}
	used = 0
	for i := start; i < len(words); i++ {
		w := ansi.StringWidth(words[i]) + 2
		if used+w > room-2 && i > b.sel {
			parts = append(parts, "…")
			break
		}
		used += w
		if i == b.sel {
			parts = append(parts, b.st.Cursor.Render(words[i]))
		} else {
			parts = append(parts, b.st.Dim.Render(words[i]))
		}
	}
	return ansi.Truncate(v+"  "+strings.Join(parts, "  "), b.width, "")
}

// lastWord is a candidate as the list shows it: the value being completed, not the whole line.
func lastWord(line string) string {
	if i := strings.LastIndexByte(line, ' '); i >= 0 {
		return line[i+1:]
	}
	return line
}

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
	if a.deferCommand(line) {
		return nil
	}
	cmd, err := a.opts.Commands.Parse(a.session, line)
	var unknown UnknownCommandError
	if errors.As(err, &unknown) {
		k := a.opts.Keys
		hint := KeyHint(k.Input.Complete, "after "+k.Global.Command.Help().Key+" cycles through them")
		return a.toast.show(textsafe.From(err.Error()+" ("+hint+")"), true)
	}
	if err != nil {
		return a.toast.show(textsafe.FromError(err), true)
	}
	return cmd
}
