// Package pyjson writes JSON strings the way Python's json.dumps does with its default
// ensure_ascii=True, for the places where nimbus must produce Python's exact bytes: the aws CLI's
// role-credential cache key (a SHA-1 of json.dumps of the call's arguments) and `aws logs tail
// --format json` output.
package pyjson

import (
	"strings"
	"unicode/utf16"
)

// WriteString writes s as a JSON string as json.dumps writes it: the short escapes Python uses
// (\" \\ \n \r \t \b \f), every other rune outside space…~ as \uXXXX (UTF-16 surrogate pairs
// above U+FFFF), "/" and HTML characters as they are.
func WriteString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
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
				b.WriteRune(r)
				continue
			}
			units := []uint16{uint16(r)}
			if r > 0xffff {
				r1, r2 := utf16.EncodeRune(r)
				units = []uint16{uint16(r1), uint16(r2)}
			}
			for _, u := range units {
				b.WriteString(`\u`)
				b.WriteByte(hex[u>>12&0xf])
				b.WriteByte(hex[u>>8&0xf])
				b.WriteByte(hex[u>>4&0xf])
				b.WriteByte(hex[u&0xf])
			}
		}
	}
	b.WriteByte('"')
}

// String is WriteString into a new string.
func String(s string) string {
	var b strings.Builder
	WriteString(&b, s)
	return b.String()
}
