package doctree

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Wrapping (the w key) shows every line whole: a line wider than the screen goes on over
// further rows, indented like the line. The cursor still moves by lines; when the line under
// it is taller than the screen, the keys that go down scroll through it a row at a time first
// (as a pager does), so a long console output or policy can be read to its end.

// Wrap reports whether long lines wrap.
func (t *Tree) Wrap() bool { return t.wrap }

// SetWrap wraps long lines (true) or cuts them with "…" (false), keeping the cursor's line.
func (t *Tree) SetWrap(on bool) {
	if on == t.wrap {
		return
	}
	t.wrap = on
	t.cur.skip, t.tcur.skip = 0, 0
	t.clamp(&t.cur, len(t.lines))
	if t.mode != ModeTree {
		t.clamp(&t.tcur, len(t.textLines()))
	}
}

// segsAt lays out line i of the list c moves in (the tree's lines for t.cur, else the text's).
func (t *Tree) segsAt(c *cursor, i int, dst []seg) []seg {
	if c == &t.cur {
		return t.treeSegs(dst, t.lines[i], &t.paint)
	}
	return t.textSegs(dst, &t.textLines()[i], &t.paint)
}

// wrapSegs splits a line into rows of the screen width less the gutter. Rows after the first
// start with hang spaces (the line's own indentation) so the layout stays readable. It calls
// emit for each piece with the row it is on and returns the number of rows.
func (t *Tree) wrapSegs(line []seg, emit func(row int, s seg, piece string)) int {
	cw := max(t.width-ansi.StringWidth(t.styles.CursorMark), 1)
	hang := 0
	if len(line) > 0 {
		hang = min(len(line[0].text)-len(strings.TrimLeft(line[0].text, " ")), cw/2)
	}
	row, left := 0, cw
	newRow := func() {
		row++
		left = cw - hang
		if emit != nil {
			emit(row, seg{}, indent(hang))
		}
	}
	for _, s := range line {
		text := s.text
		for text != "" {
			// A value's escaped newline ends its row, so console output and log tails read
			// as the lines they are.
			if s.match {
				if end := lineBreak(text); end > 0 && end < len(text) {
					t.fitPiece(text[:end], s, cw, hang, &row, &left, emit, newRow)
					text = text[end:]
					newRow()
					continue
				}
			}
			t.fitPiece(text, s, cw, hang, &row, &left, emit, newRow)
			break
		}
	}
	return row + 1
}

// lineBreak returns the index just after the first escaped newline (\n, not \\n) in text, or -1.
func lineBreak(text string) int {
	for i := 1; i < len(text); i++ {
		if text[i] != 'n' || text[i-1] != '\\' {
			continue
		}
		slashes := 0
		for j := i - 1; j >= 0 && text[j] == '\\'; j-- {
			slashes++
		}
		if slashes%2 == 1 {
			return i + 1
		}
	}
	return -1
}

// fitPiece lays text (one segment's, or the part of it up to a line break) over as many rows as
// it needs from the current position.
func (t *Tree) fitPiece(text string, s seg, cw, hang int, row, left *int, emit func(int, seg, string), newRow func()) {
	for text != "" {
		piece := cutCells(text, *left)
		if len(piece) == len(text) {
			if emit != nil {
				emit(*row, s, text)
			}
			*left -= cells(text)
			return
		}
		if piece == "" && *left == cw-hang*min(*row, 1) {
			// One character wider than a whole row: it goes on a row of its own.
			_, size := firstGrapheme(text)
			piece = text[:size]
		}
		if piece != "" {
			if emit != nil {
				emit(*row, s, piece)
			}
			text = text[len(piece):]
		}
		newRow()
	}
}

// cutCells returns the longest prefix of text that is at most w cells wide. Each row costs
// what the row holds, not what is left of the line: a 64 KiB console output is laid out in
// time proportional to it, not to its square.
func cutCells(text string, w int) string {
	i := 0
	for i < len(text) && i < w && text[i] < utf8.RuneSelf {
		i++
	}
	if i == len(text) || i == w && text[i-1] < utf8.RuneSelf && (i == len(text) || text[i] < utf8.RuneSelf) {
		return text[:i]
	}
	// Wide or combining characters: measure graphemes, over no more bytes than a row can hold.
	window := text[:min(len(text), 4*w+16)]
	piece := ansi.Truncate(window, w, "")
	if !strings.HasPrefix(text, piece) {
		return ""
	}
	return piece
}

func firstGrapheme(s string) (string, int) {
	for i := range s {
		if i > 0 {
			return s[:i], i
		}
	}
	return s, len(s)
}

// rowsOf draws rows [from, from+n) of one line's wrapped rows, each the screen width or less.
// Only those rows are built and styled: a console output thousands of rows tall costs the
// rows on screen.
func (t *Tree) rowsOf(line []seg, cursorLine bool, from, n int) []string {
	mark := t.styles.CursorMark
	markW := ansi.StringWidth(mark)
	ps := &t.paint
	var rows []strings.Builder
	t.wrapSegs(line, func(row int, s seg, piece string) {
		if row < from || row >= from+n {
			return
		}
		for len(rows) <= row-from {
			rows = append(rows, strings.Builder{})
		}
		b := &rows[row-from]
		switch {
		case cursorLine, s.p == paint{} && !s.match:
			b.WriteString(piece)
		case s.match && t.fold != "":
			highlight(b, piece, t.fold, s.p, ps.match)
		default:
			b.WriteString(s.p.pre + piece + s.p.post)
		}
	})
	out := make([]string, len(rows))
	for i := range rows {
		gutter := indent(markW)
		if i+from == 0 && cursorLine {
			gutter = mark
		}
		text := gutter + rows[i].String()
		if cursorLine {
			if pad := t.width - ansi.StringWidth(text); pad > 0 {
				text += indent(pad)
			}
			text = t.styles.Cursor.Render(text)
		}
		out[i] = text
	}
	return out
}

// rowCount is how many rows line i of c's list takes.
func (t *Tree) rowCount(c *cursor, i int) int {
	var segs [8]seg
	return t.wrapSegs(t.segsAt(c, i, segs[:0]), nil)
}

// wrappedView draws the screen from c.off, less the rows of it scrolled away (c.skip).
func (t *Tree) wrappedView() string {
	c, n := &t.cur, len(t.lines)
	if t.mode != ModeTree {
		c, n = &t.tcur, len(t.textLines())
	}
	out := make([]string, 0, t.height)
	if n == 0 && t.query != "" && t.mode == ModeTree {
		msg := indent(cells(t.styles.CursorMark)) + "no value matches " + quoteJSON(t.clean(t.query))
		out = append(out, t.paint.summary.pre+ansi.Truncate(msg, t.width, "…")+t.paint.summary.post)
	}
	var segs [8]seg
	for i := c.off; i < n && len(out) < t.height; i++ {
		from := 0
		if i == c.off {
			from = c.skip
		}
		out = append(out, t.rowsOf(t.segsAt(c, i, segs[:0]), i == c.pos, from, t.height-len(out))...)
	}
	for len(out) < t.height {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// clampWrap keeps c inside n lines with the top of the cursor's line on screen, and as much of
// the line as fits: rows above it scroll away first. A line taller than the screen shows from
// where the user scrolled it to (c.skip).
func (t *Tree) clampWrap(c *cursor, n int) {
	h := max(t.height, 1)
	c.pos = min(max(c.pos, 0), max(n-1, 0))
	if n == 0 {
		*c = cursor{}
		return
	}
	if c.off > c.pos || c.off < 0 {
		c.off, c.skip = c.pos, 0
	}
	if c.off == c.pos {
		c.skip = min(max(c.skip, 0), t.rowCount(c, c.pos)-1)
		return
	}
	// Rows from the top of the screen to the end of the cursor's line.
	rows := make([]int, c.pos-c.off+1)
	total := -c.skip
	for i := range rows {
		rows[i] = t.rowCount(c, c.off+i)
		total += rows[i]
	}
	for total > h && c.off < c.pos {
		drop := min(total-h, rows[c.off-(c.pos-len(rows)+1)]-c.skip)
		c.skip += drop
		total -= drop
		if c.skip >= rows[c.off-(c.pos-len(rows)+1)] {
			c.off, c.skip = c.off+1, 0
		}
	}
}

// overflowBelow is how many rows of the cursor's line are below the screen.
func (t *Tree) overflowBelow(c *cursor) int {
	total := -c.skip
	for i := c.off; i <= c.pos; i++ {
		total += t.rowCount(c, i)
	}
	return max(total-max(t.height, 1), 0)
}

// scrollWrapped moves a wrapped view by delta rows inside the cursor's line when that line
// runs off the screen that way, and reports whether it did; the keys then move no further.
func (t *Tree) scrollWrapped(c *cursor, delta int) bool {
	if !t.wrap {
		return false
	}
	if delta > 0 {
		below := t.overflowBelow(c)
		if below == 0 {
			return false
		}
		for step := min(delta, below); step > 0; {
			rows := t.rowCount(c, c.off)
			take := min(step, rows-c.skip)
			c.skip += take
			step -= take
			if c.skip >= rows {
				c.off, c.skip = c.off+1, 0
			}
		}
		return true
	}
	if c.off != c.pos || c.skip == 0 {
		return false
	}
	c.skip = max(c.skip+delta, 0)
	return true
}
