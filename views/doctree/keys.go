package doctree

import (
	"charm.land/bubbles/v2/key"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
)

// Keys are the bindings the tree reacts to: the table's cursor keys plus its own. Tree.Actions
// pairs each with what it does, for Update, the footer and the help.
type Keys struct {
	Up           key.Binding
	Down         key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	HalfPageUp   key.Binding
	HalfPageDown key.Binding
	Top          key.Binding
	Bottom       key.Binding

	// Toggle opens or closes the node under the cursor.
	Toggle key.Binding
	// Expand opens the node, or steps into it when it is open already.
	Expand key.Binding
	// Collapse closes the node, or steps out to its parent when it is closed or a leaf.
	Collapse    key.Binding
	ExpandAll   key.Binding
	CollapseAll key.Binding
	// Mode cycles tree → JSON → YAML → tree.
	Mode key.Binding
	// Wrap shows long lines whole over several rows, or cut with "…".
	Wrap key.Binding
	// Copy copies the value under the cursor, CopyAll the whole document as JSON.
	Copy    key.Binding
	CopyAll key.Binding
	// NextMatch and PrevMatch move to the next and previous value that matches the filter.
	NextMatch key.Binding
	PrevMatch key.Binding
}

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeys takes the cursor keys from km.Table (so a user's remapping applies) and adds
// the tree's own: enter/space toggle, l/→ and h/← open and close, E/C all, t mode, w wrap, y (actions.copy)/Y copy,
// n/N next and previous match.
func DefaultKeys(km keymap.KeyMap) Keys {
	tb := km.Table
	toggleKeys := append(append([]string(nil), tb.Open.Keys()...), "space")
	return Keys{
		Up:           tb.Up,
		Down:         tb.Down,
		PageUp:       tb.PageUp,
		PageDown:     tb.PageDown,
		HalfPageUp:   tb.HalfPageUp,
		HalfPageDown: tb.HalfPageDown,
		Top:          tb.Top,
		Bottom:       tb.Bottom,
		Toggle:       bind(tb.Open.Help().Key+"/space", "open/close", toggleKeys...),
		Expand:       bind("→/l", "open", "right", "l"),
		Collapse:     bind("←/h", "close", "left", "h"),
		ExpandAll:    bind("E", "open all", "E"),
		CollapseAll:  bind("C", "close all", "C"),
		Mode:         bind("t", "tree/json/yaml", "t"),
		Wrap:         bind("w", "wrap", "w"),
		Copy:         tui.Rename(km.Actions.Copy, "copy value"),
		CopyAll:      bind("Y", "copy all", "Y"),
		NextMatch:    bind("n", "next match", "n"),
		PrevMatch:    bind("N", "previous match", "N"),
	}
}
