package resources_test

import (
	"context"
	"net/http"
	"strings"
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

// counter counts the requests nimbus sends.
type counter struct{ n atomic.Int64 }

func (c *counter) Do(req *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultClient.Do(req)
}

func newAppWith(t *testing.T, srv *motoserver.Server, region string, readOnly bool, refresh time.Duration, client *counter) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	catalog := clients.NewCatalog(env, model.Default())
	board := waitboard.New(ctx)
	hub := resources.NewHub(env, catalog, reg, board, nil, refresh)
	hub.SetWaitDelay(100 * time.Millisecond)
	cmds := tui.NewCommands()
	hub.Register(cmds)
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
			def, _ := reg.Lookup("instance")
			return hub.Open(s, def, def.ListInput(nil), "")
		},
	})
	return tuitest.New(t, app, 120, 30)
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
	d.WaitForText(wait, "› actions")
	d.Key("/")
	d.Type(name)
	d.Key("enter")
	d.WaitFor("the "+name+" action", wait, func(s string) bool { return strings.Contains(s, "▸ "+name) })
	d.Key("enter")
}

func TestStopAnInstanceAndWatchItsWaiter(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-west-3", 1)
	d := newApp(t, srv, "eu-west-3", false)
	d.WaitForText(wait, ids[0], "running")
	chooseAction(d, "stop")
	d.WaitForText(wait, "Stop", ids[0], "y / enter confirm")
	time.Sleep(350 * time.Millisecond) // the confirmation ignores keys pressed as it opens
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
	d := newApp(t, srv, "ap-northeast-3", false)
	d.WaitForText(wait, ids[0], ids[1])
	d.Key("space")
	d.Key("space")
	d.WaitForText(wait, "2 selected")
	chooseAction(d, "stop")
	d.WaitForText(wait, "Stop 2", ids[0], ids[1])
	time.Sleep(350 * time.Millisecond)
	d.Key("y")
	d.WaitFor("both rows stopped", wait, func(s string) bool {
		return strings.Count(s, "stopped") >= 2 && !strings.Contains(s, "⟳")
	})
}

func TestReadOnlyHidesMutatingActions(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "sa-east-1", 1)
	d := newApp(t, srv, "sa-east-1", true)
	d.WaitForText(wait, ids[0])
	d.Key("a")
	d.Pump(300 * time.Millisecond)
	if strings.Contains(d.Screen(), "terminate") {
		t.Fatalf("read-only mode must not offer terminate:\n%s", d.Screen())
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

func TestAutoRefreshPausesWhileHidden(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-north-1", 1)
	calls := &counter{}
	d := newAppWith(t, srv, "eu-north-1", false, 150*time.Millisecond, calls)
	d.WaitForText(wait, ids[0])
	d.Pump(600 * time.Millisecond)
	if calls.n.Load() < 3 {
		t.Fatalf("a shown table should refresh every 150 ms: %d calls in 600 ms", calls.n.Load())
	}
	d.Key("d") // describe covers the table
	d.WaitForText(wait, "InstanceId")
	d.Pump(200 * time.Millisecond) // let a refresh already in flight land
	hidden := calls.n.Load()
	d.Pump(600 * time.Millisecond)
	if got := calls.n.Load(); got != hidden {
		t.Fatalf("a hidden table refreshed: %d calls while covered", got-hidden)
	}
	d.Key("esc")
	d.Pump(600 * time.Millisecond)
	if calls.n.Load() <= hidden {
		t.Fatal("the table should refresh again once shown")
	}
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
