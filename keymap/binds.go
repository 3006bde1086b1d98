package keymap

import (
	"slices"
	"strings"
)

// Binds reports whether any binding takes keystroke (such as "alt+:"), so the app leaves keys a
// user bound alone when it reinterprets others.
func (k KeyMap) Binds(keystroke string) bool {
	for _, b := range k.bindings() {
		if b.Enabled() && slices.Contains(b.Keys(), keystroke) {
			return true
		}
	}
	return false
}

// tableExtras are keys a table page keeps for itself beyond its bindings: the arrows and tab
// the widgets and dialogs use, and space as it may arrive.
var tableExtras = []string{"left", "right", "tab", "shift+tab", "space", " "}

// TakenOnTables reports whether a table page already answers keystroke with this key map: a
// global, table or action binding, one of tableExtras, or any ctrl combination (kept for the
// app). A resource action's own key gives way to such a key, so a user's remap always wins.
func (k KeyMap) TakenOnTables(keystroke string) bool {
	if strings.HasPrefix(keystroke, "ctrl+") || slices.Contains(tableExtras, keystroke) {
		return true
	}
	for name, b := range k.bindings() {
		ctx, _, _ := strings.Cut(name, ".")
		if (ctx == "global" || ctx == "table" || ctx == "actions") && b.Enabled() && slices.Contains(b.Keys(), keystroke) {
			return true
		}
	}
	return false
}
