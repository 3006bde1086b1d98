package tui

import (
	"context"
	"time"

	"github.com/nimbus-tui/nimbus/internal/ctxsleep"
)

// Clock is where pages take the time and wait: the real clock in nimbus, a fake one in tests,
// which step it instead of sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx ends; it reports whether the whole d passed.
	Sleep(ctx context.Context, d time.Duration) bool
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) bool {
	return ctxsleep.Sleep(ctx, d) == nil
}

// Time is env's clock: Env.Clock, or the real one when it is nil.
func (e Env) Time() Clock {
	if e.Clock == nil {
		return realClock{}
	}
	return e.Clock
}
