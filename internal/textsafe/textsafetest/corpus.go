// Package textsafetest is the corpus of hostile strings nimbus's rendering is tested with, and the
// check that none of their bytes reached an output: what is left must be printable text, newlines
// and nimbus's own SGR styling.
package textsafetest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Case is one hostile string.
type Case struct {
	Name string
	S    string
}

// ForeignSGR are the SGR parameters the corpus uses. nimbus's theme never draws them, so seeing
// one in an output means a styling sequence from outside got through.
var ForeignSGR = []string{"38;2;13;37;66", "5;6;9;53", "48;5;201"}

// Corpus is every kind of hostile string: escape sequences of each family, raw and UTF-8 C1
// controls, C0 controls and DEL, bidi controls and invalid UTF-8. Each holds printable words too,
// so a renderer that drops it entirely is noticed by tests that look for them.
var Corpus = []Case{
	{"SGR", "red\x1b[38;2;13;37;66mtext\x1b[5;6;9;53mblink\x1b[48;5;201m"},
	{"CSI cursor and erase", "erase\x1b[2J\x1b[Hhome\x1b[1A\x1b[999;999H"},
	{"CSI private modes", "alt\x1b[?1049h\x1b[?25lmouse\x1b[?1000h"},
	{"OSC 8 hyperlink ST", "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"},
	{"OSC 8 hyperlink BEL", "\x1b]8;;https://evil.example/\x07link\x1b]8;;\x07"},
	{"OSC title", "title\x1b]0;pwned\x07\x1b]2;owned\x1b\\"},
	{"OSC 52 clipboard", "clip\x1b]52;c;cm0gLXJmIH4=\x07"},
	{"DCS", "dcs\x1bP+q544e\x1b\\\x1bP$qm\x1b\\"},
	{"APC", "apc\x1b_Gf=100;payload\x1b\\"},
	{"PM", "pm\x1b^privacy message\x1b\\"},
	{"SOS", "sos\x1bXstart of string\x1b\\"},
	{"ESC single", "reset\x1bc\x1b7save\x1b8\x1b(0charset\x1bD\x1bM"},
	{"C1 CSI UTF-8", "c1csi\u009b31m\u009b2J"},
	{"C1 OSC UTF-8", "c1osc\u009d0;pwned\u009c\u009d8;;https://evil.example/\u009c"},
	{"C1 DCS APC PM SOS UTF-8", "c1\u0090dcs\u009c\u009fapc\u009c\u009epm\u009c\u0098sos\u009c\u0085nel"},
	{"C1 raw bytes", "raw\x9b31m\x9d0;t\x9c\x90q\x9c"},
	{"C0 controls", "nul\x00soh\x01bel\x07bs\x08vt\x0bff\x0ccr\rso\x0esi\x0fsub\x1a"},
	{"DEL", "del\x7fdel"},
	{"bidi override", "file\u202Egpj.exe\u202C"},
	{"bidi every control", "a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j"},
	{"invalid UTF-8", "bad\xff\xfe\xc0\x80\xed\xa0\x80\xf8\x88\x80\x80\x80end"},
	{"truncated UTF-8", "cut\xe2\x82"},
	{"everything", "\x1b]8;;https://evil.example/\x1b\\\u202E\x1b[38;2;13;37;66m\u009b2J\x9b\x07\x00\xff\x1bP1$r\x1b\\evil\x1b]8;;\x1b\\"},
}

// Leaks lists what in out did not come from nimbus: a control byte other than newline, an escape
// sequence that is not SGR, an SGR with the corpus's parameters, a C1 or bidi control, or invalid
// UTF-8. An empty list means out is clean.
func Leaks(out string) []string {
	var leaks []string
	add := func(i int, what string) {
		lo, hi := max(i-12, 0), min(i+12, len(out))
		leaks = append(leaks, fmt.Sprintf("%s at byte %d: %q", what, i, out[lo:hi]))
	}
	for i := 0; i < len(out); {
		c := out[i]
		switch {
		case c == 0x1b:
			n := sgrLen(out[i:])
			if n == 0 {
				add(i, "escape sequence other than SGR")
				i++
				continue
			}
			params := out[i+2 : i+n-1]
			for _, f := range ForeignSGR {
				if strings.Contains(params, f) {
					add(i, "SGR from outside")
				}
			}
			i += n
		case c == '\n' || (c >= 0x20 && c < 0x7f):
			i++
		case c < 0x80:
			add(i, fmt.Sprintf("control byte %#02x", c))
			i++
		default:
			r, size := utf8.DecodeRuneInString(out[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				add(i, fmt.Sprintf("invalid UTF-8 byte %#02x", c))
			case r >= 0x80 && r < 0xa0:
				add(i, fmt.Sprintf("C1 control U+%04X", r))
			case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
				add(i, fmt.Sprintf("bidi control U+%04X", r))
			}
			i += size
		}
	}
	return leaks
}

func sgrLen(s string) int {
	if len(s) < 3 || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 'm':
			return i + 1
		case (c >= '0' && c <= '9') || c == ';' || c == ':':
		default:
			return 0
		}
	}
	return 0
}
