package waitboard

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

func testPage(clock *tuitest.Clock, b *Board, w int) *Page {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	p := NewPage(env, b)
	p.SetSize(w, 20)
	return p
}

// rowOf is the page's line for the waiter on target, its cells split on runs of spaces.
func rowOf(t *testing.T, p *Page, target string) []string {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(p.View()), "\n") {
		if strings.Contains(l, target) {
			return strings.Fields(l)
		}
	}
	t.Fatalf("no row for %s in\n%s", target, p.View())
	return nil
}

func TestCancelledWaiterKeepsItsElapsedAndSaysCancelled(t *testing.T) {
	clock := tuitest.NewClock(t0)
	b := NewWithClock(context.Background(), clock)
	h := newHarness(b)
	p := testPage(clock, b, 120)
	h.run(b.Start(&states{seq: []string{"pending"}}, svc, "Ready", "i-9", nil, waiter.Options{Delay: time.Hour}, nil))
	h.until(t, "the first attempt", func() bool { e := b.Get(1); return e.Last != nil })
	clock.Advance(42 * time.Second)
	if row := rowOf(t, p, "i-9"); row[len(row)-1] != "42s" {
		t.Fatalf("running for 42 s on the clock, the row says %q", row)
	}

	cmd := p.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if cmd == nil || !strings.Contains(cmd().(tui.ToastMsg).Text.String(), "cancelling Ready") {
		t.Fatal("x should say it cancels the waiter")
	}
	h.until(t, "the cancelled waiter ends", h.ended(1))
	h.until(t, "its toast", func() bool { return len(h.others) == 1 })
	row := rowOf(t, p, "i-9")
	if row[len(row)-1] != "42s" {
		t.Errorf("ELAPSED of the cancelled waiter went from 42s to %q", row[len(row)-1])
	}
	if !strings.Contains(strings.Join(row, " "), "cancelled") {
		t.Errorf("the row should say cancelled: %q", row)
	}
	toast := h.others[0].(tui.ToastMsg)
	if !strings.Contains(toast.Text.String(), "cancelled after 42s") || toast.Error {
		t.Errorf("the toast should say it was cancelled, not failed: %+v", toast)
	}
	clock.Advance(time.Hour)
	if row := rowOf(t, p, "i-9"); row[len(row)-1] != "42s" {
		t.Errorf("a cancelled waiter's ELAPSED should stop moving, got %q", row)
	}
}

func TestFailureReasonIsShownWhole(t *testing.T) {
	clock := tuitest.NewClock(t0)
	b := NewWithClock(context.Background(), clock)
	h := newHarness(b)
	p := testPage(clock, b, 60)
	h.run(b.Start(&states{seq: []string{"broken"}}, svc, "Ready", "i-very-long-target-0123456789", nil, waiter.Options{Delay: time.Millisecond}, nil))
	h.until(t, "the waiter fails", h.ended(1))
	reason := b.Get(1).Err.Error()
	if len(reason) < 60 {
		t.Fatalf("the test wants a reason wider than the page: %q", reason)
	}
	view := ansi.Strip(p.View())
	for _, l := range strings.Split(view, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("line wider than the page: %q", l)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(view), " "), strings.Join(strings.Fields(reason), " ")) {
		t.Errorf("the reason %q is cut in\n%s", reason, view)
	}
}

func TestFinishedWaiterLeavesItsRowAfterTenSeconds(t *testing.T) {
	clock := tuitest.NewClock(t0)
	b := NewWithClock(context.Background(), clock)
	h := newHarness(b)
	h.run(b.Start(&states{seq: []string{"ok"}}, svc, "Ready", "i-1", nil, waiter.Options{Delay: time.Millisecond}, nil))
	h.until(t, "the waiter ends", h.ended(1))
	if b.Running("demo", "i-1") == nil {
		t.Fatal("a waiter that just ended should still show on its row")
	}
	// Nothing else may happen in the app for a while: the board itself must wake up to take
	// the "✓ ok" off the row, or it stays until some key redraws the screen.
	h.until(t, "the board sleeps on the clock", func() bool { return clock.Sleepers() == 1 })
	clock.Advance(showDone - time.Second)
	if h.expired != 0 || b.Running("demo", "i-1") == nil {
		t.Fatal("the row should keep its state for the whole showDone")
	}
	clock.Advance(time.Second)
	h.until(t, "the board redraws when the row expires", func() bool { return h.expired == 1 })
	if b.Running("demo", "i-1") != nil {
		t.Error("after showDone the row should show the resource's own state")
	}
}

// Issue 9 #5: after a switch the waiters of the old session went on under the new profile's name
// with nothing saying whose they were. Once waiters of two sessions are on the board, each row
// says its session.
func TestWaitersOfAnotherSessionSayWhoseTheyAre(t *testing.T) {
	clock := tuitest.NewClock(t0)
	b := NewWithClock(context.Background(), clock)
	h := newHarness(b)
	p := testPage(clock, b, 140)
	p.Reload(tui.Session{Profile: "dev", Region: "eu-west-1"})
	h.run(b.StartFor("dev · eu-west-1", &states{seq: []string{"pending"}}, svc, "Ready", "i-dev", nil, waiter.Options{Delay: time.Hour}, nil))
	h.until(t, "the first attempt", func() bool { e := b.Get(1); return e.Last != nil })
	if strings.Contains(p.View(), "SESSION") {
		t.Fatalf("one session: no SESSION column\n%s", p.View())
	}
	p.Reload(tui.Session{Profile: "prod", Region: "us-east-1"})
	h.run(b.StartFor("prod · us-east-1", &states{seq: []string{"pending"}}, svc, "Ready", "i-prod", nil, waiter.Options{Delay: time.Hour}, nil))
	h.until(t, "the second's first attempt", func() bool { e := b.Get(2); return e.Last != nil })
	view := ansi.Strip(p.View())
	if !strings.Contains(view, "SESSION") || !strings.Contains(strings.Join(rowOf(t, p, "i-dev"), " "), "dev · eu-west-1") ||
		!strings.Contains(strings.Join(rowOf(t, p, "i-prod"), " "), "prod · us-east-1") {
		t.Fatalf("each row should say its session:\n%s", view)
	}
}
