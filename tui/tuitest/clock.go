package tuitest

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Clock is a fake tui.Clock: time moves only when the test calls Advance, so a test of
// auto-refresh or of a confirmation's grace period never depends on how fast the machine is.
type Clock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers map[*sleeper]struct{}
	changed  chan struct{} // closed and replaced whenever the set of sleepers changes
}

type sleeper struct {
	until time.Time
	wake  chan struct{}
}

// NewClock returns a fake clock that reads start until it is advanced.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start, sleepers: map[*sleeper]struct{}{}, changed: make(chan struct{})}
}

// Now implements tui.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep implements tui.Clock: it returns when Advance passes now+d, or when ctx ends.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) bool {
	c.mu.Lock()
	if d <= 0 {
		c.mu.Unlock()
		return ctx.Err() == nil
	}
	s := &sleeper{until: c.now.Add(d), wake: make(chan struct{})}
	c.sleepers[s] = struct{}{}
	c.notify()
	c.mu.Unlock()
	select {
	case <-s.wake:
		return true
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.sleepers, s)
		c.notify()
		c.mu.Unlock()
		return false
	}
}

// notify wakes WaitSleepers; c.mu is held.
func (c *Clock) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// Advance moves the clock on by d and wakes every sleeper whose time has come.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for s := range c.sleepers {
		if !s.until.After(c.now) {
			delete(c.sleepers, s)
			close(s.wake)
		}
	}
	c.notify()
}

// Sleepers is how many Sleep calls are waiting.
func (c *Clock) Sleepers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.sleepers)
}

// WaitSleepers waits until exactly n Sleep calls are waiting, failing t after timeout (a
// deadline against a hung test, not a measurement).
func (c *Clock) WaitSleepers(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		got, changed := len(c.sleepers), c.changed
		c.mu.Unlock()
		if got == n {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("waited %s for %d sleepers on the fake clock; there are %d", timeout, n, got)
		}
	}
}

// NextWake is how long until the earliest waiting Sleep returns; ok is false when none waits.
// A test tells a timer just set (a backed-off refresh) from an older one by it.
func (c *Clock) NextWake() (d time.Duration, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for s := range c.sleepers {
		if left := s.until.Sub(c.now); !ok || left < d {
			d, ok = left, true
		}
	}
	return d, ok
}
