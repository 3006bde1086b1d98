package vtable

import (
	"github.com/nimbus-tui/nimbus/internal/textsafe"

	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// columnGap is the blank space between two columns.
const columnGap = 2

const ellipsis = "…"

// flexMinWidth is a Flex column's MinWidth when it sets none.
const flexMinWidth = 10

// layoutCache holds the column widths for one table width and sort (the header shows an arrow);
// it is also dropped when a column's content width or the styles change.
type layoutCache struct {
	valid    bool
	width    int
	sortCol  int
	sortDesc bool
	gutter   int   // cells before the first column, for the cursor and selection marks
	widths   []int // per column; 0 means hidden for lack of room
	titles   []string
}

// View renders the header and the visible window of rows: exactly Height lines, each exactly
// Width cells wide (padded with spaces), the cursor line in the cursor style.
func (t *Table) View() string {
	if t.height <= 0 {
		return ""
	}
	lay := t.computeLayout()
	var b strings.Builder
	b.Grow((t.width + 32) * t.height)
	var line strings.Builder
	line.Grow(t.width * 2)

	t.writeHeader(&line, lay)
	b.WriteString(t.styles.Header.Render(line.String()))

	vis := t.VisibleLen()
	body := t.bodyHeight()
	for i := range body {
		b.WriteByte('\n')
		p := t.offset + i
		switch {
		case p == t.pos && p < vis:
			// Only the cursor line goes through a style; the others are written in place.
			line.Reset()
			t.writeRow(&line, lay, t.VisibleRow(p), true)
			b.WriteString(t.styles.Cursor.Render(line.String()))
		case p < vis:
			t.writeRow(&b, lay, t.VisibleRow(p), false)
		case i == 0 && vis == 0:
			msg := t.empty
			if t.n > 0 {
				msg = "no matches"
			}
			writeCell(&b, msg, t.width, false)
		default:
			writeSpaces(&b, t.width)
		}
	}
	return b.String()
}

func (t *Table) writeHeader(line *strings.Builder, lay *layoutCache) {
	writeSpaces(line, lay.gutter)
	used := lay.gutter
	first := true
	for c, w := range lay.widths {
		if w == 0 {
			continue
		}
		if !first {
			writeSpaces(line, columnGap)
			used += columnGap
		}
		first = false
		writeCell(line, lay.titles[c], w, t.cols[c].Right)
		used += w
	}
	writeSpaces(line, t.width-used)
}

func (t *Table) writeRow(line *strings.Builder, lay *layoutCache, r int, atCursor bool) {
	if lay.gutter > 0 {
		mark := ""
		switch {
		case atCursor:
			mark = t.styles.CursorMark
		case t.IsSelected(r):
			mark = t.styles.SelectedMark
		}
		writeCell(line, mark, lay.gutter, false)
	}
	used := lay.gutter
	first := true
	for c, w := range lay.widths {
		if w == 0 {
			continue
		}
		if !first {
			writeSpaces(line, columnGap)
			used += columnGap
		}
		first = false
		cell := t.Cell(r, c)
		if t.override != nil {
			if o, ok := t.override(r, c); ok {
				cell = textsafe.Clean(o)
			}
		}
		writeCell(line, cell, w, t.cols[c].Right)
		used += w
	}
	writeSpaces(line, t.width-used)
}

// writeCell writes s in exactly w cells: truncated with "…" when too wide, padded otherwise.
func writeCell(line *strings.Builder, s string, w int, right bool) {
	if w <= 0 {
		return
	}
	sw := len(s)
	ascii := isASCII(s)
	if !ascii {
		sw = ansi.StringWidth(s)
	}
	if sw > w {
		if ascii {
			s = s[:w-1] + ellipsis
		} else {
			s = ansi.Truncate(s, w, ellipsis)
		}
		sw = ansi.StringWidth(s)
	}
	if right {
		writeSpaces(line, w-sw)
		line.WriteString(s)
		return
	}
	line.WriteString(s)
	writeSpaces(line, w-sw)
}

const spaces = "                                                                "

func writeSpaces(line *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		line.WriteString(spaces[:k])
		n -= k
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// cellWidth is the display width of a plain-text cell.
func cellWidth(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// computeLayout fits the columns into the width: every column gets its content width (between
// MinWidth and MaxWidth); when that is too wide, the widest columns shrink towards their
// MinWidth, then columns are hidden from the right; room left over goes to the Flex columns.
func (t *Table) computeLayout() *layoutCache {
	if l := &t.layout; l.valid && l.width == t.width && l.sortCol == t.sortCol && l.sortDesc == t.sortDesc {
		return l
	}
	k := len(t.cols)
	lay := layoutCache{
		valid: true, width: t.width, sortCol: t.sortCol, sortDesc: t.sortDesc,
		widths: make([]int, k), titles: make([]string, k),
	}
	lay.gutter = max(cellWidth(t.styles.CursorMark), cellWidth(t.styles.SelectedMark))
	if t.width <= lay.gutter {
		lay.gutter = 0
	}
	mins := make([]int, k)
	for c, col := range t.cols {
		title := col.Title
		if c == t.sortCol {
			if t.sortDesc {
				title += " ↓"
			} else {
				title += " ↑"
			}
		}
		lay.titles[c] = title
		tw := cellWidth(title)
		mins[c] = col.MinWidth
		switch {
		case mins[c] > 0:
		case col.Flex: // the main column: rather hide others than squeeze it below this
			mins[c] = max(tw, flexMinWidth)
		default:
			mins[c] = max(min(tw, 4), 1)
		}
		w := max(t.contentW[c], tw)
		if !col.Flex && col.MaxWidth > 0 {
			w = min(w, col.MaxWidth)
		}
		lay.widths[c] = max(w, mins[c])
	}
	avail := t.width - lay.gutter
	// Hide columns from the right until the rest fit at their MinWidth.
	shown := k
	for shown > 1 && sumWidths(mins[:shown]) > avail {
		shown--
	}
	for c := shown; c < k; c++ {
		lay.widths[c] = 0
	}
	excess := sumWidths(lay.widths[:shown]) - avail
	// Shrink the widest columns, one cell at a time, so they end up about equal.
	for excess > 0 {
		widest := -1
		for c := range shown {
			if lay.widths[c] > mins[c] && (widest < 0 || lay.widths[c] > lay.widths[widest]) {
				widest = c
			}
		}
		if widest < 0 {
			break
		}
		lay.widths[widest]--
		excess--
	}
	if excess > 0 { // a single column wider than the table even at its MinWidth
		lay.widths[0] = max(lay.widths[0]-excess, 0)
		excess = 0
	}
	// Room to spare goes to the Flex columns.
	flex := 0
	for c := range shown {
		if t.cols[c].Flex {
			flex++
		}
	}
	if spare := -excess; spare > 0 && flex > 0 {
		each, extra := spare/flex, spare%flex
		for c := range shown {
			if t.cols[c].Flex {
				lay.widths[c] += each
				if extra > 0 {
					lay.widths[c]++
					extra--
				}
			}
		}
	}
	t.layout = lay
	return &t.layout
}

// sumWidths is the width of columns side by side, with the gaps between them.
func sumWidths(widths []int) int {
	total := 0
	for i, w := range widths {
		if i > 0 {
			total += columnGap
		}
		total += w
	}
	return total
}
