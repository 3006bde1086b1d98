package keymap

import "slices"

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
