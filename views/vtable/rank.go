package vtable

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"
)

// SetRankColumn makes a filtered, unsorted table list its matches best first, judged on column
// col: the cell equal to the query, then cells starting with it, then cells where it starts a word
// ("instances" in DescribeInstances), then cells holding it elsewhere, then rows matching in other
// columns only; ties keep their natural order. For lists of names (operations, commands) where
// the exact name must not drown among longer ones that contain it. col < 0 turns it off.
func (t *Table) SetRankColumn(col int) {
	if col >= len(t.cols) {
		col = -1
	}
	t.rankCol = col
	if t.filter != "" && t.order == nil {
		line := t.pos - t.offset
		t.recompose(nil)
		t.relocate(line, -1)
	}
}

// ranking reports whether visible is in rank order rather than natural order.
func (t *Table) ranking() bool { return t.rankCol >= 0 && t.filter != "" && t.order == nil }

// rankCompare orders two matching rows best first, then naturally.
func (t *Table) rankCompare(a, b int32) int {
	if c := cmp.Compare(t.needle.rank(t.Cell(int(a), t.rankCol)), t.needle.rank(t.Cell(int(b), t.rankCol))); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// rankRows sorts matching rows (given in natural order, not modified) best first.
func (t *Table) rankRows(natural []int32) []int32 {
	ranked := slices.Clone(natural)
	slices.SortStableFunc(ranked, t.rankCompare)
	return ranked
}

// Match ranks, best first.
const (
	rankExact = iota
	rankPrefix
	rankWord
	rankInside
	rankElsewhere // the query is not in this cell (it matched another column)
)

// rank says how well s matches the needle.
func (nd *needle) rank(s string) int {
	q := nd.q
	if !nd.ascii {
		return nd.rankUnicode(s)
	}
	if len(s) < len(q) {
		return rankElsewhere
	}
	if equalFoldASCII(s[:len(q)], q) {
		if len(s) == len(q) {
			return rankExact
		}
		return rankPrefix
	}
	inside := false
	for i := 1; i+len(q) <= len(s); i++ {
		if !equalFoldASCII(s[i:i+len(q)], q) {
			continue
		}
		if wordStart(rune(s[i-1]), rune(s[i])) {
			return rankWord
		}
		inside = true
	}
	if inside {
		return rankInside
	}
	return rankElsewhere
}

func (nd *needle) rankUnicode(s string) int {
	q := nd.q
	inside := false
	var prev rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if hasPrefixFold(s[i:], q) {
			switch {
			case i == 0 && utf8.RuneCountInString(s) == utf8.RuneCountInString(q):
				return rankExact
			case i == 0:
				return rankPrefix
			case wordStart(prev, r):
				return rankWord
			}
			inside = true
		}
		prev = r
		i += size
	}
	if inside {
		return rankInside
	}
	return rankElsewhere
}

// wordStart reports whether r begins a word after prev: after a separator, or an upper-case
// letter after a lower-case one or a digit (camelCase: Describe|Instances).
func wordStart(prev, r rune) bool {
	pl, pd := unicode.IsLetter(prev), unicode.IsDigit(prev)
	switch {
	case !pl && !pd:
		return true
	case unicode.IsUpper(r) && (unicode.IsLower(prev) || pd):
		return true
	}
	return false
}
