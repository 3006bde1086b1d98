package doctree

import (
	"strings"
	"unicode/utf8"
)

// SetFilter keeps, in tree mode, the values whose member name or scalar value contains query
// (case-insensitive), with the containers above them (opened) and everything inside a matching
// container; matches are highlighted in every mode. "" clears the filter; containers opened
// to show matches stay open. It is one pass over the document.
func (t *Tree) SetFilter(query string) {
	if query == t.query {
		return
	}
	t.query, t.fold = query, strings.ToLower(query)
	t.hits = 0
	if query != "" {
		t.hits = mark(t.root, t.fold, false)
	}
	t.reflatten()
}

// Filter returns the query given to SetFilter.
func (t *Tree) Filter() string { return t.query }

// MatchCount returns how many values match the filter, for a "12 matches" status.
func (t *Tree) MatchCount() int { return t.hits }

// mark sets hit and keep on n and its descendants, opens the containers that lead to a hit,
// and returns the number of hits at or under n. inside is true under a matching container.
func mark(n *node, fold string, inside bool) int {
	n.hit = n.parent != nil && (n.parent.kind == kindObject && containsFold(n.key, fold) ||
		!n.kind.container() && containsFold(n.text, fold))
	hits := 0
	if n.hit {
		hits = 1
	}
	below := 0
	for _, c := range n.children {
		below += mark(c, fold, inside || n.hit)
	}
	if below > 0 {
		n.expanded = true
	}
	n.keep = n.hit || inside || below > 0
	return hits + below
}

// containsFold reports whether s contains fold (already lower case), ignoring case. ASCII text,
// nearly all of an AWS document, is compared without allocating.
func containsFold(s, fold string) bool {
	if fold == "" {
		return false
	}
	if len(s) < len(fold) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), fold)
		}
	}
	for i := 0; i < len(fold); i++ {
		if fold[i] >= utf8.RuneSelf {
			return false // ASCII text cannot hold a non-ASCII needle
		}
	}
	return indexFoldASCII(s, fold) >= 0
}

// indexFoldASCII finds fold (lower-case ASCII) in ASCII s, ignoring case.
func indexFoldASCII(s, fold string) int {
	first := fold[0]
	for i := 0; i+len(fold) <= len(s); i++ {
		if lower(s[i]) != first {
			continue
		}
		j := 1
		for j < len(fold) && lower(s[i+j]) == fold[j] {
			j++
		}
		if j == len(fold) {
			return i
		}
	}
	return -1
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// NextMatch moves the cursor to the next line (dir > 0) or the previous one (dir < 0) that
// shows a match of the filter, wrapping around; it does nothing without a filter or a match.
func (t *Tree) NextMatch(dir int) {
	if t.query == "" || t.hits == 0 {
		return
	}
	step := 1
	if dir < 0 {
		step = -1
	}
	c, n := &t.cur, len(t.lines)
	isMatch := func(i int) bool { return t.lines[i].hit }
	if t.mode != ModeTree {
		lines := t.textLines()
		c, n = &t.tcur, len(lines)
		isMatch = func(i int) bool { return lines[i].n.hit && !lines[i].closing }
	}
	for k, i := 1, c.pos; k <= n; k++ {
		i = ((i+step)%n + n) % n
		if isMatch(i) {
			t.moveTo(c, n, i, 0)
			return
		}
	}
}
