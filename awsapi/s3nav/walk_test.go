package s3nav_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
)

// walkKeys is a key space with every shape the split must keep in order: objects beside common
// prefixes whose bytes sort just before and after "/" ("a!", "a0"), nesting, an empty-named
// folder marker, keys without a delimiter and a prefix that holds only deeper prefixes.
var walkKeys = []string{
	"a!", "a/1", "a/2/x", "a/2/y", "a/3", "a0", "b", "c/", "c/d/e/f/g", "c/d/e/h", "c/z",
	"d/d/d/1", "d/d/d/2", "e//double", "f", "top/only/deep/1", "zz", "\u00e9t\u00e9/1", "~",
}

func walkFake(t *testing.T, wrap ...func(http.Handler) http.Handler) *fake {
	t.Helper()
	f := newFake(t, true, wrap...)
	f.bucket(t, "walk")
	for _, k := range walkKeys {
		f.put(t, "walk", k, []byte(k), nil)
	}
	for i := range 150 {
		f.put(t, "walk", fmt.Sprintf("many/%03d/k", i), nil, nil)
	}
	return f
}

// sequential is one recursive ListObjectsV2 walk: the order Walk must reproduce.
func sequential(t *testing.T, nav *s3nav.Client, bucket, prefix string) []string {
	t.Helper()
	entries, _ := listAll(t, nav.NewLister(bucket, prefix, true, 0))
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.Key
	}
	return keys
}

func walk(nav *s3nav.Client, bucket, prefix string, opt s3nav.WalkOptions) ([]string, error) {
	var keys []string
	err := nav.Walk(context.Background(), bucket, prefix, opt, func(es []s3nav.Entry) error {
		for _, e := range es {
			if e.IsPrefix {
				return fmt.Errorf("a prefix in a walk: %q", e.Key)
			}
			if e.Name != strings.TrimPrefix(e.Key, prefix) {
				return fmt.Errorf("name %q of key %q under %q", e.Name, e.Key, prefix)
			}
			keys = append(keys, e.Key)
		}
		return nil
	})
	return keys, err
}

func TestWalkMatchesTheSequentialListing(t *testing.T) {
	f := walkFake(t)
	for _, prefix := range []string{"", "a", "a/", "c/", "many/", "many/01", "nothing/"} {
		want := sequential(t, f.nav, "walk", prefix)
		for _, opt := range []s3nav.WalkOptions{
			{},
			{Concurrency: 1},
			{Concurrency: 3, PageSize: 2, Buffer: 1},
			{Concurrency: 4, MinParts: 1000, PageSize: 7}, // splits to the deepest level
			{Concurrency: 2, MinParts: 1000, MaxDepth: 1},
			{Concurrency: 3, MaxParts: 2, PageSize: 2},                 // ranges of prefixes
			{Concurrency: 2, MinParts: 1000, MaxParts: 3, PageSize: 5}, // deep, then ranges
		} {
			got, err := walk(f.nav, "walk", prefix, opt)
			if err != nil {
				t.Fatalf("%q %+v: %v", prefix, opt, err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q %+v:\n got %q\nwant %q", prefix, opt, got, want)
			}
		}
	}
}

// inflight holds recursive listings until n of them are waiting at once (or a long deadline
// passes, so a sequential walk fails the test instead of hanging it).
type inflight struct {
	n       int
	mu      sync.Mutex
	waiting int
	most    int
	release chan struct{}
}

func (g *inflight) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Has("list-type") && !q.Has("delimiter") && q.Get("continuation-token") == "" {
			g.mu.Lock()
			g.waiting++
			g.most = max(g.most, g.waiting)
			if g.waiting == g.n {
				close(g.release)
			}
			g.mu.Unlock()
			select {
			case <-g.release:
			case <-time.After(20 * time.Second):
			}
		}
		next.ServeHTTP(w, r)
	})
}

func TestWalkListsPartsConcurrently(t *testing.T) {
	g := &inflight{n: 4, release: make(chan struct{})}
	f := walkFake(t, g.wrap)
	got, err := walk(f.nav, "walk", "many/", s3nav.WalkOptions{Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 150 {
		t.Errorf("%d keys", len(got))
	}
	if g.most < 4 {
		t.Errorf("at most %d listings at once, want 4", g.most)
	}
}

func TestWalkStopsAtTheFirstError(t *testing.T) {
	failOn := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("prefix") == "many/100/" {
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `<Error><Code>AccessDenied</Code><Message>no</Message></Error>`)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	f := walkFake(t, failOn)
	got, err := walk(f.nav, "walk", "many/", s3nav.WalkOptions{Concurrency: 8, MaxParts: 1000}) // a part per prefix
	if err == nil || !strings.Contains(err.Error(), "listing s3://walk/many/100/: AccessDenied") {
		t.Fatalf("error %v", err)
	}
	want := sequential(t, f.nav, "walk", "many/")[:100]
	if !slices.Equal(got, want) {
		t.Errorf("before the error: got %d keys, want the first 100 in order", len(got))
	}

	// The same in ranges of prefixes (150 prefixes, at most 10 ranges of 15): the range from
	// many/090/ fails, after the first 90 keys.
	failRange := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("start-after") == "many/090." {
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `<Error><Code>AccessDenied</Code><Message>no</Message></Error>`)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	f = walkFake(t, failRange)
	got, err = walk(f.nav, "walk", "many/", s3nav.WalkOptions{Concurrency: 8, MaxParts: 10})
	if err == nil || !strings.Contains(err.Error(), "AccessDenied") {
		t.Fatalf("error %v", err)
	}
	if !slices.Equal(got, want[:90]) {
		t.Errorf("before the range's error: got %d keys, want the first 90 in order", len(got))
	}

	stop := errors.New("enough")
	n := 0
	err = f.nav.Walk(context.Background(), "walk", "", s3nav.WalkOptions{Concurrency: 2, Buffer: 1, PageSize: 1},
		func(es []s3nav.Entry) error {
			n += len(es)
			if n >= 3 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) {
		t.Errorf("the callback's error: %v", err)
	}
}

// Each part's listing starts just below its prefix (StartAfter): gofakes3, as the demo's server,
// begins a listing without a marker at the bucket's first key whatever the prefix, so the parts
// of a walk would read every key before them, each.
func TestWalkPartsStartAtTheirPrefix(t *testing.T) {
	var mu sync.Mutex
	firsts := map[string]string{} // prefix → start-after of its first page
	record := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			if q.Has("list-type") && q.Get("prefix") != "" && !q.Has("continuation-token") {
				mu.Lock()
				firsts[q.Get("prefix")] = q.Get("start-after")
				mu.Unlock()
			}
			next.ServeHTTP(w, r)
		})
	}
	f := walkFake(t, record)
	got, err := walk(f.nav, "walk", "", s3nav.WalkOptions{MinParts: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if want := sequential(t, f.nav, "walk", ""); !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if len(firsts) < 10 {
		t.Fatalf("%d prefixes listed", len(firsts))
	}
	for prefix, after := range firsts {
		if want := prefix[:len(prefix)-1] + string(prefix[len(prefix)-1]-1); after != want {
			t.Errorf("the listing of %q starts after %q, want %q", prefix, after, want)
		}
	}
}

// handlerTransport serves requests with a handler in the caller's goroutine, no network: inside
// a synctest bubble every goroutine of the walk is then one the bubble can see waiting.
type handlerTransport struct {
	h    http.Handler
	onOK func(r *http.Request, body []byte)
}

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	if rec.Code == http.StatusOK && t.onOK != nil {
		t.onOK(r, rec.Body.Bytes())
	}
	return rec.Result(), nil
}

// However slowly the caller takes the pages, the parts listed ahead of it hold at most Buffer
// pages together, beyond one page each: memory is bounded by the options, not by the bucket.
// (Before, each part could hold Buffer pages: Concurrency × Buffer pages, ~180 MB with the
// defaults.)
func TestWalkReadAheadIsBounded(t *testing.T) {
	const parts, perPart, pageSize = 8, 40, 2
	backend := s3mem.New()
	if err := backend.CreateBucket("ahead"); err != nil {
		t.Fatal(err)
	}
	var want []string
	for p := range parts {
		for i := range perPart {
			k := fmt.Sprintf("p%d/%03d", p, i)
			want = append(want, k)
			if _, err := backend.PutObject("ahead", k, map[string]string{}, bytes.NewReader(nil), 0, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, opt := range []s3nav.WalkOptions{
		{Concurrency: 4, Buffer: 2, PageSize: pageSize},
		{Concurrency: 3, Buffer: 1, PageSize: pageSize},
		{Concurrency: 8, Buffer: 5, PageSize: pageSize},
	} {
		synctest.Test(t, func(t *testing.T) {
			var listed atomic.Int64 // pages of keys the parts' (recursive) listings were served
			cfg := demo.Config("http://s3.test")
			cfg.HTTPClient = &http.Client{Transport: handlerTransport{h: demo.Handler(backend), onOK: func(r *http.Request, body []byte) {
				if q := r.URL.Query(); q.Has("list-type") && !q.Has("delimiter") && bytes.Contains(body, []byte("<Contents>")) {
					listed.Add(1)
				}
			}}}
			cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
			nav := s3nav.New(cfg)
			var got []string
			taken, most := 0, int64(0)
			err := nav.Walk(context.Background(), "ahead", "", opt, func(es []s3nav.Entry) error {
				taken++
				synctest.Wait() // every listing has gone as far ahead as it may
				most = max(most, listed.Load()-int64(taken))
				for _, e := range es {
					got = append(got, e.Key)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%+v: got %d keys, want %d in order", opt, len(got), len(want))
			}
			if bound := int64(opt.Buffer + opt.Concurrency); most > bound {
				t.Errorf("%+v: %d pages listed ahead of the caller, want at most %d", opt, most, bound)
			}
			if most < int64(opt.Buffer) {
				t.Errorf("%+v: only %d pages listed ahead: the walk does not read ahead", opt, most)
			}
		})
	}
}

// A level of many small prefixes is listed in at most MaxParts ranges, not one listing per
// prefix: 300 prefixes of two keys took 301 requests where one sequential listing takes one.
// Objects between the prefixes, and keys that sort between a range's StartAfter hint and its
// first prefix ("k100.x" before "k100/"), stay in their place, once.
func TestWalkGroupsSmallPrefixes(t *testing.T) {
	var requests atomic.Int64
	count := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("list-type") {
				requests.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	}
	f := newFake(t, true, count)
	f.bucket(t, "many")
	for i := range 300 {
		for _, k := range []string{"%03d/a", "%03d/b"} {
			f.put(t, "many", fmt.Sprintf("k"+k, i), nil, nil)
		}
	}
	for _, k := range []string{"k049x", "k100.x", "k100", "k299z", "a-first", "zz-last", "k150/"} {
		f.put(t, "many", k, nil, nil)
	}
	want := sequential(t, f.nav, "many", "")
	for _, opt := range []s3nav.WalkOptions{
		{Concurrency: 4},              // at most 16 parts
		{Concurrency: 4, MaxParts: 7}, // uneven groups
		{Concurrency: 3, MaxParts: 5, PageSize: 3, Buffer: 1},
		{Concurrency: 2, MaxParts: 300}, // a part per prefix, as before
	} {
		requests.Store(0)
		got, err := walk(f.nav, "many", "", opt)
		if err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%+v:\n got %q\nwant %q", opt, got, want)
		}
		parts := opt.MaxParts
		if parts == 0 {
			parts = 4 * opt.Concurrency
		}
		if opt.PageSize == 0 && requests.Load() > int64(1+parts) {
			t.Errorf("%+v: %d requests, want at most %d", opt, requests.Load(), 1+parts)
		}
	}
}
