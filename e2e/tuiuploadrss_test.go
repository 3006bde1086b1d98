//go:build linux

package e2e

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
)

// Two uploads started from the S3 browser, each of two big files, peak under issue 10's 200 MB
// RSS like one `nimbus cp --recursive` (TestUploadPeakRSS): every transfer of the TUI shares the
// board's one memory budget, and while they run the soft memory limit keeps the garbage of
// finished files from doubling it. Before, each transfer had a budget of its own (four big
// uploads at once) and the TUI set no limit. The bucket lists from gofakes3 and takes uploads
// into a sink that keeps nothing; the files are sparse.
func TestBrowserUploadPeakRSS(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 2 GiB")
	}
	backend := s3mem.New()
	if err := backend.CreateBucket("sink"); err != nil {
		t.Fatal(err)
	}
	reads := demo.Handler(backend)
	sink := demo.Sink("sink", reads)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			reads.ServeHTTP(w, r) // the listing, and HeadObject's "not there"
			return
		}
		sink.ServeHTTP(w, r)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	root := t.TempDir()
	for _, dir := range []string{"one", "two"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			f, err := os.Create(filepath.Join(root, dir, fmt.Sprintf("big%d.bin", i)))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(512 << 20); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	term := startTerminal(t, "env AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1"+
		" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true GOMEMLIMIT="+
		" sh -c 'echo $$ > "+pidFile+"; exec "+nimbusBin+" --endpoint-url "+srv.URL+"'")
	term.waitFor("sink", "1 bucket")
	term.keys("Enter")
	term.waitFor("s3 › sink")
	for _, dir := range []string{"one", "two"} {
		term.keys("U")
		term.waitFor("Upload", "s3://sink/")
		term.keys("C-u")
		term.text(filepath.Join(root, dir))
		term.keys("Enter")
		term.waitFor("upload 2 files to s3://sink/" + dir + "/")
		term.keys("Escape")
		term.waitFor("s3 › sink")
	}
	term.text(":transfers")
	term.keys("Enter")
	deadline := time.Now().Add(5 * time.Minute)
	for s := term.screen(); strings.Count(s, "✓ 2 files") < 2 || strings.Contains(s, "⟳"); s = term.screen() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 5 min for both uploads:\n%s", s)
		}
		time.Sleep(200 * time.Millisecond)
	}
	pid, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	rss := peakRSS(t, strings.TrimSpace(string(pid)))
	t.Logf("peak RSS %.0f MB uploading 2 × 2 × 512 MiB from the browser", float64(rss)/1e6)
	if rss > maxUploadRSS {
		t.Errorf("peak RSS %.0f MB, want at most %.0f MB", float64(rss)/1e6, float64(maxUploadRSS)/1e6)
	}
}

// peakRSS reads the process's high-water mark of resident memory (VmHWM) in bytes.
func peakRSS(t *testing.T, pid string) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no VmHWM in /proc/%s/status", pid)
	return 0
}
