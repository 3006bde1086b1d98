package logtail

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// ticker is the injected clock of the polls: each Sleep takes one tick, sent by the test.
type ticker chan struct{}

func (k ticker) Sleep(ctx context.Context, _ time.Duration) bool {
	select {
	case <-k:
		return true
	case <-ctx.Done():
		return false
	}
}

func logsInvoker(t *testing.T) *invoke.Invoker {
	t.Helper()
	srv := motoserver.StartShared(t)
	svc, err := model.Load("logs")
	if err != nil {
		t.Fatal(err)
	}
	return invoke.New(srv.AWSConfig("us-east-1"), svc, invoke.Options{})
}

func mustCall(t *testing.T, c Caller, op string, in map[string]any) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := c.Call(ctx, op, in)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return out
}

// newGroup creates a group with one stream per name on moto.
func newGroup(t *testing.T, c Caller, streams ...string) string {
	t.Helper()
	g := fmt.Sprintf("/nimbus/test/%s/%d", strings.ReplaceAll(t.Name(), "/", "-"), time.Now().UnixNano())
	mustCall(t, c, "CreateLogGroup", map[string]any{"logGroupName": g})
	for _, s := range streams {
		mustCall(t, c, "CreateLogStream", map[string]any{"logGroupName": g, "logStreamName": s})
	}
	return g
}

func put(t *testing.T, c Caller, group, stream string, at time.Time, msgs ...string) {
	t.Helper()
	var evs []any
	for i, m := range msgs {
		evs = append(evs, map[string]any{"timestamp": at.UnixMilli() + int64(i), "message": m})
	}
	mustCall(t, c, "PutLogEvents", map[string]any{"logGroupName": group, "logStreamName": stream, "logEvents": evs})
}

func messages(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Message)
	}
	return out
}

// Events put while following appear within 2 polls, and none twice: moto numbers event ids per
// stream, so two streams' events share ids and only the stream tells them apart.
func TestFollowMoto(t *testing.T) {
	inv := logsInvoker(t)
	g := newGroup(t, inv, "a", "b")
	now := time.Now()
	put(t, inv, g, "a", now.Add(-time.Minute), "old-a1", "old-a2")
	put(t, inv, g, "b", now.Add(-time.Minute), "old-b1")
	put(t, inv, g, "a", now.Add(-2*time.Hour), "too-old")

	tick := make(ticker, 1)
	tl, err := New(inv, Options{Groups: []string{g}, Since: now.Add(-10 * time.Minute), Sleep: tick.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := tl.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(messages(b.Events), ","); got != "old-a1,old-b1,old-a2" && got != "old-b1,old-a1,old-a2" {
		t.Fatalf("first poll: %s", got)
	}
	if b.Mode != Polling || b.Fallback != "" {
		t.Errorf("mode %s, fallback %q", b.Mode, b.Fallback)
	}

	put(t, inv, g, "b", now, "new-b1", "new-b2")
	put(t, inv, g, "a", now, "new-a1")
	var got []string
	for poll := 1; poll <= 2 && len(got) < 3; poll++ {
		tick <- struct{}{}
		b, err := tl.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, messages(b.Events)...)
	}
	if strings.Join(got, ",") != "new-b1,new-a1,new-b2" && strings.Join(got, ",") != "new-a1,new-b1,new-b2" {
		t.Fatalf("after 2 polls: %v", got)
	}
	// A quiet poll brings nothing again.
	tick <- struct{}{}
	if b, err := tl.Next(ctx); err != nil || len(b.Events) != 0 {
		t.Fatalf("quiet poll: %v %v", messages(b.Events), err)
	}
}

func TestFilterPatternMoto(t *testing.T) {
	inv := logsInvoker(t)
	g := newGroup(t, inv, "s")
	put(t, inv, g, "s", time.Now().Add(-time.Minute), "ERROR one", "info two", "ERROR three")
	tl, _ := New(inv, Options{Groups: []string{g}, Pattern: "ERROR", Since: time.Now().Add(-time.Hour), Sleep: make(ticker).Sleep})
	b, err := tl.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(messages(b.Events), ","); got != "ERROR one,ERROR three" {
		t.Fatalf("%s", got)
	}
}

// pages serves FilterLogEvents from a script, checking the inputs.
type pages struct {
	t      *testing.T
	inputs []map[string]any
	outs   []map[string]any
}

func (p *pages) Call(_ context.Context, op string, in map[string]any) (map[string]any, error) {
	p.inputs = append(p.inputs, in)
	if len(p.outs) == 0 {
		return map[string]any{"events": []any{}}, nil
	}
	out := p.outs[0]
	p.outs = p.outs[1:]
	return out, nil
}

func ev(id string, ms int64, msg string) map[string]any {
	return map[string]any{"eventId": id, "timestamp": ms, "message": msg, "logStreamName": "s"}
}

// A poll goes through every page (one per Next, without waiting), then the next starts at the
// newest timestamp and drops the events at it already shown.
func TestPollPagesAndDedupe(t *testing.T) {
	p := &pages{t: t, outs: []map[string]any{
		{"events": []any{ev("1", 100, "a")}, "nextToken": "T"},
		{"events": []any{ev("2", 200, "b"), ev("3", 200, "c")}},
		{"events": []any{ev("2", 200, "b"), ev("3", 200, "c"), ev("4", 200, "d"), ev("5", 300, "e")}},
	}}
	tick := make(ticker, 1)
	tl, _ := New(p, Options{Groups: []string{"g"}, Since: time.UnixMilli(50), Sleep: tick.Sleep})
	ctx := context.Background()
	b, _ := tl.Next(ctx)
	if got := messages(b.Events); strings.Join(got, "") != "a" || !b.More {
		t.Fatalf("page 1: %v more=%v", got, b.More)
	}
	b, _ = tl.Next(ctx) // no tick needed: the poll has a page left
	if got := messages(b.Events); strings.Join(got, "") != "bc" || b.More {
		t.Fatalf("page 2: %v more=%v", got, b.More)
	}
	tick <- struct{}{}
	b, _ = tl.Next(ctx)
	if got := messages(b.Events); strings.Join(got, "") != "de" {
		t.Fatalf("second poll: %v", got)
	}
	if p.inputs[1]["nextToken"] != "T" || p.inputs[2]["startTime"] != int64(200) || p.inputs[2]["nextToken"] != nil {
		t.Fatalf("inputs: %v", p.inputs)
	}
}

// fakeLive is a live session from a script; a nil event ends it (io.EOF).
type fakeLive struct {
	events []map[string]any
	closed bool
}

func (f *fakeLive) Next(ctx context.Context) (map[string]any, error) {
	if len(f.events) == 0 {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	e := f.events[0]
	f.events = f.events[1:]
	if e == nil {
		return nil, io.EOF
	}
	return e, nil
}

func (f *fakeLive) Close() error { f.closed = true; return nil }

func update(msgs ...string) map[string]any {
	var rs []any
	for i, m := range msgs {
		rs = append(rs, map[string]any{"logGroupIdentifier": "arn:g", "logStreamName": "s", "timestamp": int64(1000 + i), "message": m})
	}
	return map[string]any{"sessionUpdate": map[string]any{"sessionMetadata": map[string]any{"sampled": false}, "sessionResults": rs}}
}

// A live session that ends is opened again; when opening fails, the tail polls from the last
// event it showed and says why.
func TestLiveReconnectThenFallback(t *testing.T) {
	opens := 0
	var inputs []map[string]any
	live := func(_ context.Context, in map[string]any) (LiveSession, error) {
		opens++
		inputs = append(inputs, in)
		switch opens {
		case 1:
			return &fakeLive{events: []map[string]any{{"sessionStart": map[string]any{}}, update("one"), nil}}, nil
		case 2:
			return &fakeLive{events: []map[string]any{update("two"), nil}}, nil
		}
		return nil, codedErr("AccessDeniedException")
	}
	p := &pages{t: t, outs: []map[string]any{{"events": []any{ev("9", 900, "backfilled")}}}}
	tl, _ := New(p, Options{Groups: []string{"arn:g:*"}, Pattern: "x", Live: live, Sleep: make(ticker).Sleep, Since: time.UnixMilli(500),
		Now: func() time.Time { return time.UnixMilli(950) }})
	ctx := context.Background()
	var got []string
	for i := 0; i < 6; i++ {
		b, err := tl.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s:%d:%s", b.Mode, b.Reconnects, strings.Join(messages(b.Events), "")))
	}
	want := "live:0:backfilled,live:0:,live:0:one,live:1:,live:1:two,polling:1:"
	if strings.Join(got, ",") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	if !strings.Contains(tl.Fallback(), "AccessDenied") {
		t.Errorf("fallback %q", tl.Fallback())
	}
	if ids := inputs[0]["logGroupIdentifiers"].([]any); ids[0] != "arn:g" || inputs[0]["logEventFilterPattern"] != "x" {
		t.Errorf("live input %v", inputs[0])
	}
	// The backfill reads the since-window up to the session's start; the second session's
	// backfill and the polls after the fallback read from ReconnectWindow before the last event
	// shown.
	if p.inputs[0]["startTime"] != int64(500) || p.inputs[0]["endTime"] != int64(950) || p.inputs[0]["logGroupIdentifier"] != "arn:g" {
		t.Errorf("backfill input %v", p.inputs[0])
	}
	from := int64(1000) - ReconnectWindow.Milliseconds()
	if p.inputs[1]["startTime"] != from || p.inputs[1]["endTime"] != int64(950) {
		t.Errorf("the second session's backfill input %v", p.inputs[1])
	}
	if p.inputs[2]["startTime"] != from || p.inputs[2]["endTime"] != nil {
		t.Errorf("poll input %v", p.inputs[2])
	}
}

func TestTooManyGroups(t *testing.T) {
	if _, err := New(&pages{}, Options{Groups: make([]string, 11)}); err == nil {
		t.Fatal("11 groups accepted")
	}
}

// describe answers DescribeLogGroups with one group and records the live inputs.
type describe struct{ pages }

func (d *describe) Call(ctx context.Context, op string, in map[string]any) (map[string]any, error) {
	if op == "DescribeLogGroups" {
		return map[string]any{"logGroups": []any{
			map[string]any{"logGroupName": "/app/web-old", "arn": "arn:aws:logs:r:1:log-group:/app/web-old:*"},
			map[string]any{"logGroupName": "/app/web", "arn": "arn:aws:logs:r:1:log-group:/app/web:*", "logGroupArn": "arn:aws:logs:r:1:log-group:/app/web"},
		}}, nil
	}
	return d.pages.Call(ctx, op, in)
}

// StartLiveTail takes ARNs only: a group given by name is looked up, once for every session.
func TestLiveTailGetsARNs(t *testing.T) {
	var inputs []map[string]any
	live := func(_ context.Context, in map[string]any) (LiveSession, error) {
		inputs = append(inputs, in)
		return &fakeLive{events: []map[string]any{{"sessionStart": map[string]any{}}, nil}}, nil
	}
	d := &describe{}
	tl, _ := New(d, Options{Groups: []string{"/app/web", "arn:aws:logs:r:1:log-group:other:*"}, Live: live, Sleep: make(ticker).Sleep})
	ctx := context.Background()
	tl.Next(ctx) // the backfill
	tl.Next(ctx) // sessionStart
	tl.Next(ctx) // the session ends (nil): opened again
	if len(inputs) != 2 {
		t.Fatalf("%d sessions", len(inputs))
	}
	for _, in := range inputs {
		ids := in["logGroupIdentifiers"].([]any)
		if ids[0] != "arn:aws:logs:r:1:log-group:/app/web" || ids[1] != "arn:aws:logs:r:1:log-group:other" {
			t.Fatalf("identifiers %v", ids)
		}
	}
	if _, err := GroupARN(ctx, d, "/app/none"); err == nil {
		t.Error("a missing group has an ARN")
	}
}

func liveEv(stream string, ms, ingested int64, msg string) map[string]any {
	return map[string]any{"logGroupIdentifier": "arn:aws:logs:r:1:log-group:g", "logStreamName": stream, "timestamp": ms, "ingestionTime": ingested, "message": msg}
}

func liveUpdate(evs ...map[string]any) map[string]any {
	rs := make([]any, len(evs))
	for i, e := range evs {
		rs[i] = e
	}
	return map[string]any{"sessionUpdate": map[string]any{"sessionResults": rs}}
}

// The session's events that the backfill already showed are dropped, as many times as the
// backfill showed them, and only in the overlap: up to the backfill's end (950), of events
// ingested at most ClockSkew before it, until the session sends arrivals a minute newer.
func TestLiveOverlapWithTheBackfill(t *testing.T) {
	bf := func(id, stream string, ms, ingested int64, msg string) map[string]any {
		e := ev(id, ms, msg)
		e["logStreamName"], e["ingestionTime"] = stream, ingested
		return e
	}
	longAgo := time.UnixMilli(950).Add(-ClockSkew - time.Second).UnixMilli()
	p := &pages{t: t, outs: []map[string]any{{"events": []any{
		bf("1", "s", 900, longAgo, "old"),    // ingested before the session could have opened
		bf("2", "s", 910, 940, "late"),       // arrived between the session's start and the backfill
		bf("3", "s", 920, 945, "twice"),      // sent twice in one batch
		bf("4", "s", 920, 945, "twice"),      //
		bf("5", "t", 930, 946, "other"),      // the same message in another stream is another event
		bf("6", "s", 950, 948, "at the end"), // endTime includes its own millisecond
	}}}}
	live := func(context.Context, map[string]any) (LiveSession, error) {
		return &fakeLive{events: []map[string]any{{"sessionStart": map[string]any{}},
			liveUpdate(liveEv("s", 910, 940, "late"), liveEv("s", 920, 945, "twice"), liveEv("s", 920, 945, "twice"),
				liveEv("s", 930, 946, "other"), liveEv("s", 950, 948, "at the end"), liveEv("s", 951, 949, "late")),
			liveUpdate(liveEv("s", 900, 949, "old")), // a repeat of an event the session did not send before
			liveUpdate(liveEv("t", 930, 946, "other")),
			liveUpdate(liveEv("s", 960, 948+60001, "new")), // a minute after the newest arrival held: over
			liveUpdate(liveEv("t", 930, 948+60002, "other")),
		}}, nil
	}
	tl, _ := New(p, Options{Groups: []string{"arn:aws:logs:r:1:log-group:g"}, Live: live, Sleep: make(ticker).Sleep,
		Since: time.UnixMilli(500), Now: func() time.Time { return time.UnixMilli(950) }})
	var got []string
	for i := 0; i < 7; i++ {
		b, err := tl.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join(messages(b.Events), "+"))
	}
	want := "old+late+twice+twice+other+at the end,,other+late,old,,new,other"
	if strings.Join(got, ",") != want {
		t.Fatalf("got  %q\nwant %q", strings.Join(got, ","), want)
	}
}

// failingLive sends its events, then fails with err.
type failingLive struct {
	events []map[string]any
	err    error
}

func (f *failingLive) Next(context.Context) (map[string]any, error) {
	if len(f.events) == 0 {
		return nil, f.err
	}
	e := f.events[0]
	f.events = f.events[1:]
	return e, nil
}

func (f *failingLive) Close() error { return nil }

// When a live session fails, the poll that takes over reads from a minute before the last event
// shown (what arrived late meanwhile) and shows none of what the session showed again: the live
// events carry no eventId, so the polls' ids do not tell them apart (the event at the last
// timestamp was shown twice).
func TestFallbackShowsNoLiveEventAgain(t *testing.T) {
	live := func(context.Context, map[string]any) (LiveSession, error) {
		return &failingLive{events: []map[string]any{{"sessionStart": map[string]any{}},
			liveUpdate(liveEv("s", 70_000, 70_000, "one"), liveEv("s", 70_000, 70_000, "same"))}, err: io.ErrUnexpectedEOF}, nil
	}
	p := &pages{t: t, outs: []map[string]any{
		{"events": []any{}}, // the backfill
		{"events": []any{ev("1", 10_000, "before the window"), ev("2", 69_000, "late, meanwhile"), ev("3", 70_000, "one"),
			ev("4", 70_000, "same"), ev("5", 70_000, "same"), ev("6", 71_000, "new")}},
	}}
	tl, _ := New(p, Options{Groups: []string{"arn:aws:logs:r:1:log-group:g"}, Live: live, Sleep: make(ticker).Sleep, Since: time.UnixMilli(0),
		Now: func() time.Time { return time.UnixMilli(60_000) }})
	var got []string
	for i := 0; i < 4; i++ {
		b, err := tl.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(b.Mode)+":"+strings.Join(messages(b.Events), "+"))
	}
	// "before the window" is before ReconnectWindow: FilterLogEvents (here a script) would not
	// send it; "same" was there twice, the session showed it once.
	want := "live:,live:,live:one+same,polling:before the window+late, meanwhile+same+new"
	if strings.Join(got, ",") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, ","), want)
	}
	if p.inputs[1]["startTime"] != int64(70_000)-ReconnectWindow.Milliseconds() {
		t.Errorf("the poll after the failure: %v", p.inputs[1])
	}
}

// recentLive keeps the last ReconnectWindow of events shown, counted, whatever passed before.
func TestRecentLiveKeepsTheLastMinute(t *testing.T) {
	r := newRecentLive()
	at := func(ms int64, msg string) Event {
		return Event{Group: "g", Stream: "s", Time: time.UnixMilli(ms), Message: msg}
	}
	for i := int64(0); i < 100_000; i++ { // 100,000 events a millisecond apart: a 100 s burst
		r.add(at(i, fmt.Sprint(i)), time.UnixMilli(i))
	}
	r.add(at(99_999, "twice"), time.UnixMilli(99_999))
	r.add(at(99_999, "twice"), time.UnixMilli(99_999))
	if len(r.count) != 60_001+1 || len(r.queue)-r.head != 60_001+2 {
		t.Fatalf("%d kept, %d queued: want the last minute's", len(r.count), len(r.queue)-r.head)
	}
	if r.take(at(1_000, "1000")) || !r.take(at(50_000, "50000")) || r.take(at(50_000, "50000")) {
		t.Error("an event before the window is kept, or one in it is not, or taken twice")
	}
	if !r.take(at(99_999, "twice")) || !r.take(at(99_999, "twice")) || r.take(at(99_999, "twice")) {
		t.Error("an event shown twice is not taken twice")
	}
}
