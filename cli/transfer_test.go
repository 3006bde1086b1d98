package cli

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// xferServer is gofakes3 in process, shared by nimbus and the aws CLI.
func xferServer(t *testing.T, buckets ...string) (*s3mem.Backend, string, *s3nav.Client) {
	t.Helper()
	backend := s3mem.New()
	srv := httptest.NewUnstartedServer(demo.Handler(backend))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	for _, b := range buckets {
		if err := backend.CreateBucket(b); err != nil {
			t.Fatal(err)
		}
	}
	return backend, srv.URL, s3nav.New(demo.Config(srv.URL))
}

// xferAWS runs `aws s3 args…` against url in the working directory, returning stdout, stderr and
// the exit code.
func xferAWS(t *testing.T, url string, args ...string) (string, string, int) {
	t.Helper()
	bin := needtool.Command(t, "aws", "pip install awscli; it is only needed to compare output")
	dir := t.TempDir()
	cmd := exec.Command(bin, append(append([]string{"s3"}, args...), "--endpoint-url", url, "--no-progress")...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "AWS_ACCESS_KEY_ID=demo", "AWS_SECRET_ACCESS_KEY=demo", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	code := 0
	if err := cmd.Run(); err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("aws: %v", err)
		}
		code = exitErr.ExitCode()
	}
	return out.String(), errOut.String(), code
}

// sortedLines: transfers run concurrently, so lines are compared as sets (in order).
func sortedLines(s string) []string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return nil
	}
	slices.Sort(lines)
	return lines
}

func xferWrite(t *testing.T, p string, body string, mtime time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if !mtime.IsZero() {
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
}

type xferRun func(context.Context, *s3nav.Client, TransferOptions, io.Writer, io.Writer) int

func nimbusRun(nav *s3nav.Client, run xferRun, o TransferOptions) (string, string, int) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), nav, o, &out, &errOut)
	return out.String(), errOut.String(), code
}

// cp prints the AWS CLI's lines and exit codes, compared with the installed CLI on one server:
// upload, download and copy, single and recursive, filters, --dryrun, mv, and the failures.
func TestCpPrintsWhatTheAWSCLIPrints(t *testing.T) {
	_, url, nav := xferServer(t, "bkt")
	t.Chdir(t.TempDir())
	xferWrite(t, "d/a.txt", "hi\n", time.Time{})
	xferWrite(t, "d/sub/b.txt", "x\n", time.Time{})
	xferWrite(t, "d/sub/c.log", "log\n", time.Time{})
	type step struct {
		run  xferRun
		args []string
		o    TransferOptions
	}
	rules := []s3xfer.Rule{{Pattern: "*"}, {Include: true, Pattern: "sub/*"}, {Pattern: "*.log"}}
	for _, side := range []string{"aws", "nimbus"} {
		steps := []step{
			{Cp, []string{"cp", "./d/a.txt", "s3://bkt/" + side + "/"}, TransferOptions{Src: "./d/a.txt", Dst: "s3://bkt/" + side + "/"}},
			{Cp, []string{"cp", "d", "s3://bkt/" + side + "/p", "--recursive"}, TransferOptions{Src: "d", Dst: "s3://bkt/" + side + "/p", Recursive: true}},
			{Cp, []string{"cp", "d", "s3://bkt/" + side + "/f", "--recursive", "--exclude", "*", "--include", "sub/*", "--exclude", "*.log"},
				TransferOptions{Src: "d", Dst: "s3://bkt/" + side + "/f", Recursive: true, Rules: rules}},
			{Cp, []string{"cp", "s3://bkt/" + side + "/p", "./out-" + side, "--recursive"}, TransferOptions{Src: "s3://bkt/" + side + "/p", Dst: "./out-" + side, Recursive: true}},
			{Cp, []string{"cp", "s3://bkt/" + side + "/p/a.txt", "."}, TransferOptions{Src: "s3://bkt/" + side + "/p/a.txt", Dst: "."}},
			{Cp, []string{"cp", "s3://bkt/" + side + "/p/a.txt", "s3://bkt/" + side + "/r/"}, TransferOptions{Src: "s3://bkt/" + side + "/p/a.txt", Dst: "s3://bkt/" + side + "/r/"}},
			{Cp, []string{"cp", "s3://bkt/" + side + "/p", "s3://bkt/" + side + "/s", "--recursive"}, TransferOptions{Src: "s3://bkt/" + side + "/p", Dst: "s3://bkt/" + side + "/s", Recursive: true}},
			{Cp, []string{"cp", "d", "s3://bkt/" + side + "/dry", "--recursive", "--dryrun"}, TransferOptions{Src: "d", Dst: "s3://bkt/" + side + "/dry", Recursive: true, DryRun: true}},
			{Mv, []string{"mv", "s3://bkt/" + side + "/r/a.txt", "./moved-" + side + ".txt"}, TransferOptions{Src: "s3://bkt/" + side + "/r/a.txt", Dst: "./moved-" + side + ".txt"}},
			{Cp, []string{"cp", "s3://bkt/nope", "."}, TransferOptions{Src: "s3://bkt/nope", Dst: "."}},
			{Cp, []string{"cp", "/nonexistent", "s3://bkt/"}, TransferOptions{Src: "/nonexistent", Dst: "s3://bkt/"}},
			{Cp, []string{"cp", "d", "s3://nobucket/", "--recursive"}, TransferOptions{Src: "d", Dst: "s3://nobucket/", Recursive: true}},
			// A directory without --recursive fails as an upload (exit 1), not as a fatal error (255).
			{Cp, []string{"cp", "d", "s3://bkt/" + side + "/x"}, TransferOptions{Src: "d", Dst: "s3://bkt/" + side + "/x"}},
			{Cp, []string{"cp", "./d/sub/", "s3://bkt/" + side + "/x"}, TransferOptions{Src: "./d/sub/", Dst: "s3://bkt/" + side + "/x"}},
			{Mv, []string{"mv", "d", "s3://bkt/" + side + "/x"}, TransferOptions{Src: "d", Dst: "s3://bkt/" + side + "/x"}},
			{Cp, []string{"cp", "d", "s3://bkt/" + side + "/x", "--dryrun"}, TransferOptions{Src: "d", Dst: "s3://bkt/" + side + "/x", DryRun: true}},
		}
		if side == "aws" {
			continue
		}
		for _, s := range steps {
			awsArgs := slices.Clone(s.args)
			for i, a := range awsArgs {
				awsArgs[i] = strings.ReplaceAll(a, "nimbus", "aws")
			}
			wantOut, wantErr, wantCode := xferAWS(t, url, awsArgs...)
			gotOut, gotErr, gotCode := nimbusRun(nav, s.run, s.o)
			want := sortedLines(strings.ReplaceAll(wantOut, "aws", "nimbus"))
			if got := sortedLines(gotOut); !slices.Equal(got, want) || gotCode != wantCode {
				t.Errorf("%v:\n got %d %q\nwant %d %q", s.args, gotCode, got, wantCode, want)
			}
			if got, want := sortedLines(gotErr), sortedLines(strings.ReplaceAll(wantErr, "aws", "nimbus")); !slices.Equal(got, want) {
				t.Errorf("%v stderr:\n got %q\nwant %q", s.args, got, want)
			}
		}
	}
	for _, p := range []string{"out-nimbus/a.txt", "out-nimbus/sub/b.txt", "a.txt", "moved-nimbus.txt"} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

// sync decides like `aws s3 sync` on a table of cases, both directions, each mode: the installed
// CLI and nimbus --dryrun against the same server and files.
func TestSyncDecidesLikeTheAWSCLI(t *testing.T) {
	backend, url, nav := xferServer(t, "bkt")
	t.Chdir(t.TempDir())
	put := func(key, body string) {
		if _, err := backend.PutObject("bkt", key, map[string]string{}, strings.NewReader(body), int64(len(body)), nil); err != nil {
			t.Fatal(err)
		}
	}
	// The objects are written now; local files are an hour older or newer.
	for _, k := range []string{"same-older", "same-newer", "bigger", "same-exact", "only-s3", "keep.log"} {
		put("up/"+k, "12345")
		put("down/"+k, "12345")
	}
	now := time.Now()
	older, newer := now.Add(-time.Hour), now.Add(time.Hour)
	for _, dir := range []string{"up", "down"} {
		xferWrite(t, dir+"/same-older", "12345", older)
		xferWrite(t, dir+"/same-newer", "12345", newer)
		xferWrite(t, dir+"/bigger", "123456", older)
		xferWrite(t, dir+"/only-local", "x", older)
		xferWrite(t, dir+"/sub/deep", "deep", older)
	}
	exclude := []s3xfer.Rule{{Pattern: "*.log"}}
	cases := []struct {
		args []string
		o    TransferOptions
	}{
		{[]string{"sync", "up", "s3://bkt/up", "--delete", "--exclude", "*.log"}, TransferOptions{Src: "up", Dst: "s3://bkt/up", Delete: true, Rules: exclude}},
		{[]string{"sync", "up", "s3://bkt/up", "--delete"}, TransferOptions{Src: "up", Dst: "s3://bkt/up", Delete: true}},
		{[]string{"sync", "up", "s3://bkt/up", "--size-only"}, TransferOptions{Src: "up", Dst: "s3://bkt/up", SizeOnly: true}},
		{[]string{"sync", "s3://bkt/down", "down"}, TransferOptions{Src: "s3://bkt/down", Dst: "down"}},
		{[]string{"sync", "s3://bkt/down", "down", "--exact-timestamps", "--delete"}, TransferOptions{Src: "s3://bkt/down", Dst: "down", ExactTimestamps: true, Delete: true}},
		{[]string{"sync", "s3://bkt/down", "down", "--size-only"}, TransferOptions{Src: "s3://bkt/down", Dst: "down", SizeOnly: true}},
		{[]string{"sync", "s3://bkt/down", "s3://bkt/up"}, TransferOptions{Src: "s3://bkt/down", Dst: "s3://bkt/up"}},
		{[]string{"sync", "s3://bkt/down", "fresh"}, TransferOptions{Src: "s3://bkt/down", Dst: "fresh"}},
	}
	for _, c := range cases {
		wantOut, _, wantCode := xferAWS(t, url, append(c.args, "--dryrun")...)
		c.o.DryRun = true
		gotOut, gotErr, gotCode := nimbusRun(nav, Sync, c.o)
		if got, want := sortedLines(gotOut), sortedLines(wantOut); !slices.Equal(got, want) || gotCode != wantCode {
			t.Errorf("%v:\n got %d %q %s\nwant %d %q", c.args, gotCode, got, gotErr, wantCode, want)
		}
	}
	// And for real: a second sync finds nothing to do.
	if _, errOut, code := nimbusRun(nav, Sync, TransferOptions{Src: "s3://bkt/down", Dst: "real"}); code != 0 {
		t.Fatal(errOut)
	}
	if out, _, _ := nimbusRun(nav, Sync, TransferOptions{Src: "s3://bkt/down", Dst: "real"}); out != "" {
		t.Errorf("a second sync: %q", out)
	}
	if out, _, _ := nimbusRun(nav, Sync, TransferOptions{Src: "real", Dst: "s3://bkt/down"}); out != "" {
		t.Errorf("syncing back: %q", out)
	}
}

func TestShouldSync(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st := func(size int64, d time.Duration) s3xfer.FileStat {
		return s3xfer.FileStat{Size: size, ModTime: t0.Add(d)}
	}
	for _, c := range []struct {
		op       s3xfer.Op
		src, dst s3xfer.FileStat
		mode     s3xfer.SyncMode
		want     bool
	}{
		{s3xfer.Upload, st(1, 0), st(2, 0), s3xfer.SizeAndTime, true},
		{s3xfer.Upload, st(1, time.Second), st(1, 0), s3xfer.SizeAndTime, true},
		{s3xfer.Upload, st(1, 0), st(1, time.Second), s3xfer.SizeAndTime, false},
		{s3xfer.Upload, st(1, 0), st(1, 0), s3xfer.SizeAndTime, false},
		{s3xfer.Upload, st(1, time.Second), st(1, 0), s3xfer.SizeOnly, false},
		{s3xfer.Copy, st(1, time.Second), st(1, 0), s3xfer.SizeAndTime, true},
		{s3xfer.Download, st(1, time.Second), st(1, 0), s3xfer.SizeAndTime, false},
		{s3xfer.Download, st(1, 0), st(1, time.Second), s3xfer.SizeAndTime, true},
		{s3xfer.Download, st(1, time.Second), st(1, 0), s3xfer.ExactTimestamps, true},
		{s3xfer.Download, st(1, 0), st(1, 0), s3xfer.ExactTimestamps, false},
		{s3xfer.Download, st(1, 0), st(2, 0), s3xfer.SizeOnly, true},
	} {
		if got := s3xfer.ShouldSync(c.op, c.src, c.dst, c.mode); got != c.want {
			t.Errorf("%v %+v → %+v mode %d: %v", c.op, c.src, c.dst, c.mode, got)
		}
	}
}

// Keys that would land outside the chosen directory are refused, each named on stderr, and the
// command exits 2 as aws s3 does for a skipped file; the other keys are downloaded.
func TestCpRefusesKeysThatLeaveTheDirectory(t *testing.T) {
	backend, _, nav := xferServer(t, "bkt")
	evil := []string{"p/../escape", "p/a/../../up", "p//abs", "p/C:/drive", `p/back\slash`}
	for _, k := range append(slices.Clone(evil), "p/ok.txt") {
		if _, err := backend.PutObject("bkt", k, map[string]string{}, strings.NewReader("x"), 1, nil); err != nil {
			t.Fatal(err)
		}
	}
	parent := t.TempDir()
	dst := filepath.Join(parent, "out")
	out, errOut, code := nimbusRun(nav, Cp, TransferOptions{Src: "s3://bkt/p/", Dst: dst, Recursive: true})
	if code != 2 || !strings.Contains(out, "download: s3://bkt/p/ok.txt to ") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	for _, k := range evil {
		if !strings.Contains(errOut, "warning: Skipping file s3://bkt/"+k+". refusing to download key \""+strings.ReplaceAll(k, `\`, `\\`)+"\"") {
			t.Errorf("stderr does not name %s:\n%s", k, errOut)
		}
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "out" {
		t.Errorf("written beside the directory: %v", entries)
	}
	var files []string
	filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			files = append(files, rel)
		}
		return nil
	})
	if !slices.Equal(files, []string{"ok.txt"}) {
		t.Errorf("files %q", files)
	}
}

// "-" is aws s3 cp's stdin or stdout, which nimbus does not stream: it is refused, never taken for
// a file name. Before, `nimbus cp s3://b/k -` wrote the object to a file ./- and printed
// "download: s3://b/k to ./-", and `cp - s3://b/k` uploaded a file named - when there was one.
func TestCpRefusesTheDashOfStreams(t *testing.T) {
	backend, _, nav := xferServer(t, "bkt")
	if _, err := backend.PutObject("bkt", "k", map[string]string{}, strings.NewReader("hi"), 2, nil); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	xferWrite(t, "-", "a file named dash", time.Time{})
	for _, o := range []TransferOptions{{Src: "s3://bkt/k", Dst: "-"}, {Src: "-", Dst: "s3://bkt/up"}} {
		for _, run := range []xferRun{Cp, Mv} {
			out, errOut, code := nimbusRun(nav, run, o)
			if code != ExitUsage || out != "" || !strings.Contains(errOut, "is not supported") {
				t.Errorf("%s → %s: exit %d, stdout %q, stderr %q", o.Src, o.Dst, code, out, errOut)
			}
		}
	}
	if b, _ := os.ReadFile("-"); string(b) != "a file named dash" {
		t.Errorf("./- now holds %q", b)
	}
	if _, err := backend.HeadObject("bkt", "up"); err == nil {
		t.Error("the file named - was uploaded")
	}
}
