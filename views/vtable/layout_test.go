package vtable

import (
	tea "charm.land/bubbletea/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
)

// instanceColumns are EC2's instance columns as the resource page builds them: the id is Whole,
// the public IP and the launch time go first when room is short.
func instanceColumns() []Column {
	return []Column{
		{Title: "ID", MaxWidth: 19, Whole: true},
		{Title: "NAME", Flex: true, Priority: 1},
		{Title: "STATE", MaxWidth: 13, MinWidth: 14, Priority: 1},
		{Title: "TYPE", MaxWidth: 12, Priority: 2},
		{Title: "AZ", MaxWidth: 11, Priority: 3},
		{Title: "PRIVATE IP", MaxWidth: 15, Priority: 4},
		{Title: "PUBLIC IP", MaxWidth: 15, Priority: 6},
		{Title: "LAUNCHED", MaxWidth: 9, Right: true, Priority: 5},
	}
}

func instanceTable(width int) *Table {
	tb := New(instanceColumns(), keymap.Default().Table, DefaultStyles())
	tb.SetSize(width, 4)
	tb.Append([][]string{
		{"i-0123456789abcdef0", "batch-worker-7", "running", "t3.medium", "us-east-1a", "10.0.12.34", "54.210.1.2", "3d ago"},
		{"i-0fedcba9876543210", "web", "stopped", "m5.2xlarge", "us-east-1b", "10.0.99.100", "", "2h ago"},
	})
	return tb
}

func headerOf(tb *Table) string { return ansi.Strip(strings.SplitN(tb.View(), "\n", 2)[0]) }

// Issue 8 #8: at 80 columns the cells shrank to "batc…", "t3.m…", "us-ea…". Now no cell is cut:
// the least important columns are hidden instead, and the header says how many.
func TestLayoutHidesLowPriorityColumnsInsteadOfCutting(t *testing.T) {
	for _, width := range []int{40, 60, 80, 100, 120, 160} {
		tb := instanceTable(width)
		view := ansi.Strip(tb.View())
		if strings.Contains(view, "…") {
			t.Errorf("width %d: a cell is cut:\n%s", width, view)
		}
		for _, id := range []string{"i-0123456789abcdef0", "i-0fedcba9876543210"} {
			if !strings.Contains(view, id) {
				t.Errorf("width %d: the id %s is not whole:\n%s", width, id, view)
			}
		}
		hidden := tb.HiddenColumns()
		header := headerOf(tb)
		if len(hidden) > 0 && !strings.Contains(header, "+"+itoa(len(hidden))) {
			t.Errorf("width %d: %d hidden but the header does not say so: %q", width, len(hidden), header)
		}
		if len(hidden) == 0 && strings.Contains(header, "+") {
			t.Errorf("width %d: nothing hidden but the header says %q", width, header)
		}
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestLayoutHidesInPriorityOrder(t *testing.T) {
	cases := []struct {
		width  int
		hidden []string
	}{
		{120, nil},
		// The public IP (priority 6) first, then the launch time (5), the private IP (4), the AZ (3).
		{100, []string{"PUBLIC IP", "LAUNCHED"}},
		{90, []string{"PRIVATE IP", "PUBLIC IP", "LAUNCHED"}},
		{80, []string{"AZ", "PRIVATE IP", "PUBLIC IP", "LAUNCHED"}},
		{50, []string{"STATE", "TYPE", "AZ", "PRIVATE IP", "PUBLIC IP", "LAUNCHED"}},
	}
	for _, c := range cases {
		tb := instanceTable(c.width)
		if got := tb.HiddenColumns(); strings.Join(got, ",") != strings.Join(c.hidden, ",") {
			t.Errorf("width %d: hidden %q, want %q\n%s", c.width, got, c.hidden, ansi.Strip(tb.View()))
		}
	}
	if h := headerOf(instanceTable(80)); !strings.HasSuffix(h, "+4 hidden") {
		t.Errorf("header at 80: %q", h)
	}
}

// Issue 8 #18: the arrow was cut off with the title. The sort column widens for its arrow when
// there is room, and when there is none the title is cut, not the arrow.
func TestLayoutSortArrowSurvivesACutTitle(t *testing.T) {
	tb := New([]Column{{Title: "NAME", Flex: true}, {Title: "LAST MODIFIED", MaxWidth: 6}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(40, 3)
	tb.Append([][]string{{"a", "3d"}, {"b", "5m"}})
	run(t, tb, tb.SetSort(1, true))
	if h := headerOf(tb); !strings.Contains(h, "LAST MODIFIED ↓") {
		t.Fatalf("header %q: the title and its arrow should fit", h)
	}
	tb = New([]Column{{Title: "LAST MODIFIED", Flex: true}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(12, 3)
	tb.Append([][]string{{"3d"}, {"5m"}})
	run(t, tb, tb.SetSort(0, false))
	if h := headerOf(tb); !strings.Contains(h, "LAST MOD…↑") {
		t.Fatalf("header %q: the arrow should stay after the cut title", h)
	}
}

// The sort column is hidden after the columns of the same priority, so its arrow stays.
func TestLayoutKeepsTheSortColumn(t *testing.T) {
	tb := instanceTable(100)
	run(t, tb, tb.SetSort(6, false)) // PUBLIC IP, the first to go otherwise
	if h := headerOf(tb); !strings.Contains(h, "PUBLIC IP ↑") {
		t.Fatalf("header %q", h)
	}
}

// A Whole column alone and too wide is the one case where something must be cut.
func TestLayoutWholeColumnAloneIsCut(t *testing.T) {
	tb := New([]Column{{Title: "ARN", Whole: true}, {Title: "X"}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(12, 2)
	tb.Append([][]string{{"arn:aws:iam::123456789012:role/x", "1"}})
	lines := strings.Split(ansi.Strip(tb.View()), "\n")
	if ansi.StringWidth(lines[1]) != 12 || !strings.HasSuffix(lines[1], "…") {
		t.Fatalf("%q", lines)
	}
}

func sortedCol(tb *Table) (string, bool) {
	col, desc := tb.SortColumn()
	if col < 0 {
		return "", false
	}
	return tb.Columns()[col].Title, desc
}

// Issue 8 #18: shift+letter sorts by the column whose title starts with the letter (k9s):
// ascending, descending, then the next column of that letter.
func TestShiftLetterSortsByTheColumnOfThatLetter(t *testing.T) {
	tb := instanceTable(200)
	steps := []struct {
		key   string
		title string
		desc  bool
	}{
		{"T", "TYPE", false},
		{"T", "TYPE", true},
		{"T", "TYPE", false}, // the only T column: back to ascending
		{"P", "PRIVATE IP", false},
		{"P", "PRIVATE IP", true},
		{"P", "PUBLIC IP", false},
		{"L", "LAUNCHED", false},
	}
	for i, s := range steps {
		if cmd := tb.Update(keyPress(s.key)); cmd != nil { // a reversal is applied at once
			tb.Update(cmd())
		}
		if title, desc := sortedCol(tb); title != s.title || desc != s.desc {
			t.Fatalf("step %d (%s): sorted by %q desc=%v, want %q desc=%v", i, s.key, title, desc, s.title, s.desc)
		}
	}
	// No title starts with Z, and lower case letters are not sort keys.
	for _, k := range []string{"Z", "t"} {
		if cmd := tb.Update(keyPress(k)); cmd != nil {
			t.Fatalf("%s sorted", k)
		}
		if title, _ := sortedCol(tb); title != "LAUNCHED" {
			t.Fatalf("%s changed the sort to %q", k, title)
		}
	}
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"table.sortby": {}}); err != nil {
		t.Fatal(err)
	}
	tb.SetKeyMap(km.Table)
	if cmd := tb.Update(keyPress("T")); cmd != nil {
		t.Fatal("table.sortby turned off still sorts")
	}
}

// Keyed columns whose keys tie (states of one rank, equal sizes) go by their text, not by
// arrival.
func TestKeyedTiesGoByText(t *testing.T) {
	tb := New([]Column{{Title: "N", Keyed: true}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(20, 5)
	tb.AppendKeyed([][]string{{"running"}, {"available"}, {"pending"}}, [][]int64{{2, 2, 1}})
	run(t, tb, tb.SetSort(0, false))
	var got []string
	for p := range tb.VisibleLen() {
		got = append(got, tb.Cell(tb.VisibleRow(p), 0))
	}
	if strings.Join(got, ",") != "pending,available,running" {
		t.Fatalf("order %v", got)
	}
}

// keyPress is the key a terminal sends for s: an upper-case letter comes with shift.
func keyPress(s string) tea.KeyPressMsg {
	r := rune(s[0])
	if r >= 'A' && r <= 'Z' {
		return tea.KeyPressMsg{Code: r - 'A' + 'a', ShiftedCode: r, Mod: tea.ModShift, Text: s}
	}
	return tea.KeyPressMsg{Code: r, Text: s}
}
