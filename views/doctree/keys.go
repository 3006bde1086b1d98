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

// DefaultKeys takes the cursor keys from km.Table and the tree's own from km.Tree (so a user's
// remapping applies): table.open or tree.toggle open and close, actions.copy copies a value.
func DefaultKeys(km keymap.KeyMap) Keys {
	tb, tr := km.Table, km.Tree
	return Keys{
		Up:           tb.Up,
		Down:         tb.Down,
		PageUp:       tb.PageUp,
		PageDown:     tb.PageDown,
		HalfPageUp:   tb.HalfPageUp,
		HalfPageDown: tb.HalfPageDown,
		Top:          tb.Top,
		Bottom:       tb.Bottom,
		Toggle:       tui.Join(tr.Toggle.Help().Desc, tb.Open, tr.Toggle),
		Expand:       tr.Expand,
		Collapse:     tr.Collapse,
		ExpandAll:    tr.ExpandAll,
		CollapseAll:  tr.CollapseAll,
		Mode:         tr.Mode,
		Wrap:         tr.Wrap,
		Copy:         tui.Rename(km.Actions.Copy, "copy value"),
		CopyAll:      tr.CopyAll,
		NextMatch:    tr.NextMatch,
		PrevMatch:    tr.PrevMatch,
	}
}
