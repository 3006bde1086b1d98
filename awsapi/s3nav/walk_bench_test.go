package s3nav_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
)

// The listing benchmarks compare Walk with the typed SDK's sequential ListObjectsV2 paginator on
// one server: 100,000 keys under 20 top-level prefixes (p00/ … p19/), every request 20 ms late
// (as a far region is). Each reports both times and their ratio; both must bring every key once,
// in order.
const benchKeys, benchPrefixes = 100_000, 20

func benchWant() []string {
	want := make([]string, 0, benchKeys)
	for i := range benchKeys {
		want = append(want, benchKey(i))
	}
	slices.Sort(want) // byte order, as S3 lists
	return want
}

func benchKey(i int) string { return fmt.Sprintf("p%02d/%06d", i%benchPrefixes, i) }

// BenchmarkWalkVsPaginator runs on gofakes3 in this process (its routing, XML and paging), on
// a backend that answers a listing as S3's index does: from the first key of the prefix (or after
// the marker) to its last, O(page) whatever the bucket holds. Both sides go to the same server.
// go test -run '^$' -bench WalkVsPaginator -benchtime 1x ./awsapi/s3nav
func BenchmarkWalkVsPaginator(b *testing.B) {
	backend := newIndexedBackend(b)
	srv := httptest.NewUnstartedServer(late(demo.Handler(backend)))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	defer srv.Close()
	walkVsPaginator(b, demo.Config(srv.URL), "big")
}

// BenchmarkWalkVsPaginatorS3mem is BenchmarkWalkVsPaginator on gofakes3's own in-memory backend,
// whose listing starts at the bucket's first key whatever the prefix and, on a prefix's last
// page, reads on to the bucket's end to say whether more follow (then one more, empty, page):
// every prefix listed costs it O(all keys), so the walk's 20 prefix listings cost this server 20
// times the paginator's one, on the same 2 CPUs as the client.
func BenchmarkWalkVsPaginatorS3mem(b *testing.B) {
	srv := httptest.NewUnstartedServer(late(demo.Handler(seededS3mem(b))))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	defer srv.Close()
	walkVsPaginator(b, demo.Config(srv.URL), "big")
}

func seededS3mem(b *testing.B) *s3mem.Backend {
	backend := s3mem.New(s3mem.WithTimeSource(gofakes3.FixedTimeSource(time.Unix(1.7e9, 0))))
	if err := backend.CreateBucket("big"); err != nil {
		b.Fatal(err)
	}
	for i := range benchKeys {
		if _, err := backend.PutObject("big", benchKey(i), map[string]string{}, bytes.NewReader(nil), 0, nil); err != nil {
			b.Fatal(err)
		}
	}
	return backend
}

// indexedBackend is s3mem whose ListBucket of the benchmark's bucket reads a sorted index of its
// keys: a binary search to the prefix or past the marker, then the keys of the page, stopping at
// the end of the prefix. The paging is gofakes3's (the marker is the page's last key).
type indexedBackend struct {
	*s3mem.Backend
	keys     []string
	contents []*gofakes3.Content // by index in keys
}

func newIndexedBackend(b *testing.B) *indexedBackend {
	ib := &indexedBackend{Backend: seededS3mem(b), keys: benchWant()}
	list, err := ib.Backend.ListBucket("big", nil, gofakes3.ListBucketPage{})
	if err != nil {
		b.Fatal(err)
	}
	if len(list.Contents) != len(ib.keys) {
		b.Fatalf("s3mem lists %d keys, want %d", len(list.Contents), len(ib.keys))
	}
	ib.contents = list.Contents // in key order, as keys
	return ib
}

func (ib *indexedBackend) ListBucket(name string, prefix *gofakes3.Prefix, page gofakes3.ListBucketPage) (*gofakes3.ObjectList, error) {
	if name != "big" {
		return ib.Backend.ListBucket(name, prefix, page)
	}
	if prefix == nil {
		prefix = &gofakes3.Prefix{}
	}
	out := gofakes3.NewObjectList()
	i, found := slices.BinarySearch(ib.keys, max(prefix.Prefix, page.Marker))
	if found && page.HasMarker && ib.keys[i] == page.Marker {
		i++
	}
	var match gofakes3.PrefixMatch
	var n int64
	last := ""
	for ; i < len(ib.keys) && strings.HasPrefix(ib.keys[i], prefix.Prefix); i++ {
		if page.MaxKeys > 0 && n == page.MaxKeys {
			out.IsTruncated, out.NextMarker = true, last
			break
		}
		prefix.Match(ib.keys[i], &match)
		if match.CommonPrefix {
			out.AddPrefix(match.MatchedPart)
			// The marker skips the whole group: its last key.
			end, _ := slices.BinarySearch(ib.keys, match.MatchedPart+"\xff")
			i = end - 1
		} else {
			out.Add(ib.contents[i])
		}
		last = ib.keys[i]
		n++
	}
	return out, nil
}

// BenchmarkWalkVsPaginatorCheapServer is BenchmarkWalkVsPaginator on a server that answers a
// page in O(page) (binary search over sorted keys) instead of gofakes3: what is left is the 20 ms
// a request, as against S3.
func BenchmarkWalkVsPaginatorCheapServer(b *testing.B) {
	want := benchWant()
	srv := httptest.NewServer(late(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			return
		}
		serveList(w, r, want)
	})))
	defer srv.Close()
	walkVsPaginator(b, demo.Config(srv.URL), "big")
}

// BenchmarkWalkVsPaginatorServer runs against the S3 server at $NIMBUS_BENCH_S3 (credentials
// demo/demo), through a latency proxy in this process: its bucket "big" must hold the benchmark's
// keys. scripts/bench-s3 starts versitygw on a posix directory seeded with them (a real S3
// implementation whose page costs the same for both sides: a directory read and a stat per key).
func BenchmarkWalkVsPaginatorServer(b *testing.B) {
	endpoint := os.Getenv("NIMBUS_BENCH_S3")
	if endpoint == "" {
		b.Skip("NIMBUS_BENCH_S3 is not set (scripts/bench-s3 sets it)")
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		b.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	// One upstream connection per request in flight, kept: net/http's default of 2 idle would
	// close and redial most of them under the walk.
	proxy.Transport = &http.Transport{MaxIdleConnsPerHost: 256}
	proxy.ErrorLog = log.New(io.Discard, "", 0)
	srv := httptest.NewServer(late(proxy))
	defer srv.Close()
	walkVsPaginator(b, demo.Config(srv.URL), "big")
}

// late answers every request 20 ms late; requests wait side by side, never in turn.
func late(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		h.ServeHTTP(w, r)
	})
}

// walkVsPaginator lists bucket with Walk, then with the paginator, b.N times each, and reports
// the times, their ratio, the requests each made and the CPU each used.
func walkVsPaginator(b *testing.B, cfg aws.Config, bucket string) {
	want := benchWant()
	var requests atomic.Int64
	cfg.APIOptions = append(cfg.APIOptions, func(st *middleware.Stack) error {
		return st.Finalize.Add(middleware.FinalizeMiddlewareFunc("count", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			requests.Add(1)
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
	})
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
	// Neither side pays for a cold start in its time: the seeding's garbage is collected and both
	// clients have a connection and their endpoint resolved.
	if _, err := nav.NewLister(bucket, "", false, 1).Next(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := api.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), MaxKeys: aws.Int32(1)}); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.ResetTimer()
	var walkTime, pagTime time.Duration
	var walkReqs, pagReqs int64
	var walkCPU, pagCPU float64
	for range b.N {
		requests.Store(0)
		start, cpu := time.Now(), s3nav.CPUTime()
		got := make([]string, 0, len(want))
		if err := nav.Walk(ctx, bucket, "", s3nav.WalkOptions{}, func(es []s3nav.Entry) error {
			for _, e := range es {
				got = append(got, e.Key)
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		walkTime += time.Since(start)
		walkCPU += s3nav.CPUTime() - cpu
		walkReqs += requests.Swap(0)
		check("Walk", got)
		runtime.GC() // the walk's garbage is not the paginator's to collect

		start, cpu = time.Now(), s3nav.CPUTime()
		got = got[:0]
		p := s3.NewListObjectsV2Paginator(api, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
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
		pagCPU += s3nav.CPUTime() - cpu
		pagReqs += requests.Swap(0)
		check("paginator", got)
		runtime.GC()
	}
	b.ReportMetric(walkTime.Seconds()/float64(b.N), "walk-s")
	b.ReportMetric(pagTime.Seconds()/float64(b.N), "paginator-s")
	b.ReportMetric(pagTime.Seconds()/walkTime.Seconds(), "speedup")
	b.ReportMetric(float64(walkReqs)/float64(b.N), "walk-requests")
	b.ReportMetric(float64(pagReqs)/float64(b.N), "paginator-requests")
	// CPU of this process (client, and the server where it runs in process) per listing: what
	// bounds the walk on 2 CPUs, and what load from other processes does not change much.
	b.ReportMetric(walkCPU/float64(b.N), "walk-cpu-s")
	b.ReportMetric(pagCPU/float64(b.N), "paginator-cpu-s")
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

// BenchmarkWalkOnlyServer is the walk alone against $NIMBUS_BENCH_S3, no latency, no proxy: the
// client's CPU and allocations per walk of the 100,000 keys (cpu-s/op, B/op, allocs/op), what
// the walk costs the machine it shares with the server.
func BenchmarkWalkOnlyServer(b *testing.B) {
	endpoint := os.Getenv("NIMBUS_BENCH_S3")
	if endpoint == "" {
		b.Skip("NIMBUS_BENCH_S3 is not set (scripts/bench-s3 sets it)")
	}
	nav := s3nav.New(demo.Config(endpoint))
	b.ReportAllocs()
	start := s3nav.CPUTime()
	for b.Loop() {
		n := 0
		if err := nav.Walk(context.Background(), "big", "", s3nav.WalkOptions{}, func(es []s3nav.Entry) error {
			n += len(es)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != benchKeys {
			b.Fatalf("%d keys, want %d", n, benchKeys)
		}
	}
	b.ReportMetric((s3nav.CPUTime()-start)/float64(b.N), "cpu-s/op")
}
