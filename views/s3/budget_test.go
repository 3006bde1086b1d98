package s3_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
)

// holdMultipart takes the multipart uploads of the photos bucket and keeps nothing: each
// CreateMultipartUpload is counted and held until release is closed; the parts and the
// completion are answered at once. Everything else goes to next.
func holdMultipart(creates *atomic.Int32, release <-chan struct{}) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			key := strings.TrimPrefix(r.URL.Path, "/photos/")
			switch {
			case r.Method == http.MethodPost && q.Has("uploads"):
				creates.Add(1)
				<-release
				fmt.Fprintf(w, `<InitiateMultipartUploadResult><Bucket>photos</Bucket><Key>%s</Key><UploadId>held</UploadId></InitiateMultipartUploadResult>`, key)
			case r.Method == http.MethodPut && q.Has("partNumber"):
				io.Copy(io.Discard, r.Body)
				w.Header().Set("ETag", `"d41d8cd98f00b204e9800998ecf8427e"`)
			case r.Method == http.MethodPost && q.Has("uploadId"):
				io.Copy(io.Discard, r.Body)
				fmt.Fprintf(w, `<CompleteMultipartUploadResult><Bucket>photos</Bucket><Key>%s</Key><ETag>"held-1"</ETag></CompleteMultipartUploadResult>`, key)
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

// until closes the channel it returns once ok holds (checked every millisecond): for a state
// outside the model, such as the budget, that no message announces.
func until(t *testing.T, ok func() bool) <-chan struct{} {
	ch := make(chan struct{})
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if ok() {
				close(ch)
				return
			}
			select {
			case <-tick.C:
			case <-stop:
				return
			}
		}
	}()
	return ch
}

// Two uploads of two big files each, started from the browser one after the other, draw on one
// memory budget, the board's: two files hold all of it (their part buffers, 56 MiB each) and the
// other two wait, whichever transfer they belong to. Each transfer had a budget of its own
// before, so four uploads held twice DefaultMemory.
func TestTwoUploadsShareOneMemoryBudget(t *testing.T) {
	var creates atomic.Int32
	release := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	d, _, board := xferAppBoard(t, holdMultipart(&creates, release))
	t.Cleanup(open) // before the server closes (cleanups run last first): it waits for them
	root := t.TempDir()
	for _, dir := range []string{"one", "two"} {
		for i := range 2 {
			p := filepath.Join(root, dir, fmt.Sprintf("big%d.bin", i))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(41 << 20); err != nil { // six parts of 8 MiB: 5+2 buffers
				t.Fatal(err)
			}
			f.Close()
		}
		d.Key("U")
		d.WaitForText(wait, "Upload", "s3://photos/")
		answerPath(d, filepath.Join(root, dir))
		d.WaitForText(wait, "upload 2 files to s3://photos/"+dir+"/")
		d.Key("esc")
		d.WaitForText(wait, "2 objects, 1 prefix", "b.txt")
	}
	budget := board.Budget()
	d.Await("two uploads holding the budget and two waiting for it", wait, until(t, func() bool {
		held, waiting, _ := budget.Usage()
		return creates.Load() >= 2 && held == s3xfer.DefaultMemory && waiting == 2
	}))
	if n := creates.Load(); n != 2 {
		t.Errorf("%d multipart uploads begun at once, want 2", n)
	}
	open()
	d.Key(":")
	d.Type("transfers")
	d.Key("enter")
	d.WaitFor("both transfers done", 6*wait, func(s string) bool { // 164 MiB through the loopback
		return strings.Count(s, "✓ 2 files") >= 2 && !strings.Contains(s, "⟳") && !strings.Contains(s, "⇅")
	})
	if held, waiting, _ := budget.Usage(); held != 0 || waiting != 0 {
		t.Errorf("after the transfers the budget holds %d bytes, %d waiting", held, waiting)
	}
}
