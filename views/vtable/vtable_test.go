package vtable

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
)

func testColumns() []Column {
	return []Column{
		{Title: "NAME", Flex: true},
		{Title: "SIZE", Right: true, Keyed: true},
	}
}

// newNamed returns a table of n rows named item-0 … item-(n-1) with size i*10.
func newNamed(n, height int) *Table {
	t := New(testColumns(), keymap.Default().Table, DefaultStyles())
	t.SetSize(40, height)
	appendNamed(t, 0, n)
	return t
}

func appendNamed(t *Table, from, to int) {
	rows := make([][]string, 0, to-from)
	sizes := make([]int64, 0, to-from)
	for i := from; i < to; i++ {
		rows = append(rows, []string{"item-" + strconv.Itoa(i), strconv.Itoa(i * 10)})
		sizes = append(sizes, int64(i*10))
	}
	t.AppendKeyed(rows, [][]int64{nil, sizes})
}

// run executes cmd as Bubble Tea would and feeds its message back to the table.
func run(t *testing.T, tb *Table, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		t.Fatal("expected a command")
	}
	tb.Update(cmd())
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func TestKeysMoveCursor(t *testing.T) {
	tb := newNamed(100, 11) // 10 body lines
	steps := []struct {
		key  string
		want int
	}{
		{"j", 1}, {"down", 2}, {"k", 1}, {"up", 0}, {"up", 0},
		{"pgdown", 10}, {"ctrl+d", 15}, {"ctrl+u", 10}, {"pgup", 0},
		{"G", 99}, {"j", 99}, {"g", 0}, {"end", 99}, {"home", 0},
	}
	for _, s := range steps {
		tb.Update(press(s.key))
		if got := tb.Cursor(); got != s.want {
			t.Fatalf("after %q: cursor %d, want %d", s.key, got, s.want)
		}
		if tb.offset > tb.pos || tb.pos >= tb.offset+tb.bodyHeight() {
			t.Fatalf("after %q: cursor %d off screen (offset %d)", s.key, tb.pos, tb.offset)
		}
	}
}

func TestMoveOnEmptyTable(t *testing.T) {
	tb := New(testColumns(), keymap.Default().Table, DefaultStyles())
	tb.SetSize(20, 5)
	for _, k := range []string{"j", "k", "G", "g", "pgdown", "ctrl+u"} {
		tb.Update(press(k))
	}
	if tb.Cursor() != -1 || tb.CursorPos() != -1 {
		t.Fatalf("cursor %d on an empty table", tb.Cursor())
	}
	if tb.SetCursor(0) {
		t.Fatal("SetCursor succeeded on an empty table")
	}
}

func TestFirstAppendPutsCursorOnFirstRow(t *testing.T) {
	tb := New(testColumns(), keymap.Default().Table, DefaultStyles())
	tb.SetSize(20, 5)
	appendNamed(tb, 0, 3)
	if tb.Cursor() != 0 {
		t.Fatalf("cursor %d, want 0", tb.Cursor())
	}
}

func TestAppendKeepsCursorOnSameRow(t *testing.T) {
	tb := newNamed(50, 11)
	tb.MoveDown(30)
	line := tb.pos - tb.offset
	appendNamed(tb, 50, 1000)
	if tb.Cursor() != 30 || tb.pos-tb.offset != line {
		t.Fatalf("unsorted: cursor %d on line %d, want 30 on line %d", tb.Cursor(), tb.pos-tb.offset, line)
	}

	// Sorted by size descending: new, bigger rows land above the cursor.
	tb = newNamed(50, 11)
	run(t, tb, tb.SetSort(1, false))
	if tb.SetSort(1, true) != nil {
		t.Fatal("flipping the direction should not need a background sort")
	}
	tb.GotoTop()
	tb.MoveDown(5) // item-44
	if tb.Cursor() != 44 {
		t.Fatalf("cursor %d, want 44", tb.Cursor())
	}
	line = tb.pos - tb.offset
	appendNamed(tb, 50, 80)
	if tb.Cursor() != 44 || tb.pos != 35 || tb.pos-tb.offset != line {
		t.Fatalf("sorted: cursor row %d at %d (line %d), want 44 at 35 (line %d)",
			tb.Cursor(), tb.pos, tb.pos-tb.offset, line)
	}
	if tb.VisibleRow(0) != 79 {
		t.Fatalf("top row %d, want 79 (biggest)", tb.VisibleRow(0))
	}
}

func TestAppendWhileFilteredAndSorted(t *testing.T) {
	tb := newNamed(100, 11)
	run(t, tb, tb.SetFilter("ITEM-1")) // item-1, item-10..19
	run(t, tb, tb.SetSort(1, true))
	if tb.VisibleLen() != 11 {
		t.Fatalf("visible %d, want 11", tb.VisibleLen())
	}
	tb.SetCursor(15)
	appendNamed(tb, 100, 200) // item-100..199 match, all bigger
	if tb.Cursor() != 15 {
		t.Fatalf("cursor %d, want 15", tb.Cursor())
	}
	if tb.VisibleLen() != 111 || tb.MatchCount() != 111 {
		t.Fatalf("visible %d matches %d, want 111", tb.VisibleLen(), tb.MatchCount())
	}
	want := 199
	for p := range tb.VisibleLen() {
		r := tb.VisibleRow(p)
		if p > 0 && tb.keys[1][r] > tb.keys[1][want] {
			t.Fatalf("row %d (%d) above %d (%d): not descending", r, tb.keys[1][r], want, tb.keys[1][want])
		}
		want = r
	}
	if tb.VisibleRow(0) != 199 {
		t.Fatalf("first row %d, want 199", tb.VisibleRow(0))
	}
}

func TestFilterIgnoresCase(t *testing.T) {
	tb := New([]Column{{Title: "KEY"}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(30, 5)
	tb.Append([][]string{{"Photos/IMG-01.jpg"}, {"docs/readme.md"}, {"photos/img-02.JPG"}, {"Ünïcode"}})
	run(t, tb, tb.SetFilter("img"))
	if got := visibleRows(tb); !slices.Equal(got, []int{0, 2}) {
		t.Fatalf("img: rows %v, want [0 2]", got)
	}
	if tb.MatchCount() != 2 || tb.Filter() != "img" || tb.FilterPending() {
		t.Fatalf("matches %d filter %q pending %v", tb.MatchCount(), tb.Filter(), tb.FilterPending())
	}
	run(t, tb, tb.SetFilter("ÜNÏ"))
	if got := visibleRows(tb); !slices.Equal(got, []int{3}) {
		t.Fatalf("ÜNÏ: rows %v, want [3]", got)
	}
	if tb.SetFilter("") != nil {
		t.Fatal("clearing the filter should not need a command")
	}
	if tb.VisibleLen() != 4 || tb.Filter() != "" || tb.MatchCount() != 4 {
		t.Fatalf("after clearing: visible %d filter %q", tb.VisibleLen(), tb.Filter())
	}
}

func TestStaleFilterResultDropped(t *testing.T) {
	tb := newNamed(100, 11)
	old := tb.SetFilter("item-1")
	oldMsg := old() // finished, but its query is about to be replaced
	cur := tb.SetFilter("item-2")
	tb.Update(oldMsg)
	if tb.VisibleLen() != 100 {
		t.Fatalf("stale result applied: %d visible", tb.VisibleLen())
	}
	if !tb.FilterPending() {
		t.Fatal("filter should still be pending")
	}
	curMsg := cur()
	tb.Update(curMsg)
	if tb.VisibleLen() != 11 || tb.VisibleRow(0) != 2 {
		t.Fatalf("current result: %d visible starting at %d, want 11 from 2", tb.VisibleLen(), tb.VisibleRow(0))
	}
	// The old query's result arriving late must never replace the current one, and the current
	// one delivered twice changes nothing.
	tb.Update(oldMsg)
	appendNamed(tb, 100, 130) // item-2 matches none of these
	tb.Update(curMsg)
	if tb.VisibleLen() != 11 {
		t.Fatalf("result applied twice: %d visible", tb.VisibleLen())
	}
	if tb.VisibleRow(0) != 2 || tb.Filter() != "item-2" {
		t.Fatalf("old result applied late: first row %d, filter %q", tb.VisibleRow(0), tb.Filter())
	}
}

func TestNewFilterCancelsPrevious(t *testing.T) {
	tb := newNamed(1000, 11)
	first := tb.SetFilter("item-9")
	tb.SetFilter("item-8")
	if msg := first(); msg != nil {
		t.Fatalf("cancelled filter still produced %T", msg)
	}
	tb.SetFilter("item-7")
	tb.Cancel()
	if tb.FilterPending() {
		t.Fatal("Cancel left a filter pending")
	}
}

func TestFilterIncludesRowsAppendedMeanwhile(t *testing.T) {
	tb := newNamed(100, 11)
	cmd := tb.SetFilter("item-5")
	appendNamed(tb, 100, 600) // while the filter runs
	run(t, tb, cmd)
	// item-5, item-50..59, item-500..599
	if tb.VisibleLen() != 111 {
		t.Fatalf("visible %d, want 111", tb.VisibleLen())
	}
	appendNamed(tb, 600, 700) // after it applied: none match
	if tb.VisibleLen() != 111 {
		t.Fatalf("visible %d after non-matching append, want 111", tb.VisibleLen())
	}
}

func TestFilterKeepsCursorRowWhenItMatches(t *testing.T) {
	tb := newNamed(100, 11)
	tb.SetCursor(57)
	run(t, tb, tb.SetFilter("item-5"))
	if tb.Cursor() != 57 {
		t.Fatalf("cursor %d, want 57", tb.Cursor())
	}
	run(t, tb, tb.SetFilter("item-3"))
	if tb.Cursor() < 0 || tb.Cell(tb.Cursor(), 0)[:6] != "item-3" {
		t.Fatalf("cursor on %d, want a matching row", tb.Cursor())
	}
	run(t, tb, tb.SetFilter("nothing"))
	if tb.Cursor() != -1 || tb.VisibleLen() != 0 {
		t.Fatalf("cursor %d visible %d with no match", tb.Cursor(), tb.VisibleLen())
	}
	tb.SetFilter("")
	if tb.Cursor() < 0 {
		t.Fatal("cursor lost after clearing the filter")
	}
}

func TestSortNaturalAndKeyed(t *testing.T) {
	tb := New([]Column{{Title: "NAME"}, {Title: "SIZE", Keyed: true}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(30, 8)
	tb.AppendKeyed([][]string{
		{"file10", "1.0 KB"}, {"File2", "2.0 MB"}, {"file1", "900 B"}, {"a", "1.5 KB"},
	}, [][]int64{nil, {1000, 2_000_000, 900, 1500}})
	run(t, tb, tb.SetSort(0, false))
	if got := names(tb); !slices.Equal(got, []string{"a", "file1", "File2", "file10"}) {
		t.Fatalf("by name: %v", got)
	}
	if col, desc := tb.SortColumn(); col != 0 || desc || tb.SortPending() {
		t.Fatalf("sort column %d desc %v pending %v", col, desc, tb.SortPending())
	}
	run(t, tb, tb.ToggleSort(1))
	if got := names(tb); !slices.Equal(got, []string{"file1", "file10", "a", "File2"}) {
		t.Fatalf("by size: %v", got)
	}
	tb.ToggleSort(1)
	if got := names(tb); !slices.Equal(got, []string{"File2", "a", "file10", "file1"}) {
		t.Fatalf("by size desc: %v", got)
	}
	tb.SetSort(-1, false)
	if got := names(tb); !slices.Equal(got, []string{"file10", "File2", "file1", "a"}) {
		t.Fatalf("unsorted: %v", got)
	}
}

func TestStaleSortDropped(t *testing.T) {
	tb := newNamed(30, 11)
	old := tb.SetSort(0, false)
	oldMsg := old()
	cur := tb.SetSort(1, false)
	tb.Update(oldMsg)
	if col, _ := tb.SortColumn(); col != -1 {
		t.Fatalf("stale sort applied: column %d", col)
	}
	run(t, tb, cur)
	tb.Update(oldMsg)
	if col, _ := tb.SortColumn(); col != 1 {
		t.Fatalf("sort column %d, want 1", col)
	}
}

func TestSortKeyCycles(t *testing.T) {
	tb := newNamed(5, 8)
	want := []struct {
		col  int
		desc bool
	}{{0, false}, {0, true}, {1, false}, {1, true}, {-1, false}, {0, false}}
	for i, w := range want {
		if cmd := tb.Update(press("s")); cmd != nil {
			tb.Update(cmd())
		}
		if col, desc := tb.SortColumn(); col != w.col || desc != w.desc {
			t.Fatalf("press %d: sort %d/%v, want %d/%v", i, col, desc, w.col, w.desc)
		}
	}
}

func TestSortMergesRowsAppendedMeanwhile(t *testing.T) {
	tb := newNamed(100, 11)
	cmd := tb.SetSort(1, true)
	appendNamed(tb, 100, 150)
	run(t, tb, cmd)
	if tb.VisibleLen() != 150 || tb.VisibleRow(0) != 149 || tb.VisibleRow(149) != 0 {
		t.Fatalf("visible %d from %d to %d", tb.VisibleLen(), tb.VisibleRow(0), tb.VisibleRow(tb.VisibleLen()-1))
	}
}

func TestOwnsAndForeignResults(t *testing.T) {
	a, b := newNamed(10, 5), newNamed(10, 5)
	msg := a.SetFilter("item-1")()
	if !a.Owns(msg) || b.Owns(msg) || a.Owns(tea.KeyPressMsg{}) {
		t.Fatal("Owns is wrong")
	}
	b.SetFilter("x") // same generation number as a's
	b.Update(msg)
	if b.VisibleLen() != 10 {
		t.Fatal("a result for another table was applied")
	}
}

func TestResetDropsEverything(t *testing.T) {
	tb := newNamed(10, 5)
	cmd := tb.SetFilter("item")
	tb.ToggleSelected(3)
	tb.Reset()
	tb.Update(cmd())
	if tb.Len() != 0 || tb.VisibleLen() != 0 || tb.Cursor() != -1 || tb.SelectedLen() != 0 || tb.Filter() != "" {
		t.Fatalf("after Reset: len %d visible %d cursor %d", tb.Len(), tb.VisibleLen(), tb.Cursor())
	}
	appendNamed(tb, 0, 3)
	if tb.Len() != 3 || tb.Cursor() != 0 {
		t.Fatalf("append after Reset: len %d cursor %d", tb.Len(), tb.Cursor())
	}
}

func TestSelection(t *testing.T) {
	tb := newNamed(200, 5)
	tb.ToggleSelected(150)
	tb.ToggleSelected(3)
	tb.SetSelected(7, true)
	tb.ToggleSelected(7)
	tb.SetSelected(500, true) // no such row
	if got := tb.Selected(); !slices.Equal(got, []int{3, 150}) || tb.SelectedLen() != 2 {
		t.Fatalf("selected %v", got)
	}
	tb.ClearSelected()
	if tb.SelectedLen() != 0 || tb.IsSelected(3) {
		t.Fatal("ClearSelected left rows selected")
	}
}

func TestRowAccessors(t *testing.T) {
	tb := New(testColumns(), keymap.Default().Table, DefaultStyles())
	tb.Append([][]string{{"only-name"}, {"a", "b", "extra"}})
	if got := tb.Row(0); !slices.Equal(got, []string{"only-name", ""}) {
		t.Fatalf("row 0 %q", got)
	}
	if got := tb.Row(1); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("row 1 %q", got)
	}
}

// TestBackgroundWorkRace runs filters (cold and narrowed) and sorts on other goroutines while
// pages keep arriving; run it with -race to check that the jobs only read their snapshots.
func TestBackgroundWorkRace(t *testing.T) {
	startsWith := func(n int, prefix string) int {
		count := 0
		for i := range n {
			if strings.HasPrefix(strconv.Itoa(i), prefix) {
				count++
			}
		}
		return count
	}
	runWhileAppending := func(tb *Table, cmd tea.Cmd) {
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		for i := 0; i < 5; i++ {
			n := tb.Len()
			appendNamed(tb, n, n+1000)
		}
		tb.Update(<-done)
	}
	for _, sorted := range []bool{false, true} {
		tb := newNamed(5000, 11)
		if sorted {
			runWhileAppending(tb, tb.SetSort(0, true))
		}
		runWhileAppending(tb, tb.SetFilter("item-4"))  // cold
		runWhileAppending(tb, tb.SetFilter("item-42")) // narrowed to the matches of item-4
		if want := startsWith(tb.Len(), "42"); tb.VisibleLen() != want {
			t.Fatalf("sorted %v: visible %d, want %d", sorted, tb.VisibleLen(), want)
		}
		runWhileAppending(tb, tb.SetSort(1, false))
		if want := startsWith(tb.Len(), "42"); tb.VisibleLen() != want || tb.Busy() {
			t.Fatalf("sorted %v: visible %d, want %d", sorted, tb.VisibleLen(), want)
		}
	}
}

func visibleRows(tb *Table) []int {
	out := []int{}
	for p := range tb.VisibleLen() {
		out = append(out, tb.VisibleRow(p))
	}
	return out
}

func names(tb *Table) []string {
	out := []string{}
	for p := range tb.VisibleLen() {
		out = append(out, tb.Cell(tb.VisibleRow(p), 0))
	}
	return out
}

func TestContextEndStopsBackgroundWork(t *testing.T) {
	tb := newNamed(1000, 11)
	ctx, cancel := context.WithCancel(context.Background())
	tb.SetContext(ctx)
	filter := tb.SetFilter("item-9")
	sort := tb.SetSort(0, true)
	cancel()
	tb.Update(filter())
	tb.Update(sort())
	if tb.Busy() || tb.Filter() != "" || tb.VisibleLen() != 1000 {
		t.Fatalf("busy %v filter %q visible %d after the context ended", tb.Busy(), tb.Filter(), tb.VisibleLen())
	}
	if col, _ := tb.SortColumn(); col != -1 {
		t.Fatalf("sort column %d applied after the context ended", col)
	}
}

func TestOverrideReplacesVisibleCellsOnly(t *testing.T) {
	tb := New([]Column{{Title: "ID"}, {Title: "STATE", MinWidth: 16}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(40, 4)
	tb.Append([][]string{{"i-1", "running"}, {"i-2", "running"}})
	tb.SetOverride(func(row, col int) (string, bool) {
		if row == 1 && col == 1 {
			return "stopping 3/40", true
		}
		return "", false
	})
	v := ansi.Strip(tb.View())
	if !strings.Contains(v, "stopping 3/40") || strings.Count(v, "running") != 1 {
		t.Fatalf("override not applied to row 1 only:\n%s", v)
	}
	tb.SetOverride(nil)
	if v := ansi.Strip(tb.View()); strings.Count(v, "running") != 2 {
		t.Fatalf("removing the override should restore the cell:\n%s", v)
	}
}

// TestFormattedColumnDrawsFromKeys: a Keyed column with Format stores no text; its cells are drawn
// from the keys for the screen, the filter and Cell, and it sorts by key.
func TestFormattedColumnDrawsFromKeys(t *testing.T) {
	cols := []Column{{Title: "NAME", Flex: true}, {Title: "SIZE", Right: true, Keyed: true,
		Format: func(dst []byte, k int64) []byte { return append(strconv.AppendInt(dst, k, 10), " kB"...) }}}
	tb := New(cols, keymap.Default().Table, DefaultStyles())
	tb.SetSize(40, 10)
	tb.AppendKeyed([][]string{{"b"}, {"a", "ignored"}, {"c"}}, [][]int64{nil, {20, 3, 100}})
	if tb.cells[1] != nil {
		t.Fatalf("the formatted column stored text: %q", tb.cells[1])
	}
	if got := tb.Cell(2, 1); got != "100 kB" {
		t.Fatalf("Cell = %q, want 100 kB", got)
	}
	if v := tb.View(); !strings.Contains(v, "a") || !strings.Contains(v, "3 kB") || strings.Contains(v, "ignored") {
		t.Fatalf("view:\n%s", v)
	}
	run(t, tb, tb.SetFilter("100 k"))
	if got := names(tb); !slices.Equal(got, []string{"c"}) {
		t.Fatalf("filter on the drawn text: %v", got)
	}
	tb.SetFilter("")
	tb.cols[1].Chars = "0123456789 kb" // what the column can hold: a query with other bytes skips it
	run(t, tb, tb.SetFilter("3 KB"))
	if got := names(tb); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("filter within the column's bytes: %v", got)
	}
	tb.SetFilter("")
	run(t, tb, tb.SetFilter("a"))
	if got := names(tb); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("a query outside the column's bytes still matches the others: %v", got)
	}
	tb.SetFilter("")
	run(t, tb, tb.SetSort(1, false))
	if got := names(tb); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("sorted by key: %v", got)
	}
}

func TestCursorToLineIsTheRowDrawnThere(t *testing.T) {
	tb := New([]Column{{Title: "NAME"}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(40, 4) // header and three rows
	for i := range 10 {
		tb.Append([][]string{{"row-" + strconv.Itoa(i)}})
	}
	tb.GotoBottom() // rows 7, 8, 9 shown
	if tb.CursorToLine(0) || tb.CursorToLine(4) {
		t.Fatal("the header and lines below the body hold no row")
	}
	if !tb.CursorToLine(1) || tb.Cursor() != 7 {
		t.Fatalf("line 1 shows row 7, cursor %d", tb.Cursor())
	}
	tb.GotoTop()
	if !tb.CursorToLine(3) || tb.Cursor() != 2 {
		t.Fatalf("line 3 shows row 2, cursor %d", tb.Cursor())
	}
}

// A column added to a table that holds rows is empty for them and for rows appended after, until
// an override fills it; OnScreen lists the rows drawn; removing it restores the table.
func TestAddColumnToHeldRowsAndOnScreen(t *testing.T) {
	tb := New([]Column{{Title: "ID"}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(40, 3) // a header and two rows
	tb.Append([][]string{{"i-1"}, {"i-2"}, {"i-3"}})
	tb.AddColumn(Column{Title: "CPU 3H", MinWidth: 8})
	tb.Append([][]string{{"i-4"}})
	tb.SetOverride(func(row, col int) (string, bool) { return "▁▅█", col == 1 })
	v := ansi.Strip(tb.View())
	if !strings.Contains(v, "CPU 3H") || strings.Count(v, "▁▅█") != 2 || tb.Cell(3, 1) != "" {
		t.Fatalf("added column:\n%s", v)
	}
	if got := tb.OnScreen(); len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("OnScreen = %v", got)
	}
	tb.MoveDown(3)
	if got := tb.OnScreen(); len(got) != 2 || got[1] != 3 {
		t.Errorf("OnScreen after moving to the last row = %v", got)
	}
	tb.RemoveLastColumn()
	if v := ansi.Strip(tb.View()); strings.Contains(v, "CPU") || len(tb.Columns()) != 1 {
		t.Fatalf("after removing:\n%s", v)
	}
}

// A column of numbers without keys (a DynamoDB N attribute, a count a call returned) sorted as
// text: "-2" before "-10", "1.5" before "1.25". When every cell holding something is a number it
// sorts by value, empty cells last; rows arriving later keep that order; a column with one word
// in it sorts as text.
func TestNumbersWithoutKeysSortByValue(t *testing.T) {
	tb := New([]Column{{Title: "NAME"}, {Title: "SCORE"}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(30, 12)
	tb.Append([][]string{{"a", "1.5"}, {"b", "-2"}, {"c", ""}, {"d", "1.25"}, {"e", "-10"}, {"f", "3e2"}})
	run(t, tb, tb.SetSort(1, false))
	if got := names(tb); !slices.Equal(got, []string{"e", "b", "d", "a", "f", "c"}) {
		t.Fatalf("by value: %v", got)
	}
	tb.Append([][]string{{"g", "0"}, {"h", "n/a"}})
	if got := names(tb); !slices.Equal(got, []string{"e", "b", "g", "d", "a", "f", "c", "h"}) {
		t.Fatalf("arrivals by value, the word after the numbers: %v", got)
	}
	tb.ToggleSort(1)
	if got := names(tb); !slices.Equal(got, []string{"h", "c", "f", "a", "d", "g", "b", "e"}) {
		t.Fatalf("descending is the exact reverse: %v", got)
	}
	words := New([]Column{{Title: "NAME"}, {Title: "V"}}, keymap.Default().Table, DefaultStyles())
	words.SetSize(30, 12)
	words.Append([][]string{{"a", "v-10"}, {"b", "inf"}, {"c", "-2"}, {"d", "-10"}})
	run(t, words, words.SetSort(1, false))
	if got := names(words); !slices.Equal(got, []string{"c", "d", "b", "a"}) {
		t.Fatalf("a column with words sorts naturally as text: %v", got)
	}
}
