package cli

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// rmAWSCLI returns the aws binary and an environment that points it at nothing but the test's flags.
func rmAWSCLI(t *testing.T) (string, []string) {
	t.Helper()
	awsBin := "/root/.pyenv/shims/aws"
	if _, err := os.Stat(awsBin); err != nil {
		if awsBin, err = exec.LookPath("aws"); err != nil {
			needtool.Missing(t, "the AWS CLI is needed to compare output: %v", err)
		}
	}
	dir := t.TempDir()
	for _, name := range []string{"config", "credentials"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return awsBin, append(os.Environ(), "TZ=UTC",
		"AWS_ACCESS_KEY_ID=demo", "AWS_SECRET_ACCESS_KEY=demo", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
}

// runRmAWS runs `aws args...` against url and returns its stdout and exit code.
func runRmAWS(t *testing.T, awsBin string, env []string, url string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(awsBin, append(append([]string{}, args...), "--endpoint-url", url)...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	code := 0
	if err := cmd.Run(); err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running aws: %v", err)
		}
		code = exitErr.ExitCode()
	}
	return out.String(), errOut.String(), code
}

// keysOf lists every key of bucket, one per line.
func keysOf(t *testing.T, nav *s3nav.Client, bucket string) string {
	t.Helper()
	ids, _, err := nav.Keys(context.Background(), bucket, "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(id.Key + "\n")
	}
	return b.String()
}

// nimbus rm prints the lines aws s3 rm prints, exits as it does and leaves the same keys: each case
// runs aws on one copy of the objects and nimbus on another.
func TestRmMatchesAWSCLI(t *testing.T) {
	awsBin, env := rmAWSCLI(t)
	cases := []struct {
		name string
		opts RmOptions
		args []string
	}{
		{"one key", RmOptions{Path: "s3://alpha/dir/b.txt"}, []string{"s3://alpha/dir/b.txt"}},
		{"missing key", RmOptions{Path: "s3://alpha/nope"}, []string{"s3://alpha/nope"}},
		{"recursive", RmOptions{Path: "s3://alpha/dir/", Recursive: true}, []string{"s3://alpha/dir/", "--recursive"}},
		{"recursive partial prefix", RmOptions{Path: "s3://alpha/di", Recursive: true}, []string{"s3://alpha/di", "--recursive"}},
		{"recursive dir without slash", RmOptions{Path: "s3://alpha/dir", Recursive: true}, []string{"s3://alpha/dir", "--recursive"}},
		{"recursive bucket", RmOptions{Path: "s3://alpha", Recursive: true}, []string{"s3://alpha", "--recursive"}},
		{"dryrun", RmOptions{Path: "s3://alpha/big/", Recursive: true, DryRun: true}, []string{"s3://alpha/big/", "--recursive", "--dryrun"}},
		{"quiet", RmOptions{Path: "s3://alpha/big/", Recursive: true, Quiet: true}, []string{"s3://alpha/big/", "--recursive", "--quiet"}},
		{"no such bucket", RmOptions{Path: "s3://nobucket/", Recursive: true}, []string{"s3://nobucket/", "--recursive"}},
		// aws s3 rm's --include and --exclude, in command-line order, on the key below the path.
		{"filters in order", RmOptions{Path: "s3://alpha/dir/", Recursive: true, Rules: []s3xfer.Rule{{Pattern: "*"},
			{Include: true, Pattern: "sub/*"}, {Pattern: "*.bin"}}},
			[]string{"s3://alpha/dir/", "--recursive", "--exclude", "*", "--include", "sub/*", "--exclude", "*.bin"}},
		{"include after exclude, whole bucket", RmOptions{Path: "s3://alpha", Recursive: true, Rules: []s3xfer.Rule{{Pattern: "*"},
			{Include: true, Pattern: "*.txt"}}}, []string{"s3://alpha", "--recursive", "--exclude", "*", "--include", "*.txt"}},
		{"one key excluded", RmOptions{Path: "s3://alpha/dir/b.txt", Rules: []s3xfer.Rule{{Pattern: "b.*"}}},
			[]string{"s3://alpha/dir/b.txt", "--exclude", "b.*"}},
		{"one key, pattern on its path", RmOptions{Path: "s3://alpha/dir/b.txt", Rules: []s3xfer.Rule{{Pattern: "dir/*"}}},
			[]string{"s3://alpha/dir/b.txt", "--exclude", "dir/*"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			theirs, ours := newLsFixture(t, sampleObjects), newLsFixture(t, sampleObjects)
			want, awsErr, wantCode := runRmAWS(t, awsBin, env, theirs.url, append([]string{"s3", "rm"}, tc.args...)...)
			var out, errOut bytes.Buffer
			code := Rm(context.Background(), ours.nav, tc.opts, &out, &errOut)
			if got := sortLines(out.String()); got != sortLines(want) {
				t.Errorf("nimbus rm printed\n%s--- aws s3 rm\n%s(aws stderr %s)", got, sortLines(want), awsErr)
			}
			if code != wantCode {
				t.Errorf("exit code %d, aws %d (nimbus stderr %q, aws stderr %q)", code, wantCode, errOut.String(), awsErr)
			}
			if wantCode == 0 {
				if got, want := keysOf(t, ours.nav, "alpha"), keysOf(t, theirs.nav, "alpha"); got != want {
					t.Errorf("nimbus left\n%s--- aws left\n%s", got, want)
				}
			}
		})
	}
}

// Keys S3 refuses in a recursive delete are printed one by one on stderr and the exit code is 1.
func TestRmRecursiveReportsRefusedKeys(t *testing.T) {
	f := newLsFixture(t, map[string]map[string][]byte{"b": {"p/a": []byte("1"), "p/locked": []byte("2")}})
	f.nav = s3nav.New(proxyDeletes(t, f.url))
	var out, errOut bytes.Buffer
	code := Rm(context.Background(), f.nav, RmOptions{Path: "s3://b/p/", Recursive: true}, &out, &errOut)
	if code != ExitS3Failed {
		t.Fatalf("exit %d, want 1", code)
	}
	if out.String() != "delete: s3://b/p/a\n" {
		t.Errorf("stdout %q", out.String())
	}
	if want := "delete failed: s3://b/p/locked An error occurred (AccessDenied): object is locked\n"; errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
}

func TestRmRefusesWhatIsNoKey(t *testing.T) {
	for _, o := range []RmOptions{{Path: "alpha/k"}, {Path: "s3://alpha"}, {Path: "s3://"}} {
		var out, errOut bytes.Buffer
		if code := Rm(context.Background(), nil, o, &out, &errOut); code != ExitUsage || !strings.Contains(errOut.String(), "nimbus rm:") {
			t.Errorf("%+v: exit %d, stderr %q", o, code, errOut.String())
		}
	}
}

// proxyDeletes is a config for a proxy in front of url that answers DeleteObjects itself, as S3
// does under object lock: keys holding "locked" come back in <Error>, the others in <Deleted>
// (and are not deleted: only the answer matters here).
func proxyDeletes(t *testing.T, url string) aws.Config {
	t.Helper()
	target, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !r.URL.Query().Has("delete") {
			rp.ServeHTTP(w, r)
			return
		}
		var req struct {
			Objects []struct{ Key string } `xml:"Object"`
		}
		if err := xml.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var b strings.Builder
		b.WriteString(`<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`)
		for _, o := range req.Objects {
			if strings.Contains(o.Key, "locked") {
				fmt.Fprintf(&b, "<Error><Key>%s</Key><Code>AccessDenied</Code><Message>object is locked</Message></Error>", o.Key)
			} else {
				fmt.Fprintf(&b, "<Deleted><Key>%s</Key></Deleted>", o.Key)
			}
		}
		b.WriteString("</DeleteResult>")
		_, _ = io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	return demo.Config(srv.URL)
}

// Keys with characters XML cannot carry (ESC, other control characters) are deleted one by one,
// as aws s3 rm deletes every key: in a DeleteObjects document the SDK's encoder sends U+FFFD in
// their place, S3 reports that other key deleted, and the object stays. Before, `rm --recursive`
// and `rb --force` printed "delete:" for such a key and left it (then: BucketNotEmpty). The
// lines escape the control characters; aws prints them raw, so the keys left are compared.
func TestRmDeletesKeysXMLCannotCarry(t *testing.T) {
	awsBin, env := rmAWSCLI(t)
	objects := map[string]map[string][]byte{"c": {"p/ctl\x1b[31mred": []byte("1"), "p/bell\a": []byte("2"),
		"p/cr\rlf\n": []byte("3"), "p/ok ü": []byte("4")}}
	theirs, ours := newLsFixture(t, objects), newLsFixture(t, objects)
	if _, awsErr, code := runRmAWS(t, awsBin, env, theirs.url, "s3", "rm", "s3://c/p/", "--recursive"); code != 0 {
		t.Fatalf("aws s3 rm: %d %s", code, awsErr)
	}
	var out, errOut bytes.Buffer
	if code := Rm(context.Background(), ours.nav, RmOptions{Path: "s3://c/p/", Recursive: true}, &out, &errOut); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if got, want := keysOf(t, ours.nav, "c"), keysOf(t, theirs.nav, "c"); got != want {
		t.Errorf("nimbus left %q, aws left %q", got, want)
	}
	want := "delete: s3://c/p/bell\\x07\ndelete: s3://c/p/cr\\x0dlf\\x0a\ndelete: s3://c/p/ctl\\x1b[31mred\ndelete: s3://c/p/ok ü\n"
	if got := sortLines(out.String()); got != want {
		t.Errorf("stdout\n%q\nwant\n%q", got, want)
	}
}
