// Package ctxsleep waits for a duration or until a context ends, whichever comes first: the
// one sleep of the engine's retries, the waiters' polls, the SSO login's polls and the UI's clock.
package ctxsleep

import (
	"context"
	"time"
)

// Sleep waits for d, or until ctx is done, and returns ctx's error in that case. A d of zero or
// less does not wait.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
