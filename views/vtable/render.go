package vtable

import (
	"github.com/nimbus-tui/nimbus/internal/textsafe"

	"strconv"
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
	hidden   int    // columns hidden for lack of room
	note     string // "+3 columns", drawn at the header's right end; "" when none are hidden
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
		if c == t.sortCol {
			writeSortTitle(line, lay.titles[c], w, t.cols[c].Right)
		} else {
			writeCell(line, lay.titles[c], w, t.cols[c].Right)
		}
		used += w
	}
	if lay.note != "" {
		nw := cellWidth(lay.note)
		writeSpaces(line, t.width-used-nw)
		line.WriteString(lay.note)
		return
	}
	writeSpaces(line, t.width-used)
}

// writeSortTitle writes the sort column's title, which ends in an arrow, in w cells: when it is
// cut, the title is, not the arrow.
func writeSortTitle(line *strings.Builder, title string, w int, right bool) {
	if cellWidth(title) <= w || w < 2 {
		writeCell(line, title, w, right)
		return
	}
	arrow := title[len(title)-len("↑"):]
	name := strings.TrimSuffix(title[:len(title)-len(arrow)], " ")
	if w < 3 {
		writeCell(line, arrow, w, right)
		return
	}
	writeCell(line, ansi.Truncate(name, w-1, ellipsis)+arrow, w, right)
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

// flexRoom is how wide a Flex column may ask to be before narrower columns are hidden for it;
// beyond that it only takes the room left over.
const flexRoom = 24

// softCap is how wide a column without a MaxWidth may ask to be before it is cut rather than
// hiding others (long free text: descriptions, JSON).
const softCap = 40

// computeLayout fits the columns into the width, k9s-style: each column asks for its content
// width (up to MaxWidth; Whole ones all of it); while they do not fit, the least important column
// (largest Priority, then rightmost; the sort column and the first one last) is hidden and the header says how many
// are. Only a column left alone is cut. Room to spare goes to the Flex columns.
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
	need := make([]int, k) // what each column asks for when choosing which to show
	full := make([]int, k) // its content width, which spare room may give it
	mins := make([]int, k) // the narrowest it gets, alone
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
		content := max(t.contentW[c], tw)
		mins[c] = col.MinWidth
		switch {
		case mins[c] > 0:
		case col.Flex:
			mins[c] = max(tw, flexMinWidth)
		default:
			mins[c] = max(min(tw, 4), 1)
		}
		switch {
		case col.Whole:
			full[c] = content
			need[c] = content
		case col.Flex:
			full[c] = max(content, mins[c])
			need[c] = max(min(content, flexRoom), mins[c])
		default:
			full[c] = content
			if col.MaxWidth > 0 {
				full[c] = min(full[c], col.MaxWidth)
			}
			full[c] = max(full[c], mins[c])
			if c == t.sortCol { // room for the arrow, though the title is wider than the cells
				full[c] = max(full[c], tw)
			}
			need[c] = full[c]
			if col.MaxWidth == 0 {
				need[c] = max(min(full[c], softCap), mins[c])
			}
		}
	}
	avail := t.width - lay.gutter
	shown := make([]bool, k)
	for c := range shown {
		shown[c] = true
	}
	nShown := k
	used := func() int {
		total := 0
		for c := range k {
			if shown[c] {
				if total > 0 {
					total += columnGap
				}
				total += need[c]
			}
		}
		if hidden := k - nShown; hidden > 0 {
			total += columnGap + cellWidth(hiddenNote(hidden, 0))
		}
		return total
	}
	for nShown > 1 && used() > avail {
		victim := -1
		for c := range k {
			if shown[c] && (victim < 0 || t.hidesBefore(c, victim)) {
				victim = c
			}
		}
		shown[victim] = false
		nShown--
	}
	for c := range k {
		if shown[c] {
			lay.widths[c] = need[c]
		}
	}
	lay.hidden = k - nShown
	if lay.hidden > 0 {
		lay.note = hiddenNote(lay.hidden, 0)
	}
	if excess := used() - avail; excess > 0 {
		// One column left and still too wide: drop the note, then cut the column.
		if lay.note != "" {
			excess -= columnGap + cellWidth(lay.note)
			lay.note = ""
		}
		for c := range k {
			if shown[c] && excess > 0 {
				lay.widths[c] = max(lay.widths[c]-excess, 0)
			}
		}
	} else if spare := -excess; spare > 0 {
		if lay.note != "" { // say it in words when there is room
			for _, long := range []string{hiddenNote(lay.hidden, 2), hiddenNote(lay.hidden, 1)} {
				if more := cellWidth(long) - cellWidth(lay.note); more <= spare {
					lay.note, spare = long, spare-more
					break
				}
			}
		}
		t.spread(&lay, spare, full)
	}
	t.layout = lay
	return &t.layout
}

// hidesBefore reports whether column a is hidden before column b: the first column, which names
// the row, last of all, then the sort column (the user chose it); the others by larger Priority
// first, then the rightmost.
func (t *Table) hidesBefore(a, b int) bool {
	if a == 0 || b == 0 {
		return b == 0
	}
	if (a == t.sortCol) != (b == t.sortCol) {
		return b == t.sortCol
	}
	if pa, pb := t.cols[a].Priority, t.cols[b].Priority; pa != pb {
		return pa > pb
	}
	return a > b
}

// spread gives room to spare to the columns shown below their content width (those cut by
// softCap), then to the Flex columns, in equal shares.
func (t *Table) spread(lay *layoutCache, spare int, full []int) {
	for c, w := range lay.widths {
		if w > 0 && !t.cols[c].Flex && w < full[c] {
			add := min(full[c]-w, spare)
			lay.widths[c] += add
			spare -= add
		}
	}
	flex := 0
	for c, w := range lay.widths {
		if w > 0 && t.cols[c].Flex {
			flex++
		}
	}
	if spare <= 0 || flex == 0 {
		return
	}
	each, extra := spare/flex, spare%flex
	for c, w := range lay.widths {
		if w > 0 && t.cols[c].Flex {
			lay.widths[c] += each
			if extra > 0 {
				lay.widths[c]++
				extra--
			}
		}
	}
}

// hiddenNote is what the header says at its right end when n columns are hidden for lack of
// room, in words as many as fit (words 0, 1 or 2): "+3", "+3 hidden", "+3 columns hidden".
func hiddenNote(n, words int) string {
	s := "+" + strconv.Itoa(n)
	switch {
	case words == 0:
		return s
	case words == 1:
		return s + " hidden"
	case n == 1:
		return s + " column hidden"
	}
	return s + " columns hidden"
}

// HiddenColumns returns the titles of the columns hidden for lack of room at the current width.
func (t *Table) HiddenColumns() []string {
	lay := t.computeLayout()
	var out []string
	for c, w := range lay.widths {
		if w == 0 {
			out = append(out, t.cols[c].Title)
		}
	}
	return out
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
