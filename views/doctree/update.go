package doctree

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/tui"
)

// CopiedMsg reports a copy to the clipboard, for the page to show as a toast.
type CopiedMsg struct {
	// Path is what was copied: a CursorPath, or "" for the whole document.
	Path string
	// Bytes is the size of the copied text.
	Bytes int
	// Err is set when nothing was copied.
	Err error
}

// String is the toast text: "copied 1.2 KiB" or what went wrong and what to do.
func (m CopiedMsg) String() string {
	what := m.Path
	if what == "" {
		what = "document"
	}
	if m.Err != nil {
		return fmt.Sprintf("could not copy %s: %v (copy single values with y instead)", what, m.Err)
	}
	return fmt.Sprintf("copied %s (%s)", format.Bytes(int64(m.Bytes)), what)
}

// wheelLines is how far one notch of the mouse wheel scrolls.
const wheelLines = 3

// Update handles the tree's keys and the mouse wheel; other messages are ignored. Copy keys return a command that
// sets the clipboard (OSC 52) and reports a CopiedMsg.
func (t *Tree) Update(msg tea.Msg) tea.Cmd {
	c, n := t.cursor()
	if wheel, ok := msg.(tea.MouseWheelMsg); ok {
		switch wheel.Button {
		case tea.MouseWheelUp:
			if !t.scrollWrapped(c, -wheelLines) {
				t.moveTo(c, n, c.pos-wheelLines, -wheelLines)
			}
		case tea.MouseWheelDown:
			if !t.scrollWrapped(c, wheelLines) {
				t.moveTo(c, n, c.pos+wheelLines, wheelLines)
			}
		default:
		}
		return nil
	}
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	cmd, _ := t.Actions().Handle(kp)
	return cmd
}

// Actions is the tree's action table: the keys Update handles, in the order the footer and help
// show them. The tree-only keys (open, close) apply in tree mode only.
func (t *Tree) Actions() tui.Actions {
	k := t.keys
	// scroll moves by d lines: within a wrapped line first, else the cursor (to pos, by d).
	scroll := func(d int, to func(pos int) int) func() tea.Cmd {
		return func() tea.Cmd {
			c, n := t.cursor()
			if d == 0 || !t.scrollWrapped(c, d) {
				t.moveTo(c, n, to(c.pos), d)
			}
			return nil
		}
	}
	page := max(t.height, 1)
	half := max(page/2, 1)
	step := func(d int) func() tea.Cmd { return scroll(d, func(pos int) int { return pos + d }) }
	tree := func() bool { return t.mode == ModeTree }
	do := func(f func()) func() tea.Cmd { return func() tea.Cmd { f(); return nil } }
	// The footer's keys most useful first: the app keeps the first ones when the line is short.
	return tui.Actions{
		{Binding: k.Mode, Footer: true, Run: do(func() { t.SetMode((t.mode + 1) % 3) })},
		{Binding: k.Copy, Footer: true, Run: func() tea.Cmd { return t.copyCmd(t.cursorNode()) }},
		{Binding: k.Wrap, Footer: true, Run: do(func() { t.SetWrap(!t.wrap) })},
		{Binding: k.Toggle, Footer: true, Enabled: tree, Run: do(t.Toggle)},
		{Binding: k.CopyAll, Footer: true, Run: func() tea.Cmd { return t.copyCmd(t.root) }},
		{Binding: k.Up, Run: func() tea.Cmd {
			c, n := t.cursor()
			if !t.scrollWrapped(c, -1) {
				t.moveTo(c, n, c.pos-1, 0)
			}
			return nil
		}},
		{Binding: k.Down, Run: func() tea.Cmd {
			c, n := t.cursor()
			if !t.scrollWrapped(c, 1) {
				t.moveTo(c, n, c.pos+1, 0)
			}
			return nil
		}},
		{Binding: k.PageUp, Run: step(-page)},
		{Binding: k.PageDown, Run: step(page)},
		{Binding: k.HalfPageUp, Run: step(-half)},
		{Binding: k.HalfPageDown, Run: step(half)},
		{Binding: k.Top, Run: scroll(0, func(int) int { return 0 })},
		{Binding: k.Bottom, Run: func() tea.Cmd {
			c, n := t.cursor()
			t.moveTo(c, n, n-1, 0)
			return nil
		}},
		{Binding: k.Expand, Enabled: tree, Run: do(t.Expand)},
		{Binding: k.Collapse, Enabled: tree, Run: do(t.Collapse)},
		{Binding: k.ExpandAll, Enabled: tree, Run: do(t.ExpandAll)},
		{Binding: k.CollapseAll, Enabled: tree, Run: do(t.CollapseAll)},
		{Binding: k.NextMatch, Run: do(func() { t.NextMatch(1) })},
		{Binding: k.PrevMatch, Run: do(func() { t.NextMatch(-1) })},
	}
}

// cursor is the cursor of the current mode and how many lines it moves over.
func (t *Tree) cursor() (*cursor, int) {
	if t.mode != ModeTree {
		return &t.tcur, len(t.textLines())
	}
	return &t.cur, len(t.lines)
}

// Toggle opens or closes the container under the tree cursor.
func (t *Tree) Toggle() {
	if t.mode != ModeTree || t.cur.pos >= len(t.lines) {
		return
	}
	t.setOpen(t.cur.pos, !t.lines[t.cur.pos].expanded)
}

// Expand opens the container under the tree cursor, or moves to its first line when it is
// open already.
func (t *Tree) Expand() {
	if t.mode != ModeTree || t.cur.pos >= len(t.lines) {
		return
	}
	n := t.lines[t.cur.pos]
	if !n.kind.container() || len(n.children) == 0 {
		return
	}
	if !n.expanded {
		t.setOpen(t.cur.pos, true)
		return
	}
	t.moveTo(&t.cur, len(t.lines), t.cur.pos+1, 0)
}

// Collapse closes the container under the tree cursor, or moves to its parent when it is
// closed or not a container.
func (t *Tree) Collapse() {
	if t.mode != ModeTree || t.cur.pos >= len(t.lines) {
		return
	}
	n := t.lines[t.cur.pos]
	if n.kind.container() && n.expanded && len(n.children) > 0 {
		t.setOpen(t.cur.pos, false)
		return
	}
	for i := t.cur.pos - 1; i >= 0; i-- {
		if t.lines[i] == n.parent {
			t.moveTo(&t.cur, len(t.lines), i, 0)
			return
		}
	}
}

// Copy returns what y copies for the value under the cursor: a scalar as plain text, a
// container as indented JSON.
func (t *Tree) Copy() (string, error) { return copyText(t.cursorNode()) }

func copyText(n *node) (string, error) {
	if n.kind == kindNull {
		return "null", nil
	}
	if !n.kind.container() {
		return n.text, nil
	}
	b, err := encodeJSON(n)
	if err != nil {
		return "", fmt.Errorf("encoding %s as JSON: %w", displayPath(n), err)
	}
	return string(b), nil
}

func (t *Tree) copyCmd(n *node) tea.Cmd {
	path := pathOf(n)
	text, err := copyText(n)
	if err != nil {
		return func() tea.Msg { return CopiedMsg{Path: path, Err: err} }
	}
	done := CopiedMsg{Path: path, Bytes: len(text)}
	return tea.Batch(tea.SetClipboard(text), func() tea.Msg { return done })
}

// moveTo puts c at line pos of n lines, scrolled by scroll lines first (page keys move the
// view with the cursor), then as little as needed to keep the cursor on screen.
func (t *Tree) moveTo(c *cursor, n, pos, scroll int) {
	if n == 0 {
		*c = cursor{}
		return
	}
	c.pos = min(max(pos, 0), n-1)
	if scroll != 0 {
		c.off, c.skip = c.off+scroll, 0
	}
	t.clamp(c, n)
}

// clamp keeps c inside n lines and on screen, and the view from scrolling past the end.
func (t *Tree) clamp(c *cursor, n int) {
	if t.wrap {
		t.clampWrap(c, n)
		return
	}
	h := max(t.height, 1)
	c.pos = min(max(c.pos, 0), max(n-1, 0))
	c.off = min(c.off, max(n-h, 0))
	if c.pos < c.off {
		c.off = c.pos
	}
	if c.pos >= c.off+h {
		c.off = c.pos - h + 1
	}
	c.off = max(c.off, 0)
}

// centre scrolls so the cursor sits in the middle of the screen, when the lines allow it.
func (t *Tree) centre(c *cursor, n int) {
	c.off, c.skip = c.pos-max(t.height, 1)/2, 0
	t.clamp(c, n)
}

// ClickLine puts the cursor on the line drawn at screen row (0 is the first) and reports whether
// a line is there; the view does not scroll (tui.Clicker, for pages showing the tree).
func (t *Tree) ClickLine(row int) bool {
	c, n := &t.cur, len(t.lines)
	if t.mode != ModeTree {
		c, n = &t.tcur, len(t.textLines())
	}
	if row < 0 || row >= t.height {
		return false
	}
	i := c.off + row
	if t.wrap { // lines take several rows: count them from the top of the screen
		i, row = c.off, row+c.skip
		for i < n && row >= t.rowCount(c, i) {
			row -= t.rowCount(c, i)
			i++
		}
	}
	if i >= n {
		return false
	}
	if i != c.pos {
		c.pos = i
		t.clamp(c, n)
	}
	return true
}
