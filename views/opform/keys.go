package opform

import (
	"charm.land/bubbles/v2/key"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
)

// Keys are the form's bindings.
type Keys struct {
	Next   key.Binding
	Prev   key.Binding
	Submit key.Binding // on any field
	Enter  key.Binding // next field, or submit on the last one
	Cancel key.Binding
	Editor key.Binding
	Left   key.Binding // previous enum value, toggle
	Right  key.Binding // next enum value, toggle
	Toggle key.Binding // booleans
}

// NewKeys derives the form's bindings from the user's key map: cancel and enter follow its
// input keys, run is actions.run; the rest are the form's own.
func NewKeys(km keymap.KeyMap) Keys {
	bind := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	enter := km.Input.Submit
	enter.SetHelp(enter.Help().Key, "next/run")
	cancel := km.Input.Cancel
	cancel.SetHelp(cancel.Help().Key, "cancel")
	return Keys{
		Next:   bind("tab/↓", "next field", "tab", "down"),
		Prev:   bind("shift+tab/↑", "previous field", "shift+tab", "up"),
		Submit: tui.Rename(km.Actions.Run, "run"),
		Enter:  enter,
		Cancel: cancel,
		Editor: bind("ctrl+e", "edit in $EDITOR", "ctrl+e"),
		Left:   bind("←", "previous value", "left"),
		Right:  bind("→", "next value", "right"),
		Toggle: bind("space", "toggle", "space"),
	}
}

// FormEnv is what a form needs from its page.
type FormEnv struct {
	Keys   keymap.KeyMap
	Styles Styles
}
