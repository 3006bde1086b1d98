package s3xfer_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
)

// requests counts the S3 requests by what they are: HeadObject, ListObjectsV2 and PutObject;
// forbid, when set, says which to refuse with 403 AccessDenied.
type requests struct {
	mu                sync.Mutex
	heads, lists, put int
	// listsBeforePut is how many listings had been sent when the first PutObject came.
	listsBeforePut int
	forbid         func(*http.Request) bool
}

func (c *requests) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		switch {
		case r.Method == http.MethodHead && strings.Count(strings.Trim(r.URL.Path, "/"), "/") > 0:
			c.heads++ // HeadObject (path style), not the region's HeadBucket
		case r.Method == http.MethodGet && r.URL.Query().Get("list-type") == "2":
			c.lists++
		case r.Method == http.MethodPut:
			if c.put == 0 {
				c.listsBeforePut = c.lists
			}
			c.put++
		}
		forbid := c.forbid != nil && c.forbid(r)
		c.mu.Unlock()
		if forbid {
			accessDenied(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// accessDenied answers as S3 does a caller without the permission (no body to a HEAD).
func accessDenied(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusForbidden)
	if r.Method != http.MethodHead {
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`)
	}
}

func isList(r *http.Request) bool { return r.URL.Query().Get("list-type") == "2" }

// manyFiles writes n small files f0000… into a new directory named dir.
func manyFiles(t *testing.T, n int) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "dir")
	for i := range n {
		write(t, filepath.Join(src, fmt.Sprintf("f%04d", i)), []byte("mine"))
	}
	return src
}

// askLog records the questions of a Run and answers skip.
type askLog struct {
	mu    sync.Mutex
	asked []s3xfer.Item
}

func (a *askLog) skip(_ context.Context, it s3xfer.Item) (s3xfer.Answer, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.asked = append(a.asked, it)
	return s3xfer.Answer{Action: s3xfer.Skip}, nil
}

func (a *askLog) keys() []string {
	var out []string
	for _, it := range a.asked {
		out = append(out, it.Key)
	}
	slices.Sort(out)
	return out
}

// Uploading a directory of 1,000 files asks S3 which objects exist with one listing of the
// uploads' key range (paged), not one HeadObject per file, and before the first byte moves;
// the questions are the same: one for each object there, none for the rest.
func TestManyUploadsListOnceRatherThanHeadEachFile(t *testing.T) {
	var c requests
	f := newFake(t, c.wrap)
	f.bucket(t, "b")
	for _, k := range []string{"p/dir/f0003", "p/dir/f0500"} {
		f.put(t, "b", k, []byte("theirs"))
	}
	// 2,100 other keys inside the uploads' range (three pages in all), and 2,000 past its end
	// and more around the prefix that are not listed.
	for i := range 2100 {
		f.put(t, "b", fmt.Sprintf("p/dir/f0000.%04d", i), nil)
	}
	for i := range 2000 {
		f.put(t, "b", fmt.Sprintf("p/dir/f0999.%04d", i), nil)
	}
	for i := range 50 {
		f.put(t, "b", fmt.Sprintf("p/a%02d", i), nil)
		f.put(t, "b", fmt.Sprintf("p/dir/g%02d", i), nil)
	}
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	plan, err := eng.PlanUpload(manyFiles(t, 1000), true, "b", "p/dir/", nil)
	if err != nil {
		t.Fatal(err)
	}
	var a askLog
	sum := eng.Run(context.Background(), plan.Items, s3xfer.Handlers{Conflict: a.skip})
	if sum.Done != 998 || sum.Skipped != 2 || sum.Failed != 0 {
		t.Fatalf("%+v %v", sum, sum.Err())
	}
	if got := a.keys(); !slices.Equal(got, []string{"p/dir/f0003", "p/dir/f0500"}) {
		t.Errorf("asked about %q", got)
	}
	if c.heads != 0 || c.lists != 3 || c.listsBeforePut != 3 {
		t.Errorf("%d HeadObject, %d ListObjectsV2 pages (%d before the first PutObject); want 0 and 3 (3)",
			c.heads, c.lists, c.listsBeforePut)
	}
	if got := string(f.get(t, "b", "p/dir/f0003")); got != "theirs" {
		t.Errorf("skipped, yet f0003 holds %q", got)
	}
}

// Where the caller may not list the bucket (403 AccessDenied), the uploads ask HeadObject one by
// one as before: questions for the objects there, and when HeadObject is refused too, a question
// for every file saying it may exist.
func TestUploadsHeadEachFileWhenListingIsDenied(t *testing.T) {
	c := requests{forbid: isList}
	f := newFake(t, c.wrap)
	f.bucket(t, "b")
	f.put(t, "b", "p/dir/f0002", []byte("theirs"))
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	plan, err := eng.PlanUpload(manyFiles(t, 6), true, "b", "p/dir/", nil)
	if err != nil {
		t.Fatal(err)
	}
	var a askLog
	sum := eng.Run(context.Background(), plan.Items, s3xfer.Handlers{Conflict: a.skip})
	if sum.Done != 5 || sum.Skipped != 1 || !slices.Equal(a.keys(), []string{"p/dir/f0002"}) || a.asked[0].MayExist {
		t.Fatalf("%+v asked %+v", sum, a.asked)
	}
	if c.lists != 1 || c.heads != 6 {
		t.Errorf("%d listings, %d HeadObject; want 1 (denied) and 6", c.lists, c.heads)
	}

	c.forbid = func(r *http.Request) bool { return isList(r) || r.Method == http.MethodHead }
	a = askLog{}
	sum = eng.Run(context.Background(), plan.Items, s3xfer.Handlers{Conflict: a.skip})
	if sum.Skipped != 6 || len(a.asked) != 6 {
		t.Fatalf("%+v asked %d", sum, len(a.asked))
	}
	for _, it := range a.asked {
		if !it.MayExist {
			t.Errorf("%s: asked without saying S3 would not tell", it.Key)
		}
	}
}

// A listing never costs more than a quarter of the HeadObjects it replaces: uploads spread over a
// crowded key range give up listing after that many pages and ask HeadObject per file.
func TestCrowdedRangeFallsBackToHeadObject(t *testing.T) {
	var c requests
	f := newFake(t, c.wrap)
	f.bucket(t, "b")
	for i := range 2500 {
		f.put(t, "b", fmt.Sprintf("p/dir/f0000.%04d", i), nil)
	}
	f.put(t, "b", "p/dir/f0007", []byte("theirs"))
	eng := s3xfer.New(f.nav, s3xfer.Options{})
	plan, err := eng.PlanUpload(manyFiles(t, 8), true, "b", "p/dir/", nil)
	if err != nil {
		t.Fatal(err)
	}
	var a askLog
	sum := eng.Run(context.Background(), plan.Items, s3xfer.Handlers{Conflict: a.skip})
	if sum.Done != 7 || !slices.Equal(a.keys(), []string{"p/dir/f0007"}) {
		t.Fatalf("%+v asked %q", sum, a.keys())
	}
	if c.lists != 2 || c.heads != 8 {
		t.Errorf("%d listings, %d HeadObject; want 2 (8/4, then given up) and 8", c.lists, c.heads)
	}
}
