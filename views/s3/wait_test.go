package s3_test

import (
	"bytes"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// afterFirst answers requests as gofakes3 does, and once the first request matching is answered,
// changes the bucket with then: the waiter's first attempt sees the old state, a later one the new,
// whatever the timing. asked counts the matching requests.
func afterFirst(match func(*http.Request) bool, then func(*s3mem.Backend), asked *atomic.Int32) func(*s3mem.Backend, http.Handler) http.Handler {
	return func(b *s3mem.Backend, h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r)
			if match(r) && asked.Add(1) == 1 {
				then(b)
			}
		})
	}
}

func put(key string) func(*s3mem.Backend) {
	return func(b *s3mem.Backend) {
		if _, err := b.PutObject("photos", key, map[string]string{}, bytes.NewReader([]byte("hello")), 5, nil); err != nil {
			panic(err)
		}
	}
}

func head(path string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Method == http.MethodHead && r.URL.Path == path }
}

// W asks for a key; ObjectExists runs on the board until the object arrives, then the row is
// listed and selected.
func TestWaitForAnObjectToArrive(t *testing.T) {
	var asked atomic.Int32
	d, _, _ := rowAppWith(t, rowOptions{serve: afterFirst(head("/photos/new.txt"), put("new.txt"), &asked)})
	openPhotos(t, d)
	d.Key("W")
	d.WaitForText(wait, "Wait for an object in s3://photos", "> dir/") // the cursor's row, a prefix
	d.Key("ctrl+u")
	d.Type("new.txt")
	d.Key("enter")
	d.WaitForText(wait, "│ wait for new.txt", "it arrives", "ObjectExists")
	d.Key("enter")
	d.WaitForText(wait, "ObjectExists s3://photos/new.txt: ✓")
	d.WaitFor("new.txt listed and selected", wait, func(s string) bool {
		return strings.Contains(s, "▸ new.txt") && !strings.Contains(s, "loading")
	})
	if n := asked.Load(); n < 2 {
		t.Errorf("%d HeadObject calls: the first should have found nothing", n)
	}
}

// A prefix ending in / waits for any key under it; its folder row gets the cursor.
func TestWaitForAPrefixToFill(t *testing.T) {
	var asked atomic.Int32
	listsIncoming := func(r *http.Request) bool { return r.URL.Query().Get("prefix") == "incoming/" }
	d, _, _ := rowAppWith(t, rowOptions{serve: afterFirst(listsIncoming, put("incoming/2024/x.csv"), &asked)})
	openPhotos(t, d)
	d.Key("W")
	d.WaitForText(wait, "Wait for an object in s3://photos")
	d.Key("ctrl+u")
	d.Type("incoming/")
	d.Key("enter")
	d.WaitForText(wait, "│ wait for incoming/", "PrefixNotEmpty", "PrefixEmpty")
	d.Key("enter")
	d.WaitForText(wait, "PrefixNotEmpty s3://photos/incoming/: ✓")
	d.WaitFor("incoming/ listed and selected", wait, func(s string) bool {
		return strings.Contains(s, "▸ incoming/") && !strings.Contains(s, "loading")
	})
	if n := asked.Load(); n < 2 {
		t.Errorf("%d listings of incoming/: the first should have found nothing", n)
	}
}

// ObjectNotExists waits for an object to go.
func TestWaitForAnObjectToGo(t *testing.T) {
	var asked atomic.Int32
	del := func(b *s3mem.Backend) {
		if _, err := b.DeleteObject("photos", "b.txt"); err != nil {
			panic(err)
		}
	}
	d, _, _ := rowAppWith(t, rowOptions{serve: afterFirst(head("/photos/b.txt"), del, &asked)})
	openPhotos(t, d)
	d.Key("G") // b.txt
	d.Key("W")
	d.WaitForText(wait, "> b.txt")
	d.Key("enter")
	d.WaitForText(wait, "it is gone")
	d.Key("j")
	d.Key("enter")
	d.WaitForText(wait, "ObjectNotExists s3://photos/b.txt: ✓")
	d.WaitFor("b.txt gone from the list", wait, func(s string) bool {
		return !strings.Contains(s, "b.txt ") && strings.Contains(s, "a.txt") && !strings.Contains(s, "loading")
	})
	if n := asked.Load(); n < 2 {
		t.Errorf("%d HeadObject calls", n)
	}
}
