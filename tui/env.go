package tui

import (
	"context"

	"github.com/nimbus-tui/nimbus/keymap"
)

// Env is what every page is built with: the context its tasks derive from, the key map and the
// theme. It is passed by value; nothing in it changes after start-up.
type Env struct {
	Ctx    context.Context
	Keys   keymap.KeyMap
	Styles Styles
}
