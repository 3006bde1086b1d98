package vtable

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

type sortSpec struct {
	col  int
	desc bool
}

// SortDoneMsg carries a background sort's result back to Update. Results for a sort that was
// replaced or cancelled since are dropped there.
type SortDoneMsg struct {
	owner *owner
	gen   uint64
	spec  sortSpec
	upto  int     // rows [0, upto) were sorted
	order []int32 // their permutation
	// nums are the column's values when it sorted by value (every cell a number), else nil.
	nums []float64
	// canceled is set when the table's context ended before the sort finished.
	canceled bool
}

// SetSort sorts the rows by column col, descending when desc, in the background, and returns the
// Cmd that does it; Update applies its SortDoneMsg. A new call cancels the previous sort. A col
// outside the columns restores the natural (arrival) order at once and returns nil. Flipping the
// direction of the applied sort is done at once too (a reversal) and returns nil.
func (t *Table) SetSort(col int, desc bool) tea.Cmd {
	if t.sortCancel != nil {
		t.sortCancel()
		t.sortCancel = nil
	}
	t.sortGen++
	if col < 0 || col >= len(t.cols) {
		col, desc = -1, false
	}
	t.sortWant = sortSpec{col: col, desc: desc}
	if col == t.sortCol && desc == t.sortDesc {
		return nil
	}
	line := t.pos - t.offset
	if col < 0 {
		t.order, t.sortCol, t.sortDesc, t.nums = nil, -1, false, numbers{}
		t.recompose(nil)
		t.relocate(line, -1)
		return nil
	}
	if col == t.sortCol {
		// Descending is the exact reverse of ascending, ties included (see sorter.compare).
		filtered := t.filter != ""
		t.order = reversed(t.order)
		if filtered {
			t.visible = reversed(t.visible)
		} else {
			t.visible = t.order
		}
		t.sortDesc = desc
		t.relocate(line, -1)
		return nil
	}
	parent := t.ctx
	ctx, cancel := context.WithCancel(parent)
	t.sortCancel = cancel
	s := t.sorterFor(col, desc, t.n)
	id, gen, spec, n, numeric := t.id, t.sortGen, t.sortWant, t.n, t.numeric(col)
	return func() tea.Msg {
		defer cancel()
		if numeric && s.cells != nil { // parsed here, off the UI: the cells never change
			s.nums, _ = parseNumbers(nil, s.cells, true)
		}
		order, ok := sortRows(ctx, n, s)
		if !ok {
			if parent.Err() != nil { // the page stopped it: say so, or it would look pending forever
				return SortDoneMsg{owner: id, gen: gen, spec: spec, canceled: true}
			}
			return nil // replaced by a newer sort: nobody waits for this one
		}
		return SortDoneMsg{owner: id, gen: gen, spec: spec, upto: n, order: order, nums: s.nums}
	}
}

// ToggleSort sorts by column col ascending, or flips the direction when already sorted by it.
func (t *Table) ToggleSort(col int) tea.Cmd {
	want := t.sortWant
	if want.col == col {
		return t.SetSort(col, !want.desc)
	}
	return t.SetSort(col, false)
}

// SortByLetter sorts by the first column whose title starts with letter (case-insensitive), k9s's
// shift+letter: ascending, then descending, then the next column with that letter. It does
// nothing when no title starts with it.
func (t *Table) SortByLetter(letter rune) tea.Cmd {
	var cols []int
	for c, col := range t.cols {
		if r, _ := utf8.DecodeRuneInString(col.Title); unicode.ToLower(r) == unicode.ToLower(letter) {
			cols = append(cols, c)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	want := t.sortWant
	i := slices.Index(cols, want.col)
	switch {
	case i < 0:
		return t.SetSort(cols[0], false)
	case !want.desc:
		return t.SetSort(want.col, true)
	}
	return t.SetSort(cols[(i+1)%len(cols)], false)
}

// CycleSort steps through: unsorted → first column ascending → descending → next column … →
// unsorted, so a single key reaches every order.
func (t *Table) CycleSort() tea.Cmd {
	want := t.sortWant
	switch {
	case want.col < 0:
		return t.SetSort(0, false)
	case !want.desc:
		return t.SetSort(want.col, true)
	default:
		return t.SetSort(want.col+1, false) // past the last column: unsorted
	}
}

// SortColumn returns the applied sort column (-1 when unsorted) and whether it is descending.
func (t *Table) SortColumn() (col int, desc bool) { return t.sortCol, t.sortDesc }

// SortPending reports whether a sort is running in the background.
func (t *Table) SortPending() bool {
	return t.sortWant != sortSpec{col: t.sortCol, desc: t.sortDesc}
}

// applySort installs a current sort result and merges in the rows appended since it started.
func (t *Table) applySort(m SortDoneMsg) {
	if m.owner != t.id || m.gen != t.sortGen {
		return
	}
	t.sortGen++ // a second delivery of the same result is stale too
	t.sortCancel = nil
	if m.canceled {
		t.sortWant = sortSpec{col: t.sortCol, desc: t.sortDesc}
		return
	}
	line := t.pos - t.offset
	t.sortCol, t.sortDesc = m.spec.col, m.spec.desc
	t.nums = numbers{on: m.nums != nil, vals: m.nums}
	order := m.order
	if m.upto < t.n {
		s := t.sorterFor(m.spec.col, m.spec.desc, t.n)
		tail := make([]int32, 0, t.n-m.upto)
		for r := m.upto; r < t.n; r++ {
			tail = append(tail, int32(r))
		}
		s.sort(tail)
		order = mergeSorted(order, tail, s.compare)
	}
	t.order = order
	t.recompose(nil)
	t.relocate(line, -1)
}

// sorter compares rows by one column. It holds the column cut at a length, so a background sort
// reads only cells that are never written again.
type sorter struct {
	cells []string
	keys  []int64
	nums  []float64 // the cells as numbers, when the column sorts by value
	cmp   func(a, b string) int
	desc  bool
}

func (t *Table) sorterFor(col int, desc bool, n int) *sorter {
	s := &sorter{cmp: t.cols[col].Compare, desc: desc}
	if s.cmp == nil {
		s.cmp = NaturalCompare
	}
	if t.cols[col].Keyed {
		s.keys = t.keys[col][:n:n]
	}
	if cells := t.cells[col]; len(cells) >= n && (!t.cols[col].Keyed || t.cols[col].Format == nil) {
		s.cells = cells[:n:n] // a Keyed column's text breaks ties between equal keys
	}
	s.nums = t.numbersFor(col, n)
	return s
}

// compare orders rows a and b by key, then by text; ties go by arrival so the order is total and descending is its
// exact reverse.
func (s *sorter) compare(a, b int32) int {
	var c int
	if s.keys != nil {
		c = cmp.Compare(s.keys[a], s.keys[b])
	}
	if s.nums != nil {
		c = byValue(s.nums[a], s.nums[b])
	}
	if c == 0 && s.cells != nil {
		c = s.cmp(s.cells[a], s.cells[b])
	}
	if c == 0 {
		c = cmp.Compare(a, b)
	}
	if s.desc {
		return -c
	}
	return c
}

func (s *sorter) sort(rows []int32) { slices.SortFunc(rows, s.compare) }

// sortRows sorts rows [0, n) in runs and merges them, spread over the CPUs, looking at ctx
// between steps so a cancelled sort stops within a few milliseconds.
func sortRows(ctx context.Context, n int, s *sorter) ([]int32, bool) {
	const run = 1 << 14
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	runs := (n + run - 1) / run
	inParallel(runs, func(i int) {
		if ctx.Err() == nil {
			s.sort(idx[i*run : min((i+1)*run, n)])
		}
	})
	if ctx.Err() != nil {
		return nil, false
	}
	buf := make([]int32, n)
	for width := run; width < n; width *= 2 {
		pairs := (n + 2*width - 1) / (2 * width)
		inParallel(pairs, func(i int) {
			if ctx.Err() == nil {
				lo := i * 2 * width
				mid, hi := min(lo+width, n), min(lo+2*width, n)
				mergeRuns(buf[lo:hi], idx[lo:mid], idx[mid:hi], s.compare)
			}
		})
		if ctx.Err() != nil {
			return nil, false
		}
		idx, buf = buf, idx
	}
	return idx, true
}

// inParallel calls f(0) … f(count-1) on up to GOMAXPROCS goroutines and waits for them.
func inParallel(count int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), count) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < count; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

func mergeRuns(dst, a, b []int32, compare func(a, b int32) int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if compare(a[i], b[j]) <= 0 {
			dst[k] = a[i]
			i++
		} else {
			dst[k] = b[j]
			j++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// mergeSorted merges the sorted rows add into the sorted dst in place and returns it. Each added
// row finds its place by binary search, so a page of k rows costs k·log n comparisons and one
// memmove, not a comparison per row held.
func mergeSorted(dst, add []int32, compare func(a, b int32) int) []int32 {
	n := len(dst)
	dst = slices.Grow(dst, len(add))[:n+len(add)]
	hi := n // dst[:hi] holds the old rows not yet moved
	for j := len(add) - 1; j >= 0; j-- {
		a := add[j]
		// First old row that sorts after a.
		lo, h := 0, hi
		for lo < h {
			m := int(uint(lo+h) >> 1)
			if compare(dst[m], a) < 0 {
				lo = m + 1
			} else {
				h = m
			}
		}
		copy(dst[lo+j+1:hi+j+1], dst[lo:hi])
		dst[lo+j] = a
		hi = lo
	}
	return dst
}

func reversed(rows []int32) []int32 {
	out := make([]int32, len(rows))
	for i, r := range rows {
		out[len(rows)-1-i] = r
	}
	return out
}

// NaturalCompare orders strings ignoring ASCII case, with runs of digits compared by value, so
// "file2" sorts before "file10". It is the default Column.Compare.
func NaturalCompare(a, b string) int {
	// Skip the common prefix (names in a listing share long ones), backing up to the start of
	// a digit run it may end in, since that run is compared as a whole number.
	k, n := 0, min(len(a), len(b))
	for k+8 <= n && load64(a[k:k+8]) == load64(b[k:k+8]) {
		k += 8
	}
	for k < n && a[k] == b[k] {
		k++
	}
	for k > 0 && isDigit(a[k-1]) {
		k--
	}
	i, j := k, k
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			si, sj := i, j
			for si < len(a) && a[si] == '0' {
				si++
			}
			for sj < len(b) && b[sj] == '0' {
				sj++
			}
			ei, ej := si, sj
			for ei < len(a) && isDigit(a[ei]) {
				ei++
			}
			for ej < len(b) && isDigit(b[ej]) {
				ej++
			}
			if c := cmp.Compare(ei-si, ej-sj); c != 0 {
				return c // more significant digits: bigger
			}
			for k := 0; k < ei-si; k++ {
				if a[si+k] != b[sj+k] {
					return cmp.Compare(a[si+k], b[sj+k])
				}
			}
			i, j = ei, ej
			continue
		}
		ca, cb = lowerASCII(ca), lowerASCII(cb)
		if ca != cb {
			return cmp.Compare(ca, cb)
		}
		i++
		j++
	}
	return cmp.Compare(len(a)-i, len(b)-j)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
