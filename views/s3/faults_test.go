package s3_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/s3"
)

// faultPolicy bounds every call at 1 s and retries at once, so that the fault matrix runs fast.
var faultPolicy = netpolicy.Policy{
	ConnectTimeout: time.Second, ReadTimeout: time.Second, MaxAttempts: 3,
	Backoff: func(int, error) (time.Duration, error) { return 0, nil },
}

// TestBrowserFaultMatrix opens a bucket in the S3 browser while its listing meets each fault on
// every attempt, and checks the attempts made and what the page says.
func TestBrowserFaultMatrix(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("faults"); err != nil {
		t.Fatal(err)
	}
	if _, err := backend.PutObject("faults", "key", map[string]string{}, bytes.NewReader([]byte("x")), 1, nil); err != nil {
		t.Fatal(err)
	}
	up := httptest.NewServer(demo.Handler(backend))
	t.Cleanup(up.Close)
	for _, c := range []struct {
		name     string
		fault    faultproxy.Fault
		attempts int
		says     string // %s: the proxy's host
	}{
		{"5xx", faultproxy.Status(500), 3, "InternalError: injected by faultproxy"},
		{"throttle", faultproxy.Throttle(), 3, "SlowDown: Rate exceeded"},
		{"reset", faultproxy.Reset(), 3, "%s closed the connection without answering (attempt 3/3)"},
		{"truncate", faultproxy.Truncate(10), 3, "the answer from %s was cut off (attempt 3/3)"},
		{"garbage", faultproxy.Garbage(), 1, "could not read the answer from %s"},
		{"stall", faultproxy.Stall(), 3, "no answer from %s in 1 s (attempt 3/3)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var seen faultproxy.Attempts
			proxy := faultproxy.Start(t, up.URL, func(_ int, r *http.Request) faultproxy.Fault {
				if r.URL.Query().Has("list-type") {
					seen.Add(r)
					return c.fault
				}
				return nil
			})
			d := faultApp(t, proxy.URL)
			d.WaitForText(wait, "faults")
			start := time.Now()
			d.Send(tuiCommand(t, d, "s3 faults"))
			says := c.says
			if strings.Contains(says, "%s") {
				says = fmt.Sprintf(says, strings.TrimPrefix(proxy.URL, "http://"))
			}
			d.WaitForText(wait, "✗ listing s3://faults/: "+says)
			t.Logf("MATRIX | s3 browser | %s | attempts %d | shown in %s | %s", c.name, seen.N(),
				time.Since(start).Round(10*time.Millisecond), says)
			if seen.N() != c.attempts {
				t.Fatalf("%d attempts, want %d", seen.N(), c.attempts)
			}
		})
	}
}

// faultApp is the S3 browser on endpoint, bounded by faultPolicy.
func faultApp(t *testing.T, endpoint string) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	browser := s3.NewBrowser(env)
	cmds := tui.NewCommands()
	cmds.Add(tui.Command{Name: "s3", Run: func(s tui.Session, args []string) tea.Cmd {
		return browser.Open(s, args[0])
	}})
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := demo.Config(endpoint)
		cfg.Region = region
		faultPolicy.Apply(&cfg)
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Start: browser.Buckets,
		Session: tui.Session{Profile: "demo", Region: "us-east-1", Demo: true, Load: load},
	})
	return tuitest.New(t, app, 160, 20)
}
