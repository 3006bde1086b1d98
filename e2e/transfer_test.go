package e2e

import (
	"bytes"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
)

// slowBodies sends object bodies 64 KiB at a time, 10 ms apart, so a download lasts long enough
// for its progress to be watched.
func slowBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Query().Has("list-type") || strings.Count(r.URL.Path, "/") < 2 {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&slowWriter{ResponseWriter: w}, r)
	})
}

type slowWriter struct{ http.ResponseWriter }

func (s *slowWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		c := min(len(p), 64<<10)
		m, err := s.ResponseWriter.Write(p[:c])
		n += m
		if err != nil {
			return n, err
		}
		s.ResponseWriter.(http.Flusher).Flush()
		time.Sleep(10 * time.Millisecond)
		p = p[c:]
	}
	return n, nil
}

// Select three objects, S, a directory: the transfers page shows the download in progress, then
// done, and the files on disk equal the objects.
func TestDownloadThreeObjectsAsAPersonWould(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("media"); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	objects := map[string][]byte{}
	for name, size := range map[string]int{"one.bin": 3 << 20, "two.bin": 2 << 20, "three.txt": 1 << 20} {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		objects[name] = b
		if _, err := backend.PutObject("media", name, map[string]string{}, bytes.NewReader(b), int64(size), nil); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewUnstartedServer(slowBodies(demo.Handler(backend)))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	dest := filepath.Join(t.TempDir(), "downloads")

	term := startTerminal(t, "env AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1"+
		" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "+nimbusBin+" --endpoint-url "+srv.URL)
	term.waitFor("media", "1 bucket")
	term.keys("Enter")
	term.waitFor("s3 › media", "one.bin", "three.txt", "two.bin", "3 objects")
	term.keys("Space", "Space", "Space")
	term.waitFor("3 selected")
	term.keys("S")
	term.waitFor("Download to", "3 selected rows of s3://media/")
	term.keys("C-u")
	term.text(dest)
	term.keys("Enter")
	s := term.waitFor("transfers", "download 3 files to", "⟳")
	if !strings.Contains(s, "MiB/6.0 MiB") && !strings.Contains(s, "KiB/6.0 MiB") && !strings.Contains(s, "0 B/6.0 MiB") {
		t.Errorf("no bytes of the total shown while it runs:\n%s", s)
	}
	term.waitFor("✓ 3 files", "6.0 MiB/6.0 MiB", "100%")
	for name, want := range objects {
		got, err := os.ReadFile(filepath.Join(dest, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes (%v), want the object's %d", name, len(got), err, len(want))
		}
	}
	entries, _ := os.ReadDir(dest)
	if len(entries) != 3 {
		t.Errorf("in the directory: %v", entries)
	}
}
