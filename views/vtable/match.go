package vtable

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// needle is a compiled case-insensitive query. ASCII queries (the usual case) are matched
// without allocating, in one of two ways, both comparing the whole query only where a part
// of it was found:
//   - when the query has a run of two or more bytes that have no case (digits, punctuation, as
//     in "img-0042" or "2024-01"), strings.Index finds that run: one vectorised call per cell;
//   - otherwise the scan jumps between occurrences of the query's rarest letter, in either case.
//
// ASCII queries fold ASCII letters only, so "s" and "k" do not find "ſ" and the Kelvin sign,
// the two non-ASCII letters that fold to them. Other queries use simple Unicode case folding.
type needle struct {
	q      string // lower-cased when ascii
	ascii  bool
	anchor int      // index in q of the byte the scan jumps to
	seg    string   // the longest caseless run of q, if two bytes or more
	segAt  int      // its index in q
	firsts []string // when not ascii: the first rune of q in each of its cases, UTF-8 encoded
	// minLen is the fewest bytes a match can take: cases can differ in UTF-8 length ("K" is
	// one byte, the Kelvin sign three), so for non-ASCII queries it is the rune count.
	minLen int
}

func compileNeedle(query string) needle {
	for i := 0; i < len(query); i++ {
		if query[i] >= utf8.RuneSelf {
			first, _ := utf8.DecodeRuneInString(query)
			nd := needle{q: query, firsts: []string{string(first)}, minLen: utf8.RuneCountInString(query)}
			for r := unicode.SimpleFold(first); r != first; r = unicode.SimpleFold(r) {
				nd.firsts = append(nd.firsts, string(r))
			}
			return nd
		}
	}
	q := strings.ToLower(query)
	best, bestCost := 0, 1<<30
	for i := 0; i < len(q); i++ {
		if c := byteCost(q[i]); c < bestCost {
			best, bestCost = i, c
		}
	}
	nd := needle{q: q, ascii: true, anchor: best, minLen: len(q)}
	for i := 0; i < len(q); {
		if isLetter(q[i]) {
			i++
			continue
		}
		j := i
		for j < len(q) && !isLetter(q[j]) {
			j++
		}
		if j-i >= 2 && j-i > len(nd.seg) {
			nd.seg, nd.segAt = q[i:j], i
		}
		i = j
	}
	return nd
}

// within reports whether an ASCII query could match a cell made only of the bytes in chars
// (lower-case); "" means any text, and non-ASCII queries are not judged (always true).
func (nd *needle) within(chars string) bool {
	if chars == "" || !nd.ascii {
		return true
	}
	for i := 0; i < len(nd.q); i++ {
		if strings.IndexByte(chars, nd.q[i]) < 0 {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// byteCost guesses how often a byte occurs in names, keys and dates (letters count both
// cases), so the scan anchors on a rare one.
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
	if len(s) < nd.minLen {
		return false
	}
	if !nd.ascii {
		return nd.inUnicode(s)
	}
	if nd.seg != "" {
		return nd.inBySegment(s)
	}
	a := nd.anchor
	for i := a; ; {
		at := indexFold(s, q[a], i)
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

// inBySegment finds the query's caseless run exactly, then compares the rest around it.
func (nd *needle) inBySegment(s string) bool {
	q, seg, at := nd.q, nd.seg, nd.segAt
	if len(seg) == len(q) {
		return strings.Contains(s, seg)
	}
	for i := at; i+len(q)-at <= len(s); {
		k := strings.Index(s[i:len(s)-(len(q)-at-len(seg))], seg)
		if k < 0 {
			return false
		}
		start := i + k - at
		if equalFoldASCII(s[start:start+len(q)], q) {
			return true
		}
		i += k + 1
	}
	return false
}

// indexFold returns the first index from from on where s holds the lower-case ASCII byte c in
// either case, or -1. For a letter it tests eight bytes at a time: cells are short, and one pass
// finding both cases beats two calls to strings.IndexByte (measured: 2-3x).
func indexFold(s string, c byte, from int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	if c < 'a' || c > 'z' { // one case only: the vectorised search wins
		if k := strings.IndexByte(s[from:], c); k >= 0 {
			return from + k
		}
		return -1
	}
	const fold = 0x20 * ones // ORing 0x20 into a byte lower-cases it if it is an upper-case letter
	pattern := uint64(c) * ones
	i := from
	for ; i+8 <= len(s); i += 8 {
		x := (load64(s[i:i+8]) | fold) ^ pattern // a zero byte where c is
		if (x-ones)&^x&highs != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if s[i]|0x20 == c {
			return i
		}
	}
	return -1
}

// load64 reads 8 bytes little-endian; the compiler turns it into a single load.
func load64(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
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

// inUnicode is the path for non-ASCII queries: it jumps to the next occurrence of the query's
// first rune in any of its cases with strings.Index, then compares with simple Unicode case
// folding, still without allocating.
func (nd *needle) inUnicode(s string) bool {
	for i := 0; i < len(s); {
		next := -1
		for _, f := range nd.firsts {
			if k := strings.Index(s[i:], f); k >= 0 && (next < 0 || k < next) {
				next = k
			}
		}
		if next < 0 {
			return false
		}
		at := i + next
		if hasPrefixFold(s[at:], nd.q) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[at:])
		i = at + size
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
