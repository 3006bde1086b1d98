package s3nav_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
)

// fake is an in-process S3: gofakes3 over s3mem behind httptest. With extended, the demo
// handler adds tagging and url-encoded listings in front of gofakes3.
type fake struct {
	backend *s3mem.Backend
	url     string
	nav     *s3nav.Client
}

func newFake(t *testing.T, extended bool, wrap ...func(http.Handler) http.Handler) *fake {
	t.Helper()
	backend := s3mem.New()
	var h http.Handler = gofakes3.New(backend).Server()
	if extended {
		h = demo.Handler(backend)
	}
	for _, w := range wrap {
		h = w(h)
	}
	srv := httptest.NewUnstartedServer(h)
	// gofakes3 logs a superfluous WriteHeader when a client hangs up mid-body, as Preview does.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return &fake{backend: backend, url: srv.URL, nav: s3nav.New(demo.Config(srv.URL))}
}

func (f *fake) bucket(t *testing.T, name string) {
	t.Helper()
	if err := f.backend.CreateBucket(name); err != nil {
		t.Fatal(err)
	}
}

func (f *fake) put(t *testing.T, bucket, key string, body []byte, meta map[string]string) {
	t.Helper()
	m := map[string]string{"Last-Modified": time.Now().UTC().Format(http.TimeFormat)}
	for k, v := range meta {
		m[k] = v
	}
	if _, err := f.backend.PutObject(bucket, key, m, bytes.NewReader(body), int64(len(body)), nil); err != nil {
		t.Fatal(err)
	}
}

// listAll drains a Lister and returns every entry and the number of pages.
func listAll(t *testing.T, l *s3nav.Lister) (entries []s3nav.Entry, pages int) {
	t.Helper()
	for {
		p, err := l.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		entries = append(entries, p.Entries...)
		if !p.More {
			return entries, pages
		}
		if pages > 10_000 {
			t.Fatal("listing does not end")
		}
	}
}

func TestListerPaginatesRecursively(t *testing.T) {
	for _, extended := range []bool{false, true} {
		t.Run(fmt.Sprintf("extended=%v", extended), func(t *testing.T) {
			f := newFake(t, extended)
			f.bucket(t, "many")
			var want []string
			for i := 0; i < 257; i++ {
				key := fmt.Sprintf("p%d/sub%d/key-%04d", i%4, i%3, i)
				want = append(want, key)
				f.put(t, "many", key, []byte(key), nil)
			}
			entries, pages := listAll(t, f.nav.NewLister("many", "", true, 10))
			if pages < 26 {
				t.Errorf("%d pages for 257 keys at 10 a page", pages)
			}
			seen := map[string]int{}
			for _, e := range entries {
				if e.IsPrefix {
					t.Errorf("recursive listing returned a prefix %q", e.Key)
				}
				if e.Name != e.Key || e.Size != int64(len(e.Key)) || e.LastModified.IsZero() || e.ETag == "" {
					t.Errorf("entry %+v incomplete", e)
				}
				seen[e.Key]++
			}
			for _, k := range want {
				if seen[k] != 1 {
					t.Errorf("key %s seen %d times", k, seen[k])
				}
			}
			if len(seen) != len(want) {
				t.Errorf("%d distinct keys, want %d", len(seen), len(want))
			}
		})
	}
}

func TestListerDeduplicatesPrefixesAcrossPages(t *testing.T) {
	f := newFake(t, false) // plain gofakes3 repeats prefixes with a small MaxKeys
	f.bucket(t, "dirs")
	for d := 0; d < 10; d++ {
		for k := 0; k < 5; k++ {
			f.put(t, "dirs", fmt.Sprintf("d%02d/f%d", d, k), []byte("x"), nil)
		}
	}
	for k := 0; k < 4; k++ {
		f.put(t, "dirs", fmt.Sprintf("top-%d", k), []byte("x"), nil)
	}

	// The raw API shows the repeats this guards against.
	api := s3.NewFromConfig(demo.Config(f.url), func(o *s3.Options) { o.UsePathStyle = true })
	rawPrefixes := 0
	p := s3.NewListObjectsV2Paginator(api, &s3.ListObjectsV2Input{Bucket: aws.String("dirs"), Delimiter: aws.String("/"), MaxKeys: aws.Int32(3)})
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		rawPrefixes += len(out.CommonPrefixes)
	}
	if rawPrefixes <= 10 {
		t.Logf("this gofakes3 no longer repeats prefixes (%d for 10)", rawPrefixes)
	}

	entries, _ := listAll(t, f.nav.NewLister("dirs", "", false, 3))
	var prefixes, objects []string
	for _, e := range entries {
		if e.IsPrefix {
			prefixes = append(prefixes, e.Key)
		} else {
			objects = append(objects, e.Key)
		}
	}
	if len(prefixes) != 10 {
		t.Errorf("prefixes %v (raw API returned %d), want 10 distinct", prefixes, rawPrefixes)
	}
	slices.Sort(prefixes)
	if len(slices.Compact(prefixes)) != len(prefixes) {
		t.Errorf("duplicate prefixes %v", prefixes)
	}
	if !slices.Equal(objects, []string{"top-0", "top-1", "top-2", "top-3"}) {
		t.Errorf("objects %v", objects)
	}
}

func TestPrefixNavigationTwoLevels(t *testing.T) {
	f := newFake(t, true)
	f.bucket(t, "photos")
	for _, k := range []string{"2024/01/a.jpg", "2024/01/b.jpg", "2024/01/thumbs/a.jpg", "2024/02/c.jpg", "2024/readme", "raw/x.nef", "top.txt"} {
		f.put(t, "photos", k, []byte("data"), nil)
	}
	steps := []struct {
		prefix string
		want   []string // Name, with "/" marking prefixes
	}{
		{"", []string{"2024/", "raw/", "top.txt"}},
		{"2024/", []string{"01/", "02/", "readme"}},
		{"2024/01/", []string{"thumbs/", "a.jpg", "b.jpg"}},
	}
	for _, s := range steps {
		entries, _ := listAll(t, f.nav.NewLister("photos", s.prefix, false, 2))
		var names []string
		for _, e := range entries {
			names = append(names, e.Name)
			if e.Key != s.prefix+e.Name {
				t.Errorf("key %q is not prefix %q + name %q", e.Key, s.prefix, e.Name)
			}
			if e.IsPrefix != strings.HasSuffix(e.Name, "/") {
				t.Errorf("%q: IsPrefix=%v", e.Key, e.IsPrefix)
			}
		}
		// Each page lists its prefixes first; compare as sets of prefixes and objects.
		slices.Sort(names)
		want := slices.Clone(s.want)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("listing %q: %v, want %v", s.prefix, names, want)
		}
	}
}

func TestListerAfterLastPageAndErrors(t *testing.T) {
	f := newFake(t, true)
	f.bucket(t, "b")
	f.put(t, "b", "k", []byte("v"), nil)
	l := f.nav.NewLister("b", "", false, 0)
	p, err := l.Next(context.Background())
	if err != nil || p.More || len(p.Entries) != 1 {
		t.Fatalf("first page %+v, %v", p, err)
	}
	p, err = l.Next(context.Background())
	if err != nil || p.More || len(p.Entries) != 0 {
		t.Fatalf("after the end: %+v, %v", p, err)
	}

	_, err = f.nav.NewLister("missing", "some/prefix/", false, 0).Next(context.Background())
	var apiErr smithy.APIError
	if err == nil || !errors.As(err, &apiErr) || apiErr.ErrorCode() != "NoSuchBucket" {
		t.Fatalf("want NoSuchBucket, got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "listing s3://missing/some/prefix/: ") {
		t.Errorf("error not wrapped with the action: %v", err)
	}
	if d := s3nav.Describe(err); d != "listing s3://missing/some/prefix/: NoSuchBucket: The specified bucket does not exist — check the bucket name" {
		t.Errorf("Describe = %q", d)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.nav.NewLister("b", "", false, 0).Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestBucketsSortedWithDates(t *testing.T) {
	f := newFake(t, true)
	for _, b := range []string{"zeta", "alpha", "mid"} {
		f.bucket(t, b)
	}
	got, err := f.nav.Buckets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range got {
		names = append(names, b.Name)
		if b.Created.IsZero() || time.Since(b.Created) > time.Hour {
			t.Errorf("bucket %s created %v", b.Name, b.Created)
		}
	}
	if !slices.Equal(names, []string{"alpha", "mid", "zeta"}) {
		t.Errorf("buckets %v", names)
	}
}

// regionServer reports a region for one bucket (as S3 does in x-amz-bucket-region) and records
// the region each request was signed for.
type regionServer struct {
	mu      sync.Mutex
	regions map[string]string // "METHOD /path" -> signing region
}

func (rs *regionServer) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Authorization: AWS4-HMAC-SHA256 Credential=demo/20240101/eu-west-3/s3/aws4_request, …
		auth := r.Header.Get("Authorization")
		if _, cred, ok := strings.Cut(auth, "Credential="); ok {
			parts := strings.Split(cred, "/")
			if len(parts) > 2 {
				rs.mu.Lock()
				rs.regions[r.Method+" "+r.URL.Path] = parts[2]
				rs.mu.Unlock()
			}
		}
		if r.Method == http.MethodHead && r.URL.Path == "/far-away" {
			w.Header().Set("X-Amz-Bucket-Region", "eu-west-3")
		}
		if r.Method == http.MethodHead && r.URL.Path == "/hostile" {
			w.Header().Set("X-Amz-Bucket-Region", "evil.example.com/")
		}
		next.ServeHTTP(w, r)
	})
}

func TestBucketInAnotherRegionIsListedThere(t *testing.T) {
	rs := &regionServer{regions: map[string]string{}}
	f := newFake(t, true, rs.wrap)
	for _, b := range []string{"far-away", "local", "hostile"} {
		f.bucket(t, b)
		f.put(t, b, "k", []byte("v"), nil)
	}
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ { // the cache is shared: hammer it concurrently
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := f.nav.BucketRegion(ctx, "far-away")
			if err == nil && r != "eu-west-3" {
				err = fmt.Errorf("region %q", r)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// With an endpoint override, no answer (gofakes3) or a bad one means the configured region.
	for _, b := range []string{"local", "hostile"} {
		if r, err := f.nav.BucketRegion(ctx, b); err != nil || r != demo.Region {
			t.Errorf("BucketRegion(%s) = %q, %v; want the configured %s", b, r, err, demo.Region)
		}
	}

	for _, b := range []string{"far-away", "local", "hostile"} {
		entries, _ := listAll(t, f.nav.NewLister(b, "", false, 0))
		if len(entries) != 1 {
			t.Errorf("%s: %v", b, entries)
		}
		if _, err := f.nav.Head(ctx, b, "k"); err != nil {
			t.Errorf("head in %s: %v", b, err)
		}
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for path, want := range map[string]string{
		"GET /far-away": "eu-west-3", "HEAD /far-away/k": "eu-west-3",
		"GET /local": demo.Region, "GET /hostile": demo.Region,
	} {
		if got := rs.regions[path]; got != want {
			t.Errorf("%s signed for %q, want %q", path, got, want)
		}
	}
}

func TestHeadMetadataAndTags(t *testing.T) {
	f := newFake(t, true)
	f.bucket(t, "b")
	f.put(t, "b", "docs/report.json", []byte(`{"ok":true}`), map[string]string{
		"Content-Type":     "application/json",
		"X-Amz-Meta-Owner": "ana",
		"Cache-Control":    "max-age=60",
	})
	api := s3.NewFromConfig(demo.Config(f.url), func(o *s3.Options) { o.UsePathStyle = true })
	_, err := api.PutObjectTagging(context.Background(), &s3.PutObjectTaggingInput{
		Bucket: aws.String("b"), Key: aws.String("docs/report.json"),
		Tagging: &types.Tagging{TagSet: []types.Tag{
			{Key: aws.String("team"), Value: aws.String("data")},
			{Key: aws.String("env"), Value: aws.String("demo")},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}

	info, err := f.nav.Head(context.Background(), "b", "docs/report.json")
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != 11 || info.ContentType != "application/json" || info.CacheControl != "max-age=60" ||
		info.ETag == "" || info.StorageClass != "STANDARD" || info.LastModified.IsZero() {
		t.Errorf("metadata %+v", info)
	}
	if info.Metadata["owner"] != "ana" {
		t.Errorf("user metadata %v", info.Metadata)
	}
	if want := []s3nav.Tag{{Key: "env", Value: "demo"}, {Key: "team", Value: "data"}}; !slices.Equal(info.Tags, want) || info.TagsNote != "" {
		t.Errorf("tags %v (note %q), want %v", info.Tags, info.TagsNote, want)
	}

	_, err = f.nav.Head(context.Background(), "b", "nope")
	if err == nil || !strings.HasPrefix(err.Error(), "reading metadata of s3://b/nope: ") {
		t.Errorf("missing object: %v", err)
	}
}

func TestHeadToleratesMissingTagging(t *testing.T) {
	// Plain gofakes3 has no tagging API (it answers with the object's body): the metadata must
	// still arrive.
	f := newFake(t, false)
	f.bucket(t, "b")
	f.put(t, "b", "k.txt", []byte("hello"), map[string]string{"Content-Type": "text/plain"})
	info, err := f.nav.Head(context.Background(), "b", "k.txt")
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != 5 || info.ContentType != "text/plain" || len(info.Tags) != 0 {
		t.Errorf("info %+v", info)
	}

	// Endpoints that refuse tagging.
	for _, c := range []struct {
		status int
		code   string
		note   string
	}{
		{http.StatusForbidden, "AccessDenied", "s3:GetObjectTagging"},
		{http.StatusNotImplemented, "NotImplemented", "does not support object tagging"},
		{http.StatusInternalServerError, "InternalError", "tags unavailable: InternalError: boom"},
	} {
		refuse := func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if _, ok := r.URL.Query()["tagging"]; ok {
					w.Header().Set("Content-Type", "application/xml")
					w.WriteHeader(c.status)
					fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>boom</Message></Error>`, c.code)
					return
				}
				next.ServeHTTP(w, r)
			})
		}
		f = newFake(t, true, refuse)
		f.nav = s3nav.New(demo.Config(f.url), func(o *s3.Options) { o.RetryMaxAttempts = 1 })
		f.bucket(t, "b")
		f.put(t, "b", "k.txt", []byte("hello"), nil)
		info, err = f.nav.Head(context.Background(), "b", "k.txt")
		if err != nil {
			t.Fatalf("%s: %v", c.code, err)
		}
		if info.Size != 5 || len(info.Tags) != 0 || !strings.Contains(info.TagsNote, c.note) {
			t.Errorf("%s: size %d, tags %v, note %q", c.code, info.Size, info.Tags, info.TagsNote)
		}
	}
}

func TestPreview(t *testing.T) {
	f := newFake(t, true)
	f.bucket(t, "b")
	rng := rand.New(rand.NewPCG(7, 7))
	random := make([]byte, 100_000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	bigText := bytes.Repeat([]byte("0123456789abcdef\n"), 200_000/17+1)
	// A 3-byte character straddles the 64 KiB limit: still text.
	cut := append(bytes.Repeat([]byte("a"), 65535), []byte("€ and more")...)
	f.put(t, "b", "small.txt", []byte("hello\nworld\n"), nil)
	f.put(t, "b", "big.txt", bigText, nil)
	f.put(t, "b", "random.bin", random, nil)
	f.put(t, "b", "cut.txt", cut, nil)
	f.put(t, "b", "empty", nil, nil)
	f.put(t, "b", "colour.log", []byte("\x1b[31mred\x1b[0m\r\nbell\a\n"), nil)

	cases := []struct {
		key               string
		n                 int
		total             int64
		truncated, binary bool
	}{
		{"small.txt", 12, 12, false, false},
		{"big.txt", 65536, int64(len(bigText)), true, false},
		{"random.bin", 65536, 100_000, true, true},
		{"cut.txt", 65536, int64(len(cut)), true, false},
		{"empty", 0, 0, false, false},
		{"colour.log", 20, 20, false, false},
	}
	for _, c := range cases {
		p, err := f.nav.Preview(context.Background(), "b", c.key, 0)
		if err != nil {
			t.Fatalf("%s: %v", c.key, err)
		}
		if len(p.Data) != c.n || p.Total != c.total || p.Truncated != c.truncated || p.Binary != c.binary {
			t.Errorf("%s: len %d total %d truncated %v binary %v; want %d %d %v %v",
				c.key, len(p.Data), p.Total, p.Truncated, p.Binary, c.n, c.total, c.truncated, c.binary)
		}
		r := s3nav.Render(p)
		if strings.ContainsFunc(r, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 }) {
			t.Errorf("%s: Render let a control character through: %q", c.key, r)
		}
	}

	p, _ := f.nav.Preview(context.Background(), "b", "colour.log", 0)
	if got, want := s3nav.Render(p), "\\x1b[31mred\\x1b[0m\nbell\\x07\n"; got != want {
		t.Errorf("Render(colour.log) = %q, want %q", got, want)
	}
	p, _ = f.nav.Preview(context.Background(), "b", "random.bin", 0)
	if r := s3nav.Render(p); !strings.HasPrefix(r, "00000000  ") || strings.Count(r, "\n") != 65536/16 {
		t.Errorf("hex dump looks wrong: %.200q", r)
	}
	p, _ = f.nav.Preview(context.Background(), "b", "cut.txt", 0)
	if r := s3nav.Render(p); strings.Contains(r, `\x`) || len(r) != 65535 {
		t.Errorf("a character cut by the limit shows up as %q", r[len(r)-8:])
	}
	p, err := f.nav.Preview(context.Background(), "b", "big.txt", 100)
	if err != nil || len(p.Data) != 100 || !p.Truncated {
		t.Errorf("custom limit: %d bytes, truncated %v, %v", len(p.Data), p.Truncated, err)
	}
}

func TestPreviewNeverReadsPastLimit(t *testing.T) {
	// A server that ignores Range sends the whole object; Preview must still stop at the limit.
	ignoreRange := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Header.Del("Range")
			next.ServeHTTP(w, r)
		})
	}
	f := newFake(t, true, ignoreRange)
	f.bucket(t, "b")
	f.put(t, "b", "huge.txt", bytes.Repeat([]byte("x"), 8<<20), nil)
	p, err := f.nav.Preview(context.Background(), "b", "huge.txt", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Data) != 65536 || p.Total != 8<<20 || !p.Truncated {
		t.Errorf("len %d total %d truncated %v", len(p.Data), p.Total, p.Truncated)
	}
}

func TestKeysWithControlCharactersRoundTrip(t *testing.T) {
	f := newFake(t, true)
	f.bucket(t, "b")
	evil := "dir/\x1b[2J\x1b]0;title\x07 + space %41.txt"
	f.put(t, "b", evil, []byte("x"), nil)
	entries, _ := listAll(t, f.nav.NewLister("b", "dir/", false, 0))
	if len(entries) != 1 || entries[0].Key != evil || entries[0].Name != strings.TrimPrefix(evil, "dir/") {
		t.Fatalf("entries %+v, want the exact key %q", entries, evil)
	}
	if _, err := f.nav.Head(context.Background(), "b", entries[0].Key); err != nil {
		t.Errorf("the listed key does not open: %v", err)
	}
	// Prefixes holding controls are decoded too.
	f.put(t, "b", "\x1b[31m/inner", []byte("x"), nil)
	entries, _ = listAll(t, f.nav.NewLister("b", "", false, 0))
	var keys []string
	for _, e := range entries {
		keys = append(keys, e.Key)
	}
	if !slices.Contains(keys, "\x1b[31m/") {
		t.Errorf("prefix with ESC not decoded: %q", keys)
	}
}

// toLocal sends what the SDK addresses to AWS (virtual-hosted bucket.s3.REGION.amazonaws.com)
// to the local fake instead, path-style, and records the hosts asked for: the client runs as it
// would against AWS, with no endpoint override.
type toLocal struct {
	target string
	mu     sync.Mutex
	hosts  map[string]string // "METHOD bucket" -> host
}

func (tl *toLocal) RoundTrip(r *http.Request) (*http.Response, error) {
	host := r.URL.Host
	bucket, _, found := strings.Cut(host, ".s3.")
	if !found || strings.HasPrefix(host, "s3.") {
		bucket = ""
	}
	tl.mu.Lock()
	tl.hosts[r.Method+" "+bucket] = host
	tl.mu.Unlock()
	out := r.Clone(r.Context())
	out.URL.Scheme, out.URL.Host, out.Host = "http", tl.target, ""
	if bucket != "" {
		out.URL.Path, out.URL.RawPath = "/"+bucket+r.URL.Path, ""
	}
	return http.DefaultTransport.RoundTrip(out)
}

func TestAWSAddressingFollowsBucketRegion(t *testing.T) {
	refuseRegion := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			path := strings.TrimSuffix(r.URL.Path, "/") // virtual-hosted requests end in "/"
			switch {
			case r.Method == http.MethodHead && path == "/far-away":
				w.Header().Set("X-Amz-Bucket-Region", "ap-southeast-2")
			case r.Method == http.MethodHead && path == "/locked":
				w.WriteHeader(http.StatusForbidden) // no region header: the lookup fails
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	f := newFake(t, true, refuseRegion)
	for _, b := range []string{"far-away", "locked"} {
		f.bucket(t, b)
		f.put(t, b, "k", []byte("v"), nil)
	}
	tl := &toLocal{target: strings.TrimPrefix(f.url, "http://"), hosts: map[string]string{}}
	cfg := demo.Config(f.url)
	cfg.BaseEndpoint = nil
	cfg.HTTPClient = &http.Client{Transport: tl}
	nav := s3nav.New(cfg)
	if nav.CustomEndpoint() {
		t.Fatal("no endpoint override, yet CustomEndpoint")
	}
	ctx := context.Background()

	if _, err := nav.BucketRegion(ctx, "locked"); err == nil || !strings.HasPrefix(err.Error(), "finding the region of bucket locked: ") {
		t.Errorf("a failed lookup against AWS must be an error: %v", err)
	}
	for _, b := range []string{"far-away", "locked"} {
		if entries, _ := listAll(t, nav.NewLister(b, "", false, 0)); len(entries) != 1 {
			t.Errorf("%s: %+v", b, entries)
		}
	}
	if _, err := nav.Buckets(ctx); err != nil {
		t.Fatal(err)
	}
	tl.mu.Lock()
	defer tl.mu.Unlock()
	for req, want := range map[string]string{
		"GET far-away": "far-away.s3.ap-southeast-2.amazonaws.com",
		"GET locked":   "locked.s3.us-east-1.amazonaws.com",
		"GET ":         "s3.us-east-1.amazonaws.com",
	} {
		if got := tl.hosts[req]; got != want {
			t.Errorf("%s went to %q, want %q", req, got, want)
		}
	}
}

// cannedS3 answers every request with the same status and body: for server behaviours gofakes3
// does not show (a looping continuation token, 416 on an empty object).
func cannedS3(t *testing.T, status int, body string) *s3nav.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return s3nav.New(demo.Config(srv.URL), func(o *s3.Options) { o.RetryMaxAttempts = 1 })
}

func TestListerStopsOnARepeatedToken(t *testing.T) {
	nav := cannedS3(t, http.StatusOK, `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix>
<KeyCount>1</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>same</NextContinuationToken>
<Contents><Key>k</Key><Size>1</Size></Contents></ListBucketResult>`)
	l := nav.NewLister("b", "", false, 1)
	p, err := l.Next(context.Background())
	if err != nil || !p.More || len(p.Entries) != 1 {
		t.Fatalf("first page %+v, %v", p, err)
	}
	p, err = l.Next(context.Background())
	if err == nil || !strings.Contains(err.Error(), "same continuation token") || p.More {
		t.Fatalf("second page %+v, %v; want the loop detected", p, err)
	}
	if p, err := l.Next(context.Background()); err != nil || p.More {
		t.Fatalf("after the loop: %+v, %v", p, err)
	}
}

func TestPreviewOfEmptyObjectOn416(t *testing.T) {
	nav := cannedS3(t, http.StatusRequestedRangeNotSatisfiable, `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message></Error>`)
	p, err := nav.Preview(context.Background(), "b", "empty", 0)
	if err != nil || p.Total != 0 || len(p.Data) != 0 || p.Truncated || p.Binary {
		t.Fatalf("preview %+v, %v", p, err)
	}
}
