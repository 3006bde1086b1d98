package vtable

import tea "charm.land/bubbletea/v2"

// kept is what a reload must find again once the rows arrive anew: rows are known by identity
// (SetRowID), since their indices change with every listing.
type kept struct {
	cursor   string              // id of the row the cursor was on; "" once found, moved or unknown
	line     int                 // the cursor's screen line, kept when it is found again
	pos      int                 // the cursor's visible position, for when its row is gone
	selected map[string]struct{} // ids of selected rows not arrived yet
}

// SetRowID names rows by identity (an instance id, an object key), so Refill can find the cursor's
// row and the selected rows again when they arrive anew. id is called on the update goroutine
// with an underlying row index, after the page has recorded that row.
func (t *Table) SetRowID(id func(row int) string) { t.rowID = id }

// Refill empties the table before a reload, keeping what the user set up: the filter and the sort
// stay applied to rows as they arrive again, and (with SetRowID) the cursor and the selection are
// found again by identity as their rows arrive. Settle ends the reload. The returned command
// re-runs a filter or a sort that was still running in the background.
func (t *Table) Refill() tea.Cmd {
	t.remember()
	wantFilter, wantSort := t.filterWant, t.sortWant
	t.Cancel()
	t.initStorage() // fresh slices: a background job may still read the old ones
	t.match, t.matches = nil, 0
	t.order, t.visible = nil, nil
	if t.sortCol >= 0 {
		t.order = []int32{} // non-nil: sorted, so arriving rows merge in order
		t.visible = t.order
	}
	if t.filter != "" {
		t.visible = []int32{} // non-nil: nothing matches yet
	}
	t.selected, t.nSelected = nil, 0
	t.cur, t.pos, t.offset = -1, 0, 0
	var cmds []tea.Cmd
	if wantFilter != t.filter {
		cmds = append(cmds, t.SetFilter(wantFilter))
	}
	if wantSort != (sortSpec{col: t.sortCol, desc: t.sortDesc}) {
		cmds = append(cmds, t.SetSort(wantSort.col, wantSort.desc))
	}
	return tea.Batch(cmds...)
}

// Recolumn is Refill with other columns (a listing whose later pages call for more of them): the
// rows go, and the filter, the sort (on the column of the same title, when there is one), the
// cursor and the selection come back as their rows arrive again.
func (t *Table) Recolumn(cols []Column) tea.Cmd {
	at := func(c int) int { // column c's place among cols, by title
		if c < 0 {
			return -1
		}
		for i, nc := range cols {
			if nc.Title == t.cols[c].Title {
				return i
			}
		}
		return -1
	}
	t.sortCol, t.sortWant.col, t.rankCol = at(t.sortCol), at(t.sortWant.col), at(t.rankCol)
	if t.sortCol < 0 {
		t.sortDesc, t.order, t.nums = false, nil, numbers{}
	}
	if t.sortWant.col < 0 {
		t.sortWant.desc = false
	}
	t.cols = append([]Column(nil), cols...)
	return t.Refill() // its fresh storage has the new columns' shape
}

// remember records the cursor's and the selected rows' ids, adding to what an unfinished reload
// still waits for.
func (t *Table) remember() {
	if t.rowID == nil {
		t.keep = kept{}
		return
	}
	if t.keep.cursor == "" && t.cur >= 0 {
		t.keep.cursor, t.keep.line, t.keep.pos = t.rowID(t.cur), t.pos-t.offset, t.pos
	}
	if t.nSelected > 0 && t.keep.selected == nil {
		t.keep.selected = make(map[string]struct{}, t.nSelected)
	}
	for _, r := range t.Selected() {
		t.keep.selected[t.rowID(r)] = struct{}{}
	}
}

// restore finds kept rows among rows [first, n), just admitted.
func (t *Table) restore(first int) {
	if t.rowID == nil || (t.keep.cursor == "" && len(t.keep.selected) == 0) {
		return
	}
	for r := first; r < t.n; r++ {
		id := t.rowID(r)
		if _, ok := t.keep.selected[id]; ok {
			delete(t.keep.selected, id)
			t.SetSelected(r, true)
		}
		if t.keep.cursor != "" && id == t.keep.cursor {
			t.keep.cursor = ""
			if p := t.find(r, -1); p >= 0 {
				t.pos, t.cur = p, r
				t.keepLine(t.keep.line)
			}
		}
	}
}

// Settle ends a reload started by Refill: rows that did not come back are forgotten. It returns
// how many selected rows did not come back, for a note.
func (t *Table) Settle() (gone int) {
	gone = len(t.keep.selected)
	if t.keep.cursor != "" && t.VisibleLen() > 0 {
		// Its row is gone (deleted) and the user has not moved: the cursor stays at its place,
		// on the row that took it, not on the first row.
		line := t.keep.line
		t.moveTo(t.keep.pos, 0)
		t.keepLine(line)
	}
	t.keep = kept{}
	return gone
}
