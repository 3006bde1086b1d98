package resources_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

const wait = 20 * time.Second

// newApp runs the resource pages against moto in a region of the test's own, so tests sharing
// the server do not see each other's instances.
func newApp(t *testing.T, srv *motoserver.Server, region string, readOnly bool) *tuitest.Driver {
	t.Helper()
	return newAppWith(t, srv, region, readOnly, 0, nil)
}

// counter counts the requests nimbus sends and records their Action; a gate, when set, holds the
// requests it matches until the test opens it, so a test can act while a call is in flight.
type counter struct {
	n    atomic.Int64
	gate *gate

	mu     sync.Mutex
	bodies []string
}

type gate struct {
	match   func(body string) bool
	arrived chan struct{} // one value per held request
	open    chan struct{}
}

func newGate(match func(body string) bool) *gate {
	return &gate{match: match, arrived: make(chan struct{}, 16), open: make(chan struct{})}
}

func (c *counter) Do(req *http.Request) (*http.Response, error) {
	c.n.Add(1)
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	c.mu.Lock()
	c.bodies = append(c.bodies, string(body))
	c.mu.Unlock()
	if g := c.gate; g != nil && g.match(string(body)) {
		g.arrived <- struct{}{}
		select {
		case <-g.open:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	return http.DefaultClient.Do(req)
}

// sent counts the EC2 (query protocol) requests for action.
func (c *counter) sent(action string) int {
	return c.count(func(form url.Values) bool { return form.Get("Action") == action })
}

// listings counts the DescribeInstances calls that list (a describe names an instance).
func (c *counter) listings() int {
	return c.count(func(form url.Values) bool {
		return form.Get("Action") == "DescribeInstances" && form.Get("InstanceId.1") == ""
	})
}

func (c *counter) count(match func(url.Values) bool) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, b := range c.bodies {
		if form, err := url.ParseQuery(b); err == nil && match(form) {
			n++
		}
	}
	return n
}

// held waits until the gate holds a request, applying the app's messages meanwhile.
func (g *gate) held(d *tuitest.Driver) { d.Await("the gated request", wait, g.arrived) }

// loaded waits until the table lists id and is no longer loading.
func loaded(d *tuitest.Driver, id string) {
	d.WaitFor(id+" listed", wait, func(s string) bool {
		return strings.Contains(s, id) && !strings.Contains(s, "loading…")
	})
}

func newAppWith(t *testing.T, srv *motoserver.Server, region string, readOnly bool, refresh time.Duration, client *counter) *tuitest.Driver {
	t.Helper()
	return startApp(t, srv, appConfig{region: region, readOnly: readOnly, refresh: refresh, client: client})
}

// appConfig is how startApp builds the app; a nil clock is the real one.
type appConfig struct {
	region   string
	readOnly bool
	refresh  time.Duration
	client   *counter
	clock    *tuitest.Clock
	// waitDelay is the waiters' delay between polls (0: 100 ms).
	waitDelay time.Duration
	// keys is the user's key map (nil: the defaults).
	keys *keymap.KeyMap
	// start, when set, is the first page instead of the instances.
	start func(reg *resource.Registry, pages *resources.Pages, s tui.Session) tui.Page
}

func startApp(t *testing.T, srv *motoserver.Server, c appConfig) *tuitest.Driver {
	t.Helper()
	d, _ := startAppModel(t, srv, c)
	return d
}

// startAppModel is startApp that also returns the app, for tests that look at its pages.
func startAppModel(t *testing.T, srv *motoserver.Server, c appConfig) (*tuitest.Driver, *tui.App) {
	t.Helper()
	region, readOnly, refresh, client := c.region, c.readOnly, c.refresh, c.client
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	if c.keys != nil {
		env.Keys = *c.keys
	}
	if c.clock != nil {
		env.Clock = c.clock
	}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	catalog := clients.NewCatalog(env, model.Default())
	board := waitboard.New(ctx)
	pages := resources.NewPages(env, catalog, reg, board, nil, refresh)
	if c.waitDelay == 0 {
		c.waitDelay = 100 * time.Millisecond
	}
	pages.SetWaitDelay(c.waitDelay)
	cmds := tui.NewCommands()
	pages.Register(cmds)
	load := func(_ context.Context, _, r string) (aws.Config, error) {
		cfg := srv.AWSConfig(r)
		if client != nil {
			cfg.HTTPClient = client
		}
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Components: []tui.Component{board},
		Session: tui.Session{Profile: "test", Region: region, ReadOnly: readOnly, Load: load},
		Start: func(s tui.Session) tui.Page {
			if c.start != nil {
				return c.start(reg, pages, s)
			}
			def, _ := reg.Lookup("instance")
			return pages.Open(s, def, def.ListInput(nil), "")
		},
	})
	return tuitest.New(t, app, 120, 30), app
}

func runInstances(t *testing.T, srv *motoserver.Server, region string, n int) []string {
	t.Helper()
	svc, err := model.Default().Load("ec2")
	if err != nil {
		t.Fatal(err)
	}
	out, err := invoke.New(srv.AWSConfig(region), svc, invoke.Options{}).Call(context.Background(), "RunInstances",
		map[string]any{"ImageId": "ami-12c6146b", "MinCount": n, "MaxCount": n, "InstanceType": "t3.micro"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range out["Instances"].([]any) {
		ids = append(ids, it.(map[string]any)["InstanceId"].(string))
	}
	return ids
}

func chooseAction(d *tuitest.Driver, name string) {
	d.Key("a")
	d.WaitForText(wait, "│ actions ")
	d.Key("/")
	d.Type(name)
	d.Key("enter")
	d.WaitFor("the "+name+" action", wait, func(s string) bool { return strings.Contains(s, "▸ "+name) })
	d.Key("enter")
}

func TestStopAnInstanceAndWatchItsWaiter(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-west-3", 1)
	clock := tuitest.NewClock(time.Now())
	d := startApp(t, srv, appConfig{region: "eu-west-3", clock: clock})
	d.WaitForText(wait, ids[0], "running")
	chooseAction(d, "stop")
	d.WaitForText(wait, "Stop", ids[0], "y / enter confirm")
	d.Key("y") // pressed as the confirmation opens: ignored
	clock.Advance(time.Second)
	if !strings.Contains(d.Screen(), "y / enter confirm") {
		t.Fatalf("a key pressed as the confirmation opened answered it:\n%s", d.Screen())
	}
	d.Key("y")
	d.WaitForText(wait, "InstanceStopped")
	d.WaitFor("the row to read stopped", wait, func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, ids[0]) && strings.Contains(l, "stopped") && !strings.Contains(l, "⟳") {
				return true
			}
		}
		return false
	})
}

func TestMultiSelectActsOnEveryRowWithOneConfirmation(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "ap-northeast-3", 2)
	clock := tuitest.NewClock(time.Now())
	d := startApp(t, srv, appConfig{region: "ap-northeast-3", clock: clock})
	d.WaitForText(wait, ids[0], ids[1])
	d.Key("space")
	d.Key("space")
	d.WaitForText(wait, "2 selected")
	chooseAction(d, "stop")
	d.WaitForText(wait, "Stop 2", ids[0], ids[1])
	clock.Advance(time.Second) // past the confirmation's grace period
	d.Key("y")
	d.WaitFor("both rows stopped", wait, func(s string) bool {
		return strings.Count(s, "stopped") >= 2 && !strings.Contains(s, "⟳")
	})
}

func TestReadOnlyHidesMutatingActions(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "sa-east-1", 1)
	calls := &counter{}
	d := startApp(t, srv, appConfig{region: "sa-east-1", readOnly: true, client: calls})
	loaded(d, ids[0])
	// (stop's own key X only says it is disabled: TestReadOnlyActionKeySaysItIsDisabled)
	d.Key("a")
	// The menu opens with the actions that change nothing.
	d.WaitForText(wait, "│ actions ", "console output", "GetConsoleOutput")
	for _, hidden := range []string{"terminate", "stop", "start", "reboot"} {
		if strings.Contains(d.Screen(), hidden) {
			t.Errorf("read-only mode must not offer %s:\n%s", hidden, d.Screen())
		}
	}
	if n := calls.sent("StopInstances"); n != 0 {
		t.Errorf("read-only mode sent StopInstances %d times", n)
	}
}

func TestDescribeAndDrillIntoVolumes(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "ca-central-1", 1)
	d := newApp(t, srv, "ca-central-1", false)
	d.WaitForText(wait, ids[0])
	d.Key("d")
	d.WaitForText(wait, "InstanceId", ids[0])
	d.Key("esc")
	d.WaitForText(wait, ids[0], "running")
	d.Key("o")
	d.WaitForText(wait, "sub-resources", "volumes")
	d.Key("enter")
	d.WaitForText(wait, "volumes", "vol-")
}

// refreshOnce steps the fake clock by one interval and waits for the refresh it starts to end.
func refreshOnce(t *testing.T, d *tuitest.Driver, clock *tuitest.Clock, calls *counter, id string, every time.Duration) {
	t.Helper()
	before := calls.listings()
	clock.WaitSleepers(t, 1, wait) // the page's refresh timer
	clock.Advance(every - time.Second)
	if clock.Sleepers() != 1 {
		t.Fatal("the table refreshed before its interval")
	}
	clock.Advance(time.Second)
	d.WaitFor("a refresh", wait, func(s string) bool {
		return calls.listings() > before && strings.Contains(s, id) && !strings.Contains(s, "loading…")
	})
	if got := calls.listings(); got != before+1 {
		t.Fatalf("one interval should list once, listed %d times", got-before)
	}
}

func TestAutoRefreshEveryIntervalAndPausedWhileHidden(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-north-1", 1)
	calls := &counter{}
	clock := tuitest.NewClock(time.Now())
	const every = 30 * time.Second
	d := startApp(t, srv, appConfig{region: "eu-north-1", refresh: every, client: calls, clock: clock})
	loaded(d, ids[0])
	for range 3 {
		refreshOnce(t, d, clock, calls, ids[0], every)
	}
	d.Key("d") // describe covers the table
	d.WaitForText(wait, "InstanceId")
	clock.WaitSleepers(t, 0, wait) // covered: the refresh timer is stopped
	before := calls.listings()
	clock.Advance(10 * every)
	if got := calls.listings(); got != before {
		t.Fatalf("a hidden table refreshed: %d listings while covered", got-before)
	}
	d.Key("esc")
	d.WaitForText(wait, "instances")
	refreshOnce(t, d, clock, calls, ids[0], every)
}

// A refresh restarts the listing only: a describe or an action the user started runs on.
// (It used to cancel every task of the page, so a describe pressed just before an auto-refresh
// never opened, and an action's result was dropped.)
func TestARefreshDoesNotSwallowADescribe(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-south-1", 1)
	g := newGate(func(body string) bool { return strings.Contains(body, "InstanceId.1=") })
	calls := &counter{gate: g}
	d := startApp(t, srv, appConfig{region: "eu-south-1", client: calls})
	loaded(d, ids[0])
	d.Key("d")
	g.held(d)
	before := calls.listings()
	d.Key("ctrl+r")
	d.WaitFor("the refresh", wait, func(s string) bool {
		return calls.listings() > before && !strings.Contains(s, "loading…")
	})
	close(g.open)
	d.WaitForText(wait, "InstanceId", "› "+ids[0])
}

func TestAnAutoRefreshDoesNotSwallowADescribe(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-south-2", 1)
	g := newGate(func(body string) bool { return strings.Contains(body, "InstanceId.1=") })
	calls := &counter{gate: g}
	clock := tuitest.NewClock(time.Now())
	const every = 30 * time.Second
	d := startApp(t, srv, appConfig{region: "eu-south-2", refresh: every, client: calls, clock: clock})
	loaded(d, ids[0])
	d.Key("d")
	g.held(d)
	refreshOnce(t, d, clock, calls, ids[0], every)
	close(g.open)
	d.WaitForText(wait, "InstanceId", "› "+ids[0])
}

func TestARefreshDoesNotSwallowAnAction(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "il-central-1", 1)
	g := newGate(func(body string) bool { return strings.Contains(body, "Action=StopInstances") })
	calls := &counter{gate: g}
	clock := tuitest.NewClock(time.Now())
	d := startApp(t, srv, appConfig{region: "il-central-1", client: calls, clock: clock})
	loaded(d, ids[0])
	chooseAction(d, "stop")
	d.WaitForText(wait, "y / enter confirm")
	clock.Advance(time.Second)
	d.Key("y")
	g.held(d)
	d.WaitForText(wait, "instances", ids[0]) // the confirmation has closed
	before := calls.listings()
	d.Key("ctrl+r")
	d.WaitFor("the refresh", wait, func(s string) bool {
		return calls.listings() > before && !strings.Contains(s, "loading…")
	})
	close(g.open)
	d.WaitForText(wait, "stop: 1 instance done")
}

// freshMoto is the shared moto server, emptied: each test sees only its own instances, also
// when the tests run several times (-count) against the same server.
func freshMoto(t *testing.T) *motoserver.Server {
	t.Helper()
	srv := motoserver.StartShared(t)
	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	return srv
}
