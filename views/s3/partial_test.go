package s3_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/s3"
)

// bigBucket is a gofakes3 bucket "big" of n objects dated 2024-01-01, behind a fault proxy that
// follows its ListObjectsV2 pages.
func bigBucket(t *testing.T, n int, rule func(*faultproxy.Listing) faultproxy.Rule) (*faultproxy.Proxy, *faultproxy.Listing) {
	t.Helper()
	at := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	backend := s3mem.New(s3mem.WithTimeSource(gofakes3.FixedTimeSource(at)))
	if err := backend.CreateBucket("big"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		body := []byte("x")
		if _, err := backend.PutObject("big", fmt.Sprintf("obj-%05d", i), map[string]string{}, bytes.NewReader(body), 1, nil); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(demo.Handler(backend))
	t.Cleanup(srv.Close)
	l := faultproxy.NewListing(faultproxy.Query("list-type", "2"), faultproxy.QueryToken("continuation-token"))
	return faultproxy.Start(t, srv.URL, rule(l)), l
}

// withoutToast blanks the message line above the footer: the error toast there goes after 10 s
// (and holds the SDK's wording); the status line is what must last.
func withoutToast(screen string) string {
	lines := strings.Split(screen, "\n")
	if n := len(lines); n >= 2 {
		lines[n-2] = ""
	}
	return strings.Join(lines, "\n")
}

// s3Error is an S3 error answer (S3's XML shape, not the query protocols' ErrorResponse).
func s3Error(status int, code string) faultproxy.Fault {
	return faultproxy.StatusBody(status, `<?xml version="1.0" encoding="UTF-8"?>`+
		`<Error><Code>`+code+`</Code><Message>injected by faultproxy</Message><RequestId>fault</RequestId></Error>`)
}

// objectsApp opens the objects page of bucket "big" through url, one attempt per request.
func objectsApp(t *testing.T, url string) *tuitest.Driver {
	t.Helper()
	return browserApp(t, url, func(b *s3.Browser, s tui.Session) tui.Page { return b.Objects(s, "big", "") })
}

// browserApp opens the S3 browser's page start through url, one attempt per request.
func browserApp(t *testing.T, url string, start func(*s3.Browser, tui.Session) tui.Page) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	browser := s3.NewBrowser(env)
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := demo.Config(url)
		cfg.Region = region
		cfg.RetryMaxAttempts = 1
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "demo", Region: "us-east-1", Demo: true, Load: load},
		Start:   func(s tui.Session) tui.Page { return start(browser, s) },
	})
	return tuitest.New(t, app, 100, 30)
}

func TestObjectsListingFailingOnPage3StaysMarkedAndResumes(t *testing.T) {
	proxy, listing := bigBucket(t, 2500, func(l *faultproxy.Listing) faultproxy.Rule { return l.FailFrom(3, s3Error(500, "InternalError")) })
	d := objectsApp(t, proxy.URL)
	marker := "incomplete: 2,000 objects, page 3 failed: InternalError — r retries from there"
	d.WaitForText(wait, marker)
	tuitest.Golden(t, "objects-incomplete", withoutToast(d.Screen()))

	failed := listing.Tokens()
	if len(failed) != 3 || failed[2] == "" {
		t.Fatalf("page tokens before the resume: %q, want two good pages and a failed third", failed)
	}
	listing.Heal()
	d.Key("r")
	d.WaitFor("the whole listing", wait, func(s string) bool {
		return strings.Contains(s, " 2,500 objects") && !strings.Contains(s, "incomplete") && !strings.Contains(s, "loading")
	})
	// r asked for page 3 again with the last good continuation token; it did not start over.
	if got, want := listing.Tokens(), append(failed, failed[2]); !slices.Equal(got, want) {
		t.Fatalf("tokens sent %q\nwant %q", got, want)
	}
	d.Key("G")
	d.WaitForText(wait, "obj-02499")
}

func TestObjectsThrottledPageIsMarked(t *testing.T) {
	proxy, _ := bigBucket(t, 1500, func(l *faultproxy.Listing) faultproxy.Rule { return l.FailFrom(2, s3Error(503, "SlowDown")) })
	d := objectsApp(t, proxy.URL)
	d.WaitForText(wait, "incomplete: 1,000 objects, page 2 failed: SlowDown — r retries from there")
	d.Key("j") // moving on does not clear the marker
	d.WaitForText(wait, "incomplete: 1,000 objects")
}

// A refresh whose first page fails keeps the rows it had (marked stale) instead of an empty
// table under an error: the endpoint dropping for a moment must not wipe 1,500 rows.
func TestObjectsRefreshThatFailsKeepsTheRows(t *testing.T) {
	var down atomic.Bool
	proxy, _ := bigBucket(t, 1500, func(*faultproxy.Listing) faultproxy.Rule {
		return func(int, *http.Request) faultproxy.Fault {
			if down.Load() {
				return s3Error(500, "InternalError")
			}
			return nil
		}
	})
	d := objectsApp(t, proxy.URL)
	d.WaitFor("the whole listing", wait, func(s string) bool {
		return strings.Contains(s, " 1,500 objects") && !strings.Contains(s, "loading")
	})
	d.Key("j")
	d.Key("j")
	down.Store(true)
	d.Key("r")
	d.WaitForText(wait, "stale: 1,500 objects, refresh failed: InternalError — r retries")
	if s := d.Screen(); !strings.Contains(s, "▸ obj-00002") {
		t.Fatalf("the rows or the cursor went with the failed refresh:\n%s", s)
	}
	down.Store(false)
	d.Key("r")
	d.WaitFor("the listing again", wait, func(s string) bool {
		return strings.Contains(s, " 1,500 objects") && !strings.Contains(s, "stale") && !strings.Contains(s, "loading")
	})
	if s := d.Screen(); !strings.Contains(s, "▸ obj-00002") {
		t.Fatalf("the cursor did not come back to its row:\n%s", s)
	}
}

// The buckets page keeps its rows through a failed refresh too.
func TestBucketsRefreshThatFailsKeepsTheRows(t *testing.T) {
	var down atomic.Bool
	proxy, _ := bigBucket(t, 1, func(*faultproxy.Listing) faultproxy.Rule {
		return func(int, *http.Request) faultproxy.Fault {
			if down.Load() {
				return s3Error(500, "InternalError")
			}
			return nil
		}
	})
	d := browserApp(t, proxy.URL, (*s3.Browser).Buckets)
	d.WaitForText(wait, "1 bucket")
	down.Store(true)
	d.Key("r")
	d.WaitForText(wait, "stale: 1 bucket, refresh failed: InternalError — r retries")
	if s := d.Screen(); !strings.Contains(s, "▸ big") {
		t.Fatalf("the bucket went with the failed refresh:\n%s", s)
	}
	down.Store(false)
	d.Key("r")
	d.WaitFor("the buckets again", wait, func(s string) bool {
		return strings.Contains(s, "1 bucket") && strings.Contains(s, "▸ big") && !strings.Contains(s, "stale")
	})
}
