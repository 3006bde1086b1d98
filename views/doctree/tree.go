// Package doctree is a widget that shows an AWS response document (the generic map/list/scalar
// value the engine decodes, keyed by wire names) as a collapsible tree, or as JSON or YAML text,
// with a cursor, a filter and copying to the clipboard (OSC 52).
//
// Documents can be large (a 10,000-item list): the tree keeps a flat list of the lines that are
// open, changes it only around the node that opens or closes, and draws only the lines on
// screen. Every string from AWS is escaped with textsafe.Clean before it is drawn.
//
// A Tree is used through a pointer from the Bubble Tea update goroutine; it is not safe for
// concurrent use.
package doctree

import (
	"slices"

	"charm.land/bubbles/v2/help"

	"github.com/nimbus-tui/nimbus/keymap"
)

// Mode is how the document is shown.
type Mode int

const (
	// ModeTree is the collapsible tree.
	ModeTree Mode = iota
	// ModeJSON is the whole document as indented JSON.
	ModeJSON
	// ModeYAML is the whole document as block YAML.
	ModeYAML
)

// String names the mode for a status line.
func (m Mode) String() string {
	switch m {
	case ModeJSON:
		return "json"
	case ModeYAML:
		return "yaml"
	default:
		return "tree"
	}
}

// openDepth and openMax decide which containers start open: the first two levels, unless they
// are long lists or maps that would bury everything after them.
const (
	openDepth = 2
	openMax   = 200
)

// Tree is the document widget. Create it with New.
type Tree struct {
	doc    any
	root   *node
	order  KeyOrder // nil: SortKeys
	keys   Keys
	styles Styles
	paint  paints // styles as escape codes, made when the styles are set
	width  int
	height int
	mode   Mode
	// wrap shows long lines whole, over as many screen rows as they need, instead of cut.
	wrap bool

	// lines are the nodes shown in tree mode, in order.
	lines []*node
	// scratch is reused to collect the lines a node opens.
	scratch []*node
	cur     cursor
	// text holds the JSON and YAML lines, built when first shown.
	text  [2][]textLine
	tcur  cursor
	query string // the filter as given
	fold  string // the filter in lower case
	hits  int
}

// cursor is a position in a list of lines and the first line on screen; when lines wrap,
// skip rows of that first line are scrolled off the top.
type cursor struct{ pos, off, skip int }

// New returns a tree showing doc, with the cursor keys of km and the styles st.
func New(doc any, km keymap.KeyMap, st Styles) *Tree {
	t := &Tree{doc: doc, keys: DefaultKeys(km), styles: st, paint: paintsOf(st)}
	t.root = build(doc, t.order)
	walk(t.root, func(n *node) { n.expanded = defaultOpen(n) })
	t.reflatten()
	return t
}

func defaultOpen(n *node) bool {
	return n.parent == nil || n.depth < openDepth && len(n.children) <= openMax
}

// SetSize sets the width and height View fills.
func (t *Tree) SetSize(width, height int) {
	t.width, t.height = max(width, 0), max(height, 0)
	t.clamp(&t.cur, len(t.lines))
	if t.mode != ModeTree {
		t.clamp(&t.tcur, len(t.textLines()))
	}
}

// Width returns the width set by SetSize.
func (t *Tree) Width() int { return t.width }

// Height returns the height set by SetSize.
func (t *Tree) Height() int { return t.height }

// KeyMap returns the bindings Update reacts to, for the page's footer and help.
func (t *Tree) KeyMap() help.KeyMap { return t.Actions() }

// Keys returns the bindings Update reacts to.
func (t *Tree) Keys() Keys { return t.keys }

// SetKeys replaces the bindings Update reacts to.
func (t *Tree) SetKeys(k Keys) { t.keys = k }

// SetStyles replaces the styles.
func (t *Tree) SetStyles(st Styles) { t.styles, t.paint = st, paintsOf(st) }

// Mode returns how the document is shown.
func (t *Tree) Mode() Mode { return t.mode }

// SetMode shows the document as a tree, JSON or YAML, keeping the cursor on the same value.
func (t *Tree) SetMode(m Mode) {
	if m == t.mode || m < ModeTree || m > ModeYAML {
		return
	}
	n := t.cursorNode()
	t.mode = m
	if m == ModeTree {
		t.reveal(n)
		return
	}
	lines := t.textLines()
	t.tcur = cursor{}
	t.moveTo(&t.tcur, len(lines), textIndex(lines, n), 0)
	t.centre(&t.tcur, len(lines))
}

// textIndex returns the first line that shows n, or a value inside it (a YAML list item that
// is an object has no line of its own: its first member is on the "- " line); 0 if none.
func textIndex(lines []textLine, n *node) int {
	for i := range lines {
		for p := lines[i].n; p != nil; p = p.parent {
			if p == n {
				return i
			}
			if p.depth <= n.depth {
				break
			}
		}
	}
	return 0
}

// SetKeyOrder replaces how the members of each object are ordered (nil means SortKeys) and
// lays the document out again.
func (t *Tree) SetKeyOrder(order KeyOrder) {
	t.order = order
	t.SetDocument(t.Document())
}

// Document returns the document as given to New or SetDocument.
func (t *Tree) Document() any { return t.doc }

// SetDocument shows a new document (a refreshed describe, say), keeping which nodes are open
// and where the cursor is wherever the same paths still exist.
func (t *Tree) SetDocument(doc any) {
	old, oldCur := t.root, t.cursorNode()
	route := routeOf(oldCur)
	t.doc = doc
	t.root = build(doc, t.order)
	restoreOpen(t.root, old)
	t.text = [2][]textLine{}
	if t.query != "" {
		t.hits = mark(t.root, t.fold, false)
	}
	t.reflatten()
	n := follow(t.root, route)
	if t.mode == ModeTree {
		t.reveal(n)
		return
	}
	lines := t.textLines()
	t.moveTo(&t.tcur, len(lines), textIndex(lines, n), 0)
}

// restoreOpen copies the open state of old's nodes to the nodes of n at the same path;
// nodes that are new get the default.
func restoreOpen(n, old *node) {
	if old == nil || old.kind != n.kind {
		walk(n, func(m *node) { m.expanded = defaultOpen(m) })
		return
	}
	n.expanded = old.expanded || n.parent == nil
	switch n.kind {
	case kindArray:
		for i, c := range n.children {
			var o *node
			if i < len(old.children) {
				o = old.children[i]
			}
			restoreOpen(c, o)
		}
	case kindObject:
		byKey := make(map[string]*node, len(old.children))
		for _, o := range old.children {
			byKey[o.key] = o
		}
		for _, c := range n.children {
			restoreOpen(c, byKey[c.key])
		}
	default:
	}
}

// step is one hop of a route from the root: a member name or a list index.
type step struct {
	key   string
	index int
	isKey bool
}

func routeOf(n *node) []step {
	var r []step
	for ; n != nil && n.parent != nil; n = n.parent {
		r = append(r, step{key: n.key, index: n.index, isKey: n.parent.kind == kindObject})
	}
	slices.Reverse(r)
	return r
}

// follow walks route from root as far as it exists and returns where it got to.
func follow(root *node, route []step) *node {
	n := root
	for _, s := range route {
		var next *node
		if s.isKey && n.kind == kindObject {
			for _, c := range n.children {
				if c.key == s.key {
					next = c
					break
				}
			}
		} else if !s.isKey && n.kind == kindArray && s.index < len(n.children) {
			next = n.children[s.index]
		}
		if next == nil {
			break
		}
		n = next
	}
	return n
}

// JSON returns the whole document as indented JSON, members in display order. It fails only
// for numbers JSON cannot hold (NaN, ±Inf).
func (t *Tree) JSON() ([]byte, error) { return encodeJSON(t.root) }

// CursorPath returns the JMESPath-like path of the value under the cursor, such as
// Reservations[0].Instances[0].State.Name ("" for the whole document).
func (t *Tree) CursorPath() string { return pathOf(t.cursorNode()) }

// Len returns the number of lines the current mode has (open lines in tree mode).
func (t *Tree) Len() int {
	if t.mode == ModeTree {
		return len(t.lines)
	}
	return len(t.textLines())
}

// Cursor returns the line index of the cursor in the current mode.
func (t *Tree) Cursor() int {
	if t.mode == ModeTree {
		return t.cur.pos
	}
	return t.tcur.pos
}

// cursorNode is the node under the cursor in the current mode; the root when there is none.
func (t *Tree) cursorNode() *node {
	if t.mode == ModeTree {
		if t.cur.pos < len(t.lines) {
			return t.lines[t.cur.pos]
		}
		return t.root
	}
	if lines := t.textLines(); t.tcur.pos < len(lines) {
		return lines[t.tcur.pos].n
	}
	return t.root
}

// textLines returns the lines of the current text mode (JSON lines in tree mode), building
// them the first time.
func (t *Tree) textLines() []textLine {
	i := 0
	if t.mode == ModeYAML {
		i = 1
	}
	if t.text[i] == nil {
		if i == 0 {
			t.text[i] = jsonLines(t.root)
		} else {
			t.text[i] = yamlLines(t.root)
		}
	}
	return t.text[i]
}

// shown reports whether n is a line of tree mode under the current filter.
func (t *Tree) shown(n *node) bool { return t.query == "" || n.keep }

// reflatten rebuilds the tree-mode lines from scratch (after open/close all, a filter, a new
// document), keeping the cursor on the same node when it is still shown.
func (t *Tree) reflatten() {
	var at *node
	if t.cur.pos < len(t.lines) {
		at = t.lines[t.cur.pos]
	}
	t.lines = t.flatten(t.lines[:0], t.root)
	if !t.root.kind.container() || len(t.root.children) == 0 {
		t.lines = append(t.lines, t.root)
	}
	pos := t.cur.pos
	if at != nil {
		if i := slices.Index(t.lines, at); i >= 0 {
			pos = i
		}
	}
	t.moveTo(&t.cur, len(t.lines), pos, 0)
}

// flatten appends the shown lines under n (not n itself) to dst.
func (t *Tree) flatten(dst []*node, n *node) []*node {
	for _, c := range n.children {
		if !t.shown(c) {
			continue
		}
		dst = append(dst, c)
		if c.expanded && len(c.children) > 0 {
			dst = t.flatten(dst, c)
		}
	}
	return dst
}

// setOpen opens or closes the container at line i, splicing only its lines in or out.
func (t *Tree) setOpen(i int, open bool) {
	n := t.lines[i]
	if !n.kind.container() || len(n.children) == 0 || n.expanded == open {
		return
	}
	n.expanded = open
	if open {
		t.scratch = t.flatten(t.scratch[:0], n)
		t.lines = slices.Insert(t.lines, i+1, t.scratch...)
		clear(t.scratch) // hold no nodes of an old document
		return
	}
	end := i + 1
	for end < len(t.lines) && t.lines[end].depth > n.depth {
		end++
	}
	t.lines = slices.Delete(t.lines, i+1, end)
	t.clamp(&t.cur, len(t.lines))
}

// reveal opens the ancestors of n and puts the tree cursor on it (or on its nearest shown
// ancestor when the filter hides it).
func (t *Tree) reveal(n *node) {
	changed := false
	for p := n.parent; p != nil; p = p.parent {
		if !p.expanded {
			p.expanded, changed = true, true
		}
	}
	if changed {
		t.reflatten()
	}
	for ; n != nil; n = n.parent {
		if i := slices.Index(t.lines, n); i >= 0 {
			t.moveTo(&t.cur, len(t.lines), i, 0)
			return
		}
	}
	t.clamp(&t.cur, len(t.lines))
}

// ExpandAll opens every container.
func (t *Tree) ExpandAll() {
	walk(t.root, func(n *node) { n.expanded = true })
	t.reflatten()
}

// CollapseAll closes every container; the cursor moves to the top-level member it was in.
func (t *Tree) CollapseAll() {
	n := t.cursorNode()
	for n != nil && n.parent != nil && n.parent.parent != nil {
		n = n.parent
	}
	walk(t.root, func(m *node) { m.expanded = m.parent == nil })
	t.reflatten()
	if i := slices.Index(t.lines, n); i >= 0 {
		t.moveTo(&t.cur, len(t.lines), i, 0)
	}
}
