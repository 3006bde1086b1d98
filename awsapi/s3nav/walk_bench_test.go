package s3nav_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
)

// BenchmarkWalkVsPaginator lists 100,000 keys under 20 top-level prefixes, every request 20 ms
// late (as a far region is), with Walk and with the typed SDK's sequential ListObjectsV2
// paginator, and reports both times and their ratio; every key must come once, in order.
// go test -run '^$' -bench WalkVsPaginator -benchtime 1x ./awsapi/s3nav
func BenchmarkWalkVsPaginator(b *testing.B) {
	const keys, prefixes = 100_000, 20
	backend := s3mem.New(s3mem.WithTimeSource(gofakes3.FixedTimeSource(time.Unix(1.7e9, 0))))
	if err := backend.CreateBucket("big"); err != nil {
		b.Fatal(err)
	}
	want := make([]string, 0, keys)
	for i := range keys {
		k := fmt.Sprintf("p%02d/%06d", i%prefixes, i)
		want = append(want, k)
		if _, err := backend.PutObject("big", k, map[string]string{}, bytes.NewReader(nil), 0, nil); err != nil {
			b.Fatal(err)
		}
	}
	slices.Sort(want) // byte order, as S3 lists
	h := demo.Handler(backend)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		h.ServeHTTP(w, r)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	defer srv.Close()
	cfg := demo.Config(srv.URL)
	nav := s3nav.New(cfg)
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	check := func(what string, got []string) {
		if len(got) != len(want) {
			b.Fatalf("%s: %d keys, want %d", what, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				b.Fatalf("%s: key %d is %q, want %q", what, i, got[i], want[i])
			}
		}
	}
	b.ResetTimer()
	var walkTime, pagTime time.Duration
	for range b.N {
		start := time.Now()
		got := make([]string, 0, keys)
		if err := nav.Walk(ctx, "big", "", s3nav.WalkOptions{}, func(es []s3nav.Entry) error {
			for _, e := range es {
				got = append(got, e.Key)
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		walkTime += time.Since(start)
		check("Walk", got)

		start = time.Now()
		got = got[:0]
		p := s3.NewListObjectsV2Paginator(api, &s3.ListObjectsV2Input{Bucket: aws.String("big")})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for _, o := range page.Contents {
				got = append(got, aws.ToString(o.Key))
			}
		}
		pagTime += time.Since(start)
		check("paginator", got)
	}
	b.ReportMetric(walkTime.Seconds()/float64(b.N), "walk-s")
	b.ReportMetric(pagTime.Seconds()/float64(b.N), "paginator-s")
	b.ReportMetric(pagTime.Seconds()/walkTime.Seconds(), "speedup")
}
