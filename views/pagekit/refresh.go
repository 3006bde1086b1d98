package pagekit

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/nimbus-tui/nimbus/internal/format"
)

// Auto-refresh limits: a throttled service gets twice the interval per throttled listing in a
// row, up to MaxRefreshBackoff; after RefreshStopAfter failed listings in a row the page stops
// refreshing by itself, so a broken or throttled endpoint is not called every 30 s for ever.
const (
	MaxRefreshBackoff = 5 * time.Minute
	RefreshStopAfter  = 3
)

// AutoRefresh paces a page's automatic reloads. The page reports how each listing ended
// (Succeeded, Failed), a manual refresh (Manual), and asks Next when to reload next. The zero
// value with an Interval is ready; Interval <= 0 turns auto-refresh off.
type AutoRefresh struct {
	Interval time.Duration

	failures  int // failed listings in a row
	throttled int // throttled listings in a row
}

// Succeeded records a listing that got every page: the interval is back to normal.
func (a *AutoRefresh) Succeeded() { a.failures, a.throttled = 0, 0 }

// Failed records a listing that ended in err.
func (a *AutoRefresh) Failed(err error) {
	a.failures++
	if IsThrottled(err) {
		a.throttled++
	} else {
		a.throttled = 0
	}
}

// Manual records a refresh the user asked for: it starts auto-refresh again after it stopped.
func (a *AutoRefresh) Manual() { a.failures, a.throttled = 0, 0 }

// Next is how long to wait before the next automatic reload; ok is false when there is none
// (auto-refresh off, or stopped after RefreshStopAfter failures).
func (a *AutoRefresh) Next() (d time.Duration, ok bool) {
	if a.Interval <= 0 || a.Stopped() {
		return 0, false
	}
	limit := max(MaxRefreshBackoff, a.Interval)
	d = a.Interval
	for range a.throttled {
		if d >= limit/2 {
			return limit, true
		}
		d *= 2
	}
	return d, true
}

// Stopped reports whether auto-refresh gave up after failures in a row.
func (a *AutoRefresh) Stopped() bool { return a.Interval > 0 && a.failures >= RefreshStopAfter }

// Note is what the status says about auto-refresh when it is not running as usual, "" when it
// is; key is the refresh key's text ("r").
func (a *AutoRefresh) Note(key string) string {
	switch {
	case a.Interval <= 0:
		return ""
	case a.Stopped():
		return fmt.Sprintf("auto-refresh stopped after %d failures — %s resumes", a.failures, key)
	case a.throttled > 0:
		d, _ := a.Next()
		return "throttled: next refresh in " + format.Duration(d)
	}
	return ""
}

// IsThrottled reports whether err is the service asking to slow down (Throttling, SlowDown,
// RequestLimitExceeded…), by the SDK's own list of throttling codes.
func IsThrottled(err error) bool {
	if err == nil {
		return false
	}
	return retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary
}
