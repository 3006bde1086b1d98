// Package wire records what a call puts on the wire, as botocore's debug log shows it: each
// attempt's HTTP request (method, URL, headers, body), the raw response (status, headers, body,
// size, time) and the retry decisions between attempts, as they happen. Credentials never reach
// a record: the signature and credential scope of Authorization, security tokens, presigned
// query parameters, credential members of bodies (STS's SecretAccessKey…) and any literal
// occurrence of the session's own keys are replaced before an Entry is made.
//
// The engine (awsapi/invoke) records into the Tap of a call's context (With). Log keeps the
// entries in memory for a page; Writer prints them as text (nimbus call --wire). Nothing is
// written to disk here.
package wire

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Kind is what an Entry records.
type Kind int

const (
	Request  Kind = iota // an attempt's request, as signed and sent
	Response             // the answer's status line and headers, when they arrive
	Body                 // the answer's body, once read (or closed)
	Retry                // the engine retries: why, and after how long
	GiveUp               // the engine stops: why
)

// Entry is one thing seen on the wire. Headers, URL and Body are already redacted.
type Entry struct {
	Kind    Kind
	Time    time.Time
	Service string
	Op      string
	Attempt int
	Max     int

	Method string
	URL    string
	Status int
	Header http.Header

	Body      []byte // up to MaxBody bytes (text), nil when not shown
	BodySize  int64  // the whole body's size, -1 when unknown
	BodyNote  string // why the body is not shown: "binary", "event stream", "withheld: …"
	Truncated bool

	Elapsed time.Duration // Response: from sending to the headers; Body: to the end of the body
	Delay   time.Duration // Retry: the wait before the next attempt
	Reason  string        // Retry, GiveUp: the error or the decision
}

// MaxBody is how much of a body an Entry holds.
const MaxBody = 64 << 10

// Tap receives entries as they happen; it must be safe for concurrent use.
type Tap interface{ Record(Entry) }

type tapKey struct{}

// With returns ctx whose calls record into tap.
func With(ctx context.Context, tap Tap) context.Context { return context.WithValue(ctx, tapKey{}, tap) }

// From is ctx's Tap, or nil.
func From(ctx context.Context) Tap {
	t, _ := ctx.Value(tapKey{}).(Tap)
	return t
}

// Log keeps the newest entries in memory and tells a watcher when more arrive.
type Log struct {
	mu      sync.Mutex
	entries []Entry
	dropped int
	changed chan struct{}
	max     int
}

// NewLog keeps up to n entries (at least 1).
func NewLog(n int) *Log { return &Log{max: max(n, 1), changed: make(chan struct{})} }

// Record implements Tap.
func (l *Log) Record(e Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
	if over := len(l.entries) - l.max; over > 0 {
		// Slide the window rather than copy it (O(1) a record; append moves only the kept
		// entries when it grows the array); the slots left behind let go of their bodies.
		clear(l.entries[:over])
		l.entries = l.entries[over:]
		l.dropped += over
	}
	close(l.changed)
	l.changed = make(chan struct{})
}

// Since returns the entries after the first n ever recorded (dropped ones count: a reader that
// took n entries passes n and gets only the newer ones, those still kept), the number recorded
// so far and how many of them were dropped.
func (l *Log) Since(n int) (entries []Entry, total, dropped int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	total = l.dropped + len(l.entries)
	from := min(max(n-l.dropped, 0), len(l.entries))
	return append([]Entry(nil), l.entries[from:]...), total, l.dropped
}

// Entries returns a copy of the entries kept, and how many older ones were dropped.
func (l *Log) Entries() ([]Entry, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Entry(nil), l.entries...), l.dropped
}

// Changed is closed at the next Record.
func (l *Log) Changed() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.changed
}
