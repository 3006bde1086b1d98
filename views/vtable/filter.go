package vtable

import (
	"context"
	"math/bits"
	"runtime"
	"sync"
	"unsafe"

	tea "charm.land/bubbletea/v2"
)

// FilterDoneMsg carries a background filter's result back to Update. Results for a query that was
// replaced or cancelled since are dropped there.
type FilterDoneMsg struct {
	owner *owner
	gen   uint64
	query string
	upto  int    // rows [0, upto) were filtered
	match bitset // rows that match
	rows  []int32
	// canceled is set when the table's context ended before the filter finished.
	canceled bool
}

// Query returns the query this result is for.
func (m FilterDoneMsg) Query() string { return m.query }

// SetFilter starts filtering the rows, ignoring case, and returns the Cmd that does it in the
// background; Update applies its FilterDoneMsg. A new call cancels the previous filter, whose
// result is then dropped. An empty query clears the filter at once and returns nil.
func (t *Table) SetFilter(query string) tea.Cmd {
	if t.filterCancel != nil {
		t.filterCancel()
		t.filterCancel = nil
	}
	t.filterGen++
	t.filterWant = query
	if query == t.filter {
		return nil
	}
	if query == "" {
		line := t.pos - t.offset
		t.filter, t.needle, t.match, t.matches = "", needle{}, nil, 0
		t.recompose(nil)
		t.relocate(line, -1)
		return nil
	}
	parent := t.ctx
	ctx, cancel := context.WithCancel(parent)
	t.filterCancel = cancel
	nd := compileNeedle(query)
	snap := t.filterSnapshot(&nd)
	id, gen := t.id, t.filterGen
	return func() tea.Msg {
		defer cancel()
		match, rows, ok := filterRows(ctx, snap, &nd)
		if !ok {
			if parent.Err() != nil { // the page stopped it: say so, or it would look pending forever
				return FilterDoneMsg{owner: id, gen: gen, query: query, canceled: true}
			}
			return nil // replaced by a newer filter: nobody waits for this one
		}
		return FilterDoneMsg{owner: id, gen: gen, query: query, upto: snap.n, match: match, rows: rows}
	}
}

// Filter returns the query last given to SetFilter (which may still be running).
func (t *Table) Filter() string { return t.filterWant }

// FilterPending reports whether a filter is running in the background.
func (t *Table) FilterPending() bool { return t.filterWant != t.filter }

// applyFilter installs a current filter result and filters the rows appended since it started.
func (t *Table) applyFilter(m FilterDoneMsg) {
	if m.owner != t.id || m.gen != t.filterGen {
		return
	}
	t.filterGen++ // a second delivery of the same result is stale too
	t.filterCancel = nil
	if m.canceled {
		t.filterWant = t.filter
		return
	}
	line := t.pos - t.offset
	t.filter, t.needle = m.query, compileNeedle(m.query)
	t.match, t.matches = m.match.grow(t.n), len(m.rows)
	rows := m.rows
	for r := m.upto; r < t.n; r++ {
		if t.rowMatches(r, &t.needle) {
			t.match.set(r)
			t.matches++
			rows = append(rows, int32(r))
		}
	}
	t.recompose(rows)
	if t.ranking() {
		t.cur = -1 // a new query ranks afresh: the cursor goes to the best match
	}
	t.relocate(line, -1)
}

// recompose rebuilds the visible rows from the sort order and the filter. natural, when not nil,
// is the matching rows in natural order (what a filter result carries).
func (t *Table) recompose(natural []int32) {
	switch {
	case t.filter == "":
		t.visible = t.order
	case t.order == nil:
		if natural == nil {
			natural = make([]int32, 0, t.matches)
			for w, word := range t.match {
				for ; word != 0; word &= word - 1 {
					natural = append(natural, int32(w*64+bits.TrailingZeros64(word)))
				}
			}
		}
		t.visible = natural
		if t.ranking() {
			t.visible = t.rankRows(natural)
		}
	default:
		vis := make([]int32, 0, t.matches)
		for _, r := range t.order {
			if t.match.has(int(r)) {
				vis = append(vis, r)
			}
		}
		t.visible = vis
	}
}

// rowMatches tests one row against the needle (on the update goroutine).
func (t *Table) rowMatches(r int, nd *needle) bool {
	for c, col := range t.cols {
		if !col.NoFilter && nd.in(t.Cell(r, c)) {
			return true
		}
	}
	return false
}

// filterSnapshot is what a background filter may read: the filterable columns, cut at the
// current length, and optionally the rows worth testing. Cells below that length are never
// written again, and appends write past it (or into a new array), so sharing them is race-free.
type filterSnapshot struct {
	cols []colSnapshot
	n    int
	// candidates, when not nil, are the only rows that can match (ascending): the matches of
	// the applied filter when the new query contains it, as when the user types one more letter.
	candidates []int32
}

// colSnapshot is one column of a filterSnapshot: its cells, or its keys and the Format that
// draws them.
type colSnapshot struct {
	cells  []string
	keys   []int64
	format func([]byte, int64) []byte
}

// at is row r's cell. A drawn cell is formatted into *buf and returned as a string over it,
// without a copy: valid until the next call, which is all a match test needs.
func (c colSnapshot) at(r int32, buf *[]byte) string {
	if c.format == nil {
		return c.cells[r]
	}
	*buf = c.format((*buf)[:0], c.keys[r])
	return unsafe.String(unsafe.SliceData(*buf), len(*buf))
}

func (t *Table) filterSnapshot(nd *needle) filterSnapshot {
	snap := filterSnapshot{n: t.n}
	for c, col := range t.cols {
		if !col.NoFilter && nd.within(col.Chars) {
			cs := colSnapshot{format: col.Format}
			if col.Format != nil {
				cs.keys = t.keys[c][:t.n:t.n]
			} else {
				cs.cells = t.cells[c][:t.n:t.n]
			}
			snap.cols = append(snap.cols, cs)
		}
	}
	if t.filter != "" && t.needle.ascii == nd.ascii && t.needle.in(nd.q) {
		if t.order == nil && !t.ranking() {
			// Without a sort or a rank, visible is exactly the matches, ascending, and only ever appended to.
			snap.candidates = t.visible[:len(t.visible):len(t.visible)]
		} else {
			snap.candidates = make([]int32, 0, t.matches)
			for w, word := range t.match {
				for ; word != 0; word &= word - 1 {
					snap.candidates = append(snap.candidates, int32(w*64+bits.TrailingZeros64(word)))
				}
			}
		}
	}
	return snap
}

// filterRows returns the rows of snap matching nd, as bits and as an ascending list, or ok false
// when ctx was cancelled. Large tables are split between the CPUs.
func filterRows(ctx context.Context, snap filterSnapshot, nd *needle) (match bitset, rows []int32, ok bool) {
	const (
		checkEvery = 4096    // rows between looks at ctx
		perWorker  = 1 << 16 // fewer rows than this are not worth a goroutine
	)
	items := snap.n
	if snap.candidates != nil {
		items = len(snap.candidates)
	}
	workers := min(runtime.GOMAXPROCS(0), 8, max(items/perWorker, 1))
	span := (items + workers - 1) / workers
	parts := make([][]int32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := min(w*span, items), min((w+1)*span, items)
		wg.Go(func() {
			var found []int32
			var buf []byte
			for start := lo; start < hi; start += checkEvery {
				if ctx.Err() != nil {
					return
				}
				for k := start; k < min(start+checkEvery, hi); k++ {
					r := int32(k)
					if snap.candidates != nil {
						r = snap.candidates[k]
					}
					for _, col := range snap.cols {
						// The length test here spares a call for most short cells.
						if s := col.at(r, &buf); len(s) >= nd.minLen && nd.in(s) {
							found = append(found, r)
							break
						}
					}
				}
			}
			parts[w] = found
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, nil, false
	}
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	rows = make([]int32, 0, total)
	match = make(bitset, (snap.n+63)/64)
	for _, p := range parts {
		for _, r := range p {
			match.set(int(r))
		}
		rows = append(rows, p...)
	}
	return match, rows, true
}
