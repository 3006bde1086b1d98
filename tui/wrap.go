package tui

import tea "charm.land/bubbletea/v2"

// Wrap routes the message of a command the page started (a widget's background filter, say) back to
// this page as a Result, even if another page is on top when it arrives.
func (t *Tasks) Wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	gen := t.gen
	return func() tea.Msg {
		msg := cmd()
		if msg == nil {
			return nil
		}
		return Result{Owner: t, Gen: gen, Msg: msg}
	}
}
