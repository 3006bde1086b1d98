//go:build linux

package e2e

import (
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
)

// maxUploadRSS is issue 10's bound on the memory of big uploads: 200 MB.
const maxUploadRSS = 200_000_000

// One `nimbus cp --recursive` of four big files to a bucket that keeps nothing peaks under 200 MB
// RSS: the part buffers of all the files share one budget (s3xfer.DefaultMemory) and the
// collector runs before the garbage of finished files doubles it. Every file has its own pool
// of 5+2 parts of 8 MiB otherwise: four at once peaked near 300 MB. The files are sparse (the
// disk holds nothing; reads are zeros).
func TestUploadPeakRSS(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 2 GiB")
	}
	srv := httptest.NewUnstartedServer(demo.Sink("sink", demo.Handler(s3mem.New())))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	for i := range 4 {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("big%d.bin", i)))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(512 << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	cmd := exec.Command(nimbusBin, "--endpoint-url", srv.URL, "cp", "--recursive", dir, "s3://sink/big", "--quiet")
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=demo", "AWS_SECRET_ACCESS_KEY=demo", "AWS_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true", "GOMEMLIMIT=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nimbus cp: %v\n%s", err, out)
	}
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	t.Logf("peak RSS %.0f MB uploading 4 × 512 MiB", float64(rss)/1e6)
	if rss > maxUploadRSS {
		t.Errorf("peak RSS %.0f MB, want at most %.0f MB", float64(rss)/1e6, float64(maxUploadRSS)/1e6)
	}
}
