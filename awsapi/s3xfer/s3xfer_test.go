package s3xfer_test

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
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// fake is gofakes3 in process (behind the demo handler), with optional wrappers in front.
type fake struct {
	backend *s3mem.Backend
	url     string
	nav     *s3nav.Client
}

func newFake(t *testing.T, wrap ...func(http.Handler) http.Handler) *fake {
	t.Helper()
	backend := s3mem.New()
	var h http.Handler = demo.Handler(backend)
	for _, w := range wrap {
		h = w(h)
	}
	srv := httptest.NewUnstartedServer(h)
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

func (f *fake) put(t *testing.T, bucket, key string, body []byte) {
	t.Helper()
	if _, err := f.backend.PutObject(bucket, key, map[string]string{"Last-Modified": time.Now().UTC().Format(http.TimeFormat)},
		bytes.NewReader(body), int64(len(body)), nil); err != nil {
		t.Fatal(err)
	}
}

func (f *fake) get(t *testing.T, bucket, key string) []byte {
	t.Helper()
	obj, err := f.backend.GetObject(bucket, key, nil)
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	defer obj.Contents.Close()
	b, err := io.ReadAll(obj.Contents)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func randBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func write(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// events records what a Run reported.
type events struct {
	mu  sync.Mutex
	all []s3xfer.Event
}

func (e *events) add(ev s3xfer.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = append(e.all, ev)
}

func (e *events) kinds(i int) []s3xfer.EventKind {
	var out []s3xfer.EventKind
	for _, ev := range e.all {
		if ev.Index == i && (len(out) == 0 || out[len(out)-1] != ev.Kind) {
			out = append(out, ev.Kind)
		}
	}
	return out
}

// small parts, so a 12 MiB file goes in three parts and is downloaded in parts too.
var smallParts = s3xfer.Options{PartSize: 5 << 20, Files: 4, Parts: 3}

func TestUploadAndDownloadADirectory(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	src := t.TempDir()
	files := map[string][]byte{
		"empty":         {},
		"one":           {'x'},
		"a/ten-k.bin":   randBytes(1, 10<<10),
		"a/b/c/deep.md": []byte("# deep\n"),
		"big.bin":       randBytes(2, 12<<20+3),
		"sp ace/é.txt":  []byte("unicode"),
	}
	for rel, b := range files {
		write(t, filepath.Join(src, filepath.FromSlash(rel)), b)
	}
	eng := s3xfer.New(f.nav, smallParts)
	ctx := context.Background()

	plan, err := eng.PlanUpload(src, true, "b", "up", nil)
	if err != nil || len(plan.Warnings) > 0 {
		t.Fatal(err, plan.Warnings)
	}
	if len(plan.Items) != len(files) || plan.Total() != int64(12<<20+3+10<<10+1+7+7) {
		t.Fatalf("plan: %d items, %d bytes", len(plan.Items), plan.Total())
	}
	var ev events
	sum := eng.Run(ctx, plan.Items, s3xfer.Handlers{Progress: ev.add})
	if err := sum.Err(); err != nil || sum.Done != len(files) {
		t.Fatalf("%+v %v", sum, err)
	}
	for rel, b := range files {
		if got := f.get(t, "b", "up/"+rel); !bytes.Equal(got, b) {
			t.Errorf("up/%s: %d bytes, want %d", rel, len(got), len(b))
		}
	}
	for i, it := range plan.Items {
		if k := ev.kinds(i); !slices.Equal(k, []s3xfer.EventKind{s3xfer.Started, s3xfer.Progress, s3xfer.Done}) &&
			!(it.Size == 0 && slices.Equal(k, []s3xfer.EventKind{s3xfer.Started, s3xfer.Done})) {
			t.Errorf("%s: events %v", it.Key, k)
		}
	}

	dst := t.TempDir()
	plan, err = eng.PlanDownload(ctx, "b", "up", true, dst, nil)
	if err != nil || len(plan.Warnings) > 0 || len(plan.Items) != len(files) {
		t.Fatal(err, plan)
	}
	if sum := eng.Run(ctx, plan.Items, s3xfer.Handlers{}); sum.Err() != nil {
		t.Fatal(sum.Err())
	}
	for rel, b := range files {
		got, err := os.ReadFile(filepath.Join(dst, filepath.FromSlash(rel)))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: %d bytes (%v), want %d", rel, len(got), err, len(b))
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dst, "*", ".*nimbus-part"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	// The file's time is the object's, as the AWS CLI sets it (sync compares them).
	st, _ := os.Stat(filepath.Join(dst, "one"))
	if want := plan.Items[slices.IndexFunc(plan.Items, func(it s3xfer.Item) bool { return it.Key == "up/one" })].ModTime; !st.ModTime().Equal(want) {
		t.Errorf("mtime %v, want the object's %v", st.ModTime(), want)
	}
}

func TestSingleFilesAndTheirNames(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	dir := t.TempDir()
	write(t, filepath.Join(dir, "page.html"), []byte("<p>"))
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	ctx := context.Background()
	for _, c := range []struct{ key, want string }{{"", "page.html"}, {"docs/", "docs/page.html"}, {"named", "named"}} {
		plan, err := eng.PlanUpload(filepath.Join(dir, "page.html"), false, "b", c.key, nil)
		if err != nil || len(plan.Items) != 1 || plan.Items[0].Key != c.want {
			t.Fatalf("%q: %v %+v", c.key, err, plan.Items)
		}
		if err := eng.Run(ctx, plan.Items, s3xfer.Handlers{}).Err(); err != nil {
			t.Fatal(err)
		}
	}
	obj, err := f.backend.HeadObject("b", "named")
	if err != nil || obj.Metadata["Content-Type"] != "text/html" {
		t.Errorf("content type guessed from the name: %v %v", obj.Metadata, err)
	}
	if _, err := eng.PlanUpload(dir, false, "b", "", nil); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory without recursive: %v", err)
	}

	// A download into a directory keeps the key's base name; to a file name, that name.
	out := t.TempDir()
	for _, dest := range []string{out, filepath.Join(out, "sub") + "/", filepath.Join(out, "renamed.html")} {
		plan, err := eng.PlanDownload(ctx, "b", "docs/page.html", false, dest, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := eng.Run(ctx, plan.Items, s3xfer.Handlers{}).Err(); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"page.html", "sub/page.html", "renamed.html"} {
		if b, err := os.ReadFile(filepath.Join(out, p)); err != nil || string(b) != "<p>" {
			t.Errorf("%s: %q %v", p, b, err)
		}
	}
	if _, err := eng.PlanDownload(ctx, "b", "nope", false, out, nil); err == nil || !strings.Contains(err.Error(), "s3://b/nope") {
		t.Errorf("a missing object: %v", err)
	}
}

func TestKeysThatLeaveTheDirectoryAreRefused(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	evil := []string{"p/../escape", "p/a/../../escape", "p//abs", "p/C:/win", "p/c:x", `p/back\slash`, "p/.."}
	for _, k := range evil {
		f.put(t, "b", k, []byte("evil"))
	}
	f.put(t, "b", "p/fine/ok", []byte("ok"))
	f.put(t, "b", "p/folder/", nil)
	parent := t.TempDir()
	dst := filepath.Join(parent, "inside")
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	plan, err := eng.PlanDownload(context.Background(), "b", "p/", true, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Items) != 1 || plan.Items[0].Key != "p/fine/ok" {
		t.Errorf("items %+v", plan.Items)
	}
	var warned []string
	for _, w := range plan.Warnings {
		var uk *s3xfer.UnsafeKeyError
		if !errors.As(w.Err, &uk) || !strings.Contains(w.Err.Error(), fmt.Sprintf("%q", uk.Key)) {
			t.Errorf("warning %v does not name the key", w.Err)
		}
		warned = append(warned, uk.Key)
	}
	slices.Sort(warned)
	want := slices.Clone(evil)
	slices.Sort(want)
	if !slices.Equal(warned, want) {
		t.Errorf("refused %q, want %q", warned, want)
	}
	if err := eng.Run(context.Background(), plan.Items, s3xfer.Handlers{}).Err(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "inside" {
		t.Errorf("written beside the directory: %v", entries)
	}
}

func TestLocalPath(t *testing.T) {
	for _, c := range []struct {
		rel, want, reason string
	}{
		{"a/b", "d/a/b", ""},
		{"a//b", "d/a/b", ""},
		{"./a", "d/a", ""},
		{"..", "", "climbs"},
		{"a/../..", "", "climbs"},
		{"a/..", "", "climbs"},
		{"/etc/passwd", "", "absolute"},
		{"C:/x", "", "drive letter"},
		{`a\..\..\x`, "", "backslash"},
		{"a\x00b", "", "NUL"},
		{"", "", "names no file"},
		{".", "", "inside the directory"},
	} {
		got, err := s3xfer.LocalPath("d", "key", c.rel)
		if c.reason == "" {
			if err != nil || got != filepath.FromSlash(c.want) {
				t.Errorf("%q: %q %v", c.rel, got, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.reason) || !strings.Contains(err.Error(), `"key"`) {
			t.Errorf("%q: %q %v, want refused: %s", c.rel, got, err, c.reason)
		}
	}
}

// cutBodies answers GETs with the headers of the whole object and half its body, then hangs up.
func cutBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Query().Has("list-type") {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		body := rec.Body.Bytes()
		w.Write(body[:len(body)/2])
		panic(http.ErrAbortHandler)
	})
}

func TestInterruptedDownloadLeavesNoPartialFile(t *testing.T) {
	f := newFake(t, cutBodies)
	f.bucket(t, "b")
	f.put(t, "b", "k", randBytes(3, 1<<20))
	dst := t.TempDir()
	final := filepath.Join(dst, "k")
	write(t, filepath.Join(dst, "old"), []byte("old contents"))
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	items := []s3xfer.Item{
		{Op: s3xfer.Download, Bucket: "b", Key: "k", Local: final, Size: 1 << 20},
		{Op: s3xfer.Download, Bucket: "b", Key: "k", Local: filepath.Join(dst, "old"), Size: 1 << 20},
	}
	sum := eng.Run(context.Background(), items, s3xfer.Handlers{})
	if sum.Failed != 2 {
		t.Fatalf("%+v", sum)
	}
	entries, _ := os.ReadDir(dst)
	if len(entries) != 1 || entries[0].Name() != "old" {
		t.Errorf("left in the directory: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(dst, "old")); string(b) != "old contents" {
		t.Errorf("the file a failed download would have replaced: %q", b)
	}
}

func TestCancelledDownloadLeavesNoPartialFile(t *testing.T) {
	started := make(chan struct{})
	var once sync.Once
	hold := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && !r.URL.Query().Has("list-type") {
				w.Header().Set("Content-Length", "1048576")
				w.WriteHeader(http.StatusOK)
				w.Write(make([]byte, 1000))
				w.(http.Flusher).Flush()
				once.Do(func() { close(started) })
				<-r.Context().Done()
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	f := newFake(t, hold)
	f.bucket(t, "b")
	dst := t.TempDir()
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	sum := eng.Run(ctx, []s3xfer.Item{{Op: s3xfer.Download, Bucket: "b", Key: "k", Local: filepath.Join(dst, "k"), Size: 1 << 20}}, s3xfer.Handlers{})
	if sum.Failed != 1 || !errors.Is(sum.Errors[0], context.Canceled) {
		t.Fatalf("%+v", sum)
	}
	if entries, _ := os.ReadDir(dst); len(entries) != 0 {
		t.Errorf("left in the directory: %v", entries)
	}
}

// corrupt flips a byte of every object body and keeps the headers (the ETag of the real bytes).
func corrupt(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Query().Has("list-type") {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		body := rec.Body.Bytes()
		if len(body) > 0 {
			body[len(body)/2] ^= 0xff
		}
		w.Write(body)
	})
}

func TestADownloadThatDoesNotMatchItsETagFails(t *testing.T) {
	f := newFake(t, corrupt)
	f.bucket(t, "b")
	f.put(t, "b", "k", []byte("the real bytes"))
	dst := t.TempDir()
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	sum := eng.Run(context.Background(), []s3xfer.Item{{Op: s3xfer.Download, Bucket: "b", Key: "k", Local: filepath.Join(dst, "k")}}, s3xfer.Handlers{})
	if sum.Failed != 1 || !strings.Contains(sum.Errors[0].Error(), "do not match the object's ETag") {
		t.Fatalf("%+v", sum)
	}
	if entries, _ := os.ReadDir(dst); len(entries) != 0 {
		t.Errorf("left in the directory: %v", entries)
	}
}

func TestExistingFilesAreOverwrittenOnlyWhenTheAnswerSaysSo(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	for _, k := range []string{"a.txt", "b.txt", "c.txt"} {
		f.put(t, "b", "p/"+k, []byte("new "+k))
	}
	eng := s3xfer.New(f.nav, s3xfer.Options{Files: 1})
	ctx := context.Background()
	setup := func() (string, []s3xfer.Item) {
		dst := t.TempDir()
		for _, k := range []string{"a.txt", "b.txt", "c.txt"} {
			write(t, filepath.Join(dst, k), []byte("old"))
		}
		plan, err := eng.PlanDownload(ctx, "b", "p", true, dst, nil)
		if err != nil {
			t.Fatal(err)
		}
		return dst, plan.Items
	}
	read := func(p string) string { b, _ := os.ReadFile(p); return string(b) }

	// One answer each: skip, rename, overwrite.
	dst, items := setup()
	answers := []s3xfer.Action{s3xfer.Skip, s3xfer.Rename, s3xfer.Overwrite}
	asked := 0
	sum := eng.Run(ctx, items, s3xfer.Handlers{Conflict: func(_ context.Context, it s3xfer.Item) (s3xfer.Answer, error) {
		asked++
		return s3xfer.Answer{Action: answers[asked-1]}, nil
	}})
	if sum.Done != 2 || sum.Skipped != 1 || asked != 3 {
		t.Fatalf("%+v asked %d", sum, asked)
	}
	if read(filepath.Join(dst, "a.txt")) != "old" || read(filepath.Join(dst, "b.txt")) != "old" ||
		read(filepath.Join(dst, "b (1).txt")) != "new b.txt" || read(filepath.Join(dst, "c.txt")) != "new c.txt" {
		entries, _ := os.ReadDir(dst)
		t.Errorf("after skip, rename, overwrite: %v", entries)
	}

	// "All" is asked once.
	dst, items = setup()
	asked = 0
	sum = eng.Run(ctx, items, s3xfer.Handlers{Conflict: func(context.Context, s3xfer.Item) (s3xfer.Answer, error) {
		asked++
		return s3xfer.Answer{Action: s3xfer.Overwrite, All: true}, nil
	}})
	if sum.Done != 3 || asked != 1 || read(filepath.Join(dst, "b.txt")) != "new b.txt" {
		t.Errorf("overwrite all: %+v asked %d", sum, asked)
	}

	// A question that fails (the dialog was closed) fails the item, and writes nothing.
	dst, items = setup()
	sum = eng.Run(ctx, items[:1], s3xfer.Handlers{Conflict: func(context.Context, s3xfer.Item) (s3xfer.Answer, error) {
		return s3xfer.Answer{}, context.Canceled
	}})
	if sum.Failed != 1 || read(filepath.Join(dst, "a.txt")) != "old" {
		t.Errorf("cancelled question: %+v", sum)
	}
}

func TestSymlinksAreNotFollowedUnlessAsked(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	outside := t.TempDir()
	write(t, filepath.Join(outside, "secret"), []byte("secret"))
	src := t.TempDir()
	write(t, filepath.Join(src, "plain"), []byte("plain"))
	if err := os.Symlink(filepath.Join(outside, "secret"), filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(src, "dirlink")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(src, filepath.Join(src, "loop")); err != nil {
		t.Fatal(err)
	}
	keys := func(p s3xfer.Plan) []string {
		var k []string
		for _, it := range p.Items {
			k = append(k, it.Key)
		}
		return k
	}
	plan, err := s3xfer.New(f.nav, s3xfer.Options{}).PlanUpload(src, true, "b", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(plan); !slices.Equal(got, []string{"plain"}) || len(plan.Warnings) != 3 {
		t.Errorf("not following: %q, warnings %v", got, plan.Warnings)
	}
	if _, err := s3xfer.New(f.nav, s3xfer.Options{}).PlanUpload(filepath.Join(src, "link"), false, "b", "", nil); !errors.Is(err, s3xfer.ErrSymlink) {
		t.Errorf("a single linked file: %v", err)
	}
	plan, err = s3xfer.New(f.nav, s3xfer.Options{FollowSymlinks: true}).PlanUpload(src, true, "b", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The link back to the source is a loop: skipped, said.
	if got := keys(plan); !slices.Equal(got, []string{"dirlink/secret", "link", "plain"}) || len(plan.Warnings) != 1 ||
		!strings.Contains(plan.Warnings[0].Err.Error(), "loop") {
		t.Errorf("following: %q, warnings %v", got, plan.Warnings)
	}
}

func TestServerSideCopyOfAPrefix(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "src")
	f.bucket(t, "dst")
	for i := range 5 {
		f.put(t, "src", fmt.Sprintf("p/%d/k+%d ü", i, i), []byte(fmt.Sprint("body", i)))
	}
	f.put(t, "src", "other", []byte("x"))
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	ctx := context.Background()
	plan, err := eng.PlanCopy(ctx, "src", "p", true, "dst", "q/", func(rel string) bool { return !strings.HasPrefix(rel, "4/") })
	if err != nil || len(plan.Items) != 4 {
		t.Fatal(err, plan.Items)
	}
	if err := eng.Run(ctx, plan.Items, s3xfer.Handlers{}).Err(); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if got := f.get(t, "dst", fmt.Sprintf("q/%d/k+%d ü", i, i)); string(got) != fmt.Sprint("body", i) {
			t.Errorf("%d: %q", i, got)
		}
	}
}

func TestCancelledRunFailsEveryItem(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	items := make([]s3xfer.Item, 10)
	for i := range items {
		items[i] = s3xfer.Item{Op: s3xfer.Download, Bucket: "b", Key: "k", Local: filepath.Join(t.TempDir(), "k")}
	}
	sum := s3xfer.New(f.nav, s3xfer.Options{Files: 3}).Run(ctx, items, s3xfer.Handlers{})
	if sum.Failed != 10 || !errors.Is(sum.Err(), context.Canceled) {
		t.Errorf("%+v", sum)
	}
}

func TestMeter(t *testing.T) {
	now := time.Unix(0, 0)
	m := s3xfer.Meter{Now: func() time.Time { return now }, Window: 4 * time.Second}
	if _, ok := m.ETA(100); ok {
		t.Error("an ETA before any rate")
	}
	for i := range 10 {
		m.Add(int64(i) * 1000)
		now = now.Add(time.Second)
	}
	now = now.Add(-time.Second)
	if r := m.Rate(); r != 1000 {
		t.Errorf("rate %v", r)
	}
	if eta, ok := m.ETA(19000); !ok || eta != 10*time.Second {
		t.Errorf("eta %v %v", eta, ok)
	}
	if m.Elapsed() != 9*time.Second {
		t.Errorf("elapsed %v", m.Elapsed())
	}
}

// Above the copy threshold a copy goes in UploadPartCopy ranges (gofakes3 has no UploadPartCopy:
// moto does), keeping the content type and the metadata; the bytes arrive whole.
func TestCopyInPartsAboveTheThreshold(t *testing.T) {
	moto := motoserver.StartShared(t)
	cfg := moto.AWSConfig("us-east-1")
	nav := s3nav.New(cfg)
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	src, dst := fmt.Sprintf("xfer-src-%d", time.Now().UnixNano()), fmt.Sprintf("xfer-dst-%d", time.Now().UnixNano())
	for _, b := range []string{src, dst} {
		if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	body := randBytes(9, 11<<20+17) // three parts of 5 MiB, the last short
	if _, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(src), Key: aws.String("big one"), Body: bytes.NewReader(body),
		ContentType: aws.String("application/x-test"), Metadata: map[string]string{"owner": "me"}}); err != nil {
		t.Fatal(err)
	}
	eng := s3xfer.New(nav, s3xfer.Options{CopyThreshold: 5 << 20, CopyPartSize: 5 << 20, Parts: 2})
	plan, err := eng.PlanCopy(ctx, src, "big one", false, dst, "copied/", nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev events
	if err := eng.Run(ctx, plan.Items, s3xfer.Handlers{Progress: ev.add}).Err(); err != nil {
		t.Fatal(err)
	}
	out, err := api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(dst), Key: aws.String("copied/big one")})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	got, _ := io.ReadAll(out.Body)
	if !bytes.Equal(got, body) || aws.ToString(out.ContentType) != "application/x-test" || out.Metadata["owner"] != "me" {
		t.Errorf("copy: %d bytes (want %d), type %q, metadata %v", len(got), len(body), aws.ToString(out.ContentType), out.Metadata)
	}
	if !strings.HasSuffix(aws.ToString(out.ETag), `-3"`) {
		t.Errorf("ETag %s: not a copy in 3 parts", aws.ToString(out.ETag))
	}
	progress := 0
	for _, e := range ev.all {
		if e.Kind == s3xfer.Progress {
			progress++
		}
	}
	if progress != 3 {
		t.Errorf("%d progress events, want one a part", progress)
	}
}

// With the session's default ("when supported"), uploads carry a flexible checksum for S3 to
// check; the demo's config ("when required") sends none, as gofakes3 wants.
func TestUploadsCarryAChecksum(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	f := newFake(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut {
				mu.Lock()
				seen = append(seen, r.Header.Get("X-Amz-Checksum-Crc32")+r.Header.Get("X-Amz-Trailer")+r.Header.Get("X-Amz-Sdk-Checksum-Algorithm"))
				mu.Unlock()
			}
			next.ServeHTTP(w, r)
		})
	})
	f.bucket(t, "b")
	cfg := demo.Config(f.url)
	cfg.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenSupported
	dir := t.TempDir()
	write(t, filepath.Join(dir, "f"), []byte("checked"))
	eng := s3xfer.New(s3nav.New(cfg), s3xfer.Options{})
	plan, err := eng.PlanUpload(filepath.Join(dir, "f"), false, "b", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Run(context.Background(), plan.Items, s3xfer.Handlers{}).Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0] == "" {
		t.Errorf("checksum headers of the PUTs: %q", seen)
	}
}

// An upload onto a key that exists asks first (HeadObject tells), like a download onto a file:
// skip leaves the object, rename takes a free key beside it, overwrite replaces it, "all" is
// asked once. Without a Conflict handler (aws s3 cp) nothing is asked.
func TestUploadsAskBeforeReplacingAnObject(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	src := t.TempDir()
	for _, k := range []string{"a.txt", "b.txt", "c.txt", "new.txt"} {
		write(t, filepath.Join(src, k), []byte("mine "+k))
	}
	eng := s3xfer.New(f.nav, s3xfer.Options{Files: 1})
	ctx := context.Background()
	setup := func() []s3xfer.Item {
		for _, k := range []string{"a.txt", "b.txt", "c.txt", "b (1).txt"} {
			f.put(t, "b", "p/"+k, []byte("theirs "+k))
		}
		f.backend.DeleteObject("b", "p/new.txt")
		f.backend.DeleteObject("b", "p/b (2).txt")
		plan, err := eng.PlanUpload(src, true, "b", "p/", nil)
		if err != nil {
			t.Fatal(err)
		}
		return plan.Items // a.txt, b.txt, c.txt, new.txt
	}
	answers := map[string]s3xfer.Action{"p/a.txt": s3xfer.Skip, "p/b.txt": s3xfer.Rename, "p/c.txt": s3xfer.Overwrite}
	var asked []string
	sum := eng.Run(ctx, setup(), s3xfer.Handlers{Conflict: func(_ context.Context, it s3xfer.Item) (s3xfer.Answer, error) {
		if it.Op != s3xfer.Upload || it.Dst() != "s3://b/"+it.Key {
			t.Errorf("question about %+v", it)
		}
		asked = append(asked, it.Key)
		return s3xfer.Answer{Action: answers[it.Key]}, nil
	}})
	if sum.Done != 3 || sum.Skipped != 1 || !slices.Equal(asked, []string{"p/a.txt", "p/b.txt", "p/c.txt"}) {
		t.Fatalf("%+v asked %q (new.txt is not there: no question)", sum, asked)
	}
	for k, want := range map[string]string{"p/a.txt": "theirs a.txt", "p/b.txt": "theirs b.txt", "p/b (1).txt": "theirs b (1).txt",
		"p/b (2).txt": "mine b.txt", "p/c.txt": "mine c.txt", "p/new.txt": "mine new.txt"} {
		if got := string(f.get(t, "b", k)); got != want {
			t.Errorf("%s holds %q, want %q", k, got, want)
		}
	}

	asked = nil
	sum = eng.Run(ctx, setup(), s3xfer.Handlers{Conflict: func(_ context.Context, it s3xfer.Item) (s3xfer.Answer, error) {
		asked = append(asked, it.Key)
		return s3xfer.Answer{Action: s3xfer.Skip, All: true}, nil
	}})
	if sum.Done != 1 || sum.Skipped != 3 || len(asked) != 1 || string(f.get(t, "b", "p/c.txt")) != "theirs c.txt" {
		t.Errorf("skip all: %+v asked %q", sum, asked)
	}

	sum = eng.Run(ctx, setup(), s3xfer.Handlers{})
	if sum.Done != 4 || string(f.get(t, "b", "p/a.txt")) != "mine a.txt" {
		t.Errorf("no handler overwrites, as aws s3 cp does: %+v", sum)
	}
}

// Renamed uploads of one run never take the same key, though none of them exists yet when the
// next is asked about.
func TestRenamedUploadsTakeDistinctKeys(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	f.put(t, "b", "x.txt", []byte("theirs"))
	src := t.TempDir()
	write(t, filepath.Join(src, "x.txt"), []byte("mine"))
	eng := s3xfer.New(f.nav, s3xfer.Options{Files: 4})
	it := s3xfer.Item{Op: s3xfer.Upload, Local: filepath.Join(src, "x.txt"), Bucket: "b", Key: "x.txt", Size: 4}
	sum := eng.Run(context.Background(), []s3xfer.Item{it, it, it}, s3xfer.Handlers{
		Conflict: func(context.Context, s3xfer.Item) (s3xfer.Answer, error) {
			return s3xfer.Answer{Action: s3xfer.Rename}, nil
		},
	})
	if sum.Done != 3 {
		t.Fatalf("%+v", sum)
	}
	for _, k := range []string{"x (1).txt", "x (2).txt", "x (3).txt"} {
		if got := string(f.get(t, "b", k)); got != "mine" {
			t.Errorf("%s: %q", k, got)
		}
	}
	if got := string(f.get(t, "b", "x.txt")); got != "theirs" {
		t.Errorf("x.txt: %q", got)
	}
}

// An item with a VersionID downloads that version (GetObject with versionId; moto, since
// gofakes3's version listing loops), atomically, asking before it replaces a file.
func TestDownloadAVersionOnMoto(t *testing.T) {
	moto := motoserver.StartShared(t)
	cfg := moto.AWSConfig("us-east-1")
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	bucket := fmt.Sprintf("xfer-versions-%d", time.Now().UnixNano())
	if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(bucket),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	var first string
	for _, body := range []string{"first version", "the current one"} {
		out, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("doc.txt"), Body: strings.NewReader(body)})
		if err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = aws.ToString(out.VersionId)
		}
	}
	dst := t.TempDir()
	write(t, filepath.Join(dst, "doc.txt"), []byte("mine"))
	eng := s3xfer.New(s3nav.New(cfg), s3xfer.Options{})
	it := s3xfer.Item{Op: s3xfer.Download, Bucket: bucket, Key: "doc.txt", VersionID: first, Local: filepath.Join(dst, "doc.txt"), Size: 13}
	var asked []string
	sum := eng.Run(ctx, []s3xfer.Item{it}, s3xfer.Handlers{Conflict: func(_ context.Context, it s3xfer.Item) (s3xfer.Answer, error) {
		asked = append(asked, it.Src())
		return s3xfer.Answer{Action: s3xfer.Rename}, nil
	}})
	if sum.Done != 1 || len(asked) != 1 || !strings.Contains(asked[0], "(version "+first+")") {
		t.Fatalf("%+v %v asked %q", sum, sum.Err(), asked)
	}
	read := func(p string) string { b, _ := os.ReadFile(filepath.Join(dst, p)); return string(b) }
	if read("doc.txt") != "mine" || read("doc (1).txt") != "first version" {
		entries, _ := os.ReadDir(dst)
		t.Errorf("the old version beside the file kept: %v", entries)
	}
}

// A file name as long as the file system takes (255 bytes) downloads: the temporary file beside
// it has a name of its own that fits, not the name with a prefix and suffix added.
func TestDownloadOfTheLongestFileName(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	name := strings.Repeat("é", 100) + strings.Repeat("n", 55) // 255 bytes
	f.put(t, "b", "p/"+name, []byte("long"))
	dst := t.TempDir()
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	sum := eng.Run(context.Background(), []s3xfer.Item{{Op: s3xfer.Download, Bucket: "b", Key: "p/" + name,
		Local: filepath.Join(dst, name), Size: 4}}, s3xfer.Handlers{})
	if err := sum.Err(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dst, name)); err != nil || string(b) != "long" {
		t.Errorf("%q %v", b, err)
	}
	if entries, _ := os.ReadDir(dst); len(entries) != 1 {
		t.Errorf("left in the directory: %v", entries)
	}
}
