package textsafe

import (
	"strings"
	"unicode/utf8"
)

// Screen is the last guard on a whole rendered frame before it reaches the terminal: it keeps
// newlines and SGR styling sequences (ESC [ params m, what lipgloss draws) and escapes everything
// else Clean would, including any other escape sequence. A renderer that forgot to clean outside
// text can then change no more than colours, and tests catch that (see textsafetest).
func Screen(frame string) string {
	i := screenCleanPrefix(frame)
	if i == len(frame) {
		return frame
	}
	var b strings.Builder
	b.Grow(len(frame) + 64)
	b.WriteString(frame[:i])
	for i < len(frame) {
		c := frame[i]
		if c == 0x1b {
			if n := sgrLen(frame[i:]); n > 0 {
				b.WriteString(frame[i : i+n])
				i += n
				continue
			}
		}
		if c == '\n' {
			b.WriteByte('\n')
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(frame[i:])
		writeClean(&b, frame[i:i+size], false)
		i += size
	}
	return b.String()
}

// screenCleanPrefix is the length of the longest prefix of frame that needs no change: the fast
// path, as a frame normally passes untouched.
func screenCleanPrefix(frame string) int {
	for i := 0; i < len(frame); {
		c := frame[i]
		switch {
		case c == 0x1b:
			n := sgrLen(frame[i:])
			if n == 0 {
				return i
			}
			i += n
		case c == '\n' || (c >= 0x20 && c < 0x7f):
			i++
		case c < 0x80:
			return i
		default:
			r, size := utf8.DecodeRuneInString(frame[i:])
			if (r == utf8.RuneError && size == 1) || isControl(r) || isBidi(r) {
				return i
			}
			i += size
		}
	}
	return len(frame)
}

// sgrLen is the length of the SGR sequence s starts with (ESC [ digits, ';' or ':' then 'm'),
// or 0 when s does not start with one.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s) && i < 128; i++ {
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
