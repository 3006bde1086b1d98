package s3nav_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
)

// BenchmarkListerRecursive10k lists 10,000 keys in pages of 1,000 over loopback HTTP; per op is
// the whole listing, so ns/op ÷ 10,000 is the cost per key, server included.
func BenchmarkListerRecursive10k(b *testing.B) {
	const keys = 10_000
	backend := s3mem.New()
	if err := backend.CreateBucket("b"); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < keys; i++ {
		key := fmt.Sprintf("dir-%02d/object-%06d.json", i%20, i)
		if _, err := backend.PutObject("b", key, map[string]string{}, bytes.NewReader([]byte("{}")), 2, nil); err != nil {
			b.Fatal(err)
		}
	}
	for _, s := range []struct {
		name    string
		handler http.Handler
	}{
		{"gofakes3", gofakes3.New(backend).Server()},
		{"demo-url-encoded", demo.Handler(backend)},
	} {
		b.Run(s.name, func(b *testing.B) {
			srv := httptest.NewServer(s.handler)
			defer srv.Close()
			nav := s3nav.New(demo.Config(srv.URL))
			for b.Loop() {
				l := nav.NewLister("b", "", true, 1000)
				n := 0
				for {
					p, err := l.Next(context.Background())
					if err != nil {
						b.Fatal(err)
					}
					n += len(p.Entries)
					if !p.More {
						break
					}
				}
				if n != keys {
					b.Fatalf("listed %d keys", n)
				}
			}
		})
	}
}

// BenchmarkRenderPreview renders a full 64 KiB preview: text (escaping) and binary (hex dump).
func BenchmarkRenderPreview(b *testing.B) {
	text := bytes.Repeat([]byte("2024-06-01T00:00:00Z INFO request \x1b[32mok\x1b[0m\n"), 1500)[:s3nav.PreviewLimit]
	bin := make([]byte, s3nav.PreviewLimit)
	for i := range bin {
		bin[i] = byte(i * 7)
	}
	for _, c := range []struct {
		name string
		p    s3nav.Preview
	}{
		{"text", s3nav.Preview{Data: text, Total: 1 << 20, Truncated: true}},
		{"hex", s3nav.Preview{Data: bin, Total: 1 << 20, Truncated: true, Binary: true}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.p.Data)))
			for b.Loop() {
				_ = s3nav.Render(c.p)
			}
		})
	}
}
