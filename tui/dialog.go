package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// Dialog is a small model drawn in a frame centred over the page that opened it: a confirmation,
// a picker, a prompt. While it is open it gets every key first (only ctrl+c passes it), the page
// stays visible underneath and keeps receiving the results of its own tasks, and the breadcrumbs
// do not change. The dialog ends itself with Close, whose result goes back to its page.
type Dialog interface {
	// Title heads the dialog's frame.
	Title() string
	// Init is called when the dialog opens.
	Init() tea.Cmd
	// Update gets every key while the dialog is open, the results of its own tasks and the other
	// messages that would go to the page on top.
	Update(msg tea.Msg) tea.Cmd
	// SetSize gives the most room the dialog's content may take; View may take less.
	SetSize(width, height int)
	View() string
	// Keys are the dialog's bindings, shown in the footer while it is open.
	Keys() help.KeyMap
	// Tasks is the dialog's task runner; the app routes Results by it and closes it with the dialog.
	Tasks() *Tasks
}

// Dialog messages, returned by pages and dialogs as commands.
type (
	// OpenMsg opens a dialog over the page on top, which becomes its page.
	OpenMsg struct{ Dialog Dialog }
	// CloseMsg closes Dialog. Result, when not nil, is delivered to the Update of the page that
	// opened it, wherever that page is by then, as a Result of the page's own tasks (Accept
	// unwraps it; it is dropped if the page's tasks restarted since the dialog opened).
	CloseMsg struct {
		Dialog Dialog
		Result tea.Msg
	}
)

// Open is a command that opens d over the page on top.
func Open(d Dialog) tea.Cmd { return func() tea.Msg { return OpenMsg{Dialog: d} } }

// Close is a command that closes d and hands result (nil: nothing) to the page that opened it.
// Commands put after it in a tea.Sequence run once d is gone. From now on the keys that come
// before the close (typed in the same burst: esc then K) wait and go where they would have
// gone once d is gone, rather than to d: return the command.
func Close(d Dialog, result tea.Msg) tea.Cmd {
	d.Tasks().closing.Store(true)
	return func() tea.Msg { return CloseMsg{Dialog: d, Result: result} }
}

// dialogChrome is what the frame adds around a dialog's content: a border and a space each side,
// the border, the title line and a blank line above, the border below.
const (
	dialogChromeW = 4
	dialogChromeH = 4
)

// open puts d over the page on top.
func (a *App) open(d Dialog) tea.Cmd {
	t := a.top()
	if t == nil {
		d.Tasks().Close()
		return nil
	}
	a.help = nil
	d.SetSize(a.dialogSize())
	t.dialogs = append(t.dialogs, openDialog{Dialog: d, gen: t.page.Tasks().gen})
	return d.Init()
}

// close takes d off its page and delivers its result there. A dialog is known by its tasks, so a
// type that embeds one (a picker with checks of its own) closes by the embedded one's Close.
func (a *App) close(msg CloseMsg) tea.Cmd {
	cmd := a.closeDialog(msg)
	if len(a.held) == 0 || a.closingDialog() {
		return cmd
	}
	// The keys typed while it was closing, in order, after its result.
	cmds := []tea.Cmd{cmd}
	for _, k := range a.held {
		cmds = append(cmds, func() tea.Msg { return k })
	}
	a.held = nil
	return tea.Sequence(cmds...)
}

// closingDialog reports whether the dialog on top has asked to close (Close) and is not gone yet.
func (a *App) closingDialog() bool {
	d := a.dialog()
	return d != nil && d.Tasks().closing.Load()
}

func (a *App) closeDialog(msg CloseMsg) tea.Cmd {
	for _, e := range a.stack {
		for i, d := range e.dialogs {
			if d.Tasks() != msg.Dialog.Tasks() {
				continue
			}
			d.Tasks().Close()
			e.dialogs = append(e.dialogs[:i], e.dialogs[i+1:]...)
			a.closedRemedy(d.Dialog, msg.Result)
			if _, ok := msg.Result.(Renewed); ok {
				return a.renewed() // the app's to act on, whoever opened the dialog
			}
			if msg.Result == nil {
				return nil
			}
			return e.page.Update(Result{Owner: e.page.Tasks(), Gen: d.gen, Msg: msg.Result})
		}
	}
	return nil // closed already, or its page is gone
}

// dialog is the dialog on top of the page on top, or nil.
func (a *App) dialog() Dialog {
	if t := a.top(); t != nil && len(t.dialogs) > 0 {
		return t.dialogs[len(t.dialogs)-1].Dialog
	}
	return nil
}

// dialogSize is the most room a dialog's content gets: the body less a margin and the frame.
func (a *App) dialogSize() (int, int) {
	return max(a.width-2-dialogChromeW, 10), max(a.bodyHeight()-dialogChromeH, 1)
}

// closeDialogs ends the dialogs of a page that leaves the stack.
func (e *entry) closeDialogs() {
	for _, d := range e.dialogs {
		d.Tasks().Close()
	}
	e.dialogs = nil
}

// frameDialog draws d's frame: its title and status on the top line, its content inside.
func (a *App) frameDialog(d Dialog) string {
	st := a.opts.Styles
	maxW, maxH := a.dialogSize()
	lines := fitLines(strings.TrimRight(d.View(), "\n"), maxW, maxH)
	for len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	title := st.Title.Render(textsafe.Clean(d.Title()))
	status := ""
	if r, ok := d.(StatusReporter); ok {
		status = st.Status.Render(textsafe.Clean(r.Status()))
	}
	w := lipgloss.Width(title) + 1 + lipgloss.Width(status)
	for _, l := range lines {
		w = max(w, lipgloss.Width(l))
	}
	w = min(w, maxW)
	head := spread(title, status, w)
	body := lipgloss.NewStyle().Width(w).Render(strings.Join(append([]string{head, ""}, lines...), "\n"))
	// The frame takes the accent of the breadcrumbs, so it follows the theme without a style of its own.
	frame := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(st.Crumbs.GetForeground()).Padding(0, 1)
	return frame.Render(body)
}

// overlay draws the top dialog centred over body, a page's fitted lines.
func (a *App) overlay(body []string) []string {
	d := a.dialog()
	if d == nil {
		return body
	}
	box := a.frameDialog(d)
	h := a.bodyHeight()
	x := max((a.width-lipgloss.Width(box))/2, 0)
	y := max((h-lipgloss.Height(box))/2, 0)
	layers := lipgloss.NewCompositor(lipgloss.NewLayer(strings.Join(body, "\n")), lipgloss.NewLayer(box).X(x).Y(y).Z(1))
	return fitLines(lipgloss.NewCanvas(a.width, h).Compose(layers).Render(), a.width, h)
}
