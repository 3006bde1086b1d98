package resources_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
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

// putParameters creates n SSM parameters in region; moto lists them 10 to a page.
func putParameters(t *testing.T, srv *motoserver.Server, region string, n int) {
	t.Helper()
	svc, err := model.Default().Load("ssm")
	if err != nil {
		t.Fatal(err)
	}
	inv := invoke.New(srv.AWSConfig(region), svc, invoke.Options{})
	for i := range n {
		if _, err := inv.Call(context.Background(), "PutParameter", map[string]any{
			"Name": fmt.Sprintf("/app/p%02d", i), "Value": "v", "Type": "String",
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// jsonError is an error answer of the JSON protocols.
func jsonError(status int, code string) faultproxy.Fault {
	return faultproxy.StatusBody(status, `{"__type":"`+code+`","message":"injected by faultproxy"}`)
}

// parametersApp opens the SSM parameters page against endpoint (a fault proxy before moto),
// refreshing every refresh (0: never) on clock (nil: the real one).
func parametersApp(t *testing.T, srv *motoserver.Server, endpoint, region string, refresh time.Duration, clock *tuitest.Clock) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	if clock != nil {
		env.Clock = clock
	}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	pages := resources.NewPages(env, clients.NewCatalog(env, model.Default()), reg, waitboard.New(ctx), nil, refresh)
	load := func(_ context.Context, _, r string) (aws.Config, error) {
		cfg := srv.AWSConfig(r)
		cfg.BaseEndpoint = aws.String(endpoint)
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
	return tuitest.New(t, app, 140, 30)
}

func TestCollectionFailingOnPage3StaysMarkedAndResumes(t *testing.T) {
	srv := freshMoto(t)
	putParameters(t, srv, "eu-south-1", 25)
	listing := faultproxy.NewListing(faultproxy.Target("AmazonSSM.DescribeParameters"), faultproxy.JSONToken("NextToken"))
	proxy := faultproxy.Start(t, srv.URL, listing.FailFrom(3, jsonError(500, "InternalError")))
	d := parametersApp(t, srv, proxy.URL, "eu-south-1", 0, nil)
	d.WaitForText(wait, "incomplete: 20 parameters, page 3 failed: InternalError — r retries from there", "/app/p19")
	if strings.Contains(d.Screen(), "/app/p20") {
		t.Fatalf("page 3 failed but its rows are shown:\n%s", d.Screen())
	}
	failed := listing.Tokens()
	last := failed[len(failed)-1]
	if last == "" || failed[0] != "" {
		t.Fatalf("tokens before the resume %q: want page 1 without a token and page 3 with one", failed)
	}

	listing.Heal()
	d.Key("r")
	d.WaitFor("every parameter", wait, func(s string) bool {
		return strings.Contains(s, " 25 parameters") && !strings.Contains(s, "incomplete") && !strings.Contains(s, "loading")
	})
	// r sent page 3's token again (the last good page's NextToken) and did not start over.
	if got, want := listing.Tokens(), append(failed, last); !slices.Equal(got, want) {
		t.Fatalf("tokens sent %q\nwant %q", got, want)
	}
}

// throttleSwitch answers every DescribeParameters with ThrottlingException while on.
type throttleSwitch struct{ on atomic.Bool }

func (ts *throttleSwitch) rule(_ int, r *http.Request) faultproxy.Fault {
	if ts.on.Load() && r.Header.Get("X-Amz-Target") == "AmazonSSM.DescribeParameters" {
		return jsonError(400, "ThrottlingException")
	}
	return nil
}

func TestAutoRefreshBacksOffWhenThrottledAndStopsAfterThreeFailures(t *testing.T) {
	srv := freshMoto(t)
	putParameters(t, srv, "eu-west-2", 3)
	throttle := &throttleSwitch{}
	proxy := faultproxy.Start(t, srv.URL, throttle.rule)
	clock := tuitest.NewClock(time.Now())
	const every = 30 * time.Second
	d := parametersApp(t, srv, proxy.URL, "eu-west-2", every, clock)
	d.WaitFor("the parameters", wait, func(s string) bool { return strings.Contains(s, " 3 parameters") && !strings.Contains(s, "loading") })

	// step waits for the one refresh timer to be set for after, then advances the clock to it,
	// checking that it is not due a second early.
	step := func(after time.Duration) {
		t.Helper()
		awaitTimer(t, d, clock, after)
		clock.Advance(after - time.Second)
		if clock.Sleepers() != 1 {
			t.Fatalf("auto-refresh fired before %s", after)
		}
		clock.Advance(time.Second)
	}
	throttle.on.Store(true)
	step(every)
	d.WaitForText(wait, "stale: 3 parameters, refresh failed: ThrottlingException — r retries", "throttled: next refresh in 1m")
	step(2 * every)
	d.WaitForText(wait, "throttled: next refresh in 2m")
	step(4 * every)
	d.WaitForText(wait, "auto-refresh stopped after 3 failures — r resumes")
	awaitTimer(t, d, clock, 0)
	requests := proxy.Count()
	clock.Advance(time.Hour)
	d.Key("j") // a message through the app: a refresh, had one started, would have sent by now
	if clock.Sleepers() != 0 || proxy.Count() != requests {
		t.Fatal("auto-refresh went on after it stopped")
	}

	// r lists again and starts auto-refresh at its interval.
	throttle.on.Store(false)
	d.Key("r")
	d.WaitFor("a good listing", wait, func(s string) bool {
		return strings.Contains(s, " 3 parameters") && !strings.Contains(s, "stale") && !strings.Contains(s, "stopped") && !strings.Contains(s, "loading")
	})
	step(every)
	d.WaitFor("an automatic refresh", wait, func(s string) bool { return proxy.Count() > requests+1 && !strings.Contains(s, "loading") })
}

// awaitTimer applies the app's messages until the clock holds exactly one timer, due in after
// (after 0: none at all). An older timer, stopped but not yet gone, does not count.
func awaitTimer(t *testing.T, d *tuitest.Driver, clock *tuitest.Clock, after time.Duration) {
	t.Helper()
	ready := make(chan struct{})
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			left, ok := clock.NextWake()
			if after == 0 && !ok || clock.Sleepers() == 1 && left == after {
				close(ready)
				return
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond): // polls a condition; nothing is measured
			}
		}
	}()
	d.Await(fmt.Sprintf("one refresh timer due in %s", after), wait, ready)
}
