package vtable

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/keymap"
)

// TestAgainstBruteForce drives a table with random typing, appends and sorts, and after every
// step compares what it shows with a brute-force filter and sort of the same rows.
func TestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	words := []string{"Alpha", "beta", "GAMMA", "delta", "img", "ÉTÉ", "été", "x-1", "X-10", "x-2"}
	cell := func() string {
		var b strings.Builder
		for range 1 + rng.IntN(3) {
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	tb := New([]Column{{Title: "A"}, {Title: "B"}, {Title: "N", Keyed: true}}, keymap.Default().Table, DefaultStyles())
	tb.SetSize(40, 10)
	var all [][]string
	var keys []int64
	appendRows := func(k int) {
		rows := make([][]string, k)
		ks := make([]int64, k)
		for i := range rows {
			ks[i] = int64(rng.IntN(50))
			rows[i] = []string{cell(), cell(), strconv.FormatInt(ks[i], 10)}
		}
		all = append(all, rows...)
		keys = append(keys, ks...)
		tb.AppendKeyed(rows, [][]int64{nil, nil, ks})
	}
	appendRows(200)
	query := ""
	letters := []string{"a", "L", "m", "-", "1", "é", "É", "x", "t"}
	for step := range 600 {
		switch op := rng.IntN(10); {
		case op < 4: // type
			query += letters[rng.IntN(len(letters))]
			if cmd := tb.SetFilter(query); cmd != nil {
				tb.Update(cmd())
			}
		case op < 6: // backspace
			if query != "" {
				_, size := lastRune(query)
				query = query[:len(query)-size]
			}
			if cmd := tb.SetFilter(query); cmd != nil {
				tb.Update(cmd())
			}
		case op < 8:
			appendRows(rng.IntN(30))
		case op < 9:
			if cmd := tb.SetSort(rng.IntN(4)-1, rng.IntN(2) == 0); cmd != nil {
				tb.Update(cmd())
			}
		default:
			tb.MoveDown(rng.IntN(20) - 10)
		}
		col, desc := tb.SortColumn()
		want := bruteForce(all, keys, query, col, desc)
		if got := visibleRows(tb); !slices.Equal(got, want) {
			t.Fatalf("step %d, query %q, sort %d/%v:\n got %v\nwant %v", step, query, col, desc, got, want)
		}
		if tb.Busy() || tb.Filter() != query {
			t.Fatalf("step %d: busy %v filter %q want %q", step, tb.Busy(), tb.Filter(), query)
		}
		if c := tb.Cursor(); (c < 0) != (len(want) == 0) || (c >= 0 && tb.VisibleRow(tb.CursorPos()) != c) {
			t.Fatalf("step %d: cursor %d at %d with %d visible", step, c, tb.CursorPos(), len(want))
		}
	}
}

func bruteForce(all [][]string, keys []int64, query string, col int, desc bool) []int {
	out := []int{}
	for i, row := range all {
		if query == "" || slices.ContainsFunc(row, func(c string) bool { return foldContains(c, query) }) {
			out = append(out, i)
		}
	}
	if col >= 0 {
		slices.SortStableFunc(out, func(a, b int) int {
			var c int
			if col == 2 {
				c = int(keys[a] - keys[b])
			} else {
				c = NaturalCompare(all[a][col], all[b][col])
			}
			if desc {
				return -c
			}
			return c
		})
		if desc { // ties in reverse arrival order, like the table
			for i := 0; i < len(out); {
				j := i + 1
				for j < len(out) && sameKey(all, keys, col, out[i], out[j]) {
					j++
				}
				slices.Reverse(out[i:j])
				i = j
			}
		}
	}
	return out
}

func sameKey(all [][]string, keys []int64, col, a, b int) bool {
	if col == 2 {
		return keys[a] == keys[b]
	}
	return NaturalCompare(all[a][col], all[b][col]) == 0
}

// foldContains is the obvious definition: some window of s equals q under simple folding.
func foldContains(s, q string) bool {
	rs, rq := []rune(s), []rune(q)
	for i := 0; i+len(rq) <= len(rs); i++ {
		if strings.EqualFold(string(rs[i:i+len(rq)]), q) {
			return true
		}
	}
	return false
}

func lastRune(s string) (rune, int) {
	r := []rune(s)
	last := r[len(r)-1]
	return last, len(string(last))
}
