package demo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/demo/world"
)

func messagesOf(evs []logtail.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Message)
	}
	return out
}

// A tail of the demo's web group is live (StartLiveTail over real event-stream frames), not the
// polling fallback: the backfill, the session's start, then the moving stream's new events as
// the world's clock moves, and an event put in the other stream.
func TestLiveTailOnTheDemo(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	logs := caller(t, srv, world.Dev, "us-east-1", "logs")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tl, err := logtail.New(logs, logtail.Options{Groups: []string{"/dev/web"}, Live: logtail.LiveFrom(logs),
		Since: clock.Now().Add(-5 * time.Second), Now: clock.Now, Sleep: func(context.Context, time.Duration) bool {
			t.Error("the tail waited to poll: it is not live")
			return false
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	next := func() logtail.Batch {
		t.Helper()
		b, err := tl.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if b.Mode != logtail.Live || b.Fallback != "" {
			t.Fatalf("mode %s, fallback %q", b.Mode, b.Fallback)
		}
		return b
	}
	backfill := next() // the last 5 s: FilterLogEvents up to the session's start
	if n := len(backfill.Events); n < 2 || n > 3 {
		t.Errorf("backfill of 5 s: %d events", n)
	}
	if b := next(); len(b.Events) != 0 { // sessionStart
		t.Errorf("the session's start brought %v", messagesOf(b.Events))
	}
	if _, err := logs.Call(ctx, "PutLogEvents", map[string]any{"logGroupName": "/dev/web", "logStreamName": "dev-web-2",
		"logEvents": []any{map[string]any{"timestamp": clock.Now().UnixMilli(), "message": "put while tailing"}}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(3 * world.LiveEvery)
	var got []logtail.Event
	for len(got) < 4 {
		got = append(got, next().Events...)
	}
	msgs := messagesOf(got)
	if len(got) != 4 || msgs[0] != "put while tailing" || got[0].Stream != "dev-web-2" {
		t.Fatalf("after a put and 3 × LiveEvery: %q", msgs)
	}
	for _, e := range got[1:] {
		if e.Stream != "dev-web-1" || !strings.HasSuffix(e.Group, ":log-group:/dev/web") || e.Time.After(clock.Now()) {
			t.Errorf("live event %+v", e)
		}
	}
}

// A live tail of a group the world does not have is refused as AWS refuses it; one filtered by
// pattern gets only the matching events.
func TestLiveTailFilterAndMissingGroup(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	logs := caller(t, srv, world.Dev, "us-east-1", "logs")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := logs.Stream(ctx, "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{"arn:aws:logs:us-east-1:111111111111:log-group:/nope"}})
	var api *invoke.APIError
	if !errors.As(err, &api) || api.Code != "ResourceNotFoundException" {
		t.Errorf("a missing group: %v", err)
	}
	s, err := logs.Stream(ctx, "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{"arn:aws:logs:us-east-1:111111111111:log-group:/dev/web"},
		"logEventFilterPattern": `{ $.level = "warn" }`})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if e := <-s.Events; e.Type != "sessionStart" || e.Doc["logEventFilterPattern"] != `{ $.level = "warn" }` {
		t.Fatalf("first event %+v", e)
	}
	clock.Advance(30 * world.LiveEvery) // 30 lines, every 7th a warning
	e := <-s.Events
	results, _ := e.Doc["sessionResults"].([]any)
	if e.Type != "sessionUpdate" || len(results) < 4 || len(results) > 5 {
		t.Fatalf("update %+v", e)
	}
	for _, r := range results {
		if msg := r.(map[string]any)["message"].(string); !strings.Contains(msg, `"level":"warn"`) {
			t.Errorf("%q does not match the pattern", msg)
		}
	}
}

// An event-stream operation the world does not hold answers an empty stream in its protocol
// (awsJson: kinesis SubscribeToShard), and a rest-json one the service's error, not a body the
// engine cannot read.
func TestOtherEventStreams(t *testing.T) {
	srv := startWorld(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := caller(t, srv, world.Dev, "us-east-1", "kinesis").Stream(ctx, "SubscribeToShard", map[string]any{
		"ConsumerARN": "arn:aws:kinesis:us-east-1:111111111111:stream/s/consumer/c:1", "ShardId": "shardId-000000000000",
		"StartingPosition": map[string]any{"Type": "LATEST"}})
	if err != nil {
		t.Fatal(err)
	}
	for e := range s.Events {
		t.Errorf("an event %+v", e)
	}
	if err := s.Err(); err != nil {
		t.Errorf("the empty stream ended with %v", err)
	}
	_, err = caller(t, srv, world.Dev, "us-east-1", "lambda").Stream(ctx, "InvokeWithResponseStream", map[string]any{"FunctionName": "dev-send-email"})
	var api *invoke.APIError
	if !errors.As(err, &api) || api.Code != "UnsupportedOperation" || !strings.Contains(api.Message, "not in the demo") {
		t.Errorf("lambda InvokeWithResponseStream: %v", err)
	}
}

// The backfill (FilterLogEvents up to the moment the session opened) and the session's first
// update overlap: events that arrive between the session's start and the backfill's read are in
// both. The tail shows each event once, as many times as FilterLogEvents holds it: an event sent
// twice in one batch twice, and identical messages put again after the overlap each time.
func TestLiveTailShowsEachEventOnce(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	logs := caller(t, srv, world.Dev, "us-east-1", "logs")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	put := func(ts time.Time, msgs ...string) {
		t.Helper()
		var evs []any
		for _, m := range msgs {
			evs = append(evs, map[string]any{"timestamp": ts.UnixMilli(), "message": m})
		}
		if _, err := logs.Call(ctx, "PutLogEvents", map[string]any{"logGroupName": "/dev/web", "logStreamName": "dev-web-2", "logEvents": evs}); err != nil {
			t.Fatal(err)
		}
	}
	since := clock.Now().Add(-5 * time.Second)
	put(clock.Now().Add(-2*time.Second), "before")
	open := logtail.LiveFrom(logs)
	live := func(ctx context.Context, in map[string]any) (logtail.LiveSession, error) {
		s, err := open(ctx, in)
		// Between the session's start and the backfill's read the stream moves on, an agent
		// sends an event it held back, and another sends one twice in one batch.
		clock.Advance(2 * world.LiveEvery)
		put(clock.Now().Add(-time.Second), "late")
		put(clock.Now().Add(-time.Second), "twice", "twice")
		put(clock.Now(), "at the session's start")
		return s, err
	}
	tl, err := logtail.New(logs, logtail.Options{Groups: []string{"/dev/web"}, Live: live, Since: since, Now: clock.Now,
		Sleep: func(context.Context, time.Duration) bool {
			t.Error("the tail waited to poll: it is not live")
			return false
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	var got []logtail.Event
	next := func() {
		t.Helper()
		b, err := tl.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if b.Mode != logtail.Live {
			t.Fatalf("mode %s, fallback %q", b.Mode, b.Fallback)
		}
		got = append(got, b.Events...)
	}
	next() // the backfill
	next() // sessionStart
	next() // the first update: what arrived since the session's start
	// After the overlap, identical messages are new events each time they are put.
	put(clock.Now().Add(time.Millisecond), "before")
	put(clock.Now().Add(time.Millisecond), "again")
	put(clock.Now().Add(time.Millisecond), "again")
	clock.Advance(world.LiveEvery / 2)
	next()

	// What FilterLogEvents holds for the same window, once each.
	out, err := logs.Call(ctx, "FilterLogEvents", map[string]any{"logGroupName": "/dev/web", "startTime": since.UnixMilli()})
	if err != nil {
		t.Fatal(err)
	}
	count := func(key string, m map[string]int, d int) { m[key] += d }
	held := map[string]int{}
	for _, it := range out["events"].([]any) {
		e := it.(map[string]any)
		count(fmt.Sprint(e["logStreamName"], " ", e["timestamp"], " ", e["message"]), held, 1)
	}
	for _, e := range got {
		count(fmt.Sprint(e.Stream, " ", e.Time.UnixMilli(), " ", e.Message), held, -1)
	}
	for k, n := range held {
		switch {
		case n > 0:
			t.Errorf("%s: missing %d time(s)", k, n)
		case n < 0:
			t.Errorf("%s: shown %d time(s) too many", k, -n)
		}
	}
	if len(got) < 10 {
		t.Errorf("only %d events: %q", len(got), messagesOf(got))
	}
}

// A live session ends after 3 hours and the tail opens another: the events that arrive between
// the two (the new session sends only what arrives after it opened) are read with
// FilterLogEvents from the last event shown, the ones the ended session showed not again.
func TestLiveTailReconnectLosesNothing(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	logs := caller(t, srv, world.Dev, "us-east-1", "logs")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	group := "/dev/reconnect"
	if _, err := logs.Call(ctx, "CreateLogGroup", map[string]any{"logGroupName": group}); err != nil {
		t.Fatal(err)
	}
	if _, err := logs.Call(ctx, "CreateLogStream", map[string]any{"logGroupName": group, "logStreamName": "s"}); err != nil {
		t.Fatal(err)
	}
	put := func(ts time.Time, msgs ...string) {
		t.Helper()
		var evs []any
		for _, m := range msgs {
			evs = append(evs, map[string]any{"timestamp": ts.UnixMilli(), "message": m})
		}
		if _, err := logs.Call(ctx, "PutLogEvents", map[string]any{"logGroupName": group, "logStreamName": "s", "logEvents": evs}); err != nil {
			t.Fatal(err)
		}
	}
	open, opened := logtail.LiveFrom(logs), 0
	live := func(ctx context.Context, in map[string]any) (logtail.LiveSession, error) {
		if opened++; opened == 2 {
			// Between the first session's end and the second's start.
			put(clock.Now().Add(-30*time.Second), "late, in the gap")
			put(clock.Now(), "in the gap")
		}
		return open(ctx, in)
	}
	tl, err := logtail.New(logs, logtail.Options{Groups: []string{group}, Live: live, Since: clock.Now().Add(-time.Minute), Now: clock.Now,
		Sleep: func(context.Context, time.Duration) bool {
			t.Error("the tail waited to poll: it is not live")
			return false
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	var got []string
	next := func() logtail.Batch {
		t.Helper()
		b, err := tl.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if b.Mode != logtail.Live {
			t.Fatalf("mode %s, fallback %q", b.Mode, b.Fallback)
		}
		got = append(got, messagesOf(b.Events)...)
		return b
	}
	next() // the backfill
	next() // sessionStart
	clock.Advance(time.Second)
	put(clock.Now(), "live before the end")
	clock.Advance(2 * time.Second)
	next()
	clock.Advance(world.LiveTailFor) // the session ends: the tail opens another
	for next().Reconnects == 0 {
	}
	clock.Advance(time.Second)
	put(clock.Now(), "live after")
	clock.Advance(2 * time.Second)
	for !slices.Contains(got, "live after") {
		next()
	}
	want := []string{"live before the end", "late, in the gap", "in the gap", "live after"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("shown %q, want %q", got, want)
	}
}
