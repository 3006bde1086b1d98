package vtable

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// needle is a compiled case-insensitive query. ASCII queries (the usual case) are matched
// without allocating: the scan jumps between occurrences of the query's rarest byte with
// strings.IndexByte, which is vectorised, and only then compares the rest.
type needle struct {
	q      string // lower-cased when ascii
	ascii  bool
	anchor int // index in q of the byte the scan jumps to
}

func compileNeedle(query string) needle {
	for i := 0; i < len(query); i++ {
		if query[i] >= utf8.RuneSelf {
			return needle{q: query}
		}
	}
	q := strings.ToLower(query)
	best, bestCost := 0, 1<<30
	for i := 0; i < len(q); i++ {
		if c := byteCost(q[i]); c < bestCost {
			best, bestCost = i, c
		}
	}
	return needle{q: q, ascii: true, anchor: best}
}

// byteCost guesses how often a byte occurs in names, keys and dates (letters cost double:
// both cases must be searched), so the scan anchors on a rare one.
func byteCost(c byte) int {
	const letters = "etaoinsrhldcumfpgwybvkxjqz" // most to least frequent
	switch {
	case c >= 'a' && c <= 'z':
		return 2 * (60 - 2*strings.IndexByte(letters, c))
	case c >= '0' && c <= '9':
		return 50
	case c == '/' || c == '.' || c == ' ' || c == '-' || c == ':':
		return 40
	default:
		return 10
	}
}

// in reports whether the needle occurs in s, ignoring case.
func (nd *needle) in(s string) bool {
	q := nd.q
	if len(q) == 0 {
		return true
	}
	if len(s) < len(q) {
		return false
	}
	if !nd.ascii {
		return containsFoldUnicode(s, q)
	}
	a := nd.anchor
	c := q[a]
	if c < 'a' || c > 'z' {
		for i := a; i < len(s); {
			k := strings.IndexByte(s[i:], c)
			if k < 0 {
				return false
			}
			at := i + k
			start := at - a
			if start+len(q) > len(s) {
				return false
			}
			if equalFoldASCII(s[start:start+len(q)], q) {
				return true
			}
			i = at + 1
		}
		return false
	}
	// A letter: jump to whichever case comes first, remembering where the other one is.
	up := c - ('a' - 'A')
	nextLo, nextUp := -2, -2 // -2: not searched yet, -1: none left
	for i := a; ; {
		if nextLo != -1 && nextLo < i {
			nextLo = indexFrom(s, c, i)
		}
		if nextUp != -1 && nextUp < i {
			nextUp = indexFrom(s, up, i)
		}
		at := nextLo
		if at < 0 || (nextUp >= 0 && nextUp < at) {
			at = nextUp
		}
		if at < 0 {
			return false
		}
		start := at - a
		if start+len(q) > len(s) {
			return false
		}
		if equalFoldASCII(s[start:start+len(q)], q) {
			return true
		}
		i = at + 1
	}
}

func indexFrom(s string, c byte, from int) int {
	k := strings.IndexByte(s[from:], c)
	if k < 0 {
		return -1
	}
	return from + k
}

// equalFoldASCII compares s with the lower-case ASCII q, ignoring the case of s.
func equalFoldASCII(s, q string) bool {
	for i := 0; i < len(q); i++ {
		b := s[i]
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b != q[i] {
			return false
		}
	}
	return true
}

// containsFoldUnicode is the slow path for non-ASCII queries: simple Unicode case folding
// at every rune boundary, still without allocating.
func containsFoldUnicode(s, q string) bool {
	for i := 0; i < len(s); {
		if hasPrefixFold(s[i:], q) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return false
}

func hasPrefixFold(s, q string) bool {
	for q != "" {
		if s == "" {
			return false
		}
		rs, ns := utf8.DecodeRuneInString(s)
		rq, nq := utf8.DecodeRuneInString(q)
		s, q = s[ns:], q[nq:]
		if rs == rq {
			continue
		}
		if !foldEqual(rs, rq) {
			return false
		}
	}
	return true
}

// foldEqual reports whether two runes are equal under simple Unicode case folding.
func foldEqual(a, b rune) bool {
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}
