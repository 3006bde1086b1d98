package opform

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui"
)

// Actions is the form's action table for the focused field: it dispatches the form's keys and is
// what the page shows in its footer and help, so both name only the keys that work in that
// field (a text field takes : ? q / as text).
func (f *Form) Actions() tui.Actions {
	k := f.keys
	c := f.current()
	is := func(want kind) func() bool {
		return func() bool { return c != nil && !c.hasVerbatim && c.kind == want }
	}
	cycles := func() bool { return is(kindEnum)() && c.enumCycles() }
	step := func(msg tea.KeyPressMsg) int {
		if key.Matches(msg, k.Left) {
			return -1
		}
		return 1
	}
	return tui.Actions{
		{Binding: k.Next, Footer: true, Run: func() tea.Cmd { return f.move(1) }},
		{Binding: k.Prev, Run: func() tea.Cmd { return f.move(-1) }},
		{Binding: k.Enter, Run: func() tea.Cmd {
			if f.focus >= len(f.fields)-1 {
				return f.submit()
			}
			return f.move(1)
		}},
		{Binding: k.Submit, Footer: true, Run: f.submit},
		{Binding: tui.Join("value", k.Left, k.Right), Footer: true, Enabled: cycles, RunKey: func(msg tea.KeyPressMsg) tea.Cmd {
			c.cycleEnum(step(msg))
			f.recheck(c)
			return nil
		}},
		{Binding: k.Toggle, Footer: true, Enabled: is(kindBool), Run: func() tea.Cmd {
			c.cycleBool(1)
			f.recheck(c)
			return nil
		}},
		{Binding: tui.Join("value", k.Left, k.Right), Enabled: is(kindBool), RunKey: func(msg tea.KeyPressMsg) tea.Cmd {
			c.cycleBool(step(msg))
			f.recheck(c)
			return nil
		}},
		{Binding: k.Clear, Enabled: func() bool { return c != nil && c.hasVerbatim }, Run: func() tea.Cmd {
			c.clearVerbatim()
			f.recheck(c)
			return nil
		}},
		{Binding: k.Editor, Footer: true, Run: f.openEditor},
		{Binding: k.Cancel, Footer: true, Run: func() tea.Cmd {
			op := f.op
			return func() tea.Msg { return CancelMsg{Operation: op} }
		}},
	}
}
