package e2e

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
)

// halfThenHold sends half of an object's body and then holds the connection, telling sent.
func halfThenHold(next http.Handler, sent chan<- struct{}) http.Handler {
	var once sync.Once
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Query().Has("list-type") || strings.Count(r.URL.Path, "/") < 2 {
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
		w.(http.Flusher).Flush()
		once.Do(func() { close(sent) })
		<-r.Context().Done()
	})
}

// A download killed half way (SIGKILL: nothing of nimbus runs after it) leaves no file under the
// final name, and the file it would have replaced keeps its bytes: the bytes went to a temporary
// file beside it, renamed only once whole.
func TestKilledDownloadLeavesNoFileUnderItsName(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("media"); err != nil {
		t.Fatal(err)
	}
	body := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	for _, k := range []string{"new.bin", "old.bin"} {
		if _, err := backend.PutObject("media", k, map[string]string{}, bytes.NewReader(body), int64(len(body)), nil); err != nil {
			t.Fatal(err)
		}
	}
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, "old.bin"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"new.bin", "old.bin"} {
		sent := make(chan struct{})
		srv := httptest.NewUnstartedServer(halfThenHold(demo.Handler(backend), sent))
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.Start()
		cmd := exec.Command(nimbusBin, "--endpoint-url", srv.URL, "cp", "s3://media/"+name, filepath.Join(dest, name))
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=demo", "AWS_SECRET_ACCESS_KEY=demo", "AWS_REGION=us-east-1",
			"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-sent:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("nimbus cp never asked for %s", name)
		}
		cmd.Process.Kill()
		cmd.Wait()
		srv.CloseClientConnections()
		srv.Close()
	}
	if _, err := os.Stat(filepath.Join(dest, "new.bin")); !os.IsNotExist(err) {
		t.Errorf("new.bin exists after the download was killed: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "old.bin")); string(b) != "mine" {
		t.Errorf("old.bin holds %d bytes, not the file it had", len(b))
	}
	entries, _ := os.ReadDir(dest)
	for _, e := range entries {
		if e.Name() != "old.bin" && !strings.HasSuffix(e.Name(), ".nimbus-part") {
			t.Errorf("in the directory: %s", e.Name())
		}
	}
}
