// Package pyjson writes JSON the way Python's json module does with its defaults
// (ensure_ascii=True, allow_nan=True), for the places where nimbus must produce Python's exact
// bytes. Each caller needs a different part:
//   - the aws CLI's role-credential cache key (sessionmgr: a SHA-1 of json.dumps of the call's
//     arguments, sorted) writes strings from a config file and ints (WriteString): no floats, no
//     duplicate keys (a dict), and no lone surrogates (the file is UTF-8: Python could not read
//     one either);
//   - `aws logs tail --format json` (awsapi/logtail) writes json.dumps(json.loads(message),
//     indent=4) for any message a user logs (Reindent): there NaN and Infinity, escaped lone
//     surrogates and duplicate keys are Python's json.loads's, which a user sees.
package pyjson

import (
	"strings"
	"unicode/utf16"
)

// WriteString writes s as a JSON string as json.dumps writes it: the short escapes Python uses
// (\" \\ \n \r \t \b \f), every other rune outside space…~ as \uXXXX (UTF-16 surrogate pairs
// above U+FFFF), "/" and HTML characters as they are.
func WriteString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		writeUnit(b, r)
	}
	b.WriteByte('"')
}

// writeUnit writes one character of a string as json.dumps does: ASCII as it is or as its short
// escape, anything else (DEL, non-ASCII, a lone surrogate) as \uXXXX, UTF-16 pairs above U+FFFF.
func writeUnit(b *strings.Builder, r rune) {
	const hex = "0123456789abcdef"
	switch r {
	case '"':
		b.WriteString(`\"`)
	case '\\':
		b.WriteString(`\\`)
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	case '\b':
		b.WriteString(`\b`)
	case '\f':
		b.WriteString(`\f`)
	default:
		if r >= 0x20 && r <= 0x7e {
			b.WriteByte(byte(r))
			return
		}
		if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			writeUnit(b, r1)
			writeUnit(b, r2)
			return
		}
		b.WriteString(`\u`)
		b.WriteByte(hex[r>>12&0xf])
		b.WriteByte(hex[r>>8&0xf])
		b.WriteByte(hex[r>>4&0xf])
		b.WriteByte(hex[r&0xf])
	}
}

// String is WriteString into a new string.
func String(s string) string {
	var b strings.Builder
	WriteString(&b, s)
	return b.String()
}
