// Package vtable is nimbus's virtual table: a widget that holds up to millions of rows in columnar
// storage, renders only the rows on screen as plain strings, and filters and sorts in the background
// with cancellation and generation ids, so a keystroke costs the same at 10 rows as at 1M.
//
// A Table is used through a pointer by the page that owns it; it is not safe for concurrent use,
// and every method must be called from the Bubble Tea update goroutine. Background work only ever
// reads immutable snapshots of the column data.
package vtable

import (
	"context"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/keymap"
)

// Column describes one column: its title, how wide it may be and how it sorts.
type Column struct {
	// Title is shown in the header.
	Title string
	// MinWidth is the narrowest the column gets when a column is cut to fit at all (0 means 10
	// cells for a Flex column, else up to 4 cells of the title). Columns are hidden before any is
	// cut below its content width (see Priority).
	MinWidth int
	// MaxWidth caps the width given by the content (0 means no cap). Ignored by Flex columns,
	// which take whatever width is left.
	MaxWidth int
	// Flex columns share the width left after the other columns got their content width.
	Flex bool
	// Whole columns are never cut: identifiers are shown in full or not at all. MaxWidth does
	// not apply to them.
	Whole bool
	// Priority orders which columns are hidden when the table is too narrow: larger values go
	// first, ties from the right (0 is the most important). The sort column goes last, so its
	// arrow stays on screen.
	Priority int
	// Right aligns the cells (and the title) to the right, for numbers.
	Right bool
	// NoFilter leaves this column out of the text filter.
	NoFilter bool
	// Keyed columns sort by the int64 keys given with AppendKeyed (e.g. sizes in bytes)
	// instead of by their text.
	Keyed bool
	// Format, on a Keyed column, draws each cell from its key, appending its text to dst, so the
	// column holds 8 bytes a row instead of a string (sizes, times: a million-row listing stays
	// small); the text given for it to AppendKeyed is ignored. Filters call it for every row
	// into a reused buffer, so it should not allocate; it runs from View and from background
	// filters, maybe on several goroutines at once, so it must be a pure function.
	Format func(dst []byte, key int64) []byte
	// Chars, for a Format column, lists every ASCII byte its cells can hold, lower-case; a filter
	// whose (ASCII) query holds another byte skips the column instead of drawing every row's cell.
	Chars string
	// Compare orders two cells when sorting by this column; nil means natural order
	// (case-insensitive, runs of digits compared by value). It runs in the background, maybe
	// on several goroutines at once, so it must be a pure function.
	Compare func(a, b string) int
}

// Styles are the only two styles the table applies (give them colours and attributes only, no
// width, padding or borders: lines are already laid out), plus optional marks drawn in a gutter
// before each row so the cursor and the selection stay visible without colour (NO_COLOR).
type Styles struct {
	// Header styles the header line.
	Header lipgloss.Style
	// Cursor styles the line under the cursor.
	Cursor lipgloss.Style
	// CursorMark is drawn in the gutter of the cursor row (e.g. "▸ ").
	CursorMark string
	// SelectedMark is drawn in the gutter of selected rows (e.g. "• ").
	SelectedMark string
}

// DefaultStyles is a bold header, a reverse-video cursor line, "▸" for the cursor and "•" for
// selected rows.
func DefaultStyles() Styles {
	return Styles{
		Header:       lipgloss.NewStyle().Bold(true),
		Cursor:       lipgloss.NewStyle().Reverse(true),
		CursorMark:   "▸ ",
		SelectedMark: "• ",
	}
}

// owner identifies the table that asked for a background result; it is never zero-sized,
// so two tables never share an address.
type owner struct{ _ byte }

// Table is the virtual table. Create it with New.
type Table struct {
	cols     []Column
	cells    [][]string // cells[column][row]; cells are appended, never changed
	keys     [][]int64  // keys[column][row] for Keyed columns, nil otherwise
	n        int
	contentW []int // widest cell seen per column, in terminal cells

	keymap keymap.Table
	styles Styles
	empty  string
	width  int
	height int
	layout layoutCache

	// order is the sorted permutation of every row; nil when unsorted.
	order    []int32
	sortCol  int // -1 when unsorted
	sortDesc bool
	nums     numbers // the sort column's values, when it sorts by value (numsort.go)
	// filter is the applied query; match marks the rows it matches.
	filter  string
	needle  needle
	match   bitset
	matches int
	// visible is the rows shown, in display order; nil means every row in natural order.
	visible []int32
	// rankCol, when >= 0, orders filtered unsorted rows by how well this column matches.
	rankCol int

	cur    int // underlying row under the cursor, -1 when nothing is visible
	pos    int // cursor position in visible
	offset int // first visible position on screen

	selected  bitset
	nSelected int

	// rowID names rows for Refill; keep is what a reload still looks for (see keep.go).
	rowID func(row int) string
	keep  kept

	// override replaces a cell at render time (live state such as a waiter's progress on a
	// row); only the rows on screen ask it.
	override func(row, col int) (string, bool)

	id           *owner
	ctx          context.Context
	filterGen    uint64
	filterWant   string
	filterCancel context.CancelFunc
	sortGen      uint64
	sortWant     sortSpec
	sortCancel   context.CancelFunc
}

// New returns an empty table with the given columns, key bindings and styles.
func New(cols []Column, km keymap.Table, st Styles) *Table {
	t := &Table{
		cols:     append([]Column(nil), cols...),
		keymap:   km,
		styles:   st,
		sortCol:  -1,
		sortWant: sortSpec{col: -1},
		rankCol:  -1,
		cur:      -1,
		id:       &owner{},
		ctx:      context.Background(),
	}
	t.initStorage()
	return t
}

func (t *Table) initStorage() {
	t.cells = make([][]string, len(t.cols))
	t.keys = make([][]int64, len(t.cols))
	t.contentW = make([]int, len(t.cols))
	t.n = 0
	t.layout = layoutCache{}
	t.nums.vals = nil // by value or not, the sort stays as it was (Refill)
}

// KeyMap returns the key bindings Update reacts to (for the page's help).
func (t *Table) KeyMap() keymap.Table { return t.keymap }

// SetKeyMap replaces the key bindings Update reacts to.
func (t *Table) SetKeyMap(km keymap.Table) { t.keymap = km }

// SetStyles replaces the header and cursor styles and the gutter marks.
func (t *Table) SetStyles(st Styles) {
	t.styles = st
	t.layout = layoutCache{}
}

// SetOverride sets a function that may replace a cell when it is drawn, for state that changes
// without the row changing (a waiter ticking on an instance). It is called for visible cells only,
// from View; it must be cheap and return plain, sanitised text. nil removes it.
func (t *Table) SetOverride(f func(row, col int) (string, bool)) { t.override = f }

// SetEmptyMessage sets what the table shows when it has no rows (e.g. "loading…" or "no objects").
func (t *Table) SetEmptyMessage(msg string) { t.empty = msg }

// SetContext sets the context background filters and sorts derive from; the page passes its own
// so that closing the page stops them. Work already running keeps its old context. Work stopped
// this way still reports back, so FilterPending and SortPending end.
func (t *Table) SetContext(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	t.ctx = ctx
}

// SetSize sets the width and height View fills, header included.
func (t *Table) SetSize(width, height int) {
	line := t.pos - t.offset
	t.width, t.height = max(width, 0), max(height, 0)
	t.keepLine(line)
}

// Width returns the width set by SetSize.
func (t *Table) Width() int { return t.width }

// Height returns the height set by SetSize.
func (t *Table) Height() int { return t.height }

// Columns returns a copy of the column definitions.
func (t *Table) Columns() []Column { return append([]Column(nil), t.cols...) }

// Len returns the number of rows held, whether visible or not.
func (t *Table) Len() int { return t.n }

// VisibleLen returns the number of rows that pass the filter.
func (t *Table) VisibleLen() int {
	if t.visible == nil {
		return t.n
	}
	return len(t.visible)
}

// MatchCount returns how many rows match the applied filter (Len when there is no filter),
// for a "12 matches" status.
func (t *Table) MatchCount() int {
	if t.filter == "" {
		return t.n
	}
	return t.matches
}

// Cursor returns the underlying index of the row under the cursor, or -1 when no row is visible.
func (t *Table) Cursor() int { return t.cur }

// CursorPos returns the cursor's position among the visible rows (for "row 3 of 120"), or -1.
func (t *Table) CursorPos() int {
	if t.cur < 0 {
		return -1
	}
	return t.pos
}

// VisibleRow returns the underlying index of the row shown at visible position pos, which must be
// in [0, VisibleLen()).
func (t *Table) VisibleRow(pos int) int {
	if t.visible == nil {
		return pos
	}
	return int(t.visible[pos])
}

// Row returns a copy of the cells of underlying row i, which must be in [0, Len()).
func (t *Table) Row(i int) []string {
	row := make([]string, len(t.cols))
	for c := range t.cols {
		row[c] = t.Cell(i, c)
	}
	return row
}

// Cell returns the cell of underlying row i in column c.
func (t *Table) Cell(i, c int) string {
	if f := t.cols[c].Format; f != nil {
		return textsafe.Clean(string(f(nil, t.keys[c][i])))
	}
	return t.cells[c][i]
}

// Key returns the sort key of underlying row i in Keyed column c (0 for other columns).
func (t *Table) Key(i, c int) int64 {
	if !t.cols[c].Keyed {
		return 0
	}
	return t.keys[c][i]
}

// Append adds rows as a page of results arrives; each row holds one cell per column (missing cells
// are empty, extra ones ignored). Cells are plain text: control characters, escape sequences and
// bidi controls in them are shown escaped (textsafe.Clean).
// The cursor stays on the same row; rows matching the active filter and sort join in place.
func (t *Table) Append(rows [][]string) { t.AppendKeyed(rows, nil) }

// AppendKeyed is Append with sort keys for Keyed columns: keys[c][i] is the key of rows[i] in
// column c (keys[c] may be nil for columns that are not Keyed; missing keys are 0).
func (t *Table) AppendKeyed(rows [][]string, keys [][]int64) {
	if len(rows) == 0 {
		return
	}
	first := t.n
	var scratch []byte
	for c := range t.cols {
		format := t.cols[c].Format
		w := t.contentW[c]
		if format == nil {
			col := t.cells[c]
			if col == nil {
				col = make([]string, 0, max(len(rows), 64))
			}
			for _, row := range rows {
				var s string
				if c < len(row) {
					s = textsafe.Clean(row[c]) // the one place every cell passes; clean text costs one scan
				}
				col = append(col, s)
				if len(s) > w { // display width never exceeds byte length
					w = max(w, cellWidth(s))
				}
			}
			t.cells[c] = col
		}
		if t.cols[c].Keyed {
			var given []int64
			if c < len(keys) {
				given = keys[c]
			}
			k := t.keys[c]
			for i := range rows {
				var v int64
				if i < len(given) {
					v = given[i]
				}
				k = append(k, v)
				if format != nil {
					if scratch = format(scratch[:0], v); len(scratch) > w {
						w = max(w, cellWidth(string(scratch)))
					}
				}
			}
			t.keys[c] = k
		}
		if w != t.contentW[c] {
			t.contentW[c] = w
			t.layout = layoutCache{}
		}
	}
	t.n += len(rows)
	t.admit(first)
}

// Reset drops every row, the filter, the sort, the selection and any background work, keeping
// the columns, styles, size and key bindings. Refill is the reload that keeps what the user set.
func (t *Table) Reset() {
	t.Cancel()
	// Fresh slices: a background job may still read the old ones.
	t.initStorage()
	t.order, t.visible = nil, nil
	t.sortCol, t.sortDesc, t.sortWant, t.nums = -1, false, sortSpec{col: -1}, numbers{}
	t.filter, t.filterWant, t.needle, t.match, t.matches = "", "", needle{}, nil, 0
	t.selected, t.nSelected = nil, 0
	t.keep = kept{}
	t.cur, t.pos, t.offset = -1, 0, 0
	t.filterGen++
	t.sortGen++
}

// Cancel stops any background filter or sort; their results will be dropped.
func (t *Table) Cancel() {
	if t.filterCancel != nil {
		t.filterCancel()
		t.filterCancel = nil
	}
	if t.sortCancel != nil {
		t.sortCancel()
		t.sortCancel = nil
	}
	t.filterWant = t.filter
	t.sortWant = sortSpec{col: t.sortCol, desc: t.sortDesc}
	t.filterGen++
	t.sortGen++
}

// Busy reports whether a filter or a sort is running in the background.
func (t *Table) Busy() bool { return t.FilterPending() || t.SortPending() }

// Owns reports whether msg is a background result this table asked for, so a router can deliver
// it to the right page even when that page is not on top.
func (t *Table) Owns(msg tea.Msg) bool {
	switch m := msg.(type) {
	case FilterDoneMsg:
		return m.owner == t.id
	case SortDoneMsg:
		return m.owner == t.id
	}
	return false
}

// admit folds rows [first, n) into the filter, the sort and the cursor.
func (t *Table) admit(first int) {
	line := t.pos - t.offset
	fresh := make([]int32, 0, t.n-first)
	for r := first; r < t.n; r++ {
		if t.filter != "" {
			if !t.rowMatches(r, &t.needle) {
				continue
			}
			t.match = t.match.grow(t.n)
			t.match.set(r)
			t.matches++
		}
		fresh = append(fresh, int32(r))
	}
	if t.order != nil {
		s := t.sorterFor(t.sortCol, t.sortDesc, t.n)
		all := make([]int32, 0, t.n-first)
		for r := first; r < t.n; r++ {
			all = append(all, int32(r))
		}
		s.sort(all)
		t.order = mergeSorted(t.order, all, s.compare)
		if t.filter != "" {
			fresh = fresh[:0]
			for _, r := range all {
				if t.match.has(int(r)) {
					fresh = append(fresh, r)
				}
			}
			t.visible = mergeSorted(t.visible, fresh, s.compare)
		} else {
			t.visible = t.order
		}
	} else if t.ranking() {
		t.visible = mergeSorted(t.visible, t.rankRows(fresh), t.rankCompare)
	} else if t.filter != "" {
		t.visible = append(t.visible, fresh...)
	}
	// The cursor's row can only have moved forward by the rows added before it.
	t.relocate(line, len(fresh))
	t.restore(first)
}

// relocate finds the cursor's row after the visible rows changed, keeping it on the same screen
// line; hint > 0 bounds how far forward it may have moved (-1: search everything).
func (t *Table) relocate(line, hint int) {
	vis := t.VisibleLen()
	if vis == 0 {
		t.cur, t.pos, t.offset = -1, 0, 0
		return
	}
	if t.cur < 0 {
		t.pos = 0
		t.cur = t.VisibleRow(0)
		t.keepLine(0)
		return
	}
	if p := t.find(t.cur, hint); p >= 0 {
		t.pos = p
	} else {
		t.pos = min(t.pos, vis-1)
		t.cur = t.VisibleRow(t.pos)
	}
	t.keepLine(line)
}

// find returns the visible position of underlying row r, or -1.
func (t *Table) find(r, hint int) int {
	switch {
	case t.visible == nil:
		if r < t.n {
			return r
		}
		return -1
	case t.order == nil && !t.ranking(): // filtered, natural order: ascending
		lo, hi := 0, len(t.visible)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if int(t.visible[m]) < r {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < len(t.visible) && int(t.visible[lo]) == r {
			return lo
		}
		return -1
	}
	from, to := 0, len(t.visible)
	if hint >= 0 && t.pos < len(t.visible) {
		from, to = t.pos, min(t.pos+hint+1, len(t.visible))
	}
	for p := from; p < to; p++ {
		if int(t.visible[p]) == r {
			return p
		}
	}
	if hint >= 0 {
		return t.find(r, -1)
	}
	return -1
}

// AddColumn appends a column whose cells start empty, to rows already held too; a page fills it
// at draw time with SetOverride (live values such as metric sparklines) or through later rows.
func (t *Table) AddColumn(c Column) {
	t.cols = append(t.cols, c)
	var cells []string
	if c.Format == nil {
		cells = make([]string, t.n)
	}
	t.cells = append(t.cells, cells)
	var keys []int64
	if c.Keyed {
		keys = make([]int64, t.n)
	}
	t.keys = append(t.keys, keys)
	t.contentW = append(t.contentW, c.MinWidth)
	t.layout = layoutCache{}
}

// RemoveLastColumn drops the last column (one AddColumn added); a sort by it is cleared.
func (t *Table) RemoveLastColumn() {
	last := len(t.cols) - 1
	if last < 1 {
		return
	}
	if t.sortCol == last {
		t.sortCol, t.order, t.sortWant, t.nums = -1, nil, sortSpec{col: -1}, numbers{}
	}
	if t.rankCol == last {
		t.rankCol = -1
	}
	t.cols, t.cells, t.keys, t.contentW = t.cols[:last], t.cells[:last], t.keys[:last], t.contentW[:last]
	t.layout = layoutCache{}
}

// OnScreen returns the underlying indexes of the rows drawn now, top to bottom: what a page
// fetches live values for.
func (t *Table) OnScreen() []int {
	rows := max(t.height-1, 0) // the header takes a line
	var out []int
	for pos := t.offset; pos < t.VisibleLen() && pos < t.offset+rows; pos++ {
		out = append(out, t.VisibleRow(pos))
	}
	return out
}
