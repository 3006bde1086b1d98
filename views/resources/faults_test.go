package resources_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// faultPolicy bounds every call at 1 s and retries at once, so that the fault matrix runs fast.
var faultPolicy = netpolicy.Policy{
	ConnectTimeout: time.Second, ReadTimeout: time.Second, MaxAttempts: 3,
	Backoff: func(int, error) (time.Duration, error) { return 0, nil },
}

// TestResourcePageFaultMatrix opens the SSM parameters page (the engine, awsJson) while its
// listing meets each fault on every attempt, and checks the attempts and what the page says.
func TestResourcePageFaultMatrix(t *testing.T) {
	const region = "ap-southeast-3"
	srv := motoserver.StartShared(t)
	svc, err := model.Default().Load("ssm")
	if err != nil {
		t.Fatal(err)
	}
	inv := invoke.New(srv.AWSConfig(region), svc, invoke.Options{})
	if _, err := inv.Call(context.Background(), "PutParameter", map[string]any{
		"Name": "/faults/p", "Value": "v", "Type": "String", "Overwrite": true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		fault    faultproxy.Fault
		attempts int
		says     string // %s: the proxy's host
	}{
		{"5xx", faultproxy.Status(500), 3, "InternalError"},
		{"throttle", faultproxy.Throttle(), 3, "ThrottlingException"},
		{"reset", faultproxy.Reset(), 3, "%s closed the connection without answering (attempt 3/3)"},
		{"truncate", faultproxy.Truncate(10), 3, "the answer from %s was cut off (attempt 3/3)"},
		{"garbage", faultproxy.Garbage(), 1, "could not read the answer from %s"},
		{"stall", faultproxy.Stall(), 3, "no answer from %s in 1 s (attempt 3/3)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var seen faultproxy.Attempts
			proxy := faultproxy.Start(t, srv.URL, func(_ int, r *http.Request) faultproxy.Fault {
				if r.Header.Get("X-Amz-Target") == "AmazonSSM.DescribeParameters" {
					seen.Add(r)
					return c.fault
				}
				return nil
			})
			start := time.Now()
			d := faultParametersApp(t, srv, proxy.URL, region)
			says := c.says
			if strings.Contains(says, "%s") {
				says = fmt.Sprintf(says, strings.TrimPrefix(proxy.URL, "http://"))
			}
			d.WaitForText(wait, says)
			screen := d.Screen()
			t.Logf("MATRIX | resource page (ssm parameters) | %s | attempts %d | shown in %s | %s", c.name, seen.N(),
				time.Since(start).Round(10*time.Millisecond), lineWith(screen, says))
			if seen.N() != c.attempts {
				t.Fatalf("%d attempts, want %d", seen.N(), c.attempts)
			}
			for _, raw := range []string{"operation error", "request send failed", "deserialization failed", "context canceled"} {
				if strings.Contains(screen, raw) {
					t.Fatalf("the page shows the SDK's wording %q:\n%s", raw, screen)
				}
			}
		})
	}
}

func lineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// faultParametersApp opens the SSM parameters page of region through endpoint, bounded by
// faultPolicy.
func faultParametersApp(t *testing.T, srv *motoserver.Server, endpoint, region string) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	pages := resources.NewPages(env, clients.NewCatalog(env, model.Default()), reg, waitboard.New(ctx), nil, 0)
	load := func(_ context.Context, _, r string) (aws.Config, error) {
		cfg := srv.AWSConfig(r)
		cfg.BaseEndpoint = aws.String(endpoint)
		faultPolicy.Apply(&cfg)
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "test", Region: region, Load: load},
		Start: func(s tui.Session) tui.Page {
			def, _ := reg.Lookup("ssm-parameter")
			return pages.Open(s, def, def.ListInput(nil), "")
		},
	})
	return tuitest.New(t, app, 160, 20)
}
