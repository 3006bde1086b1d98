package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// lsFixture is a small S3 (gofakes3 over s3mem, behind the demo handler) shared by nimbus and
// the AWS CLI in these tests.
type lsFixture struct {
	url string
	nav *s3nav.Client
}

func newLsFixture(t *testing.T, objects map[string]map[string][]byte) *lsFixture {
	t.Helper()
	backend := s3mem.New()
	for bucket, objs := range objects {
		if err := backend.CreateBucket(bucket); err != nil {
			t.Fatal(err)
		}
		for key, body := range objs {
			meta := map[string]string{"Content-Type": "binary/octet-stream"}
			if _, err := backend.PutObject(bucket, key, meta, bytes.NewReader(body), int64(len(body)), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	srv := httptest.NewServer(demo.Handler(backend))
	t.Cleanup(srv.Close)
	return &lsFixture{url: srv.URL, nav: s3nav.New(demo.Config(srv.URL))}
}

// newMotoLsFixture puts the same objects on a moto_server of the test's own (a shared one would
// show other tests' buckets): a second S3, so nimbus ls is not only compared on the demo's handler.
func newMotoLsFixture(t *testing.T, objects map[string]map[string][]byte) *lsFixture {
	t.Helper()
	srv := motoserver.Start(t)
	cfg := srv.AWSConfig(demo.Region)
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	for bucket, objs := range objects {
		if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
			t.Fatal(err)
		}
		for key, body := range objs {
			if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
				Body: bytes.NewReader(body), ContentType: aws.String("binary/octet-stream")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return &lsFixture{url: srv.URL, nav: s3nav.New(cfg)}
}

// run is `nimbus ls args...` with dates in UTC.
func (f *lsFixture) run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = ls(context.Background(), f.nav, lsArgs(t, args...), &out, &errOut, time.UTC)
	return out.String(), errOut.String(), code
}

// lsArgs reads the aws s3 ls arguments these tests share with the AWS CLI into LsOptions, as
// main's flags do.
func lsArgs(t *testing.T, args ...string) LsOptions {
	t.Helper()
	var o LsOptions
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "--recursive":
			o.Recursive = true
		case "--json":
			o.JSON = true
		case "--human-readable":
			o.HumanReadable = true
		case "--summarize":
			o.Summarize = true
		case "--page-size":
			i++
			n, err := strconv.Atoi(args[i])
			if err != nil {
				t.Fatal(err)
			}
			o.PageSize = n
		default:
			if strings.HasPrefix(a, "-") || o.Path != "" {
				t.Fatalf("lsArgs: %q", a)
			}
			o.Path = a
		}
	}
	return o
}

var sampleObjects = map[string]map[string][]byte{
	"alpha": {
		"a.txt":              []byte("hello"),
		"one":                []byte("1"),
		"dir/b.txt":          []byte("bee"),
		"dir/sub/c.bin":      bytes.Repeat([]byte{0xab}, 2000),
		"dir/sub/d e.txt":    []byte("space in the key"),
		"dir/sub2/x":         []byte("x"),
		"dir/sub2/deeper/y":  []byte("y"),
		"zz/ünïcode ☕.txt":   []byte("unicode"),
		"big/one-and-a-half": bytes.Repeat([]byte("z"), 3<<19),
		"big/kib":            bytes.Repeat([]byte("k"), 1023*1024+600),
	},
	"beta":  {},
	"gamma": {"only.json": []byte(`{"a":1}`)},
}

func TestLsMatchesAWSCLI(t *testing.T) {
	awsBin := "/root/.pyenv/shims/aws"
	if _, err := os.Stat(awsBin); err != nil {
		if awsBin, err = exec.LookPath("aws"); err != nil {
			needtool.Missing(t, "the AWS CLI is needed to compare output (looked at /root/.pyenv/shims/aws and PATH): %v", err)
		}
	}
	for name, fixture := range map[string]func(*testing.T, map[string]map[string][]byte) *lsFixture{
		"demo handler": newLsFixture, "moto": newMotoLsFixture} {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each case waits on the aws CLI's start-up, seconds long
			testLsMatchesAWSCLI(t, awsBin, fixture(t, sampleObjects))
		})
	}
}

func testLsMatchesAWSCLI(t *testing.T, awsBin string, f *lsFixture) {
	dir := t.TempDir()
	for _, name := range []string{"config", "credentials"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(),
		"TZ=UTC",
		"AWS_ACCESS_KEY_ID=demo", "AWS_SECRET_ACCESS_KEY=demo", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=",
	)

	cases := []struct {
		name string
		args []string
		// sorted: gofakes3 lists buckets in map order, nimbus sorts them by name (as AWS does)
		sorted bool
	}{
		{name: "buckets", args: nil, sorted: true},
		{name: "bucket root", args: []string{"s3://alpha/"}},
		{name: "bucket without slash", args: []string{"s3://alpha"}},
		{name: "two levels down", args: []string{"s3://alpha/dir/sub/"}},
		{name: "partial prefix", args: []string{"s3://alpha/di"}},
		{name: "recursive", args: []string{"--recursive", "s3://alpha/"}},
		{name: "recursive small pages", args: []string{"s3://alpha/dir/", "--recursive", "--page-size", "2"}},
		{name: "human readable summary", args: []string{"s3://alpha/", "--recursive", "--human-readable", "--summarize"}},
		{name: "summary", args: []string{"s3://alpha/big/", "--summarize"}},
		{name: "empty bucket", args: []string{"s3://beta/"}},
		{name: "no match", args: []string{"s3://alpha/nothing-here/"}},
		{name: "no s3 scheme", args: []string{"gamma"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(awsBin, append([]string{"s3", "ls", "--endpoint-url", f.url}, tc.args...)...)
			cmd.Env = env
			var awsOut, awsErr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &awsOut, &awsErr
			awsCode := 0
			if err := cmd.Run(); err != nil {
				exitErr, ok := err.(*exec.ExitError)
				if !ok {
					t.Fatalf("running aws: %v", err)
				}
				awsCode = exitErr.ExitCode()
			}
			if awsCode != 0 && awsCode != 1 {
				t.Fatalf("aws s3 ls %v failed (%d): %s", tc.args, awsCode, awsErr.String())
			}
			got, stderr, code := f.run(t, tc.args...)
			want := awsOut.String()
			if tc.sorted {
				got, want = sortLines(got), sortLines(want)
			}
			if got != want {
				t.Errorf("nimbus ls %v differs from aws s3 ls\n--- nimbus\n%s--- aws\n%s", tc.args, got, want)
			}
			if code != awsCode {
				t.Errorf("exit code %d, aws exits %d (stderr %q)", code, awsCode, stderr)
			}
			if want == "" && tc.name != "empty bucket" && tc.name != "no match" {
				t.Errorf("the comparison saw no output from aws for %v; stderr: %s", tc.args, awsErr.String())
			}
		})
	}
}

func sortLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	slices.Sort(lines)
	return strings.Join(lines, "")
}

func TestLsFormats(t *testing.T) {
	f := newLsFixture(t, map[string]map[string][]byte{"b": {"p/q/r.txt": []byte("12345"), "p/s": []byte("")}})
	out, _, code := f.run(t, "s3://b/p/")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %q", out)
	}
	if lines[0] != "                           PRE q/" {
		t.Errorf("prefix line %q", lines[0])
	}
	// "2026-11-24 06:08:56          0 s"
	if len(lines[1]) != 19+1+10+1+1 || !strings.HasSuffix(lines[1], "          0 s") {
		t.Errorf("object line %q", lines[1])
	}
	if _, err := time.Parse(awsTimeLayout, lines[1][:19]); err != nil {
		t.Errorf("object line date: %v", err)
	}
}

func TestLsEscapesControlCharacters(t *testing.T) {
	evil := "logs/\x1b[2J\x1b]0;pwned\x07boom\u009b31m.txt"
	f := newLsFixture(t, map[string]map[string][]byte{"b": {evil: []byte("x"), "logs/\x1b[31mdir/k": []byte("y")}})

	out, _, code := f.run(t, "s3://b/logs/")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	if strings.ContainsAny(out, "\x1b\x07\u009b") {
		t.Fatalf("raw control characters reached the output: %q", out)
	}
	for _, want := range []string{`\x1b[2J\x1b]0;pwned\x07boom\x9b31m.txt`, `PRE \x1b[31mdir/`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	out, _, code = f.run(t, "--json", "--recursive", "s3://b/")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	if strings.ContainsAny(out, "\x1b\x07\u009b") {
		t.Fatalf("raw control characters reached the JSON output: %q", out)
	}
	if !strings.Contains(out, `\u001b[2J`) || !strings.Contains(out, `\u009b31m`) {
		t.Errorf("JSON output does not escape the controls: %s", out)
	}
	var keys []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e jsonEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		keys = append(keys, e.Key)
	}
	slices.Sort(keys)
	if want := []string{evil, "logs/\x1b[31mdir/k"}; !slices.Equal(keys, want) {
		t.Errorf("JSON keys %q, want %q (exact bytes, decoded)", keys, want)
	}
}

func TestLsJSON(t *testing.T) {
	f := newLsFixture(t, sampleObjects)
	out, _, code := f.run(t, "--json", "s3://alpha/dir/")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var got []jsonEntry
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var e jsonEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, e)
	}
	if len(got) != 3 {
		t.Fatalf("want sub/, sub2/ and b.txt, got %+v", got)
	}
	for i, want := range []struct{ typ, key, name string }{
		{"prefix", "dir/sub/", "sub/"}, {"prefix", "dir/sub2/", "sub2/"}, {"object", "dir/b.txt", "b.txt"},
	} {
		if got[i].Type != want.typ || got[i].Key != want.key || got[i].Name != want.name {
			t.Errorf("entry %d = %+v, want %+v", i, got[i], want)
		}
	}
	obj := got[2]
	if obj.Size == nil || *obj.Size != 3 || obj.LastModified == nil || obj.ETag == "" || obj.StorageClass != "STANDARD" {
		t.Errorf("object entry incomplete: %+v", obj)
	}
	if got[0].Size != nil || got[0].LastModified != nil {
		t.Errorf("prefix entry carries object fields: %+v", got[0])
	}

	out, _, code = f.run(t, "--json")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var b jsonBucket
		if err := json.Unmarshal([]byte(line), &b); err != nil || b.Type != "bucket" || b.Created.IsZero() {
			t.Fatalf("bucket line %q (%v)", line, err)
		}
		names = append(names, b.Name)
	}
	if !slices.Equal(names, []string{"alpha", "beta", "gamma"}) {
		t.Errorf("buckets %v", names)
	}
}

func TestLsErrors(t *testing.T) {
	f := newLsFixture(t, sampleObjects)
	cases := []struct {
		args     []string
		code     int
		contains []string
	}{
		{[]string{"s3://no-such-bucket/"}, ExitService, []string{"nimbus ls: listing s3://no-such-bucket/", "NoSuchBucket", "check the bucket name"}},
		{[]string{"--page-size", "1001", "s3://alpha/"}, ExitUsage, []string{"--page-size must be between 1 and 1000"}},
		{[]string{"s3://bad\x1bname/"}, ExitService, []string{`bad\x1bname`}},
	}
	for _, tc := range cases {
		stdout, stderr, code := f.run(t, tc.args...)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tc.args, code, tc.code, stderr)
		}
		if stdout != "" {
			t.Errorf("%q: stdout %q, want nothing", tc.args, stdout)
		}
		if strings.Contains(stderr, "\x1b") {
			t.Errorf("%q: raw ESC in stderr %q", tc.args, stderr)
		}
		if tc.code == ExitService && strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: want one line on stderr, got %q", tc.args, stderr)
		}
		for _, want := range tc.contains {
			if !strings.Contains(stderr, want) {
				t.Errorf("%q: stderr %q lacks %q", tc.args, stderr, want)
			}
		}
	}
}

func TestLsUnreachableEndpoint(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	nav := s3nav.New(demo.Config(url))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := ls(ctx, nav, LsOptions{}, &out, &errOut, time.UTC)
	if code != ExitError || strings.Count(errOut.String(), "\n") != 1 || !strings.Contains(errOut.String(), "listing buckets") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 Bytes", 1: "1 Byte", 10: "10 Bytes", 1023: "1023 Bytes", 1024: "1.0 KiB",
		1536: "1.5 KiB", 1024*1024 - 1: "1.0 MiB", 3 << 19: "1.5 MiB", 5 << 30: "5.0 GiB",
	} {
		if got := humanSize(n); got != want {
			t.Errorf("humanSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// An endpoint override that is a host name (MinIO, LocalStack behind a name) gets the bucket in
// the path, as aws s3 ls sends it: such servers rarely resolve bucket.host names. Every host is
// dialled to the test's gofakes3, so a request with the bucket in the host reaches it as a
// bucket listing and fails.
func TestLsPathStyleOnANamedEndpoint(t *testing.T) {
	f := newLsFixture(t, map[string]map[string][]byte{"photos": {"a.jpg": []byte("a")}})
	addr := strings.TrimPrefix(f.url, "http://")
	_, port, _ := strings.Cut(addr, ":")
	cfg := demo.Config("http://minio.nimbus.test:" + port)
	var hosts []string
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		Proxy: func(r *http.Request) (*url.URL, error) { hosts = append(hosts, r.Host); return nil, nil },
	}}
	var out, errOut bytes.Buffer
	code := ls(context.Background(), s3nav.New(cfg), LsOptions{Path: "s3://photos/"}, &out, &errOut, time.UTC)
	if code != ExitOK || !strings.HasSuffix(out.String(), " 1 a.jpg\n") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	for _, h := range hosts {
		if strings.HasPrefix(h, "photos.") {
			t.Errorf("request to host %s: the bucket went into the host name", h)
		}
	}
}

// Expired credentials: ls says so and what to do in the session's advice (one wording for every
// command), with the S3 error as S3 sends it.
func TestLsExpiredToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>ExpiredToken</Code>`+
			`<Message>The provided token has expired.</Message><RequestId>R</RequestId><HostId>H</HostId></Error>`)
	}))
	t.Cleanup(srv.Close)
	var out, errOut bytes.Buffer
	code := ls(context.Background(), s3nav.New(demo.Config(srv.URL)), LsOptions{Path: "s3://alpha/"}, &out, &errOut, time.UTC)
	want := "nimbus ls: listing s3://alpha/: ExpiredToken: The provided token has expired. — get new credentials, then retry (SSO: nimbus login)\n"
	if code != ExitService || errOut.String() != want {
		t.Fatalf("exit %d, stderr\n%q\nwant\n%q", code, errOut.String(), want)
	}
}
