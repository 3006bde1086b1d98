package tui

import (
	"strings"
	"unicode"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
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
	case plain.Mod == tea.ModShift && plain.Code >= 'a' && plain.Code <= 'z':
		// Esc then O, P or X alone: the decoder reads the pair as alt+shift+letter without the
		// shifted letter (ESC O, ESC P and ESC X begin SS3, DCS and SOS).
		plain.ShiftedCode = unicode.ToUpper(plain.Code)
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

// Esc then [ O P ] _ ^ X and more in one read begins an escape sequence to the decoder (CSI,
// SS3, DCS, OSC, APC, PM, SOS), which swallows the keys typed after it and, when no terminator
// follows, hands them over as an unknown event. keysAfterEsc takes such an event back for what
// was typed, when it is no sequence a terminal sends: a string (DCS, OSC, APC, PM, SOS) without
// its terminator (ST, or BEL for OSC), or a CSI cut short or with nothing between "[" and its
// final byte. A terminal's reports (terminated strings, CSIs with parameters) stay unknown.
func keysAfterEsc(msg tea.Msg) ([]tea.KeyPressMsg, bool) {
	var seq string
	switch m := msg.(type) {
	case uv.UnknownEvent:
		seq = string(m)
	case uv.UnknownCsiEvent:
		seq = string(m)
	case uv.UnknownDcsEvent:
		seq = string(m)
	case uv.UnknownOscEvent:
		seq = string(m)
	case uv.UnknownApcEvent:
		seq = string(m)
	case uv.UnknownPmEvent:
		seq = string(m)
	case uv.UnknownSosEvent:
		seq = string(m)
	default:
		return nil, false
	}
	if len(seq) < 3 || seq[0] != ansi.ESC {
		return nil, false
	}
	switch seq[1] {
	case 'P', ']', '_', '^', 'X':
		if strings.HasSuffix(seq, "\x1b\\") || (seq[1] == ']' && strings.HasSuffix(seq, "\a")) {
			return nil, false
		}
	case '[':
		if final := seq[len(seq)-1]; final >= 0x40 && final <= 0x7e && len(seq) > 3 {
			return nil, false
		}
	default:
		return nil, false // SS3 (ESC O) is read as a key whole
	}
	keys := []tea.KeyPressMsg{{Code: tea.KeyEscape}}
	var dec uv.EventDecoder
	for rest := []byte(seq[1:]); len(rest) > 0; {
		n, ev := dec.Decode(rest)
		k, ok := ev.(uv.KeyPressEvent)
		if n <= 0 || !ok {
			return nil, false
		}
		keys = append(keys, tea.KeyPressMsg(k))
		rest = rest[n:]
	}
	return keys, true
}
