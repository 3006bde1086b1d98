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
	Clear  key.Binding // a value too large for one line
}

// NewKeys derives the form's bindings from the user's key map: cancel and enter follow its
// input keys, run is actions.run; the rest are its form.* keys.
func NewKeys(km keymap.KeyMap) Keys {
	enter := km.Input.Submit
	enter.SetHelp(enter.Help().Key, "next/run")
	cancel := km.Input.Cancel
	cancel.SetHelp(cancel.Help().Key, "cancel")
	return Keys{
		Next:   km.Form.Next,
		Prev:   km.Form.Prev,
		Submit: tui.Rename(km.Actions.Run, "run"),
		Enter:  enter,
		Cancel: cancel,
		Editor: km.Form.Editor,
		Left:   km.Form.Left,
		Right:  km.Form.Right,
		Toggle: km.Form.Toggle,
		Clear:  km.Form.Clear,
	}
}

// FormEnv is what a form needs from its page.
type FormEnv struct {
	Keys   keymap.KeyMap
	Styles Styles
}
