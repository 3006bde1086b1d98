package logtail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/internal/ctxsleep"
)

// Caller makes one call of a CloudWatch Logs operation (invoke.Invoker for "logs").
type Caller interface {
	Call(ctx context.Context, operation string, input map[string]any) (map[string]any, error)
}

// LiveSession is an open StartLiveTail response: its events, decoded, as documents keyed by the
// event's name ({"sessionStart": {…}}, {"sessionUpdate": {…}}).
type LiveSession interface {
	// Next waits for the next event; io.EOF when the session ended (it lasts up to 3 hours).
	Next(ctx context.Context) (map[string]any, error)
	Close() error
}

// LiveFunc opens a StartLiveTail session with input.
type LiveFunc func(ctx context.Context, input map[string]any) (LiveSession, error)

// Mode is how the tail gets its events.
type Mode string

const (
	Live    Mode = "live"    // a StartLiveTail session
	Polling Mode = "polling" // FilterLogEvents every Interval
)

// MaxGroups is the most groups one tail follows (StartLiveTail's limit).
const MaxGroups = 10

// DefaultInterval is the time between polls, `aws logs tail --follow`'s.
const DefaultInterval = 5 * time.Second

// Options say what to follow and how.
type Options struct {
	Groups  []string // names or ARNs, at most MaxGroups
	Pattern string   // filter pattern ("" matches every event)
	Since   time.Time
	// Interval between polls (0: DefaultInterval).
	Interval time.Duration
	// Sleep waits d or until ctx ends, reporting whether d passed: the clock polls wait on
	// (nil: the real one). Tests step a fake clock instead of sleeping.
	Sleep func(ctx context.Context, d time.Duration) bool
	// Live opens a live session; nil polls from the start.
	Live LiveFunc
	// Now is the clock's time (nil: time.Now): where a live tail's backfill ends.
	Now func() time.Time
	// MaxPages bounds the FilterLogEvents pages one Next reads per group before it returns what
	// it has (0: 1); the next Next goes on without waiting.
	MaxPages int
	// RetryLive is the first wait, on Now's clock, before a live tail that failed for a passing
	// reason is tried again from polling; it doubles up to MaxRetryLive (0: DefaultRetryLive).
	RetryLive time.Duration
}

// Batch is what one Next brings.
type Batch struct {
	Events []Event
	Mode   Mode
	// Fallback says why the tail polls although a live session was asked for ("" otherwise).
	Fallback string
	// RetryLive is when a live tail that failed for a passing reason is tried again (zero: it
	// is not — a refusal, or live tail was not asked for).
	RetryLive time.Time
	// Sampled is set when the live session sent a sample of the events (over 500 a second).
	Sampled bool
	// Reconnects counts live sessions opened again after one ended.
	Reconnects int
	// More is set while a poll has pages left: the next Next reads them without waiting.
	More bool
}

// Tail follows groups. Next is called from one goroutine at a time.
type Tail struct {
	caller Caller
	opts   Options
	mode   Mode
	// fallback is why live tail is off; started is false until the first Next.
	fallback   string
	started    bool
	polledOnce bool
	reconnects int
	live       LiveSession
	groups     []*groupState
	arns       []any // the groups' ARNs, for StartLiveTail (liveInput)
	// backfill is set while a live tail first reads the since-window with FilterLogEvents, up
	// to liveStart (ms), where the session's events begin.
	backfill  bool
	liveStart int64
	// ovl is what the backfill delivered that the session may send again (nil: no overlap).
	ovl *overlap
	// recent is what the tail showed lately (ReconnectWindow); shown, while the poll that
	// resumes after a live session (a reconnection's backfill, a fallback's) runs, is it: what
	// that poll must not show again.
	recent, shown *recentLive
	// last is the newest event time seen, where polling resumes after a live session fails.
	last time.Time
	// retryAt is when live tail is tried again (zero: never); retryWait the wait that set it.
	retryAt   time.Time
	retryWait time.Duration
}

type groupState struct {
	name  string
	start int64  // ms: the next poll's startTime
	token string // the next page of the current poll
	// seen holds the events at start (ms) already delivered, by key.
	seen map[string]int64
}

// New returns a tail of opts.Groups through caller.
func New(caller Caller, opts Options) (*Tail, error) {
	if len(opts.Groups) == 0 {
		return nil, errors.New("no log group to tail")
	}
	if len(opts.Groups) > MaxGroups {
		return nil, fmt.Errorf("%d log groups: a tail follows at most %d", len(opts.Groups), MaxGroups)
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = 1
	}
	if opts.RetryLive <= 0 {
		opts.RetryLive = DefaultRetryLive
	}
	if opts.Sleep == nil {
		opts.Sleep = realSleep
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	t := &Tail{caller: caller, opts: opts, mode: Polling, recent: newRecentLive()}
	for _, g := range opts.Groups {
		t.groups = append(t.groups, &groupState{name: g, start: opts.Since.UnixMilli(), seen: map[string]int64{}})
	}
	return t, nil
}

func realSleep(ctx context.Context, d time.Duration) bool {
	return ctxsleep.Sleep(ctx, d) == nil
}

// Mode is the current mode.
func (t *Tail) Mode() Mode { return t.mode }

// Fallback is why live tail is off ("" when it is on or was not asked for).
func (t *Tail) Fallback() string { return t.fallback }

// Close ends a live session.
func (t *Tail) Close() {
	if t.live != nil {
		t.live.Close()
		t.live = nil
	}
}

// Next waits for the next events: in live mode the next update of the session (opening it again
// when it ends), in polling mode the next page of a poll, or the next poll after Interval. The
// first Next opens the live session, or polls at once.
func (t *Tail) Next(ctx context.Context) (Batch, error) {
	if !t.started {
		t.started = true
		if t.opts.Live != nil {
			if err := t.openLive(ctx); err != nil {
				if ctx.Err() != nil {
					return Batch{}, ctx.Err()
				}
				t.fallBack(err)
			} else {
				t.mode = Live
				// The session brings new events only: the since-window comes first, polled up to
				// the moment the session opened, so that no event is shown twice.
				// Its end is read once the session is open: an event that arrives in between is
				// in both, and the overlap drops it from the session's, rather than lost.
				t.backfill, t.liveStart = true, t.opts.Now().UnixMilli()
				t.ovl = newOverlap(t.liveStart)
			}
		}
	}
	if t.mode == Live && t.backfill {
		b, err := t.nextPoll(ctx)
		b.Mode = Live
		if err != nil || !b.More {
			t.backfill = false
		}
		return b, err
	}
	if t.mode == Live {
		b, err := t.nextLive(ctx)
		if err == nil || ctx.Err() != nil {
			return b, err
		}
		t.fallBack(err)
	}
	return t.nextPoll(ctx)
}

func (t *Tail) batch(evs []Event) Batch {
	return Batch{Events: evs, Mode: t.mode, Fallback: t.fallback, Reconnects: t.reconnects, RetryLive: t.retryAt}
}

// fallBack switches to polling from the last event seen (or the since-window) after err.
func (t *Tail) fallBack(err error) {
	t.Close()
	t.mode = Polling
	t.liveFailed(err)
	t.backfill, t.polledOnce, t.ovl = false, false, nil // the first poll goes at once
	t.resume()
}

// resume makes the next poll (a fallback's, a reconnection's backfill) read from
// ReconnectWindow before the newest event shown, so that what arrived late meanwhile is not
// lost, less what the live sessions showed (t.shown, until that poll is over).
func (t *Tail) resume() {
	if t.last.IsZero() {
		return // nothing shown: the since-window is still to read
	}
	t.shown, t.recent = t.recent, newRecentLive()
	for _, g := range t.groups {
		g.start, g.token = t.last.Add(-ReconnectWindow).UnixMilli(), ""
		clear(g.seen)
	}
}

// liveFailed says why live tail is off and, for a passing failure, when it is tried again: the
// wait doubles with every failure in a row. A refusal is for the rest of the tail's life.
func (t *Tail) liveFailed(err error) {
	if liveRefused(err) {
		t.fallback, t.retryAt = "live tail unavailable: "+oneLine(err.Error()), time.Time{}
		return
	}
	t.retryWait = min(max(2*t.retryWait, t.opts.RetryLive), MaxRetryLive)
	t.retryAt = t.opts.Now().Add(t.retryWait)
	t.fallback = "live tail interrupted: " + oneLine(err.Error())
}

// retryLive opens a live session again from polling, once its time has come. On success the tail
// is live: the events since the last poll are read first (the backfill, up to the session's
// start, deduplicated against the polls), then the session's. On failure it polls on.
func (t *Tail) retryLive(ctx context.Context) bool {
	if t.retryAt.IsZero() || t.opts.Now().Before(t.retryAt) {
		return false
	}
	if err := t.openLive(ctx); err != nil {
		if ctx.Err() == nil {
			t.liveFailed(err)
		}
		return false
	}
	t.mode, t.fallback, t.retryAt = Live, "", time.Time{}
	t.backfill, t.liveStart, t.polledOnce = true, t.opts.Now().UnixMilli(), false
	t.ovl = newOverlap(t.liveStart)
	return true
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// liveInput is StartLiveTail's input. The service takes ARNs only: groups given by name are
// looked up once (DescribeLogGroups) and their ARNs kept for the reconnections.
func (t *Tail) liveInput(ctx context.Context) (map[string]any, error) {
	if t.arns == nil {
		for _, g := range t.groups {
			arn, err := GroupARN(ctx, t.caller, g.name)
			if err != nil {
				return nil, err
			}
			t.arns = append(t.arns, arn)
		}
	}
	in := map[string]any{"logGroupIdentifiers": t.arns}
	if t.opts.Pattern != "" {
		in["logEventFilterPattern"] = t.opts.Pattern
	}
	return in, nil
}

// GroupARN is the ARN of a log group given by name or ARN, without the ":*" some ARNs end with.
func GroupARN(ctx context.Context, c Caller, group string) (string, error) {
	if strings.HasPrefix(group, "arn:") {
		return strings.TrimSuffix(group, ":*"), nil
	}
	out, err := c.Call(ctx, "DescribeLogGroups", map[string]any{"logGroupNamePrefix": group})
	if err != nil {
		return "", err
	}
	items, _ := out["logGroups"].([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		if str(m["logGroupName"]) != group {
			continue
		}
		if arn := str(m["logGroupArn"]); arn != "" {
			return arn, nil
		}
		if arn := str(m["arn"]); arn != "" {
			return strings.TrimSuffix(arn, ":*"), nil
		}
	}
	return "", fmt.Errorf("log group %s not found", group)
}

func (t *Tail) openLive(ctx context.Context) error {
	in, err := t.liveInput(ctx)
	if err != nil {
		return err
	}
	s, err := t.opts.Live(ctx, in)
	if err != nil {
		return err
	}
	t.live = s
	return nil
}

// nextLive reads the session until it brings something to show. A session that ends (after 3
// hours, or with a SessionTimeoutException) is opened again; an error opening it is returned.
func (t *Tail) nextLive(ctx context.Context) (Batch, error) {
	for {
		doc, err := t.live.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return Batch{}, ctx.Err()
			}
			if !sessionEnded(err) {
				return Batch{}, err
			}
			t.Close()
			if err := t.openLive(ctx); err != nil {
				return Batch{}, err
			}
			t.reconnects++
			t.reconnected()
			return t.Next(ctx)
		}
		if _, ok := doc["sessionStart"]; ok {
			t.retryWait = 0 // the session is up: the next passing failure waits the least again
			return t.batch(nil), nil
		}
		up, ok := doc["sessionUpdate"].(map[string]any)
		if !ok {
			continue // an event this version does not know
		}
		b := t.batch(nil)
		if md, ok := up["sessionMetadata"].(map[string]any); ok {
			b.Sampled, _ = md["sampled"].(bool)
		}
		results, _ := up["sessionResults"].([]any)
		all := make([]Event, 0, len(results))
		for _, r := range results {
			if m, ok := r.(map[string]any); ok {
				e := eventFrom("", m)
				all = append(all, e)
				if t.ovl != nil && t.ovl.seen(e) {
					continue // the backfill showed it
				}
				b.Events = append(b.Events, e)
				if e.Time.After(t.last) {
					t.last = e.Time
				}
				t.recent.add(e, t.last)
			}
		}
		if t.ovl != nil && t.ovl.over(all) {
			t.ovl = nil
		}
		return b, nil
	}
}

// reconnected starts the backfill of a session opened after one ended: the new session sends
// what arrives from now on, so what arrived between the two is read with FilterLogEvents, from
// ReconnectWindow before the newest event shown up to now, less what the ended session showed.
func (t *Tail) reconnected() {
	if t.last.IsZero() {
		t.ovl = nil // nothing shown yet: the session's own events are all there is
		return
	}
	t.backfill, t.polledOnce, t.liveStart = true, false, t.opts.Now().UnixMilli()
	t.ovl = newOverlap(t.liveStart)
	t.resume()
}

// sessionEnded tells a session's normal end (EOF, its 3-hour timeout) from a failure.
func sessionEnded(err error) bool {
	if errors.Is(err, io.EOF) {
		return true
	}
	var coded interface{ ErrorCode() string }
	return errors.As(err, &coded) && coded.ErrorCode() == "SessionTimeoutException"
}

// nextPoll reads one page per group of the poll under way, or waits Interval and starts the next.
func (t *Tail) nextPoll(ctx context.Context) (Batch, error) {
	more := false
	for _, g := range t.groups {
		more = more || g.token != ""
	}
	if t.polledOnce && !more {
		if !t.opts.Sleep(ctx, t.opts.Interval) {
			return Batch{}, ctx.Err()
		}
		// Between polls (never inside one), a live tail that failed for a passing reason is
		// tried again when its time has come.
		if t.mode == Polling && t.retryLive(ctx) {
			return t.Next(ctx)
		}
		if ctx.Err() != nil {
			return Batch{}, ctx.Err()
		}
	}
	t.polledOnce = true
	var all []Event
	b := t.batch(nil)
	for _, g := range t.groups {
		if more && g.token == "" {
			continue // this group's poll is over; the others finish theirs first
		}
		for page := 0; page < t.opts.MaxPages; page++ {
			evs, err := t.page(ctx, g)
			all = append(all, evs...)
			if err != nil {
				b.Events = sortEvents(all)
				return b, err
			}
			if g.token == "" {
				break
			}
		}
		b.More = b.More || g.token != ""
	}
	if !b.More {
		t.shown = nil // the poll that resumed after live tail is over
	}
	b.Events = sortEvents(all)
	for _, e := range b.Events {
		if e.Time.After(t.last) {
			t.last = e.Time
		}
		t.recent.add(e, t.last)
	}
	return b, nil
}

func sortEvents(evs []Event) []Event {
	slices.SortStableFunc(evs, func(a, b Event) int { return a.Time.Compare(b.Time) })
	return evs
}

// FilterInput is FilterLogEvents' input for group from start (ms), with pattern.
func FilterInput(group, pattern string, start int64, token string) map[string]any {
	in := map[string]any{"startTime": start}
	if strings.HasPrefix(group, "arn:") {
		in["logGroupIdentifier"] = strings.TrimSuffix(group, ":*")
	} else {
		in["logGroupName"] = group
	}
	if pattern != "" {
		in["filterPattern"] = pattern
	}
	if token != "" {
		in["nextToken"] = token
	}
	return in
}

// page reads one FilterLogEvents page of g's poll and returns the events not delivered before.
// At the end of a poll the next one starts at the newest timestamp seen, remembering the events
// at that timestamp so that they are not delivered twice (as aws logs tail --follow).
func (t *Tail) page(ctx context.Context, g *groupState) ([]Event, error) {
	in := FilterInput(g.name, t.opts.Pattern, g.start, g.token)
	if t.backfill {
		in["endTime"] = t.liveStart
	}
	out, err := t.caller.Call(ctx, "FilterLogEvents", in)
	if err != nil {
		return nil, err
	}
	var evs []Event
	items, _ := out["events"].([]any)
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		e := eventFrom(g.name, m)
		k := e.key()
		if _, dup := g.seen[k]; dup {
			continue
		}
		g.seen[k] = e.Time.UnixMilli()
		if t.shown != nil && t.shown.take(e) {
			t.recent.add(e, t.last) // shown before: still shown lately, for the next resume
			continue
		}
		evs = append(evs, e)
		if t.backfill && t.ovl != nil {
			t.ovl.add(e)
		}
	}
	g.token, _ = out["nextToken"].(string)
	if g.token == "" {
		// The poll is over: the next starts at the newest timestamp, keeping only its events.
		newest := g.start
		for _, ms := range g.seen {
			newest = max(newest, ms)
		}
		for k, ms := range g.seen {
			if ms < newest {
				delete(g.seen, k)
			}
		}
		g.start = newest
	}
	return evs, nil
}
