package tui

import (
	"context"
	"log/slog"

	"github.com/nimbus-tui/nimbus/keymap"
)

// Env is what every page is built with: the context its tasks derive from, the key map and the
// theme. It is passed by value; nothing in it changes after start-up.
type Env struct {
	Ctx    context.Context
	Keys   keymap.KeyMap
	Styles Styles
	// Logger is the --debug log (nil: nothing is logged). Never log secrets.
	Logger *slog.Logger
	// Clock is the time pages read and wait on (nil: the real clock); use Time().
	Clock Clock
}
