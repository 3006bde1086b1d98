package e2e

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
)

// An upload in parts whose CompleteMultipartUpload S3 refuses fails on the transfers page, and
// nothing else reaches the terminal: transfermanager also logs that failure with the standard
// library's log.Printf, which wrote it to stderr, across the TUI's screen (with the server's words
// unescaped). Such lines go to the debug log.
func TestLibraryLogLinesStayOffTheScreen(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("sink"); err != nil {
		t.Fatal(err)
	}
	reads := demo.Handler(backend)
	sink := demo.Sink("sink", reads)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet || r.Method == http.MethodHead:
			reads.ServeHTTP(w, r)
		case r.Method == http.MethodPost && r.URL.Query().Has("uploadId"):
			io.Copy(io.Discard, r.Body)
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `<Error><Code>InvalidPart</Code><Message>one or more parts could not be found</Message></Error>`)
		default:
			sink.ServeHTTP(w, r)
		}
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	src := filepath.Join(t.TempDir(), "big.bin")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(20 << 20); err != nil { // three parts
		t.Fatal(err)
	}
	f.Close()
	debugLog := filepath.Join(t.TempDir(), "debug.log")
	term := startTerminal(t, "env AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1"+
		" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true "+
		nimbusBin+" --debug "+debugLog+" --endpoint-url "+srv.URL)
	term.waitFor("sink", "1 bucket")
	term.keys("Enter")
	term.waitFor("s3 › sink")
	term.keys("U")
	term.waitFor("Upload", "s3://sink/")
	term.keys("C-u")
	term.text(src)
	term.keys("Enter")
	term.waitFor("✗ 1 of 1 failed", "InvalidPart")
	if raw := term.raw(); bytes.Contains(raw, []byte("failed to complete multipart upload")) {
		t.Errorf("a library's log line reached the terminal:\n%s", term.screen())
	}
	if b, _ := os.ReadFile(debugLog); !bytes.Contains(b, []byte("failed to complete multipart upload")) {
		t.Errorf("the library's log line is not in the debug log")
	}
}
