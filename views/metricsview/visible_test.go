package metricsview_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/metricsview"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// metricCalls keeps the bodies of the GetMetricData requests sent.
type metricCalls struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (m *metricCalls) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte("GetMetricData")) || strings.Contains(req.URL.Path, "GetMetricData") || strings.Contains(req.Header.Get("X-Amz-Target"), "GetMetricData") {
			m.mu.Lock()
			m.bodies = append(m.bodies, body)
			m.mu.Unlock()
		}
	}
	return http.DefaultClient.Do(req)
}

func (m *metricCalls) all() [][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([][]byte(nil), m.bodies...)
}

// The sparkline column fetches the rows on screen only, in one GetMetricData call, and a scroll
// fetches the rows it brings, not those already fetched.
func TestMetricsColumnFetchesVisibleRowsOnly(t *testing.T) {
	srv := motoserver.StartShared(t)
	stamp := fmt.Sprint(time.Now().UnixNano())
	var names []string
	for i := range 40 {
		n := fmt.Sprintf("vis-%s-%02d", stamp, i)
		names = append(names, n)
		call(t, srv, "sqs", "CreateQueue", map[string]any{"QueueName": n})
	}
	rec := &metricCalls{}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	catalog := clients.NewCatalog(env, model.Default())
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	pages := resources.NewPages(env, catalog, reg, waitboard.New(ctx), nil, 0)
	cmds := tui.NewCommands()
	pages.Register(cmds)
	metricsview.Register(metricsview.Deps{Env: env, Invokers: catalog, Pages: pages})
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := srv.AWSConfig(region)
		cfg.HTTPClient = rec
		return cfg, nil
	}
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds,
		Start:   func(s tui.Session) tui.Page { return catalog.Services(s) },
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load}})
	d := tuitest.New(t, app, 120, 20)
	d.Key(":")
	d.Type("sqs")
	d.Key("enter")
	d.WaitForText(wait, "vis-")
	d.Key("/")
	d.Type("vis-" + stamp)
	d.Key("enter")
	d.WaitForText(wait, "40 of ")
	d.Key("ctrl+k")
	d.WaitForText(wait, "VISIBLE 3H", "no data")
	shown := func(screen string) (on []string) {
		for _, n := range names {
			if strings.Contains(screen, n) {
				on = append(on, n)
			}
		}
		return on
	}
	first := shown(d.Screen())
	calls := rec.all()
	if len(calls) != 1 || len(first) == 0 || len(first) >= 40 {
		t.Fatalf("%d GetMetricData calls for %d rows on screen", len(calls), len(first))
	}
	fetched := func(body []byte) (in []string) {
		for _, n := range names {
			if bytes.Contains(body, []byte(n)) {
				in = append(in, n)
			}
		}
		return in
	}
	if got := fetched(calls[0]); strings.Join(got, ",") != strings.Join(first, ",") {
		t.Fatalf("fetched %v, on screen %v", got, first)
	}

	d.Key("G") // the last rows
	d.WaitFor("the last queue's sparkline", wait, func(s string) bool { return lineWith(s, names[39], "no data") })
	calls = rec.all()
	last := shown(d.Screen())
	if len(calls) < 2 {
		t.Fatalf("no fetch after the scroll")
	}
	var again []string
	for _, c := range calls[1:] {
		again = append(again, fetched(c)...)
	}
	for _, n := range again {
		if strings.Contains(strings.Join(first, ","), n) {
			t.Errorf("%s fetched twice", n)
		}
		if !strings.Contains(strings.Join(last, ","), n) {
			t.Errorf("%s fetched while off screen (on screen: %v)", n, last)
		}
	}
}
