package tui

import (
	"unicode"

	tea "charm.land/bubbletea/v2"
)

// Keys typed faster than nimbus reads them reach it in one read, and the terminal decoder reads
// "Esc, then :" as alt+: (an Esc prefix is how terminals send alt). nimbus binds no alt key by
// default, so such a key is taken for what was typed: Esc, then the key. Inside a text input
// alt+letter stays whole: the input moves by words with it.

// splitEsc returns the key an alt+key stands for after an Esc, when msg is such a key.
func splitEsc(msg tea.KeyPressMsg, textFocused bool, bound func(string) bool) (tea.KeyPressMsg, bool) {
	if !msg.Mod.Contains(tea.ModAlt) || bound(msg.Keystroke()) {
		return msg, false
	}
	plain := msg
	plain.Mod &^= tea.ModAlt
	switch {
	case plain.Mod == 0 && unicode.IsPrint(plain.Code) && plain.Code != tea.KeySpace:
		plain.Text = string(plain.Code)
	case plain.Mod == tea.ModShift && plain.ShiftedCode != 0:
		plain.Text = string(plain.ShiftedCode)
	case plain.Mod == 0 && plain.Code == tea.KeyEnter, plain.Mod == tea.ModCtrl && plain.Code == 'j':
		return plain, true // Esc, then Enter (read as LF before the terminal was set up)
	default:
		return msg, false
	}
	if textFocused && (unicode.IsLetter(plain.Code) || unicode.IsDigit(plain.Code)) {
		return msg, false
	}
	return plain, true
}

// textFocused reports whether a text input takes the keys: the bar, or a page's field.
func (a *App) textFocused() bool {
	if a.bar.active() {
		return true
	}
	if t := a.top(); t != nil {
		if c, ok := t.page.(KeyCapturer); ok && c.CapturesKeys() {
			return true
		}
	}
	return false
}
