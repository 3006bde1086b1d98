package s3_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/s3"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

// xferApp is the browser over gofakes3 (photos: a.txt, b.txt, dir/c.txt) with the transfer
// board, as ui.go wires it.
func xferApp(t *testing.T, wrap func(http.Handler) http.Handler) (*tuitest.Driver, *s3mem.Backend) {
	t.Helper()
	d, backend, _ := xferAppBoard(t, wrap)
	return d, backend
}

// xferAppBoard is xferApp with its transfer board.
func xferAppBoard(t *testing.T, wrap func(http.Handler) http.Handler) (*tuitest.Driver, *s3mem.Backend, *xferboard.Board) {
	t.Helper()
	backend := s3mem.New(s3mem.WithTimeSource(gofakes3.FixedTimeSource(time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC))))
	if err := backend.CreateBucket("photos"); err != nil {
		t.Fatal(err)
	}
	for k, body := range map[string]string{"a.txt": "alpha", "b.txt": "bravo!", "dir/c.txt": "charlie"} {
		if _, err := backend.PutObject("photos", k, map[string]string{}, strings.NewReader(body), int64(len(body)), nil); err != nil {
			t.Fatal(err)
		}
	}
	var h http.Handler = demo.Handler(backend)
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: tuitest.NewClock(time.Now())}
	browser := s3.NewBrowser(env)
	board := xferboard.New(env)
	browser.SetTransfers(board)
	cmds := tui.NewCommands()
	xferboard.Register(cmds, env, board)
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := demo.Config(srv.URL)
		cfg.Region = region
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Components: []tui.Component{board},
		Session: tui.Session{Profile: "demo", Region: "us-east-1", Demo: true, Load: load},
		Start:   browser.Buckets,
	})
	d := tuitest.New(t, app, 140, 30)
	d.WaitForText(wait, "photos", "1 bucket")
	d.Key("enter")
	d.WaitFor("photos listed", wait, func(s string) bool {
		return strings.Contains(s, "b.txt") && strings.Contains(s, "dir/") && !strings.Contains(s, "loading")
	})
	return d, backend, board
}

// answerPath replaces the path dialog's text with p and submits it.
func answerPath(d *tuitest.Driver, p string) {
	d.Key("ctrl+u") // the text before the cursor: all of it
	d.Type(p)
	d.Key("enter")
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Error(err)
	}
	return string(b)
}

// Three rows selected (a prefix and two objects), S, a directory: the transfers page shows the
// download and its end, and the files equal the objects.
func TestDownloadSelectedRowsIntoADirectory(t *testing.T) {
	d, _ := xferApp(t, nil)
	dest := filepath.Join(t.TempDir(), "new", "dest")
	d.Key("space") // dir/
	d.Key("space") // a.txt
	d.Key("space") // b.txt
	d.WaitForText(wait, "3 selected")
	d.Key("S")
	d.WaitForText(wait, "Download to", "3 selected rows of s3://photos/")
	answerPath(d, dest)
	d.WaitForText(wait, "transfers", "download 3 files to", "✓ 3 files", "100%")
	for p, want := range map[string]string{"a.txt": "alpha", "b.txt": "bravo!", "dir/c.txt": "charlie"} {
		if got := readFile(t, filepath.Join(dest, p)); got != want {
			t.Errorf("%s: %q", p, got)
		}
	}
}

// A file that exists is replaced only as the dialog answers: s skips it, o overwrites.
func TestDownloadAsksBeforeReplacingAFile(t *testing.T) {
	d, _ := xferApp(t, nil)
	dest := t.TempDir()
	for _, n := range []string{"a.txt", "b.txt"} {
		if err := os.WriteFile(filepath.Join(dest, n), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d.Key("j") // a.txt
	d.Key("space")
	d.Key("space") // b.txt
	d.Key("S")
	d.WaitForText(wait, "Download to")
	answerPath(d, dest)
	d.WaitForText(wait, "File exists", "o overwrite")
	// The files are asked about one at a time, in no fixed order: the second question names the other.
	other := "s3://photos/b.txt"
	if strings.Contains(d.Screen(), "downloading s3://photos/b.txt") {
		other = "s3://photos/a.txt"
	}
	d.Key("s")
	d.WaitForText(wait, "downloading "+other)
	d.Key("o")
	d.WaitForText(wait, "✓ 1 file, 1 skipped")
	a, b := readFile(t, filepath.Join(dest, "a.txt")), readFile(t, filepath.Join(dest, "b.txt"))
	if (a == "mine") == (b == "mine") || (a != "mine" && a != "alpha") || (b != "mine" && b != "bravo!") {
		t.Errorf("one skipped, one overwritten: a=%q b=%q ", a, b)
	}
	entries, _ := os.ReadDir(dest)
	if len(entries) != 2 {
		t.Errorf("files left: %v", entries)
	}
}

// U uploads a directory under the prefix shown; the listing comes back with it.
func TestUploadADirectory(t *testing.T) {
	d, backend := xferApp(t, nil)
	src := filepath.Join(t.TempDir(), "album")
	for p, body := range map[string]string{"one.jpg": "1", "sub/two.jpg": "22"} {
		full := filepath.Join(src, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d.Key("U")
	d.WaitForText(wait, "Upload", "s3://photos/")
	answerPath(d, src)
	d.WaitForText(wait, "upload 2 files to s3://photos/album/", "✓ 2 files")
	for k, want := range map[string]string{"album/one.jpg": "1", "album/sub/two.jpg": "22"} {
		obj, err := backend.GetObject("photos", k, nil)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		var b bytes.Buffer
		b.ReadFrom(obj.Contents)
		obj.Contents.Close()
		if b.String() != want {
			t.Errorf("%s: %q", k, b.String())
		}
	}
	d.Key("esc")
	d.WaitForText(wait, "album/")
}

// A failed file is listed with its reason; r runs it again.
func TestRetryFailedFiles(t *testing.T) {
	var refuse atomic.Bool
	refuse.Store(true)
	d, _ := xferApp(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if refuse.Load() && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/b.txt") {
				w.WriteHeader(http.StatusForbidden)
				w.Write([]byte(`<Error><Code>AccessDenied</Code><Message>not today</Message></Error>`))
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	dest := t.TempDir()
	d.Key("j")
	d.Key("space")
	d.Key("space")
	d.Key("S")
	d.WaitForText(wait, "Download to")
	answerPath(d, dest)
	d.WaitForText(wait, "✗ 1 of 2 failed", "s3://photos/b.txt", "AccessDenied")
	refuse.Store(false)
	d.Key("r")
	d.WaitForText(wait, "retry: download 2 files", "✓ 1 file")
	if got := readFile(t, filepath.Join(dest, "b.txt")); got != "bravo!" {
		t.Errorf("b.txt: %q", got)
	}
}

func TestPathCompletion(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"photos/", "photo-book.pdf", "notes.txt", ".hidden/"} {
		full := filepath.Join(dir, p)
		if strings.HasSuffix(p, "/") {
			os.MkdirAll(full, 0o755)
		} else {
			os.WriteFile(full, nil, 0o644)
		}
	}
	sep := string(filepath.Separator)
	got := xferboard.Complete(filepath.Join(dir, "pho"), false)
	if len(got) != 2 || got[0] != filepath.Join(dir, "photo-book.pdf") || got[1] != filepath.Join(dir, "photos")+sep {
		t.Errorf("files and directories: %q", got)
	}
	if got := xferboard.Complete(filepath.Join(dir, "pho"), true); len(got) != 1 || got[0] != filepath.Join(dir, "photos")+sep {
		t.Errorf("directories only: %q", got)
	}
	if got := xferboard.Complete(dir+sep, true); len(got) != 1 {
		t.Errorf("hidden names are left out: %q", got)
	}
	if got := xferboard.Complete(dir+sep+".", true); len(got) != 1 || !strings.HasSuffix(got[0], ".hidden"+sep) {
		t.Errorf("unless asked: %q", got)
	}
}

// U onto keys that exist asks first, in the same dialog as downloads: s keeps the object, r
// uploads beside it under a free key, and nothing is replaced without an answer.
func TestUploadAsksBeforeReplacingAnObject(t *testing.T) {
	d, backend := xferApp(t, nil)
	src := t.TempDir()
	for n, body := range map[string]string{"a.txt": "mine a", "b.txt": "mine b"} {
		if err := os.WriteFile(filepath.Join(src, n), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	body := func(k string) string {
		obj, err := backend.GetObject("photos", k, nil)
		if err != nil {
			return "missing: " + err.Error()
		}
		defer obj.Contents.Close()
		var b bytes.Buffer
		b.ReadFrom(obj.Contents)
		return b.String()
	}
	upload := func(name string) {
		d.Key("U")
		d.WaitForText(wait, "Upload", "s3://photos/")
		answerPath(d, filepath.Join(src, name))
		d.WaitForText(wait, "Object exists", "s3://photos/"+name, "exists; uploading "+filepath.Join(src, name), "o overwrite")
	}
	upload("a.txt")
	d.Key("s")
	d.WaitFor("the skip", wait, func(s string) bool {
		return strings.Contains(s, "✓ 0 files, 1 skipped") && !strings.Contains(s, "⟳") && !strings.Contains(s, "Object exists")
	})
	if got := body("a.txt"); got != "alpha" {
		t.Errorf("skipped, yet a.txt holds %q", got)
	}
	d.Key("esc")
	d.WaitFor("the objects again", wait, func(s string) bool { return !strings.Contains(s, "transfers") })
	upload("b.txt")
	d.Key("r")
	d.WaitFor("the upload beside", wait, func(s string) bool {
		return strings.Contains(s, "✓ 1 file") && !strings.Contains(s, "⟳") && !strings.Contains(s, "Object exists")
	})
	if got, beside := body("b.txt"), body("b (1).txt"); got != "bravo!" || beside != "mine b" {
		t.Errorf("keep both: b.txt %q, b (1).txt %q", got, beside)
	}
	d.Key("esc")
	d.WaitForText(wait, "b (1).txt")
}

// A prefix holding a key that would land outside the directory downloads the rest; the key is
// refused and named.
func TestDownloadRefusesAKeyThatLeavesTheDirectory(t *testing.T) {
	d, backend := xferApp(t, nil)
	if _, err := backend.PutObject("photos", "dir/../escape", map[string]string{}, strings.NewReader("evil"), 4, nil); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	dest := filepath.Join(parent, "into")
	d.Key("S") // on dir/, the first row
	d.WaitForText(wait, "Download to", "s3://photos/dir/")
	answerPath(d, dest)
	d.WaitForText(wait, "download 1 file to", "✓ 1 file", "; 1 left out: refusing to download key", // the toast
		`left out: refusing to download key "dir/../escape": it climbs out of the directory with ".."`) // under the row
	if got := readFile(t, filepath.Join(dest, "dir", "c.txt")); got != "charlie" {
		t.Errorf("dir/c.txt: %q", got)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "into" {
		t.Errorf("written beside the directory: %v", entries)
	}
}

// U of a directory leaves its symbolic links out (they could point anywhere) and says which.
func TestUploadLeavesSymlinksOut(t *testing.T) {
	d, backend := xferApp(t, nil)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("not for S3"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "album")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "one.jpg"), []byte("1"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(src, "link.txt")); err != nil {
		t.Fatal(err)
	}
	d.Key("U")
	d.WaitForText(wait, "Upload")
	answerPath(d, src)
	d.WaitForText(wait, "upload 1 file to s3://photos/album/", "✓ 1 file", "; 1 left out: ", // the toast
		"left out: "+filepath.Join(src, "link.txt")+": is a symbolic link (not followed)") // under the row
	if _, err := backend.GetObject("photos", "album/link.txt", nil); err == nil {
		t.Error("the symlink was uploaded")
	}
}

// tab in the upload dialog completes the path typed: one match fills it in, several are listed.
func TestUploadDialogCompletesWithTab(t *testing.T) {
	d, _ := xferApp(t, nil)
	dir := t.TempDir()
	for _, n := range []string{"holiday-2024", "holiday-2025", "notes.txt"} {
		if err := os.MkdirAll(filepath.Join(dir, n), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	d.Key("U")
	d.WaitForText(wait, "Upload")
	d.Key("ctrl+u")
	d.Type(filepath.Join(dir, "no"))
	d.Key("tab")
	d.WaitForText(wait, "> "+filepath.Join(dir, "notes.txt")+string(filepath.Separator))
	d.Key("ctrl+u")
	d.Type(filepath.Join(dir, "ho"))
	d.Key("tab")
	d.WaitForText(wait, "> "+filepath.Join(dir, "holiday-202"), filepath.Join(dir, "holiday-2024")+string(filepath.Separator),
		filepath.Join(dir, "holiday-2025")+string(filepath.Separator))
}

// Uploading a directory of many files from the browser asks S3 once which objects exist (one
// ListObjectsV2), not one HeadObject per file; the one there still opens the question.
func TestUploadOfManyFilesListsRatherThanHeadsEach(t *testing.T) {
	var heads, lists atomic.Int32
	count := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == http.MethodHead && strings.HasPrefix(r.URL.Path, "/photos/album/"):
				heads.Add(1)
			case r.URL.Query().Get("list-type") == "2" && strings.HasPrefix(r.URL.Query().Get("prefix"), "album/"):
				lists.Add(1)
			}
			next.ServeHTTP(w, r)
		})
	}
	d, backend := xferApp(t, count)
	if _, err := backend.PutObject("photos", "album/f03.jpg", map[string]string{}, strings.NewReader("theirs"), 6, nil); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "album")
	for i := range 20 {
		full := filepath.Join(src, fmt.Sprintf("f%02d.jpg", i))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d.Key("U")
	d.WaitForText(wait, "Upload", "s3://photos/")
	answerPath(d, src)
	d.WaitForText(wait, "Object exists", "s3://photos/album/f03.jpg", "o overwrite")
	d.Key("s")
	d.WaitFor("the upload's end", wait, func(s string) bool {
		return strings.Contains(s, "✓ 19 files, 1 skipped") && !strings.Contains(s, "⟳")
	})
	if h, l := heads.Load(), lists.Load(); h != 0 || l != 1 {
		t.Errorf("%d HeadObject and %d listings of album/ for 20 files; want 0 and 1", h, l)
	}
}

// Cancelling a download on the transfers page half way leaves nothing in the directory but
// what was there: no file under the final name, no temporary file, and not the empty file
// that held the name "keep both" chose (a (1).txt).
func TestCancelledDownloadLeavesTheDirectoryAsItWas(t *testing.T) {
	sent := make(chan struct{})
	var once sync.Once
	d, _ := xferApp(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || r.URL.Path != "/photos/a.txt" {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Length", "1048576")
			w.WriteHeader(http.StatusOK)
			w.Write(make([]byte, 1000))
			w.(http.Flusher).Flush()
			once.Do(func() { close(sent) })
			<-r.Context().Done() // the rest never comes
		})
	})
	dest := t.TempDir()
	if err := os.WriteFile(filepath.Join(dest, "a.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.Key("j") // a.txt
	d.Key("S")
	d.WaitForText(wait, "Download to")
	answerPath(d, dest)
	d.WaitForText(wait, "File exists", "r keep both")
	d.Key("r")
	d.Await("the first bytes", wait, sent)
	d.WaitForText(wait, "⟳ 0/1 files")
	d.Key("x")
	d.WaitForText(wait, "✗ cancelled")
	entries, _ := os.ReadDir(dest)
	if len(entries) != 1 || entries[0].Name() != "a.txt" || readFile(t, filepath.Join(dest, "a.txt")) != "mine" {
		t.Errorf("left in the directory: %v", entries)
	}
}
