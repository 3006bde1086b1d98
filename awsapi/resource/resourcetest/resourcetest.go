// Package resourcetest runs resource definitions against a local backend in tests: moto_server
// (New) or the demo world (NewDemo), one shared server per test binary, an invoker per service,
// and seeding through the generic engine. Backends lists both, for cases that must pass on each.
package resourcetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// Region is the region every Env talks to.
const Region = "us-east-1"

// Env is one test's view of a shared backend.
type Env struct {
	t   testing.TB
	url string
	cfg aws.Config

	mu       sync.Mutex
	invokers map[string]*invoke.Invoker
}

// New starts (or reuses) the test binary's shared moto server. Its state is shared by every test:
// use unique names.
func New(t testing.TB) *Env {
	t.Helper()
	srv := motoserver.StartShared(t)
	return &Env{t: t, url: srv.URL, cfg: srv.AWSConfig(Region), invokers: map[string]*invoke.Invoker{}}
}

// URL is the moto server's base URL.
func (e *Env) URL() string { return e.url }

// Config is an aws.Config that sends every service to the moto server with dummy credentials.
func (e *Env) Config() aws.Config { return e.cfg }

// Service loads a service model (t.Fatal when it does not exist).
func (e *Env) Service(name string) *model.Service {
	e.t.Helper()
	svc, err := model.Default().Load(name)
	if err != nil {
		e.t.Fatalf("loading the %s model: %v", name, err)
	}
	return svc
}

// Caller returns the invoker of a service, pointed at the moto server (one per service and Env).
func (e *Env) Caller(service string) *invoke.Invoker {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if inv, ok := e.invokers[service]; ok {
		return inv
	}
	inv := invoke.New(e.cfg, e.Service(service), invoke.Options{})
	e.invokers[service] = inv
	return inv
}

// Registry returns the embedded resource definitions (t.Fatal when they do not parse).
func (e *Env) Registry() *resource.Registry {
	e.t.Helper()
	r, err := resource.Default()
	if err != nil {
		e.t.Fatalf("parsing the resource definitions: %v", err)
	}
	return r
}

// Def looks a resource type up (t.Fatal when it does not exist).
func (e *Env) Def(typeOrAlias string) *resource.Def {
	e.t.Helper()
	d, ok := e.Registry().Lookup(typeOrAlias)
	if !ok {
		e.t.Fatalf("no resource type %q", typeOrAlias)
	}
	return d
}

// Seed calls an operation through the generic engine and returns its output (t.Fatal on error).
func (e *Env) Seed(service, operation string, input map[string]any) map[string]any {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := e.Caller(service).Call(ctx, operation, input)
	if err != nil {
		e.t.Fatalf("seeding %s %s: %v", service, operation, err)
	}
	return out
}

// List lists every page of d's collection with input (nil: d.ListInput(nil)) and returns the
// rows (t.Fatal on error, a failed hydrate call included: against moto every describe should
// succeed).
func (e *Env) List(d *resource.Def, input map[string]any) []resource.Row {
	e.t.Helper()
	if input == nil {
		input = d.ListInput(nil)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l := d.NewLister(e.Caller(d.Service), e.Service(d.Service), input, 0)
	var rows []resource.Row
	for {
		items, more, err := l.Next(ctx)
		if err != nil {
			e.t.Fatalf("listing %s: %v", d.Type, err)
		}
		if err := l.HydrateErr(); err != nil {
			e.t.Fatalf("listing %s: %v", d.Type, err)
		}
		for _, it := range items {
			rows = append(rows, resource.Row{Item: it, ListInput: input})
		}
		if !more {
			return rows
		}
	}
}

// Find returns the row whose identifier is id (t.Fatal when none is, naming the ids seen).
func (e *Env) Find(d *resource.Def, rows []resource.Row, id string) resource.Row {
	e.t.Helper()
	var seen []string
	for _, r := range rows {
		got := d.ID(r.Item)
		if got == id {
			return r
		}
		seen = append(seen, got)
	}
	e.t.Fatalf("%s %q not listed; ids listed: %v", d.Type, id, seen)
	return resource.Row{}
}
