// Package world is the state behind the demo: a few AWS services as small in-memory stores per
// account and region, with state changes that take a while (instances starting and stopping,
// tables being created, a stack updating), computed from an injectable clock when they are read,
// so there are no timers and a test can step time. Handlers take and return the generic
// documents of package wire; the server (package demo) does the protocols.
package world

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nimbus-tui/nimbus/demo/wire"
	"github.com/nimbus-tui/nimbus/internal/ctxsleep"
)

// Clock is the world's time.
type Clock interface{ Now() time.Time }

// RealClock is the real time.
type RealClock struct{}

// Now is time.Now in UTC.
func (RealClock) Now() time.Time { return time.Now().UTC() }

// Account is one demo account: the profile it belongs to and what it may do.
type Account struct {
	ID      string
	Profile string
	// AccessKey and SecretKey are the credentials the demo writes for the profile.
	AccessKey, SecretKey string
	User                 string // the IAM user the keys belong to
}

// The demo accounts.
var (
	Dev  = Account{ID: "111111111111", Profile: "demo-dev", AccessKey: "AKIADEMODEV000000001", SecretKey: "demo-dev-secret", User: "dev-alice"}
	Prod = Account{ID: "222222222222", Profile: "demo-prod", AccessKey: "AKIADEMOPROD00000002", SecretKey: "demo-prod-secret", User: "ops-bob"}
)

// Accounts are the demo accounts, dev first.
func Accounts() []Account { return []Account{Dev, Prod} }

// Regions are the regions that hold data (any other region is an empty world).
var Regions = []string{"us-east-1", "eu-west-1"}

// accountFor finds the account of an access key; unknown keys (the S3-only demo's "demo") are dev.
func accountFor(accessKey string) Account {
	for _, a := range Accounts() {
		if a.AccessKey == accessKey {
			return a
		}
	}
	return Dev
}

// Call is one request to a handler.
type Call struct {
	Account Account
	Region  string
	Op      string
	In      map[string]any
	Now     time.Time
}

// Handler answers one operation.
type Handler func(c *Call) (map[string]any, error)

// World is every account's and region's state, built lazily on first use.
type World struct {
	clock Clock
	speed float64 // transitions take their durations divided by speed

	mu      sync.Mutex
	regions map[string]*Region // account/region
	global  map[string]*Global // account
}

// New returns an empty world on clock (nil: real time) whose transitions run speed times faster
// than their durations say (≤ 0: 1; the tests' worlds run fast). Timestamps stay the clock's.
func New(clock Clock, speed float64) *World {
	if clock == nil {
		clock = RealClock{}
	}
	if speed <= 0 {
		speed = 1
	}
	return &World{clock: clock, speed: speed, regions: map[string]*Region{}, global: map[string]*Global{}}
}

// scale is a transition's duration in this world.
func (w *World) scale(d time.Duration) time.Duration { return time.Duration(float64(d) / w.speed) }

// Clock is the world's clock.
func (w *World) Clock() Clock { return w.clock }

// Region is one account's state in one region. Its mutex guards every service's store in it.
type Region struct {
	mu      sync.Mutex
	Account Account
	Name    string
	ec2     *ec2Store
	ddb     *ddbStore
	sqs     *sqsStore
	logs    *logsStore
	lambda  *lambdaStore
	cfn     *cfnStore
}

// Global is an account's state that has no region (IAM).
type Global struct {
	mu  sync.Mutex
	iam *iamStore
}

func (w *World) region(a Account, name string) *Region {
	w.mu.Lock()
	defer w.mu.Unlock()
	key := a.ID + "/" + name
	r, ok := w.regions[key]
	if !ok {
		r = seedRegion(a, name, w.clock.Now(), w.scale)
		w.regions[key] = r
	}
	return r
}

func (w *World) globalOf(a Account) *Global {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, ok := w.global[a.ID]
	if !ok {
		g = &Global{iam: seedIAM(a, w.clock.Now())}
		w.global[a.ID] = g
	}
	return g
}

// handlerTable holds the operations the world answers, by service and operation.
type handlerTable map[string]map[string]func(w *World, c *Call) (map[string]any, error)

// handlers is the table, built on first use (not at start-up: nimbus links the world in every
// run, and most runs never ask it anything).
var handlers = sync.OnceValue(func() handlerTable {
	t := handlerTable{
		"sts": {
			"GetCallerIdentity": stsGetCallerIdentity,
			"GetSessionToken":   stsGetSessionToken,
			"AssumeRole":        stsAssumeRole,
		},
	}
	for _, register := range []func(handlerTable){registerCloudFormation, registerCloudWatch, registerDynamoDB, registerEC2,
		registerIAM, registerLambda, registerLogs, registerSQS} {
		register(t)
	}
	return t
})

// add adds a service's handlers; each service file's register… function calls it.
func (t handlerTable) add(service string, ops map[string]func(w *World, c *Call) (map[string]any, error)) {
	t[service] = ops
}

// Has reports whether the world answers an operation itself.
func Has(service, op string) bool {
	_, ok := handlers()[service][op]
	return ok
}

// Services lists the services the world holds state for.
func Services() []string {
	out := make([]string, 0, len(handlers()))
	for s := range handlers() {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Handle answers one operation of the world. ok is false when the world does not have it.
func (w *World) Handle(service, op, accessKey, region string, in map[string]any) (out map[string]any, ok bool, err error) {
	h, ok := handlers()[service][op]
	if !ok {
		return nil, false, nil
	}
	if in == nil {
		in = map[string]any{}
	}
	c := &Call{Account: accountFor(accessKey), Region: region, Op: op, In: in, Now: w.clock.Now()}
	out, err = h(w, c)
	return out, true, err
}

// Errors the handlers return.

func notFound(code, format string, args ...any) error {
	return &wire.Error{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

func invalid(code, format string, args ...any) error {
	return &wire.Error{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Document helpers.

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func num(m map[string]any, k string) (int64, bool) {
	switch n := m[k].(type) {
	case int64:
		return n, true
	case float64:
		return int64(n), true
	case int:
		return int64(n), true
	}
	return 0, false
}

func strs(m map[string]any, k string) []string {
	l, _ := m[k].([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func list(m map[string]any, k string) []map[string]any {
	l, _ := m[k].([]any)
	out := make([]map[string]any, 0, len(l))
	for _, e := range l {
		if mm, ok := e.(map[string]any); ok {
			out = append(out, mm)
		}
	}
	return out
}

func anyList[T any](items []T) []any {
	out := make([]any, len(items))
	for i, e := range items {
		out[i] = e
	}
	return out
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

// page cuts items at the token (an index) and the limit, returning the next token ("" at the end).
func page[T any](items []T, token string, limit int64, def int) ([]T, string) {
	start := 0
	if token != "" {
		fmt.Sscanf(token, "%d", &start)
	}
	if start > len(items) {
		start = len(items)
	}
	n := def
	if limit > 0 {
		n = int(limit)
	}
	end := min(start+n, len(items))
	next := ""
	if end < len(items) {
		next = fmt.Sprint(end)
	}
	return items[start:end], next
}

func arn(service, region, account, resource string) string {
	return strings.Join([]string{"arn:aws", service, region, account, resource}, ":")
}

// Stream is an operation that answers with an event stream (logs StartLiveTail): its events
// come one by one as the world's clock moves.
type Stream interface {
	// Initial is the output's members besides the stream.
	Initial() map[string]any
	// Next waits for the next event: its member of the stream's union and its structure. An
	// error that is a *wire.Error whose Code is a member of the union ends the stream with that
	// exception event (SessionTimeoutException); ctx's error when the client went away.
	Next(ctx context.Context) (member string, doc map[string]any, err error)
}

// streams are the operations that answer with event streams, by service and operation.
var streams = map[string]map[string]func(w *World, c *Call) (Stream, error){}

// OpenStream opens an event-stream operation of the world; ok is false when the world does not
// stream it (the caller answers it as any other operation).
func (w *World) OpenStream(service, op, accessKey, region string, in map[string]any) (s Stream, ok bool, err error) {
	open, ok := streams[service][op]
	if !ok {
		return nil, false, nil
	}
	if in == nil {
		in = map[string]any{}
	}
	s, err = open(w, &Call{Account: accountFor(accessKey), Region: region, Op: op, In: in, Now: w.clock.Now()})
	return s, true, err
}

// Waiter is a Clock that can wait for its own time: a test's stepped clock lets a stream's
// wait end when the test moves it. Other clocks are waited on with real timers.
type Waiter interface {
	// WaitUntil returns true once the clock reads t or later, false when ctx ends first.
	WaitUntil(ctx context.Context, t time.Time) bool
}

// waitUntil waits until the world's clock reads t.
func (w *World) waitUntil(ctx context.Context, t time.Time) bool {
	if wc, ok := w.clock.(Waiter); ok {
		return wc.WaitUntil(ctx, t)
	}
	return ctxsleep.Sleep(ctx, t.Sub(w.clock.Now())) == nil
}
