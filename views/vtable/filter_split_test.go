package vtable

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// splitRows is well above the size where filterRows splits its work between goroutines
// (2 × 65,536 rows per worker), so every worker gets rows, up to 8 of them.
const splitRows = 600_000

// TestFilterAboveParallelSplit filters a table large enough to be split between workers and
// compares every result with a plain scan: a result that lost one worker's part shows here.
func TestFilterAboveParallelSplit(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(4) // at least 2 workers, whatever the machine

	tb := newNamed(splitRows, 11)
	names := make([]string, splitRows)
	for i := range names {
		names[i] = "item-" + strconv.Itoa(i)
	}
	want := func(q string) []int {
		var rows []int
		for i, name := range names {
			if strings.Contains(name, q) {
				rows = append(rows, i)
			}
		}
		return rows
	}
	check := func(q string, sorted bool) {
		t.Helper()
		run(t, tb, tb.SetFilter(q))
		rows := want(q)
		if sorted { // the SIZE sort, descending: the rows in reverse
			slices.Reverse(rows)
		}
		if got := visibleRows(tb); !slices.Equal(got, rows) {
			t.Fatalf("filter %q (sorted %v): %d rows visible, want %d (first difference at %d)",
				q, sorted, len(got), len(rows), firstDifference(got, rows))
		}
		if tb.MatchCount() != len(rows) {
			t.Fatalf("filter %q: MatchCount %d, want %d", q, tb.MatchCount(), len(rows))
		}
	}
	check("item-", false) // every row
	check("7", false)     // 245,706 rows, spread over the whole table
	check("77", false)    // one more letter: only the matches of "7" are tested (still split)
	check("5999", false)  // rows only the last worker holds
	tb.SetFilter("")
	run(t, tb, tb.SetSort(1, true))
	check("7", true)
	check("77", true)
}

func firstDifference(a, b []int) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
