package vtable

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Update moves the cursor on the table's keys (Sort cycles the sort, SortBy's letters sort by a
// column; Open and Refresh are left
// to the page) and applies background filter and sort results, dropping stale ones. Other
// messages are ignored.
func (t *Table) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		km := t.keymap
		switch {
		case key.Matches(msg, km.Up):
			t.MoveUp(1)
		case key.Matches(msg, km.Down):
			t.MoveDown(1)
		case key.Matches(msg, km.PageUp):
			t.PageUp()
		case key.Matches(msg, km.PageDown):
			t.PageDown()
		case key.Matches(msg, km.HalfPageUp):
			t.HalfPageUp()
		case key.Matches(msg, km.HalfPageDown):
			t.HalfPageDown()
		case key.Matches(msg, km.Top):
			t.GotoTop()
		case key.Matches(msg, km.Bottom):
			t.GotoBottom()
		case key.Matches(msg, km.Sort):
			return t.CycleSort()
		}
		if l, ok := km.SortLetter(msg); ok {
			return t.SortByLetter(l)
		}
	case FilterDoneMsg:
		t.applyFilter(msg)
	case SortDoneMsg:
		t.applySort(msg)
	}
	return nil
}

// bodyHeight is the number of row lines under the header.
func (t *Table) bodyHeight() int { return max(t.height-1, 0) }

// MoveDown moves the cursor n rows down, scrolling as little as needed.
func (t *Table) MoveDown(n int) { t.moveTo(t.pos+n, 0) }

// MoveUp moves the cursor n rows up, scrolling as little as needed.
func (t *Table) MoveUp(n int) { t.moveTo(t.pos-n, 0) }

// PageDown moves the cursor and the view one screen down.
func (t *Table) PageDown() { t.moveTo(t.pos+max(t.bodyHeight(), 1), max(t.bodyHeight(), 1)) }

// PageUp moves the cursor and the view one screen up.
func (t *Table) PageUp() { t.moveTo(t.pos-max(t.bodyHeight(), 1), -max(t.bodyHeight(), 1)) }

// HalfPageDown moves the cursor and the view half a screen down.
func (t *Table) HalfPageDown() { h := max(t.bodyHeight()/2, 1); t.moveTo(t.pos+h, h) }

// HalfPageUp moves the cursor and the view half a screen up.
func (t *Table) HalfPageUp() { h := max(t.bodyHeight()/2, 1); t.moveTo(t.pos-h, -h) }

// GotoTop moves the cursor to the first visible row.
func (t *Table) GotoTop() { t.moveTo(0, -t.pos) }

// GotoBottom moves the cursor to the last visible row.
func (t *Table) GotoBottom() { t.moveTo(t.VisibleLen()-1, t.VisibleLen()) }

// SetCursor puts the cursor on underlying row i, scrolling it into view. It reports false, and
// leaves the cursor alone, when row i does not exist or is filtered out.
func (t *Table) SetCursor(i int) bool {
	if i < 0 || i >= t.n {
		return false
	}
	p := t.find(i, -1)
	if p < 0 {
		return false
	}
	t.moveTo(p, 0)
	return true
}

// moveTo puts the cursor at visible position p (clamped) after scrolling the view by scroll
// lines, then scrolls just enough to show the cursor.
func (t *Table) moveTo(p, scroll int) {
	t.keep.cursor = "" // the user (or the page) placed the cursor: a reload no longer moves it
	vis := t.VisibleLen()
	if vis == 0 {
		t.cur, t.pos, t.offset = -1, 0, 0
		return
	}
	t.pos = min(max(p, 0), vis-1)
	t.cur = t.VisibleRow(t.pos)
	t.offset += scroll
	t.clampOffset()
}

// keepLine scrolls so the cursor sits on screen line line (as before a change) when possible.
func (t *Table) keepLine(line int) {
	t.offset = t.pos - max(line, 0)
	t.clampOffset()
}

// clampOffset keeps the view inside the rows, without blank lines at the bottom when there are
// rows above, and with the cursor on screen.
func (t *Table) clampOffset() {
	h := t.bodyHeight()
	vis := t.VisibleLen()
	t.offset = min(t.offset, max(vis-h, 0))
	if t.pos >= t.offset+h {
		t.offset = t.pos - h + 1
	}
	if t.pos < t.offset {
		t.offset = t.pos
	}
	t.offset = max(t.offset, 0)
}

// ToggleSelected flips whether underlying row i is selected.
func (t *Table) ToggleSelected(i int) { t.SetSelected(i, !t.IsSelected(i)) }

// SetSelected marks or unmarks underlying row i as selected.
func (t *Table) SetSelected(i int, on bool) {
	if i < 0 || i >= t.n || t.IsSelected(i) == on {
		return
	}
	if on {
		t.selected = t.selected.grow(t.n)
		t.selected.set(i)
		t.nSelected++
		return
	}
	t.selected.clear(i)
	t.nSelected--
}

// IsSelected reports whether underlying row i is selected.
func (t *Table) IsSelected(i int) bool { return t.nSelected > 0 && t.selected.has(i) }

// SelectedLen returns the number of selected rows.
func (t *Table) SelectedLen() int { return t.nSelected }

// Selected returns the underlying indices of the selected rows, ascending.
func (t *Table) Selected() []int {
	out := make([]int, 0, t.nSelected)
	if t.nSelected == 0 {
		return out
	}
	return t.selected.appendSet(out)
}

// SelectedShown returns the selected rows the applied filter shows, ascending, and how many
// selected rows it hides: an action should not reach rows the user cannot see.
func (t *Table) SelectedShown() (rows []int, hidden int) {
	sel := t.Selected()
	if t.filter == "" {
		return sel, 0
	}
	rows = sel[:0]
	for _, r := range sel {
		if t.match.has(r) {
			rows = append(rows, r)
		}
	}
	return rows, len(sel) - len(rows)
}

// ClearSelected unselects every row, also those a reload (Refill) would select again.
func (t *Table) ClearSelected() { t.selected, t.nSelected, t.keep.selected = nil, 0, nil }

// CursorToLine puts the cursor on the row drawn at line of View (0 is the header) and reports
// whether a row is there: a mouse click.
func (t *Table) CursorToLine(line int) bool {
	p := t.offset + line - 1
	if line < 1 || line > t.bodyHeight() || p >= t.VisibleLen() {
		return false
	}
	t.moveTo(p, 0)
	return true
}
