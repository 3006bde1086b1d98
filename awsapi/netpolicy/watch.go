package netpolicy

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Call is one attempt of an AWS call, as the client saw it go out.
type Call struct {
	Service   string // the SDK's service id ("S3", "DynamoDB"); "" when unknown
	Operation string // "ListObjectsV2"
	Host      string
	Attempt   int // 0 when the request did not say
	Max       int
}

// String is "s3 ListObjectsV2 (attempt 2/3)", or the host when the call is unknown.
func (c Call) String() string {
	s := c.Host
	if c.Operation != "" {
		s = strings.TrimSpace(strings.ToLower(c.Service) + " " + c.Operation)
	}
	if c.Attempt > 0 && c.Max > 0 {
		s += fmt.Sprintf(" (attempt %d/%d)", c.Attempt, c.Max)
	}
	return s
}

// Watch follows the calls made with a context (see WithWatch): which attempt went out last and
// how many are in flight. It is safe for concurrent use: the UI reads it while calls run.
type Watch struct {
	mu       sync.Mutex
	last     Call
	seen     bool
	inFlight int
}

type watchKey struct{}

// WithWatch returns a context whose AWS calls report their attempts to w.
func WithWatch(ctx context.Context, w *Watch) context.Context {
	return context.WithValue(ctx, watchKey{}, w)
}

// Last returns the last attempt that went out, and whether any did.
func (w *Watch) Last() (Call, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last, w.seen
}

// InFlight is the number of attempts under way.
func (w *Watch) InFlight() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.inFlight
}

// startAttempt tells the context's Watch, if any, that an attempt went out; the returned func
// says it ended.
func startAttempt(ctx context.Context, at attempt) func() {
	w, _ := ctx.Value(watchKey{}).(*Watch)
	if w == nil {
		return func() {}
	}
	w.mu.Lock()
	w.last = Call{Service: at.service, Operation: at.operation, Host: at.host, Attempt: at.n, Max: at.max}
	w.seen = true
	w.inFlight++
	w.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			w.mu.Lock()
			w.inFlight--
			w.mu.Unlock()
		})
	}
}
