package waitboard

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// states answers each call with the next state, then repeats the last one.
type states struct{ seq []string }

func (s *states) Call(context.Context, string, map[string]any) (map[string]any, error) {
	st := s.seq[0]
	if len(s.seq) > 1 {
		s.seq = s.seq[1:]
	}
	return map[string]any{"State": st}, nil
}

var svc = &model.Service{Name: "demo", Waiters: map[string]*model.Waiter{"Ready": {
	Operation: "Describe", Delay: 1, MaxAttempts: 5,
	Acceptors: []model.Acceptor{
		{Matcher: "path", Argument: "State", Expected: "ok", State: "success"},
		{Matcher: "path", Argument: "State", Expected: "broken", State: "failure"},
	},
}}}

// harness runs commands as Bubble Tea does (each on its own goroutine) and hands their
// messages to the board on the test goroutine, as the app does for a component.
type harness struct {
	b       *Board
	msgs    chan tea.Msg
	others  []tea.Msg
	expired int
}

func newHarness(b *Board) *harness { return &harness{b: b, msgs: make(chan tea.Msg, 16)} }

func (h *harness) run(cmd tea.Cmd) {
	if cmd != nil {
		go func() { h.msgs <- cmd() }()
	}
}

// until handles messages until cond holds (a deadline against a hung test, not a measurement).
func (h *harness) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case msg := <-h.msgs:
			switch m := msg.(type) {
			case tea.BatchMsg:
				for _, c := range m {
					h.run(c)
				}
			case tui.Result:
				if _, ok := m.Msg.(expiredMsg); ok {
					h.expired++
				}
				h.run(h.b.Update(m))
			case nil:
			default:
				h.others = append(h.others, m)
			}
		case <-time.After(time.Millisecond):
			// cond may hang on other goroutines (a sleeper on the fake clock): look again
		case <-deadline:
			t.Fatalf("gave up waiting until %s", what)
		}
	}
}

func (h *harness) ended(id int) func() bool {
	return func() bool { e := h.b.Get(id); return e != nil && e.Done }
}

var t0 = time.Date(2026, 12, 4, 13, 0, 0, 0, time.UTC)

func TestBoardReportsEveryWaiterUntilItEnds(t *testing.T) {
	clock := tuitest.NewClock(t0)
	b := NewWithClock(context.Background(), clock)
	h := newHarness(b)
	done := 0
	cmd := b.Start(&states{seq: []string{"pending", "pending", "ok"}}, svc, "Ready", "i-1", nil,
		waiter.Options{Delay: time.Millisecond}, func(e Entry) tea.Cmd {
			done++
			return nil
		})
	if b.Indicator() != "1 waiter" {
		t.Errorf("indicator %q while running", b.Indicator())
	}
	h.run(cmd)
	h.until(t, "the waiter ends", h.ended(1))
	h.until(t, "its toast arrives", func() bool { return len(h.others) == 1 })
	others := h.others
	e := b.Running("demo", "i-1")
	if e == nil || !e.Done || e.Err != nil || e.Last.N != 3 {
		t.Fatalf("entry after the run: %+v", e)
	}
	if !strings.HasPrefix(e.State(), "✓") || done != 1 || b.Indicator() != "" {
		t.Errorf("state %q, onDone called %d times, indicator %q", e.State(), done, b.Indicator())
	}
	if len(others) != 1 || !strings.Contains(others[0].(tui.ToastMsg).Text.String(), "Ready i-1") {
		t.Errorf("want one toast naming the waiter, got %v", others)
	}
	clock.Advance(time.Minute)
	if b.Running("demo", "i-1") != nil {
		t.Error("a waiter that ended a minute ago should leave its row")
	}
}

func TestBoardFailureAndCancel(t *testing.T) {
	b := NewWithClock(context.Background(), tuitest.NewClock(t0))
	h := newHarness(b)
	h.run(b.Start(&states{seq: []string{"broken"}}, svc, "Ready", "i-2", nil, waiter.Options{Delay: time.Millisecond}, nil))
	h.until(t, "the waiter fails", h.ended(1))
	if e := b.Running("demo", "i-2"); e == nil || e.Err == nil || !strings.HasPrefix(e.State(), "✗") {
		t.Fatalf("a failure acceptor should end the waiter with an error: %+v", e)
	}

	cmd := b.Start(&states{seq: []string{"pending"}}, svc, "Ready", "i-3", nil, waiter.Options{Delay: time.Hour}, nil)
	id := b.Entries()[0].ID
	h.run(cmd)
	h.until(t, "the first attempt", func() bool { return b.Get(id).Last != nil })
	b.Cancel(id)
	h.until(t, "the cancelled waiter ends", h.ended(id))
	if e := b.Get(id); !e.Done || e.Err == nil {
		t.Fatalf("a cancelled waiter should end with an error: %+v", e)
	}
	if got := b.Start(&states{}, svc, "Nope", "x", nil, waiter.Options{}, nil)(); !strings.Contains(got.(tui.ToastMsg).Text.String(), "no waiter Nope") {
		t.Errorf("unknown waiter: %v", got)
	}
}

// A row's state column is 14 cells at 80 columns: a running waiter's text cut to it keeps the
// resource's state whole ("⟳ 12/40 shutting-d…" did not say what the instance was doing), and
// the attempt beside the usual states.
func TestRowStateKeepsTheStateWhenCut(t *testing.T) {
	for _, state := range []string{"pending", "stopping", "shutting-down"} {
		e := &Entry{Last: &waiter.Attempt{N: 12, Max: 40, Observed: state}}
		cell := ansi.Truncate(e.RowState(), 14, "…")
		if !strings.Contains(cell, state) || state != "shutting-down" && !strings.Contains(cell, "⟳ 12") {
			t.Errorf("a waiter on a %s row shows %q in its state column (whole: %q)", state, cell, e.RowState())
		}
	}
	done := &Entry{Done: true, Last: &waiter.Attempt{N: 3, Max: 40, Observed: "stopped"}}
	if got := done.RowState(); got != "✓ stopped" {
		t.Errorf("a finished waiter's row says %q, want ✓ stopped", got)
	}
}
