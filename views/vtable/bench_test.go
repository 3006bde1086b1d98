package vtable

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/keymap"
)

var benchSizes = []struct {
	name string
	n    int
}{{"10k", 10_000}, {"100k", 100_000}, {"1M", 1_000_000}}

// benchCells makes n S3-listing-like rows as one flat slice of cells (4 per row), so the
// strings can be kept alive apart from the table when measuring its overhead.
func benchCells(n int) (cells []string, sizes []int64) {
	classes := []string{"STANDARD", "STANDARD_IA", "GLACIER", "INTELLIGENT_TIERING"}
	cells = make([]string, 0, 4*n)
	sizes = make([]int64, n)
	for i := range n {
		size := int64(i%5000) * 1733
		sizes[i] = size
		cells = append(cells,
			fmt.Sprintf("photos/%d/%02d/img-%07d.jpg", 2015+i%10, 1+i%12, i),
			strconv.FormatInt(size/1000, 10)+" KB",
			fmt.Sprintf("2024-%02d-%02d %02d:%02d", 1+i%12, 1+i%28, i%24, i%60),
			classes[i%len(classes)],
		)
	}
	return cells, sizes
}

func benchTable(cells []string, sizes []int64) *Table {
	cols := []Column{
		{Title: "NAME", Flex: true},
		{Title: "SIZE", Right: true, Keyed: true},
		{Title: "LAST MODIFIED"},
		{Title: "STORAGE"},
	}
	t := New(cols, keymap.Default().Table, DefaultStyles())
	t.SetSize(120, 40)
	appendPages(t, cells, sizes)
	return t
}

// appendPages appends the rows 1000 at a time, as pages arrive.
func appendPages(t *Table, cells []string, sizes []int64) {
	const page = 1000
	n := len(sizes)
	for lo := 0; lo < n; lo += page {
		hi := min(lo+page, n)
		rows := make([][]string, 0, hi-lo)
		for r := lo; r < hi; r++ {
			rows = append(rows, cells[4*r:4*r+4:4*r+4])
		}
		t.AppendKeyed(rows, [][]int64{nil, sizes[lo:hi]})
	}
}

// BenchmarkCursorMoveView is one keystroke: Update with a cursor key, then View.
func BenchmarkCursorMoveView(b *testing.B) {
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	up := tea.KeyPressMsg{Code: 'k', Text: "k"}
	for _, size := range benchSizes {
		t := benchTable(benchCells(size.n))
		t.MoveDown(size.n / 2)
		b.Run(size.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%100 < 50 {
					t.Update(down)
				} else {
					t.Update(up)
				}
				_ = t.View()
				i++
			}
		})
		b.Run(size.name+"-sorted-filtered", func(b *testing.B) {
			t.Update(t.SetSort(0, true)())
			t.Update(t.SetFilter("img-")())
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%100 < 50 {
					t.Update(down)
				} else {
					t.Update(up)
				}
				_ = t.View()
				i++
			}
		})
	}
}

// BenchmarkFilter is a whole filter: SetFilter, its Cmd (the background part) and Update
// applying the result. The query matches one row, so every cell is searched.
func BenchmarkFilter(b *testing.B) {
	queries := []string{"IMG-0004217", "img-0004218"}
	for _, size := range benchSizes {
		t := benchTable(benchCells(size.n))
		b.Run(size.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				t.Update(t.SetFilter(queries[i%2])())
				i++
			}
			b.ReportMetric(float64(t.MatchCount()), "matches")
		})
		b.Run(size.name+"-unicode", func(b *testing.B) {
			// Not ASCII: simple Unicode case folding.
			uq := []string{"Été", "ÉTÉ"}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				t.Update(t.SetFilter(uq[i%2])())
				i++
			}
		})
		b.Run(size.name+"-letters", func(b *testing.B) {
			// All letters: the scan must look for both cases of its anchor.
			lq := []string{"intelligent", "Glacier"}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				t.Update(t.SetFilter(lq[i%2])())
				i++
			}
		})
	}
}

// BenchmarkFilterTyping is typing "img-0004217" into the filter one key at a time at 1M rows,
// each keystroke's filter run to completion; it reports the time per keystroke. After the first
// keys each filter only re-tests the previous matches.
func BenchmarkFilterTyping(b *testing.B) {
	const typed = "img-0004217"
	t := benchTable(benchCells(1_000_000))
	for _, sorted := range []bool{false, true} {
		name := "1M"
		if sorted {
			name += "-sorted"
			t.Update(t.SetSort(1, false)())
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i := 1; i <= len(typed); i++ {
					t.Update(t.SetFilter(typed[:i])())
				}
				t.SetFilter("")
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(typed)), "ms/key")
		})
	}
}

// BenchmarkSort is a whole background sort by the name (natural order) or by the keyed size.
func BenchmarkSort(b *testing.B) {
	for _, size := range benchSizes {
		t := benchTable(benchCells(size.n))
		for _, by := range []struct {
			name string
			col  int
		}{{"name", 0}, {"size", 1}} {
			b.Run(size.name+"-"+by.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					t.Update(t.SetSort(by.col, false)())
					t.SetSort(-1, false)
				}
			})
		}
	}
}

// BenchmarkAppend appends one 1000-row page to a table of 1M rows, plain and with a filter and
// a sort active (the new rows are filtered and merged into place).
func BenchmarkAppend(b *testing.B) {
	cells, sizes := benchCells(1_000_000)
	pageCells, pageSizes := cells[:4000], sizes[:1000]
	for _, mode := range []string{"plain", "sorted-filtered"} {
		b.Run(mode, func(b *testing.B) {
			t := benchTable(cells, sizes)
			if mode != "plain" {
				t.Update(t.SetSort(0, false)())
				t.Update(t.SetFilter("2019")())
			}
			t.MoveDown(1234)
			cur := t.Cursor()
			b.ReportAllocs()
			for b.Loop() {
				appendPages(t, pageCells, pageSizes)
			}
			if t.Cursor() != cur {
				b.Fatalf("cursor moved from row %d to %d", cur, t.Cursor())
			}
		})
	}
}

// BenchmarkMemoryPerRow reports the heap the table holds per row beyond the cells' own strings
// (which stay alive outside it): string headers, slice growth slack, index and bitsets.
func BenchmarkMemoryPerRow(b *testing.B) {
	for _, size := range benchSizes {
		cells, sizes := benchCells(size.n)
		for _, mode := range []string{"plain", "sorted-filtered"} {
			b.Run(size.name+"-"+mode, func(b *testing.B) {
				var perRow float64
				for b.Loop() {
					before := heapInUse()
					t := benchTable(cells, sizes)
					if mode != "plain" {
						t.Update(t.SetSort(0, false)())
						t.Update(t.SetFilter("2019")())
					}
					after := heapInUse()
					perRow = float64(after-before) / float64(size.n)
					runtime.KeepAlive(t)
				}
				b.ReportMetric(perRow, "bytes/row")
				runtime.KeepAlive(cells)
			})
		}
	}
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
