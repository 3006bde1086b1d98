// Package waiter runs botocore waiters (waiters-2.json): it calls an operation until an
// acceptor says success or failure, or attempts or time run out, and reports every attempt so
// the UI can show it live.
package waiter

import (
	"context"
	"errors"
	"fmt"
	"github.com/nimbus-tui/nimbus/awsapi/document"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"

	"github.com/nimbus-tui/nimbus/internal/ctxsleep"
)

// Caller sends one operation. Documents are JSON-like maps keyed by wire names, as boto3
// returns them; lists are []any and numbers any Go number type or json.Number. Errors should
// carry the service error code (smithy.APIError) and HTTP status (HTTPStatusCoder) when known.
type Caller interface {
	Call(ctx context.Context, operation string, input map[string]any) (map[string]any, error)
}

// Options override a waiter's definition for one run. The zero value runs it as botocore does.
type Options struct {
	// Name is the waiter's name (e.g. "InstanceRunning") for messages; the operation's otherwise.
	Name string
	// Delay between attempts; the definition's fixed delay when 0. Like botocore, and unlike the
	// Go SDK's exponential backoff with jitter, every wait is the same.
	Delay time.Duration
	// MaxAttempts caps the attempts; the definition's maxAttempts when 0, or, when Timeout is
	// set, as many as fit in the Timeout.
	MaxAttempts int
	// Timeout bounds the whole wait, the request in flight included; none when 0.
	Timeout time.Duration
	// OnAttempt is called after every attempt, on the waiter's goroutine, before it sleeps.
	OnAttempt func(Attempt)
}

// Attempt is what one call of the operation gave.
type Attempt struct {
	N   int // 1-based
	Max int // the most attempts the run will make (0: unbounded, a Timeout with no delay)
	// Elapsed since the run started, when this attempt's response arrived.
	Elapsed time.Duration
	// Observed is what the matched acceptor looked at (a path's value, an HTTP status, an error
	// code); when none matched, what the first acceptor that saw something looked at.
	Observed any
	// Matched is the acceptor that matched, nil when none did.
	Matched *model.Acceptor
	// State is the matched acceptor's state: success, failure or retry; "" when none matched.
	State string
	// Err is the error the operation returned, if any.
	Err error
	// NextPoll is when the next attempt starts; zero when this was the last.
	NextPoll time.Time
}

// Result describes a wait that reached a success acceptor.
type Result struct {
	Attempts int
	Elapsed  time.Duration
	Last     Attempt
	// Output is the response that matched (nil when the success acceptor matched an error).
	Output map[string]any
}

// errTimeout is the cause of the context a Timeout sets up, to tell it from the caller's own.
var errTimeout = errors.New("waiter timeout")

// Run calls w.Operation with input until an acceptor reaches success (Result) or failure, the
// attempts or the timeout run out, an error no acceptor expects comes back, or ctx is done
// (*Error in every case). Cancelling ctx returns at once, also while sleeping.
func Run(ctx context.Context, caller Caller, w *model.Waiter, input map[string]any, opts Options) (Result, error) {
	start := time.Now()
	name := opts.Name
	if name == "" && w != nil {
		name = w.Operation
	}
	if w == nil {
		return Result{}, &Error{Waiter: name, Kind: KindConfig, Err: errors.New("no waiter definition")}
	}
	acceptors, err := compileAcceptors(w)
	if err != nil {
		return Result{}, &Error{Waiter: name, Kind: KindConfig, Err: err}
	}
	delay := opts.Delay
	if delay == 0 {
		delay = time.Duration(w.Delay) * time.Second
	}
	maxAttempts, bySize := opts.MaxAttempts, true
	if maxAttempts == 0 {
		maxAttempts = w.MaxAttempts
		if opts.Timeout > 0 {
			maxAttempts, bySize = 0, false
			if delay > 0 {
				maxAttempts = 1 + int(opts.Timeout/delay)
			}
		}
	}
	if delay < 0 || maxAttempts < 0 || (maxAttempts == 0 && opts.Timeout <= 0) {
		return Result{}, &Error{Waiter: name, Kind: KindConfig,
			Err: fmt.Errorf("delay %v and max attempts %d do not make a wait; set a positive max attempts or a timeout", delay, maxAttempts)}
	}
	var deadline time.Time
	if opts.Timeout > 0 {
		deadline = start.Add(opts.Timeout)
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadlineCause(ctx, deadline, errTimeout)
		defer cancel()
	}

	r := run{name: name, start: start, opts: opts}
	for n := 1; ; n++ {
		out, callErr := caller.Call(ctx, w.Operation, input)
		if ctx.Err() != nil {
			return Result{}, r.stopped(ctx, n-1)
		}
		resp := response{output: out, err: callErr}
		if callErr == nil {
			resp.view = document.Searchable(out)
		}
		att := evaluate(acceptors, resp)
		att.N, att.Max, att.Elapsed = n, maxAttempts, time.Since(start)
		r.last = att

		switch {
		case att.State == StateSuccess:
			r.report(att)
			return Result{Attempts: n, Elapsed: att.Elapsed, Last: att, Output: out}, nil
		case att.State == StateFailure:
			r.report(att)
			return Result{}, r.fail(KindFailure, nil)
		case att.Matched == nil && callErr != nil:
			r.report(att)
			return Result{}, r.fail(KindUnexpectedError, callErr)
		case maxAttempts > 0 && n >= maxAttempts:
			r.report(att)
			if bySize {
				return Result{}, r.fail(KindMaxAttempts, nil)
			}
			return Result{}, r.fail(KindTimeout, nil)
		}
		next := time.Now().Add(delay)
		if !deadline.IsZero() && next.After(deadline) {
			r.report(att)
			return Result{}, r.fail(KindTimeout, nil)
		}
		att.NextPoll = next
		r.last = att
		r.report(att)
		if err := ctxsleep.Sleep(ctx, time.Until(next)); err != nil {
			return Result{}, r.stopped(ctx, n)
		}
	}
}

// evaluate runs the acceptors in order over one response; the first match decides.
func evaluate(acceptors []acceptor, r response) Attempt {
	att := Attempt{Err: r.err}
	seen := false
	for _, a := range acceptors {
		ok, observed := a.match(r)
		if ok {
			att.Matched, att.State, att.Observed = a.def, a.def.State, observed
			return att
		}
		if !seen && observed != nil {
			att.Observed, seen = observed, true
		}
	}
	return att
}

// run holds what the messages of one run need.
type run struct {
	name  string
	start time.Time
	opts  Options
	last  Attempt
}

func (r *run) report(a Attempt) {
	if r.opts.OnAttempt != nil {
		r.opts.OnAttempt(a)
	}
}

func (r *run) fail(kind Kind, cause error) error {
	return &Error{Waiter: r.name, Kind: kind, Attempts: r.last.N, Elapsed: time.Since(r.start), Last: r.last, Err: cause}
}

// stopped is the error for a context that ended: our timeout or the caller's cancellation.
func (r *run) stopped(ctx context.Context, attempts int) error {
	kind := KindCanceled
	if errors.Is(context.Cause(ctx), errTimeout) {
		kind = KindTimeout
	}
	return &Error{Waiter: r.name, Kind: kind, Attempts: attempts, Elapsed: time.Since(r.start), Last: r.last, Err: ctx.Err()}
}
