package waiter

import (
	"fmt"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// Kind says why a wait ended without success.
type Kind int

const (
	// KindFailure: a failure acceptor matched (the resource will not reach the state).
	KindFailure Kind = iota + 1
	// KindMaxAttempts: the attempts ran out.
	KindMaxAttempts
	// KindTimeout: Options.Timeout ran out.
	KindTimeout
	// KindUnexpectedError: the operation failed with an error no acceptor expects.
	KindUnexpectedError
	// KindCanceled: the caller's context was cancelled or passed its deadline.
	KindCanceled
	// KindConfig: the waiter definition or options cannot run.
	KindConfig
)

// Error is how a wait ends without success. errors.Is finds context.Canceled (KindCanceled),
// context.DeadlineExceeded (KindTimeout during a request or a sleep) and the service's error
// (KindUnexpectedError) through it.
type Error struct {
	Waiter   string
	Kind     Kind
	Attempts int
	Elapsed  time.Duration
	// Last is the last attempt made (zero when none was).
	Last Attempt
	// Err is the underlying error, if any.
	Err error
}

func (e *Error) Error() string {
	// Observed values and service messages come from AWS: keep them from driving the terminal.
	return textsafe.Clean(e.message())
}

func (e *Error) message() string {
	elapsed := format.Duration(e.Elapsed)
	switch e.Kind {
	case KindFailure:
		return fmt.Sprintf("waiter %s failed: matched failure acceptor %s (attempt %d, %s)",
			e.Waiter, explain(e.Last.Matched), e.Attempts, elapsed)
	case KindMaxAttempts:
		return fmt.Sprintf("waiter %s gave up after %d attempts (%s); last state: %s; allow more attempts or a longer timeout to wait longer",
			e.Waiter, e.Attempts, elapsed, lastState(e.Last))
	case KindTimeout:
		return fmt.Sprintf("waiter %s timed out after %s (%d attempts); last state: %s; allow a longer timeout to wait longer",
			e.Waiter, elapsed, e.Attempts, lastState(e.Last))
	case KindUnexpectedError:
		return fmt.Sprintf("waiter %s failed on attempt %d: unexpected error: %v", e.Waiter, e.Attempts, e.Err)
	case KindCanceled:
		return fmt.Sprintf("waiter %s cancelled after %d attempts (%s): %v", e.Waiter, e.Attempts, elapsed, e.Err)
	case KindConfig:
		return fmt.Sprintf("waiter %s cannot run: %v", e.Waiter, e.Err)
	}
	return fmt.Sprintf("waiter %s stopped: %v", e.Waiter, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// lastState describes what the last attempt saw, for a message.
func lastState(a Attempt) string {
	if a.N == 0 {
		return "no attempt made"
	}
	if a.Err != nil {
		state := "error: " + a.Err.Error()
		if code := errorCode(a.Err); code != "" {
			state = "error " + code
		}
		if status, ok := statusOf(response{err: a.Err}); ok {
			state += fmt.Sprintf(" (HTTP %d)", status)
		}
		return state
	}
	return describe(a.Observed)
}

// String renders the attempt as one line, as `nimbus wait` prints it, e.g.
// "attempt 2/40 (15s): retry, matched error == InvalidInstanceID.NotFound; next poll at 06:20:15".
func (a Attempt) String() string {
	var b strings.Builder
	if a.Max > 0 {
		fmt.Fprintf(&b, "attempt %d/%d (%s): ", a.N, a.Max, format.Duration(a.Elapsed))
	} else {
		fmt.Fprintf(&b, "attempt %d (%s): ", a.N, format.Duration(a.Elapsed))
	}
	switch {
	case a.Matched != nil:
		fmt.Fprintf(&b, "%s, matched %s", a.State, explain(a.Matched))
	case a.Err != nil:
		fmt.Fprintf(&b, "no acceptor matched; %s", lastState(a))
	default:
		fmt.Fprintf(&b, "no acceptor matched; observed %s", describe(a.Observed))
	}
	if !a.NextPoll.IsZero() {
		fmt.Fprintf(&b, "; next poll at %s", a.NextPoll.Format(time.TimeOnly))
	}
	return textsafe.Clean(b.String())
}
