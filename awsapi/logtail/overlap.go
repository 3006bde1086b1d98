package logtail

import (
	"hash/maphash"
	"strconv"
	"strings"
	"time"
)

// ClockSkew bounds how far the machine's clock and the service's may differ (SigV4 refuses a
// request signed more than 5 minutes off): a backfill event ingested longer than this before the
// session opened cannot have been ingested after it.
const ClockSkew = 5 * time.Minute

// overlap holds what a live tail's backfill delivered that the session may send again. The
// session sends the events ingested after it opened; the backfill, read just after, reads up to
// that moment (FilterLogEvents' endTime includes it), so an event that arrived between the two
// with a timestamp up to endTime — an agent's late batch, the stream moving on while the
// backfill's request was on its way — is in both. Live events carry no eventId, so they are
// matched by group, stream, timestamp and message, counted: an event sent twice in one batch
// was delivered twice and is dropped twice, and an identical message outside the window (a
// later timestamp, or after the overlap ended) is shown each time.
type overlap struct {
	held   map[string]int    // content key → times the backfill delivered it
	ids    map[string]string // stream and eventId → content key (for sessions that send ids)
	end    int64             // ms: the backfill's endTime; the session's later events are new
	from   time.Time         // events ingested before this cannot come again
	newest time.Time         // the newest ingestion time held
}

func newOverlap(end int64) *overlap {
	return &overlap{held: map[string]int{}, ids: map[string]string{}, end: end,
		from: time.UnixMilli(end).Add(-ClockSkew)}
}

// groupKey is a log group's name whether given by name or ARN, so that a backfill asked by name
// and a session answering with the ARN agree.
func groupKey(g string) string {
	if i := strings.Index(g, ":log-group:"); i >= 0 {
		g = g[i+len(":log-group:"):]
	}
	return strings.TrimSuffix(g, ":*")
}

func contentKey(e Event) string {
	return groupKey(e.Group) + "\x00" + e.Stream + "\x00" + strconv.FormatInt(e.Time.UnixMilli(), 10) + "\x00" + e.Message
}

// add records an event the backfill delivered.
func (o *overlap) add(e Event) {
	if !e.Ingested.IsZero() && e.Ingested.Before(o.from) {
		return
	}
	k := contentKey(e)
	o.held[k]++
	if e.ID != "" {
		o.ids[e.Stream+"\x00"+e.ID] = k
	}
	if e.Ingested.After(o.newest) {
		o.newest = e.Ingested
	}
}

// seen reports whether the session's event e is one the backfill delivered, and takes it off.
func (o *overlap) seen(e Event) bool {
	if e.Time.UnixMilli() > o.end {
		return false
	}
	k := contentKey(e)
	if e.ID != "" {
		id := e.Stream + "\x00" + e.ID
		if ik, ok := o.ids[id]; ok {
			delete(o.ids, id)
			k = ik
		} else {
			return false // an id the backfill did not deliver
		}
	}
	if o.held[k] == 0 {
		return false
	}
	if o.held[k]--; o.held[k] == 0 {
		delete(o.held, k)
	}
	return true
}

// overlapGrace is how long after the newest arrival it holds the overlap stays open: the session
// sends events about in the order they arrive, not strictly (each update sorts its own by time).
const overlapGrace = time.Minute

// over reports whether the overlap has ended: everything held has come again, or the session
// sends events that arrived overlapGrace after the newest held.
func (o *overlap) over(evs []Event) bool {
	if len(o.held) == 0 {
		return true
	}
	for _, e := range evs {
		if e.Ingested.After(o.newest.Add(overlapGrace)) {
			return true
		}
	}
	return false
}

// ReconnectWindow is how far before the newest event shown a reconnection's backfill reads: an
// event that arrives between two sessions with a timestamp up to this much older (an agent's
// late batch) is shown too.
const ReconnectWindow = time.Minute

// recentLive remembers the events a live session showed in the last ReconnectWindow of their
// timestamps, as hashes counted, so that a reconnection's backfill shows only what the sessions
// did not.
type recentLive struct {
	seed  maphash.Seed
	count map[uint64]int
	queue []recentEvent // in the order shown, from head
	head  int
}

type recentEvent struct {
	hash uint64
	ms   int64
}

func newRecentLive() *recentLive {
	return &recentLive{seed: maphash.MakeSeed(), count: map[uint64]int{}}
}

func (r *recentLive) hash(e Event) uint64 { return maphash.String(r.seed, contentKey(e)) }

// add records a shown event and forgets those older than the window before newest.
func (r *recentLive) add(e Event, newest time.Time) {
	h := r.hash(e)
	r.count[h]++
	r.queue = append(r.queue, recentEvent{h, e.Time.UnixMilli()})
	cut := newest.Add(-ReconnectWindow).UnixMilli()
	for r.head < len(r.queue) && r.queue[r.head].ms < cut {
		old := r.queue[r.head].hash
		if r.count[old]--; r.count[old] <= 0 {
			delete(r.count, old)
		}
		r.head++
	}
	if r.head > 1024 && r.head > len(r.queue)/2 { // the forgotten half goes, O(1) an event
		r.queue = append(r.queue[:0], r.queue[r.head:]...)
		r.head = 0
	}
}

// take reports whether e was shown, and counts it off.
func (r *recentLive) take(e Event) bool {
	h := r.hash(e)
	if r.count[h] == 0 {
		return false
	}
	if r.count[h]--; r.count[h] == 0 {
		delete(r.count, h)
	}
	return true
}
