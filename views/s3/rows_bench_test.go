package s3

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// BenchmarkObjectRows1M feeds 1,000,000 keys in pages of 1,000 to an objects page, as a listing
// of a flat prefix would, and reports what the page holds per row: the heap in use after a GC
// with the page alive, minus the heap before, over the row count. The pages of entries are
// built one at a time and dropped, as the listing's are; the key strings the page keeps count.
func BenchmarkObjectRows1M(b *testing.B) {
	const rows, perPage = 1_000_000, 1000
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	at := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	classes := []string{"STANDARD", "STANDARD_IA", "GLACIER"}
	var perRow float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		p := newObjectsPage(NewBrowser(env), tui.Session{}, "big", "flat/")
		for first := 0; first < rows; first += perPage {
			entries := make([]s3nav.Entry, perPage)
			for i := range entries {
				n := first + i
				// Each key its own allocation, as the SDK's XML decoder makes them.
				key := fmt.Sprintf("flat/item-%07d.json", n)
				entries[i] = s3nav.Entry{Key: key, Name: key[len("flat/"):], Size: int64(n % 100_000),
					LastModified: at.Add(time.Duration(n) * time.Second),
					StorageClass: string([]byte(classes[n%len(classes)])), ETag: fmt.Sprintf(`"%032x"`, n)}
			}
			p.listed(pagekit.Listed[[]s3nav.Entry]{Batch: entries, More: first+perPage < rows})
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		if p.Table.Len() != rows {
			b.Fatalf("%d rows, want %d", p.Table.Len(), rows)
		}
		perRow = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / rows
		runtime.KeepAlive(p)
	}
	b.ReportMetric(perRow, "bytes/row")
}

// BenchmarkObjectFilter1M filters a 1,000,000-row objects page in the background, as `/` does:
// the size and time cells are drawn from their keys for the test, not read from strings.
func BenchmarkObjectFilter1M(b *testing.B) {
	const rows, perPage = 1_000_000, 1000
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	at := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	p := newObjectsPage(NewBrowser(env), tui.Session{}, "big", "flat/")
	for first := 0; first < rows; first += perPage {
		entries := make([]s3nav.Entry, perPage)
		for i := range entries {
			n := first + i
			key := fmt.Sprintf("flat/item-%07d.json", n)
			entries[i] = s3nav.Entry{Key: key, Name: key[len("flat/"):], Size: int64(n % 100_000),
				LastModified: at.Add(time.Duration(n) * time.Second), StorageClass: "STANDARD"}
		}
		p.listed(pagekit.Listed[[]s3nav.Entry]{Batch: entries, More: first+perPage < rows})
	}
	for _, q := range []string{"item-09", "2024-01-05", "no such text"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				p.Table.SetFilter("")
				if msg := p.Table.SetFilter(q)(); msg == nil {
					b.Fatal("the filter gave nothing")
				}
			}
		})
	}
}

// BenchmarkObjectRowsListed100k is BenchmarkObjectRows1M with the rows as the SDK decodes them:
// 100,000 keys listed from gofakes3 over HTTP through s3nav, so what the page keeps of each
// response (the key strings the XML decoder made) is counted as it is in the app.
func BenchmarkObjectRowsListed100k(b *testing.B) {
	const rows = 100_000
	backend := s3mem.New()
	if err := backend.CreateBucket("big"); err != nil {
		b.Fatal(err)
	}
	for i := range rows {
		if _, err := backend.PutObject("big", fmt.Sprintf("flat/item-%07d.json", i), map[string]string{}, bytes.NewReader([]byte("x")), 1, nil); err != nil {
			b.Fatal(err)
		}
	}
	srv := httptest.NewServer(demo.Handler(backend))
	defer srv.Close()
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	nav := s3nav.New(demo.Config(srv.URL))
	var perRow float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		p := newObjectsPage(NewBrowser(env), tui.Session{}, "big", "flat/")
		l := nav.NewLister("big", "flat/", false, 1000)
		for {
			page, err := l.Next(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			p.listed(pagekit.Listed[[]s3nav.Entry]{Batch: page.Entries, More: page.More})
			if !page.More {
				break
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		if p.Table.Len() != rows {
			b.Fatalf("%d rows, want %d", p.Table.Len(), rows)
		}
		perRow = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / rows
		runtime.KeepAlive(p)
	}
	b.ReportMetric(perRow, "bytes/row")
}
