package vtable

import (
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/keymap"
)

// TestRankedFilterPutsExactNameFirst: "/describeinstances" on EC2's operations listed
// DescribeInstanceSqlHaHistoryStates first, the exact name third (issue 8, defect 17).
func TestRankedFilterPutsExactNameFirst(t *testing.T) {
	names := []string{
		"AcceptDescribeInstancesLater",       // 0: word start
		"DescribeInstanceSqlHaHistoryStates", // 1: prefix
		"DescribeInstanceStatus",             // 2: prefix
		"DescribeInstances",                  // 3: exact
		"GetConsoleOutput",                   // 4: matches in the doc only
		"Predescribeinstancesx",              // 5: inside a word
		"RunInstances",                       // 6: no match
	}
	docs := []string{"", "", "", "", "like describeinstances", "", ""}
	tb := New([]Column{{Title: "OPERATION"}, {Title: "DOC", Flex: true}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(80, 10)
	tb.SetRankColumn(0)
	rows := make([][]string, len(names))
	for i := range names {
		rows[i] = []string{names[i], docs[i]}
	}
	tb.Append(rows)
	run(t, tb, tb.SetFilter("describeinstances"))
	want := []int{3, 1, 2, 0, 5, 4}
	if got := visibleRows(tb); !slices.Equal(got, want) {
		t.Fatalf("ranked rows %v, want %v", got, want)
	}
	if tb.Cursor() != 3 {
		t.Fatalf("cursor on row %d, want the exact match 3", tb.Cursor())
	}

	// Rows arriving while filtered join at their rank; the cursor stays put.
	tb.Append([][]string{{"describeinstances", ""}, {"X_DescribeInstances", ""}})
	want = []int{3, 7, 1, 2, 0, 8, 5, 4}
	if got := visibleRows(tb); !slices.Equal(got, want) {
		t.Fatalf("after append %v, want %v", got, want)
	}
	if tb.Cursor() != 3 {
		t.Fatalf("cursor moved to %d", tb.Cursor())
	}
	// Narrowing reuses the previous matches as candidates (not in natural order here).
	run(t, tb, tb.SetFilter("describeinstancesx"))
	if got := visibleRows(tb); !slices.Equal(got, []int{5}) {
		t.Fatalf("narrowed to %v, want [5]", got)
	}
	run(t, tb, tb.SetFilter("describeinstances"))
	// A user sort wins over the rank; clearing it brings the rank back.
	run(t, tb, tb.SetSort(0, false))
	if got := visibleRows(tb); got[0] != 0 {
		t.Fatalf("sorted by name: first row %d, want 0 (Accept…)", got[0])
	}
	tb.SetSort(-1, false)
	want = []int{3, 7, 1, 2, 0, 8, 5, 4}
	if got := visibleRows(tb); !slices.Equal(got, want) {
		t.Fatalf("after clearing the sort %v, want %v", got, want)
	}
}

func TestNeedleRank(t *testing.T) {
	cases := []struct {
		s, q string
		want int
	}{
		{"DescribeInstances", "describeinstances", rankExact},
		{"DescribeInstanceStatus", "describeinstances", rankPrefix},
		{"my-bucket", "bucket", rankWord},
		{"logs2024", "2024", rankInside},
		{"v2Beta", "beta", rankWord},
		{"Alphabet", "bet", rankInside},
		{"ab", "abc", rankElsewhere},
		{"ÜBER", "über", rankExact},
		{"Straße-Über", "über", rankWord},
		{"Straße", "aße", rankInside},
	}
	for _, c := range cases {
		nd := compileNeedle(c.q)
		if got := nd.rank(c.s); got != c.want {
			t.Errorf("rank of %q in %q = %d, want %d", c.q, c.s, got, c.want)
		}
	}
}
