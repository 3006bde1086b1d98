package resource_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// countingCaller forwards to a real caller (the moto server), counting calls by operation and
// the most calls in flight at once; before, when set, runs ahead of each call and may answer
// it instead (an error the server would not give on demand).
type countingCaller struct {
	inner  resource.Caller
	before func(ctx context.Context, op string, in map[string]any) error
	// after, when set, may change an answer (drop a described item).
	after func(op string, out map[string]any)

	mu          sync.Mutex
	calls       map[string]int
	inFlight    int
	maxInFlight int
}

func newCountingCaller(inner resource.Caller) *countingCaller {
	return &countingCaller{inner: inner, calls: map[string]int{}}
}

func (c *countingCaller) Call(ctx context.Context, op string, in map[string]any) (map[string]any, error) {
	c.mu.Lock()
	c.calls[op]++
	c.inFlight++
	c.maxInFlight = max(c.maxInFlight, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	if c.before != nil {
		if err := c.before(ctx, op, in); err != nil {
			return nil, err
		}
	}
	out, err := c.inner.Call(ctx, op, in)
	if err == nil && c.after != nil {
		c.after(op, out)
	}
	return out, err
}

func (c *countingCaller) count(op string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[op]
}

// A cluster's 12 services (one listed page: moto ignores maxResults) are hydrated with
// DescribeServices 10 ARNs at a time: two calls.
func TestHydrateBatches(t *testing.T) {
	f := newLiveFlow(t)
	cluster, family := f.name("hcluster"), f.name("hfamily")
	f.env.Seed("ecs", "CreateCluster", map[string]any{"clusterName": cluster})
	f.env.Seed("ecs", "RegisterTaskDefinition", map[string]any{"family": family,
		"containerDefinitions": []any{map[string]any{"name": "app", "image": "busybox", "memory": int64(128)}}})
	const n = 12
	for i := range n {
		f.env.Seed("ecs", "CreateService", map[string]any{"cluster": cluster, "serviceName": fmt.Sprintf("svc-%02d", i),
			"taskDefinition": family, "desiredCount": int64(i)})
	}
	services := f.def("ecs-services", "ecs")
	caller := newCountingCaller(f.env.Caller("ecs"))
	items := listAll(t, f.ctx, services, caller, f.env, services.ListInput(map[string]any{"cluster": cluster}))
	if len(items) != n || caller.count("ListServices") != 1 || caller.count("DescribeServices") != 2 {
		t.Errorf("%d services in %d pages hydrated with %d DescribeServices, want %d in 1 with 2",
			len(items), caller.count("ListServices"), caller.count("DescribeServices"), n)
	}
	var names []string
	for _, it := range items {
		svc, ok := it.(map[string]any)
		if !ok {
			t.Fatalf("item %v was not hydrated", it)
		}
		name := services.DisplayName(svc)
		names = append(names, name)
		var i int
		fmt.Sscanf(name, "svc-%02d", &i)
		if c := defCells(services, svc); c["DESIRED"].Text != fmt.Sprint(i) || c["STATUS"].Text != "ACTIVE" {
			t.Errorf("%s: DESIRED %q STATUS %q", name, c["DESIRED"].Text, c["STATUS"].Text)
		}
	}
	slices.Sort(names)
	if len(names) != n || names[0] != "svc-00" || names[n-1] != fmt.Sprintf("svc-%02d", n-1) {
		t.Errorf("services listed %v", names)
	}

	// A service the describe does not return (reported under failures) stays as listed.
	var (
		dropped string
		mu      sync.Mutex // the two DescribeServices calls run at once
	)
	caller.after = func(op string, out map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		if l, _ := out["services"].([]any); op == "DescribeServices" && dropped == "" && len(l) > 0 {
			dropped = l[0].(map[string]any)["serviceArn"].(string)
			out["services"] = l[1:]
		}
	}
	items = listAll(t, f.ctx, services, caller, f.env, services.ListInput(map[string]any{"cluster": cluster}))
	if it := byID(services, items, dropped); it != dropped {
		t.Errorf("service left out of the describe: %v, want its ARN as listed", it)
	} else if c := defCells(services, it); c["NAME"].Text != dropped[strings.LastIndex(dropped, "/")+1:] || c["STATUS"].Text != "" {
		t.Errorf("service as listed: NAME %q STATUS %q", c["NAME"].Text, c["STATUS"].Text)
	}
	if len(items) != n {
		t.Errorf("%d services, want %d", len(items), n)
	}
}

// Each Next is one listed page, hydrated: tables listed 5 at a time are described 5 at a time.
func TestHydrateFollowsThePages(t *testing.T) {
	env := resourcetest.New(t)
	tables := defType(t, env, "tables")
	for range 6 {
		dynamodbTable(env, 0)
	}
	caller := newCountingCaller(env.Caller("dynamodb"))
	l := tables.NewLister(caller, env.Service("dynamodb"), tables.ListInput(nil), 5)
	total := 0
	for page := 1; ; page++ {
		items, more, err := l.Next(context.Background())
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		if len(items) > 5 {
			t.Errorf("page %d has %d items, more than the page size", page, len(items))
		}
		total += len(items)
		if got := caller.count("DescribeTable"); got != total || caller.count("ListTables") != page {
			t.Errorf("after page %d (%d tables): %d ListTables, %d DescribeTable", page, total, caller.count("ListTables"), got)
		}
		for _, it := range items {
			if _, ok := it.(map[string]any); !ok {
				t.Errorf("page %d: table %v not hydrated", page, it)
			}
		}
		if !more {
			break
		}
	}
	if total < 6 || caller.count("ListTables") < 2 {
		t.Errorf("%d tables in %d pages", total, caller.count("ListTables"))
	}
}

// listAll lists every page through caller and returns the items, failing on any error.
func listAll(t *testing.T, ctx context.Context, d *resource.Def, caller resource.Caller, env *resourcetest.Env, in map[string]any) []any {
	t.Helper()
	l := d.NewLister(caller, env.Service(d.Service), in, 0)
	var all []any
	for {
		items, more, err := l.Next(ctx)
		if err != nil {
			t.Fatalf("listing %s: %v", d.Type, err)
		}
		if err := l.HydrateErr(); err != nil {
			t.Fatalf("hydrating %s: %v", d.Type, err)
		}
		all = append(all, items...)
		if !more {
			return all
		}
	}
}

// byID returns the item whose identifier is id, or nil.
func byID(d *resource.Def, items []any, id string) any {
	for _, it := range items {
		if d.ID(it) == id {
			return it
		}
	}
	return nil
}

// One call per table, at most HydrateConcurrency at once; a table deleted between the list and
// its describe stays as listed (its name), and a describe that fails leaves its item as listed
// and is reported by HydrateErr without failing the page.
func TestHydrateOneByOne(t *testing.T) {
	env := resourcetest.New(t)
	tables := defType(t, env, "tables")
	var names []string
	for range 12 {
		names = append(names, dynamodbTable(env, 0))
	}
	gone, refused := names[3], names[7]
	caller := newCountingCaller(env.Caller("dynamodb"))
	caller.before = func(ctx context.Context, op string, in map[string]any) error {
		if op != "DescribeTable" {
			return nil
		}
		switch in["TableName"] {
		case gone:
			_, err := env.Caller("dynamodb").Call(ctx, "DeleteTable", map[string]any{"TableName": gone})
			return err
		case refused:
			return errors.New("AccessDenied: not allowed to describe")
		}
		time.Sleep(5 * time.Millisecond) // keep calls overlapping on a fast server
		return nil
	}
	l := tables.NewLister(caller, env.Service("dynamodb"), tables.ListInput(nil), 0)
	var items []any
	var hydrateErr error
	for {
		page, more, err := l.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if e := l.HydrateErr(); e != nil {
			hydrateErr = e
		}
		items = append(items, page...)
		if !more {
			break
		}
	}
	if got := caller.count("DescribeTable"); got != len(items) {
		t.Errorf("%d DescribeTable calls for %d tables", got, len(items))
	}
	if caller.maxInFlight < 2 || caller.maxInFlight > resource.HydrateConcurrency {
		t.Errorf("at most %d calls in flight, want 2…%d", caller.maxInFlight, resource.HydrateConcurrency)
	}
	for _, name := range names {
		it := byID(tables, items, name)
		switch {
		case it == nil:
			t.Errorf("table %s not listed", name)
		case name == gone || name == refused:
			if it != name {
				t.Errorf("table %s: %v, want it as listed", name, it)
			}
			if c := defCells(tables, it); c["NAME"].Text != name || c["STATUS"].Text != "" {
				t.Errorf("table %s as listed: NAME %q STATUS %q", name, c["NAME"].Text, c["STATUS"].Text)
			}
		default:
			if c := defCells(tables, it); c["STATUS"].Text != "ACTIVE" || c["ITEMS"].Text != "0" {
				t.Errorf("table %s: STATUS %q ITEMS %q", name, c["STATUS"].Text, c["ITEMS"].Text)
			}
		}
	}
	if hydrateErr == nil || !strings.Contains(hydrateErr.Error(), "AccessDenied") || !strings.Contains(hydrateErr.Error(), "DescribeTable") {
		t.Errorf("HydrateErr = %v, want the refused describe", hydrateErr)
	}
}

// A context ended during the hydration fails Next; the next Next hydrates the same listed page
// again without listing it again.
func TestHydrateCancelledRetriesThePage(t *testing.T) {
	env := resourcetest.New(t)
	tables := defType(t, env, "tables")
	name := dynamodbTable(env, 1)
	caller := newCountingCaller(env.Caller("dynamodb"))
	ctx, cancel := context.WithCancel(context.Background())
	caller.before = func(_ context.Context, op string, _ map[string]any) error {
		if op == "DescribeTable" {
			cancel()
			return context.Canceled
		}
		return nil
	}
	l := tables.NewLister(caller, env.Service("dynamodb"), tables.ListInput(nil), 0)
	items, more, err := l.Next(ctx)
	if !errors.Is(err, context.Canceled) || items != nil || !more {
		t.Fatalf("cancelled Next = %d items, more %v, err %v", len(items), more, err)
	}
	caller.before = nil
	var all []any
	for {
		items, more, err = l.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, items...)
		if !more {
			break
		}
	}
	if got := caller.count("ListTables"); got != 1 {
		t.Errorf("ListTables called %d times, want the page listed once", got)
	}
	if it := byID(tables, all, name); it == nil || defCells(tables, it)["STATUS"].Text != "ACTIVE" {
		t.Errorf("table %s after the retry: %v", name, it)
	}
	if items, more, err := l.Next(context.Background()); len(items) != 0 || more || err != nil {
		t.Errorf("Next after the end = %v, %v, %v", items, more, err)
	}
}
