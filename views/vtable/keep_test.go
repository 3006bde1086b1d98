package vtable

import (
	"strconv"
	"strings"
	"testing"
)

// named is a table whose rows are known by their NAME cell.
func named(n int) *Table {
	tb := newNamed(n, 11)
	tb.SetRowID(func(r int) string { return tb.Cell(r, 0) })
	return tb
}

// A reload keeps the sort, the filter, the cursor's row and the selection, found again by
// identity as the rows come back in another order and over several pages.
func TestRefillKeepsSortFilterCursorAndSelection(t *testing.T) {
	tb := named(30)
	run(t, tb, tb.SetSort(1, true)) // by size, descending
	run(t, tb, tb.SetFilter("item-1"))
	// Visible: item-19 … item-10, item-1. Cursor on item-13, item-17 and item-11 selected.
	tb.SetSelected(17, true)
	tb.SetSelected(11, true)
	tb.SetCursor(13)
	if cmd := tb.Refill(); cmd != nil {
		t.Fatal("nothing was pending: Refill should need no background work")
	}
	if tb.Len() != 0 || tb.SelectedLen() != 0 {
		t.Fatalf("Refill should empty the table, has %d rows, %d selected", tb.Len(), tb.SelectedLen())
	}
	// The rows come back in reverse, in two pages, without item-11.
	var rows [][]string
	var sizes []int64
	for i := 29; i >= 0; i-- {
		if i == 11 {
			continue
		}
		rows = append(rows, []string{"item-" + strconv.Itoa(i), strconv.Itoa(i * 10)})
		sizes = append(sizes, int64(i*10))
	}
	tb.AppendKeyed(rows[:15], [][]int64{nil, sizes[:15]})
	tb.AppendKeyed(rows[15:], [][]int64{nil, sizes[15:]})
	if col, desc := tb.SortColumn(); col != 1 || !desc {
		t.Errorf("sort lost: column %d desc %v", col, desc)
	}
	if tb.Filter() != "item-1" || tb.VisibleLen() != 10 {
		t.Errorf("filter lost: %q, %d visible", tb.Filter(), tb.VisibleLen())
	}
	if got := tb.Cell(tb.Cursor(), 0); got != "item-13" {
		t.Errorf("cursor on %s, want item-13", got)
	}
	var sel []string
	for _, r := range tb.Selected() {
		sel = append(sel, tb.Cell(r, 0))
	}
	if strings.Join(sel, ",") != "item-17" {
		t.Errorf("selected %v, want item-17", sel)
	}
	if gone := tb.Settle(); gone != 1 {
		t.Errorf("Settle: %d selected rows gone, want 1 (item-11)", gone)
	}
	var order []string
	for p := range tb.VisibleLen() {
		order = append(order, tb.Cell(tb.VisibleRow(p), 0))
	}
	if got := strings.Join(order, " "); got != "item-19 item-18 item-17 item-16 item-15 item-14 item-13 item-12 item-10 item-1" {
		t.Errorf("rows not in the kept order: %s", got)
	}
}

// A cursor the user moves while the reload streams stays where the user put it.
func TestRefillLeavesACursorTheUserMoved(t *testing.T) {
	tb := named(20)
	tb.SetCursor(15)
	tb.Refill()
	appendNamed(tb, 0, 5)
	tb.MoveDown(2)
	appendNamed(tb, 5, 20)
	if got := tb.Cell(tb.Cursor(), 0); got != "item-2" {
		t.Errorf("cursor on %s, want item-2 where the user moved it", got)
	}
}

// esc during a reload clears the selection for good: rows arriving later are not selected again.
func TestClearSelectedDuringRefillForgetsKeptRows(t *testing.T) {
	tb := named(10)
	tb.SetSelected(7, true)
	tb.Refill()
	tb.ClearSelected()
	appendNamed(tb, 0, 10)
	if tb.SelectedLen() != 0 || tb.Settle() != 0 {
		t.Errorf("a cleared selection came back: %d selected", tb.SelectedLen())
	}
}

// A sort still running when the reload starts is run again on the new rows.
func TestRefillRerunsAPendingSort(t *testing.T) {
	tb := named(10)
	pending := tb.SetSort(0, true)
	_ = pending // never delivered: the reload cancels it
	cmd := tb.Refill()
	appendNamed(tb, 0, 10)
	run(t, tb, cmd)
	if col, desc := tb.SortColumn(); col != 0 || !desc {
		t.Errorf("the pending sort was lost: column %d desc %v", col, desc)
	}
	if got := tb.Cell(tb.VisibleRow(0), 0); got != "item-9" {
		t.Errorf("first row %s, want item-9", got)
	}
}

// Recolumn (a DynamoDB listing whose later pages bring new attributes) puts a column before the
// sorted one: the sort follows its column by title, the cursor and the selection their rows.
func TestRecolumnKeepsSortCursorAndSelectionByTitle(t *testing.T) {
	tb := named(10)
	run(t, tb, tb.SetSort(1, true)) // SIZE, descending
	tb.SetSelected(4, true)
	tb.SetCursor(6)
	cols := []Column{{Title: "NAME", Flex: true}, {Title: "CITY"}, {Title: "SIZE", Right: true, Keyed: true}}
	if cmd := tb.Recolumn(cols); cmd != nil {
		t.Fatal("nothing was pending: Recolumn should need no background work")
	}
	var rows [][]string
	var sizes []int64
	for i := range 10 {
		rows = append(rows, []string{"item-" + strconv.Itoa(i), "town", strconv.Itoa(i * 10)})
		sizes = append(sizes, int64(i*10))
	}
	tb.AppendKeyed(rows, [][]int64{nil, nil, sizes})
	if col, desc := tb.SortColumn(); col != 2 || !desc {
		t.Fatalf("the sort should follow SIZE to column 2: column %d desc %v", col, desc)
	}
	if got := tb.Cell(tb.VisibleRow(0), 0); got != "item-9" {
		t.Errorf("first row %s, want item-9 (by size, descending)", got)
	}
	if got := tb.Cell(tb.Cursor(), 0); got != "item-6" {
		t.Errorf("cursor on %s, want item-6", got)
	}
	if sel := tb.Selected(); len(sel) != 1 || tb.Cell(sel[0], 0) != "item-4" {
		t.Errorf("selection %v, want item-4", sel)
	}
	if got := tb.Cell(3, 1); got != "town" {
		t.Errorf("the new column's cell %q", got)
	}
}

// When the cursor's row does not come back (deleted), the cursor stays at its place, on the row
// that took it, as k9s does; it went to the first row.
func TestRefillCursorStaysInPlaceWhenItsRowIsGone(t *testing.T) {
	tb := named(30)
	tb.SetCursor(12)
	if cmd := tb.Refill(); cmd != nil {
		t.Fatal("nothing was pending: Refill should need no background work")
	}
	var rows [][]string
	var sizes []int64
	for i := range 30 {
		if i == 12 {
			continue
		}
		rows = append(rows, []string{"item-" + strconv.Itoa(i), strconv.Itoa(i * 10)})
		sizes = append(sizes, int64(i*10))
	}
	tb.AppendKeyed(rows[:10], [][]int64{nil, sizes[:10]})
	tb.AppendKeyed(rows[10:], [][]int64{nil, sizes[10:]})
	tb.Settle()
	if got := tb.Cell(tb.Cursor(), 0); got != "item-13" {
		t.Errorf("cursor on %s, want item-13 (where item-12 was)", got)
	}
	// Moved by the user during the reload, the cursor stays where the user put it.
	tb.SetCursor(20)
	tb.Refill()
	tb.AppendKeyed(rows[:5], [][]int64{nil, sizes[:5]})
	tb.MoveDown(1)
	tb.AppendKeyed(rows[5:], [][]int64{nil, sizes[5:]})
	tb.Settle()
	if got := tb.Cell(tb.Cursor(), 0); got != "item-1" {
		t.Errorf("cursor on %s, want item-1 (the user moved it)", got)
	}
}
