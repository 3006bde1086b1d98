package s3xfer_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
)

// gate holds each matching request until bound of them are in flight (or every one expected
// has come), and then a moment more in which one beyond the bound would show, recording the
// most seen at once. Slowness can only hide a broken bound, never fail a kept one.
type gate struct {
	mu              sync.Mutex
	cond            *sync.Cond
	bound, expected int
	inflight, seen  int
	most            int
	match           func(*http.Request) bool
}

func newGate(bound, expected int, match func(*http.Request) bool) *gate {
	g := &gate{bound: bound, expected: expected, match: match}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.match(r) {
			next.ServeHTTP(w, r)
			return
		}
		g.mu.Lock()
		g.inflight++
		g.seen++
		g.most = max(g.most, g.inflight)
		g.cond.Broadcast()
		for g.inflight < g.bound && g.seen < g.expected {
			g.cond.Wait()
		}
		g.mu.Unlock()
		time.Sleep(50 * time.Millisecond) // room for a request past the bound to arrive
		next.ServeHTTP(w, r)
		g.mu.Lock()
		g.inflight--
		g.mu.Unlock()
	})
}

// Files at a time, Parts parts at a time per object: the server never sees more requests at
// once, and sees that many (the gate lets none through until they are all there).
func TestFilesAndPartsInFlightAreBounded(t *testing.T) {
	isPut := func(r *http.Request) bool { return r.Method == http.MethodPut && !r.URL.Query().Has("uploadId") }
	files := newGate(3, 9, isPut)
	f := newFake(t, files.wrap)
	f.bucket(t, "b")
	src := t.TempDir()
	for i := range 9 {
		write(t, filepath.Join(src, fmt.Sprintf("f%d", i)), []byte("small"))
	}
	eng := s3xfer.New(f.nav, s3xfer.Options{Files: 3})
	plan, err := eng.PlanUpload(src, true, "b", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Run(context.Background(), plan.Items, s3xfer.Handlers{}).Err(); err != nil {
		t.Fatal(err)
	}
	if files.most != 3 {
		t.Errorf("%d uploads at once, want 3", files.most)
	}

	isPart := func(r *http.Request) bool { return r.Method == http.MethodPut && r.URL.Query().Has("partNumber") }
	parts := newGate(2, 4, isPart)
	f = newFake(t, parts.wrap)
	f.bucket(t, "b")
	big := filepath.Join(t.TempDir(), "big")
	write(t, big, randBytes(11, 4*(5<<20)))
	eng = s3xfer.New(f.nav, s3xfer.Options{Parts: 2, PartSize: 5 << 20})
	plan, err = eng.PlanUpload(big, false, "b", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Run(context.Background(), plan.Items, s3xfer.Handlers{}).Err(); err != nil {
		t.Fatal(err)
	}
	if parts.most != 2 {
		t.Errorf("%d parts at once, want 2", parts.most)
	}
}

// S3 answers HeadObject with 403 when the caller may not read the key (no s3:ListBucket: even
// a missing key is 403): the upload asks all the same, saying it cannot tell, rather than fail
// or replace what may be there.
func TestUploadAsksWhenS3WillNotSayWhetherTheObjectExists(t *testing.T) {
	forbidHead := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	f := newFake(t, forbidHead)
	f.bucket(t, "b")
	f.put(t, "b", "a.txt", []byte("theirs"))
	src := filepath.Join(t.TempDir(), "a.txt")
	write(t, src, []byte("mine"))
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	item := s3xfer.Item{Op: s3xfer.Upload, Local: src, Bucket: "b", Key: "a.txt", Size: 4}
	for _, c := range []struct {
		act  s3xfer.Action
		want string
	}{{s3xfer.Skip, "theirs"}, {s3xfer.Overwrite, "mine"}} {
		var asked []s3xfer.Item
		sum := eng.Run(context.Background(), []s3xfer.Item{item}, s3xfer.Handlers{Conflict: func(_ context.Context, it s3xfer.Item) (s3xfer.Answer, error) {
			asked = append(asked, it)
			return s3xfer.Answer{Action: c.act}, nil
		}})
		if len(asked) != 1 || !asked[0].MayExist || sum.Failed != 0 {
			t.Fatalf("%+v asked %+v", sum, asked)
		}
		if got := string(f.get(t, "b", "a.txt")); got != c.want {
			t.Errorf("after %v: %q", c.act, got)
		}
	}
}

// Engines that share a Budget share its files in flight: two downloads of ten small objects
// each, run at once on a budget of three files, have three GETs at the server and the other
// seventeen files waiting, not three per engine (a TUI where each transfer had its own bound
// opened 32 files per transfer).
func TestEnginesSharingABudgetShareItsFiles(t *testing.T) {
	var gets atomic.Int32
	release := make(chan struct{})
	hold := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && !r.URL.Query().Has("list-type") {
				gets.Add(1)
				<-release
			}
			next.ServeHTTP(w, r)
		})
	}
	f := newFake(t, hold)
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { close(release) }) }) // before the server closes
	f.bucket(t, "b")
	budget := s3xfer.NewBudget(0, 3)
	var items [2][]s3xfer.Item
	dst := t.TempDir()
	for j := range 2 {
		for i := range 10 {
			k := fmt.Sprintf("j%d/o%02d", j, i)
			f.put(t, "b", k, []byte("small"))
			items[j] = append(items[j], s3xfer.Item{Op: s3xfer.Download, Bucket: "b", Key: k, Local: filepath.Join(dst, k), Size: 5})
		}
	}
	sums := make(chan s3xfer.Summary, 2)
	for j := range 2 {
		eng := s3xfer.New(f.nav, s3xfer.Options{Budget: budget})
		go func() { sums <- eng.Run(context.Background(), items[j], s3xfer.Handlers{}) }()
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, _, waiting := budget.Usage()
		if gets.Load() >= 3 && waiting == 17 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d downloads at the server and %d files waiting; want 3 and 17", gets.Load(), waiting)
		}
		time.Sleep(time.Millisecond) // the state is the engines'; nothing announces it
	}
	if n := gets.Load(); n != 3 {
		t.Errorf("%d downloads at the server at once, want 3", n)
	}
	once.Do(func() { close(release) })
	for range 2 {
		if sum := <-sums; sum.Done != 10 {
			t.Errorf("%+v %v", sum, sum.Err())
		}
	}
}
