package cli

import (
	"bytes"
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
)

// continuationToken is the continuation-token of a "GET /b?…" request line, or "".
func continuationToken(t *testing.T, request string) string {
	t.Helper()
	_, query, _ := strings.Cut(request, "?")
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	return v.Get("continuation-token")
}

func TestCallPaginationFailingOnPage3PrintsWhatItGot(t *testing.T) {
	f := newS3Fixture(t)
	keys := []string{"k1", "k2", "k3", "k4", "k5"}
	f.put(t, "b", keys...)
	proxy := faultproxy.Start(t, f.url, faultproxy.FromRequest(3, faultproxy.Status(500)))
	oneAttempt := retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 1 })
	inv := invoke.New(demo.Config(proxy.URL), loadService(t, "s3"), invoke.Options{Retryer: oneAttempt})

	out, errOut, code := call(t, inv, "ListObjectsV2", `{"Bucket": "b"}`, CallOptions{PageSize: 2})
	if code == ExitOK {
		t.Fatalf("a listing whose page 3 failed exited 0\nstderr: %s", errOut)
	}
	doc := decodeJSON(t, out)
	if got := contentKeys(doc); !reflect.DeepEqual(got, keys[:4]) {
		t.Errorf("printed %v before the error, want %v", got, keys[:4])
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "InternalError") {
		t.Fatalf("stderr should give the error, then what was written:\n%s", errOut)
	}
	m := regexp.MustCompile(`^nimbus call: incomplete output: 4 Contents from 2 pages were written before page 3 failed; resume with --starting-token (\S+)$`).FindStringSubmatch(lines[1])
	if m == nil {
		t.Fatalf("stderr line 2 is %q", lines[1])
	}
	if doc["NextToken"] != m[1] {
		t.Errorf("the printed NextToken %v differs from the resume token %s", doc["NextToken"], m[1])
	}

	// The token resumes at page 3: the same continuation token is sent, the rest is listed.
	failed := proxy.Requests()[2]
	f.reset()
	rest := decodeJSON(t, mustCall(t, f.invoker(t, invoke.Options{}), "ListObjectsV2", `{"Bucket": "b"}`, CallOptions{PageSize: 2, StartingToken: m[1]}))
	if got := contentKeys(rest); !reflect.DeepEqual(got, keys[4:]) {
		t.Errorf("resuming listed %v, want %v", got, keys[4:])
	}
	if sent, want := continuationToken(t, f.seen()[0]), continuationToken(t, failed); sent != want || want == "" {
		t.Errorf("resume sent continuation-token %q, the failed page had %q", sent, want)
	}
}

func TestCallPaginationFailingOnPage1PrintsNothing(t *testing.T) {
	f := newS3Fixture(t)
	f.put(t, "b", "k1", "k2", "k3")
	proxy := faultproxy.Start(t, f.url, faultproxy.Always(faultproxy.Status(500)))
	oneAttempt := retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 1 })
	inv := invoke.New(demo.Config(proxy.URL), loadService(t, "s3"), invoke.Options{Retryer: oneAttempt})
	out, errOut, code := call(t, inv, "ListObjectsV2", `{"Bucket": "b"}`, CallOptions{PageSize: 2})
	if code == ExitOK || out != "" || strings.Count(errOut, "\n") != 1 || strings.Contains(errOut, "incomplete") {
		t.Fatalf("exit %d, stdout %q, stderr %q: want only the error", code, out, errOut)
	}
}

// fromListPage fails every ListObjectsV2 request from the page-th on with f; other requests
// (the bucket's region lookup) pass.
func fromListPage(page int, f faultproxy.Fault) faultproxy.Rule {
	var mu sync.Mutex
	lists := 0
	return func(_ int, r *http.Request) faultproxy.Fault {
		if r.URL.Query().Get("list-type") != "2" {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		lists++
		if lists >= page {
			return f
		}
		return nil
	}
}

func TestLsFailingOnPage3SaysHowMuchWasWritten(t *testing.T) {
	objs := map[string][]byte{}
	for _, k := range []string{"k1", "k2", "k3", "k4", "k5"} {
		objs[k] = []byte(k)
	}
	f := newLsFixture(t, map[string]map[string][]byte{"b": objs})
	for _, args := range [][]string{{"--page-size", "2", "s3://b/"}, {"--json", "--page-size", "2", "s3://b/"}} {
		proxy := faultproxy.Start(t, f.url, fromListPage(3, faultproxy.Status(500)))
		cfg := demo.Config(proxy.URL)
		cfg.RetryMaxAttempts = 1
		var out, errOut bytes.Buffer
		code := ls(context.Background(), s3nav.New(cfg), lsArgs(t, args...), &out, &errOut, time.UTC)
		if code == ExitOK {
			t.Fatalf("%q: a listing whose page 3 failed exited 0", args)
		}
		if got := strings.Count(out.String(), "\n"); got != 4 || !strings.Contains(out.String(), "k4") {
			t.Errorf("%q: stdout has %d lines, want the 4 objects of pages 1–2:\n%s", args, got, out.String())
		}
		lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
		want := "nimbus ls: incomplete listing: 4 entries from 2 pages were written before page 3 failed"
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "nimbus ls: listing s3://b/: ") || lines[1] != want {
			t.Errorf("%q: stderr is\n%s\nwant the error, then %q", args, errOut.String(), want)
		}
	}
}
