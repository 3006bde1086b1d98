package tui

import (
	"reflect"

	tea "charm.land/bubbletea/v2"
)

// teaPkg is Bubble Tea's import path: its messages (exec, clipboard, quit…) are for the program.
var teaPkg = reflect.TypeOf(tea.BatchMsg(nil)).PkgPath()

// Wrap routes the message of a command the page started (a widget's background filter, say) back to
// this page as a Result, even if another page is on top when it arrives.
//
// Unlike Run, Wrap does not drop the message when the page's context has ended: the command is not
// Run's function, it did not get the context and may not have stopped for it. Its Result is stamped
// with the generation Wrap was called in, so Accept drops it after a Restart, and the app drops it
// when the page has closed. (Run returns nil instead, having cancelled fn through its context.)
//
// Bubble Tea's own messages pass through unwrapped, or the program would never see them: a
// wrapped tea.ExecProcess never starts $EDITOR, a wrapped tea.SetClipboard copies nothing. The
// commands of a batch or a sequence are wrapped one by one.
func (t *Tasks) Wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	gen := t.gen
	var wrap func(cmd tea.Cmd) tea.Cmd
	wrap = func(cmd tea.Cmd) tea.Cmd {
		if cmd == nil {
			return nil
		}
		return func() tea.Msg {
			msg := cmd()
			if msg == nil {
				return nil
			}
			if batch, ok := msg.(tea.BatchMsg); ok {
				out := make(tea.BatchMsg, len(batch))
				for i, c := range batch {
					out[i] = wrap(c)
				}
				return out
			}
			if seq, ok := sequence(msg); ok {
				out := make([]tea.Cmd, 0, len(seq))
				for _, c := range seq {
					if c != nil {
						out = append(out, wrap(c))
					}
				}
				switch len(out) {
				case 0:
					return nil
				case 1:
					return out[0]() // a sequence of one command is that command
				}
				return tea.Sequence(out...)()
			}
			if ownMsg(msg) {
				return msg
			}
			return Result{Owner: t, Gen: gen, Msg: msg}
		}
	}
	return wrap(cmd)
}

// ownMsg reports whether msg is one of Bubble Tea's messages, which only the program handles.
func ownMsg(msg tea.Msg) bool {
	typ := reflect.TypeOf(msg)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	return typ.PkgPath() == teaPkg
}

// sequence unpacks tea.Sequence's message, whose type Bubble Tea does not export.
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) || v.Type().PkgPath() != teaPkg {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}
