// Package textsafe makes strings that come from outside nimbus safe to put on a terminal: an S3
// key, a tag, an error message or a log line may hold ESC, other control bytes or bidi overrides
// that would otherwise drive the terminal or reorder what the user reads.
//
// It has three layers: Clean (and the Text type built on it) for every string before it is drawn,
// Screen as the last guard on a whole rendered frame, and Writer for headless output streams.
package textsafe

import (
	"strings"
	"unicode/utf8"
)

// Clean returns s with every control character (C0, DEL, C1), every bidi control (U+202A–U+202E,
// U+2066–U+2069) and every invalid UTF-8 byte written as a visible escape such as \x1b or \u202e,
// so the text keeps its information but cannot move the cursor, change colours, set the window
// title or reorder the line. Escape sequences of every kind (CSI, OSC, DCS, APC, PM, SOS) start
// with ESC or a C1 control, so all of them are shown inert. Tabs become a space.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	writeClean(&b, s, false)
	return b.String()
}

// CleanMultiline is Clean for text shown over several lines (previews, log events): newlines are
// kept, every other control character is escaped, and CRLF becomes LF.
func CleanMultiline(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if isCleanKeeping(s, true, false) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	writeClean(&b, s, true)
	return b.String()
}

// writeClean writes s escaped; keepNL keeps newlines (for multi-line text).
func writeClean(b *strings.Builder, s string, keepNL bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeHex(b, `\x`, rune(s[i]), 2)
		case r == '\t':
			b.WriteByte(' ')
		case r == '\n' && keepNL:
			b.WriteByte('\n')
		case isControl(r):
			writeHex(b, `\x`, r, 2)
		case isBidi(r):
			writeHex(b, `\u`, r, 4)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
}

// writeHex writes prefix and the n lowest hex digits of r: \x1b, \u202e.
func writeHex(b *strings.Builder, prefix string, r rune, n int) {
	const digits = "0123456789abcdef"
	b.WriteString(prefix)
	for shift := 4 * (n - 1); shift >= 0; shift -= 4 {
		b.WriteByte(digits[(r>>shift)&0xf])
	}
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// IsBidi reports whether r is a bidi control that Clean escapes; JSON writers escape them too.
func IsBidi(r rune) bool { return isBidi(r) }

// isBidi reports the bidi embedding, override and isolate controls: they reorder the text around
// them, so a file name can show "gpj.exe" as "exe.jpg" and shift the columns after it.
func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// isClean is the fast path: most strings are printable ASCII.
func isClean(s string) bool { return isCleanKeeping(s, false, false) }

// isCleanKeeping is isClean where newlines (nl) and tabs (tab) are allowed as they are.
func isCleanKeeping(s string, nl, tab bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			continue
		}
		switch {
		case c == '\n' && nl, c == '\t' && tab:
			continue
		case c < 0x80:
			return false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || isControl(r) || isBidi(r) {
			return false
		}
		i += size - 1
	}
	return true
}
