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
	"strings"
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

// BenchmarkWalkVsPaginatorCheapServer is BenchmarkWalkVsPaginator on a server that answers a
// page in O(page) (binary search over sorted keys) instead of gofakes3, whose pages cost tens of
// milliseconds of CPU on a busy 2-CPU machine: what is left is the 20 ms a request, as against S3.
func BenchmarkWalkVsPaginatorCheapServer(b *testing.B) {
	const keys, prefixes = 100_000, 20
	want := make([]string, 0, keys)
	for i := range keys {
		want = append(want, fmt.Sprintf("p%02d/%06d", i%prefixes, i))
	}
	slices.Sort(want)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		if r.Method == http.MethodHead {
			return
		}
		serveList(w, r, want)
	}))
	defer srv.Close()
	cfg := demo.Config(srv.URL)
	nav := s3nav.New(cfg)
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	b.ResetTimer()
	var walkTime, pagTime time.Duration
	for range b.N {
		start := time.Now()
		var got []string
		if err := nav.Walk(ctx, "big", "", s3nav.WalkOptions{}, func(es []s3nav.Entry) error {
			for _, e := range es {
				got = append(got, e.Key)
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		walkTime += time.Since(start)
		if !slices.Equal(got, want) {
			b.Fatalf("Walk: %d keys, not the %d in order", len(got), len(want))
		}
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
		if !slices.Equal(got, want) {
			b.Fatalf("paginator: %d keys, not the %d in order", len(got), len(want))
		}
	}
	b.ReportMetric(walkTime.Seconds()/float64(b.N), "walk-s")
	b.ReportMetric(pagTime.Seconds()/float64(b.N), "paginator-s")
	b.ReportMetric(pagTime.Seconds()/walkTime.Seconds(), "speedup")
}

// serveList answers ListObjectsV2 (prefix, delimiter, max-keys, continuation-token as the last
// key) over sorted keys.
func serveList(w http.ResponseWriter, r *http.Request, keys []string) {
	q := r.URL.Query()
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	after := ""
	if tok := q.Get("continuation-token"); tok != "" {
		after = tok
	}
	i, _ := slices.BinarySearch(keys, max(prefix, after))
	if i < len(keys) && keys[i] == after {
		i++
	}
	var b strings.Builder
	b.WriteString(`<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>big</Name>`)
	n, last, truncated := 0, "", false
	var prefixesSeen []string
	for ; i < len(keys) && strings.HasPrefix(keys[i], prefix); i++ {
		if n == 1000 {
			truncated = true
			break
		}
		k := keys[i]
		if delim != "" {
			if j := strings.Index(k[len(prefix):], delim); j >= 0 {
				cp := k[:len(prefix)+j+len(delim)]
				if len(prefixesSeen) == 0 || prefixesSeen[len(prefixesSeen)-1] != cp {
					prefixesSeen = append(prefixesSeen, cp)
					n++
				}
				last = k
				// skip the rest of the common prefix
				i, _ = slices.BinarySearch(keys, cp+"\xff")
				i--
				continue
			}
		}
		fmt.Fprintf(&b, `<Contents><Key>%s</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>"x"</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>`, k)
		last = k
		n++
	}
	for _, cp := range prefixesSeen {
		fmt.Fprintf(&b, `<CommonPrefixes><Prefix>%s</Prefix></CommonPrefixes>`, cp)
	}
	fmt.Fprintf(&b, `<KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>%t</IsTruncated>`, n, truncated)
	if truncated {
		fmt.Fprintf(&b, `<NextContinuationToken>%s</NextContinuationToken>`, last)
	}
	b.WriteString(`</ListBucketResult>`)
	w.Header().Set("Content-Type", "application/xml")
	io.WriteString(w, b.String())
}
