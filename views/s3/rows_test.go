package s3

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// TestObjectRowsKeepRealKeys: the table shows cleaned names, sizes and times drawn from int64
// keys; the row still gives back the exact key, control bytes and all, for the calls.
func TestObjectRowsKeepRealKeys(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	p := newObjectsPage(NewBrowser(env), tui.Session{}, "b", "dir/")
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	p.listed(listedMsg{page: s3nav.Page{Entries: []s3nav.Entry{
		{Key: "dir/sub/", Name: "sub/", IsPrefix: true},
		{Key: "dir/evil\x1b[2Jname", Name: "evil\x1b[2Jname", Size: 2048, LastModified: at, StorageClass: "GLACIER"},
		{Key: "dir/plain.txt", Name: "plain.txt", Size: 1, LastModified: at, StorageClass: "GLACIER"},
	}}})
	if got := p.Table.Row(0); got[1] != "–" || got[2] != "–" || got[3] != "–" {
		t.Errorf("prefix row %q", got)
	}
	if got := p.Table.Row(1); got[0] != `evil\x1b[2Jname` || got[1] != "2.0 kB" || got[2] != "2024-01-02 03:04:05" || got[3] != "GLACIER" {
		t.Errorf("object row %q", got)
	}
	for i, want := range []entry{{Key: "dir/sub/", IsPrefix: true}, {Key: "dir/evil\x1b[2Jname"}, {Key: "dir/plain.txt"}} {
		if got := p.entry(i); got != want {
			t.Errorf("row %d: %+v, want %+v", i, got, want)
		}
	}
	if p.Table.Cell(1, colStorage) != p.Table.Cell(2, colStorage) || len(p.classes) != 1 {
		t.Errorf("storage classes not interned: %v", p.classes)
	}
}

// TestDrawnCellsMatchThePageFormatters: the allocation-free size and time drawers write what
// pagekit.Bytes and pagekit.Time write.
func TestDrawnCellsMatchThePageFormatters(t *testing.T) {
	sizes := []int64{-1, 0, 1, 9, 10, 999, 1000, 1049, 1050, 9949, 9950, 9999, 10_000, 99_999, 999_499, 999_500,
		1 << 20, 1 << 30, 5_000_000_000_000, math.MaxInt64}
	for n := int64(1); n < 1<<62; n = n*3 + 1 {
		sizes = append(sizes, n)
	}
	for _, n := range sizes {
		if got, want := string(appendSize(nil, n)), pagekit.Bytes(n); got != want {
			t.Errorf("size %d: %q, want %q", n, got, want)
		}
	}
	at := time.Date(2024, 2, 29, 23, 59, 58, 0, time.UTC)
	secs := []int64{0, at.Unix(), -86400 * 365, -1, 86399, 951782400, 4102444799, 253402300799, 253402300800, -62135596799, -62135596801}
	for sec := int64(-70 * 365 * 86400); sec < 200*365*86400; sec += 86400*17 + 3607 {
		secs = append(secs, sec)
	}
	for _, sec := range secs {
		if got, want := string(appendTime(nil, sec)), pagekit.Time(time.Unix(sec, 0)); got != want {
			t.Errorf("time %d: %q, want %q", sec, got, want)
		}
	}
	if got := string(appendTime(nil, noTime)); got != pagekit.Time(time.Time{}) {
		t.Errorf("no time: %q", got)
	}
}
