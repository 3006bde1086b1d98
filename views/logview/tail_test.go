package logview

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
)

const wait = 20 * time.Second

// start is the fake clock's start: a whole second, so that times print the same everywhere.
var start = time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)

func testEnv(ctx context.Context, clock tui.Clock) tui.Env {
	return tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
}

// script is a FilterLogEvents that answers what the test queued, and nothing else.
type script struct{ outs chan map[string]any }

func (s *script) Call(ctx context.Context, _ string, _ map[string]any) (map[string]any, error) {
	select {
	case out := <-s.outs:
		return out, nil
	default:
		return map[string]any{"events": []any{}}, nil
	}
}

func events(stream string, at time.Time, msgs ...string) map[string]any {
	var evs []any
	for i, m := range msgs {
		evs = append(evs, map[string]any{"eventId": fmt.Sprintf("%s-%d-%d", stream, at.UnixMilli(), i), "logStreamName": stream,
			"timestamp": at.UnixMilli() + int64(i)*1000, "message": m})
	}
	return map[string]any{"events": evs}
}

// unitPage is a tail page on a scripted FilterLogEvents, its tasks' messages applied by hand.
func unitPage(t *testing.T, w, h int, groups ...string) (*TailPage, *script) {
	t.Helper()
	if len(groups) == 0 {
		groups = []string{"/aws/lambda/api"}
	}
	sc := &script{outs: make(chan map[string]any, 16)}
	p := NewTail(testEnv(context.Background(), tuitest.NewClock(start)), nil, tui.Session{}, Target{Groups: groups, Pattern: "ERROR"},
		Options{Location: time.UTC, Capacity: 1000})
	tl, err := logtail.New(sc, logtail.Options{Groups: groups, Pattern: "ERROR", Since: start.Add(-time.Hour),
		Sleep: func(context.Context, time.Duration) bool { return true }})
	if err != nil {
		t.Fatal(err)
	}
	p.SetSize(w, h)
	p.handle(startedMsg{tail: tl, groups: groups})
	return p, sc
}

// poll runs one Next of the page's tail and applies its batch, as the task would.
func poll(t *testing.T, p *TailPage) {
	t.Helper()
	b, err := p.tail.Next(context.Background())
	p.handle(batchMsg{batch: b, err: err})
}

func press(p *TailPage, name string) { p.Update(tuitest.KeyPress(name)) }

func screen(p *TailPage) string { return ansi.Strip(p.View()) }

func TestTailUpdatePauseHoldsLinesUntilResume(t *testing.T) {
	p, sc := unitPage(t, 90, 8)
	sc.outs <- events("s1", start.Add(-time.Minute), "ERROR first", "second")
	poll(t, p)
	if s := screen(p); !strings.Contains(s, "ERROR first") || !strings.Contains(s, "following") || !strings.Contains(s, "polling every 5s") {
		t.Fatalf("first poll:\n%s", s)
	}
	press(p, "space")
	sc.outs <- events("s1", start, "third", "fourth")
	poll(t, p)
	if s := screen(p); strings.Contains(s, "third") || !strings.Contains(s, "paused · 2 held") || !strings.Contains(s, "2 lines") {
		t.Fatalf("paused:\n%s", s)
	}
	press(p, "space")
	if s := screen(p); !strings.Contains(s, "third") || !strings.Contains(s, "▸ 12-04 16:00:01.000 s1 fourth") || !strings.Contains(s, "4 lines") {
		t.Fatalf("resumed:\n%s", s)
	}
}

// Lines are terminal-safe, long stream names keep their end, and the views are drawn as the goldens say.
func TestTailGoldens(t *testing.T) {
	p, sc := unitPage(t, 80, 9)
	sc.outs <- events("2026/12/04/[$LATEST]0123456789abcdef0123", start.Add(-2*time.Minute),
		"START RequestId: 1f2e",
		`{"level":"ERROR","msg":"boom","n":[1,2]}`,
		"evil \x1b]0;owned\x07 title \x1b[2J and a very long line that goes on and on past the edge of the terminal for sure",
		"two\nlines")
	poll(t, p)
	tuitest.Golden(t, "tail", p.View())
	press(p, "w")
	tuitest.Golden(t, "tail-wrap", p.View())
	press(p, "w")
	press(p, "J")
	tuitest.Golden(t, "tail-pretty", p.View())
	press(p, "J")
	p.SetFilter("request")
	tuitest.Golden(t, "tail-search", p.View())
	if s := screen(p); !strings.Contains(s, "▸ 12-04 15:58:00.000") {
		t.Errorf("search did not move to the match:\n%s", s)
	}
}

func TestTailSearchCopyAndZone(t *testing.T) {
	p, sc := unitPage(t, 90, 8)
	sc.outs <- events("s", start.Add(-time.Minute), "alpha", "beta", "alpha again", "gamma")
	poll(t, p)
	p.SetFilter("ALPHA")
	if l, _ := p.buf.Get(p.cursor); l.msg != "alpha again" {
		t.Fatalf("search landed on %q", l.msg)
	}
	press(p, "N")
	if l, _ := p.buf.Get(p.cursor); l.msg != "alpha" {
		t.Fatalf("N landed on %q", l.msg)
	}
	press(p, "n")
	if l, _ := p.buf.Get(p.cursor); l.msg != "alpha again" {
		t.Fatalf("n landed on %q", l.msg)
	}
	var copied string
	for _, m := range tuitest.Messages(p.actionsCmd("y")) {
		if reflect.TypeOf(m) == reflect.TypeOf(tea.SetClipboard("")()) {
			copied = reflect.ValueOf(m).String()
		}
	}
	if copied != "2026-12-04T15:59:02.000Z s alpha again" {
		t.Errorf("copied %q", copied)
	}
	p.opts.Location = time.FixedZone("CET", 3600)
	p.refreshLook()
	if !strings.Contains(screen(p), "12-04 16:59:02.000 s alpha again") || !strings.Contains(screen(p), "times CET") {
		t.Errorf("local time:\n%s", screen(p))
	}
	press(p, "z")
	if !strings.Contains(screen(p), "12-04 15:59:02.000 s alpha again") || !strings.Contains(screen(p), "times UTC") {
		t.Errorf("UTC:\n%s", screen(p))
	}
	if ok, _ := p.HandleBack(); !ok || p.search != "" {
		t.Errorf("esc kept the search")
	}
	// G follows again: the cursor goes to the newest line.
	press(p, "G")
	if l, _ := p.buf.Get(p.cursor); l.msg != "gamma" || !p.following {
		t.Errorf("G: cursor on %q, following %v", l.msg, p.following)
	}
}

// The buffer keeps the newest lines and says how many it dropped.
func TestTailRingDrops(t *testing.T) {
	p, sc := unitPage(t, 90, 6)
	p.buf = newRing(3)
	sc.outs <- events("s", start.Add(-time.Minute), "1", "2", "3", "4", "5")
	poll(t, p)
	if s := screen(p); !strings.Contains(s, "3 lines (2 dropped)") || strings.Contains(s, " s 2") || !strings.Contains(s, " s 3") {
		t.Fatalf("%s", s)
	}
	r := newRing(2)
	for i := range 5 {
		r.Push(line{msg: fmt.Sprint(i)})
	}
	if l, ok := r.Get(4); !ok || l.msg != "4" || r.First() != 3 || r.Dropped() != 3 {
		t.Fatalf("ring: %v %v first %d dropped %d", l, ok, r.First(), r.Dropped())
	}
	if _, ok := r.Get(2); ok {
		t.Fatal("a dropped line is still there")
	}
}

func TestPatternTerms(t *testing.T) {
	for in, want := range map[string]string{
		`ERROR`:                         "error",
		`ERROR -healthcheck "time out"`: "error|time out",
		`?WARN ?ERROR`:                  "warn|error",
		`{ $.level = "error" }`:         "",
		`[ip, user, status=5*]`:         "",
	} {
		if got := strings.Join(patternTerms(in), "|"); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

// actionsCmd runs the action on key name and returns its command.
func (p *TailPage) actionsCmd(name string) tea.Cmd {
	cmd, _ := p.actions().Handle(tuitest.KeyPress(name))
	return cmd
}

// Follow mode against moto: events put while following appear within 2 polls, driven by the
// fake clock; nothing is shown twice.
func TestTailFollowMoto(t *testing.T) {
	srv := motoserver.StartShared(t)
	logs := invokerFor(t, srv, "logs")
	g := fmt.Sprintf("/nimbus/logview/%d", time.Now().UnixNano())
	call(t, logs, "CreateLogGroup", map[string]any{"logGroupName": g})
	call(t, logs, "CreateLogStream", map[string]any{"logGroupName": g, "logStreamName": "web"})
	now := time.Now()
	putEvents(t, logs, g, "web", now.Add(-time.Minute), "hello from before")

	clock := tuitest.NewClock(now)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := testEnv(ctx, clock)
	catalog := clients.NewCatalog(env, model.Default())
	load := func(_ context.Context, _, region string) (aws.Config, error) { return srv.AWSConfig(region), nil }
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load},
		Start: func(s tui.Session) tui.Page {
			return NewTail(env, catalog, s, Target{Groups: []string{g}}, Options{Location: time.UTC})
		}})
	d := tuitest.New(t, app, 120, 20)
	d.WaitForText(wait, "hello from before", "polling every 5s", "1 lines")
	putEvents(t, logs, g, "web", now, "first new", "second new")
	for polls := 0; polls < 2 && !strings.Contains(d.Screen(), "second new"); polls++ {
		clock.WaitSleepers(t, 1, wait)
		clock.Advance(5 * time.Second)
		d.Pump(300 * time.Millisecond)
	}
	d.WaitForText(time.Second, "first new", "second new", "3 lines")
	if strings.Count(d.Screen(), "hello from before") != 1 {
		t.Fatalf("a line shown twice:\n%s", d.Screen())
	}
	// The tail's own calls are on the session's wire view (ctrl+w did nothing here).
	d.Key("ctrl+w")
	d.WaitForText(wait, "wire · test", "X-Amz-Target: Logs_20140328.FilterLogEvents", `"logGroupName":"`+g+`"`)
}

func invokerFor(t *testing.T, srv *motoserver.Server, service string) *invoke.Invoker {
	t.Helper()
	svc, err := model.Default().Load(service)
	if err != nil {
		t.Fatal(err)
	}
	return invoke.New(srv.AWSConfig("us-east-1"), svc, invoke.Options{})
}

func call(t *testing.T, inv *invoke.Invoker, op string, in map[string]any) map[string]any {
	t.Helper()
	out, err := inv.Call(context.Background(), op, in)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return out
}

func putEvents(t *testing.T, inv *invoke.Invoker, g, s string, at time.Time, msgs ...string) {
	t.Helper()
	var evs []any
	for i, m := range msgs {
		evs = append(evs, map[string]any{"timestamp": at.UnixMilli() + int64(i), "message": m})
	}
	call(t, inv, "PutLogEvents", map[string]any{"logGroupName": g, "logStreamName": s, "logEvents": evs})
}

// A click on a log line did not move the cursor (the wheel did); it does now, wrapped lines
// taking a click on any of their rows.
func TestTailClickPutsTheCursorOnTheLine(t *testing.T) {
	p, sc := unitPage(t, 90, 8)
	sc.outs <- events("s", start.Add(-time.Minute), "alpha", "beta", "gamma")
	poll(t, p)
	if !p.ClickLine(2) { // the mode line, then alpha, beta
		t.Fatalf("the click found no line:\n%s", screen(p))
	}
	if s := screen(p); !strings.Contains(s, "▸ 12-04 15:59:01.000 s beta") {
		t.Fatalf("the cursor should be on beta:\n%s", s)
	}
	if p.ClickLine(0) || p.ClickLine(5) {
		t.Fatal("the mode line and the empty rows below the lines take no click")
	}
}
