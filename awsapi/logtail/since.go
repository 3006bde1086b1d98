package logtail

import (
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"time"
)

var relative = sync.OnceValue(func() *regexp.Regexp { // compiled on first use, not at start-up
	return regexp.MustCompile(`^(\d+)(s|m|h|d|w)$`)
})

// ParseSince reads a --since value as `aws logs tail` does: a number and one unit (s, m, h, d, w)
// before now, or an ISO 8601 / RFC 3339 time (a date alone is midnight UTC).
func ParseSince(s string, now time.Time) (time.Time, error) {
	if m := relative().FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return time.Time{}, fmt.Errorf("--since %q: %w", s, err)
		}
		unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[2]]
		return now.Add(-time.Duration(n) * unit), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--since %q: give a number and a unit (10m, 2h, 1d, 1w: one unit, s m h d or w) or a time such as 2026-12-04T16:00:00Z", s)
}
