// Package clients holds the pages of boto3's "clients" for the terminal: every service, its
// operations and waiters, a form for any operation, its result, paginated operations as
// streaming collections, and waiters watched live.
package clients

import (
	"context"
	"sync"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/docpage"
)

// Catalog is what the client pages share: the app's Env, the service models and one Invoker per
// (session, service), so retry budgets and schemas are built once.
type Catalog struct {
	env tui.Env
	lib *model.Library

	mu       sync.Mutex
	invokers map[invokerKey]*invoke.Invoker
	wires    map[invokerKey]*wire.Log // by session (service and readOnly unset)

	// collections opens a paginated operation as a collection (views/resources, which imports
	// this package, sets it: see SetCollections).
	collections Collections
}

// Collections opens the collection page of a paginated operation called with input; snip is
// its aws CLI / boto3 equivalent; secret, when set, says why the listing reveals a secret. An
// alias, so views/resources can name the method in an interface without importing this package.
type Collections = func(s tui.Session, svc *model.Service, op string, input map[string]any, snip docpage.Snippet, secret string) (tui.Page, error)

// SetCollections sets how the operation form opens paginated operations: through the resource
// collection page, as `:list` does. Without it they are called once and show their first page.
func (c *Catalog) SetCollections(open Collections) { c.collections = open }

// invokerKey tells invokers apart; readOnly too, as a profile made writable or read-only inside
// the app needs an invoker that checks accordingly.
type invokerKey struct {
	profile, region, endpoint, service string
	readOnly                           bool
}

// NewCatalog returns the catalog over lib.
func NewCatalog(env tui.Env, lib *model.Library) *Catalog {
	return &Catalog{env: env, lib: lib, invokers: map[invokerKey]*invoke.Invoker{}, wires: map[invokerKey]*wire.Log{}}
}

// invoker returns the session's Invoker for svc, loading the session's config on first use. It
// runs in commands only.
func (c *Catalog) invoker(ctx context.Context, s tui.Session, svc *model.Service) (*invoke.Invoker, error) {
	k := invokerKey{s.Profile, s.Region, s.Endpoint, svc.Name, s.ReadOnly}
	c.mu.Lock()
	inv, ok := c.invokers[k]
	c.mu.Unlock()
	if ok {
		return inv, nil
	}
	cfg, err := s.Config(ctx)
	if err != nil {
		return nil, err
	}
	inv = invoke.New(cfg, svc, invoke.Options{ReadOnly: s.ReadOnly, EndpointURL: s.Endpoint, Logger: c.env.Logger, Tap: c.Wire(s)})
	c.mu.Lock()
	defer c.mu.Unlock()
	if existing, ok := c.invokers[k]; ok {
		return existing, nil
	}
	c.invokers[k] = inv
	return inv, nil
}

// sessionWire is how many entries a session's wire view keeps (3 or 4 per call: the last 100
// or so calls; a few MiB at most, bodies being cut at wire.MaxBody).
const sessionWire = 400

// Wire is the wire view of the session's engine calls that have none of their own: listings,
// describes, actions, waiters, metrics, logs (an operation page's call records in its own).
func (c *Catalog) Wire(s tui.Session) *wire.Log {
	k := invokerKey{profile: s.Profile, region: s.Region, endpoint: s.Endpoint}
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.wires[k]
	if !ok {
		l = wire.NewLog(sessionWire)
		c.wires[k] = l
	}
	return l
}

// Services is the page listing every service.
func (c *Catalog) Services(s tui.Session) tui.Page { return newServicesPage(c, s) }

// Operations is the page listing one service's operations.
func (c *Catalog) Operations(s tui.Session, service string) tui.Page {
	return newOperationsPage(c, s, service)
}

// Invoker returns the session's Invoker for a service and its model, loading both on first use.
// Other page packages (resources) call it from their commands.
func (c *Catalog) Invoker(ctx context.Context, s tui.Session, service string) (*invoke.Invoker, *model.Service, error) {
	svc, err := c.lib.Load(service)
	if err != nil {
		return nil, nil, err
	}
	inv, err := c.invoker(ctx, s, svc)
	return inv, svc, err
}

// Models is the service model library.
func (c *Catalog) Models() *model.Library { return c.lib }
