package waitboard

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/tui"
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

// drive runs cmd and the commands its messages lead to, as the app would for a component.
func drive(t *testing.T, b *Board, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var others []tea.Msg
	queue := []tea.Cmd{cmd}
	deadline := time.Now().Add(10 * time.Second)
	for len(queue) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the waiter did not end")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch m := msg.(type) {
		case tea.BatchMsg:
			queue = append(queue, m...)
		case tui.Result:
			queue = append(queue, b.Update(m))
		case nil:
		default:
			others = append(others, m)
		}
	}
	return others
}

func TestBoardReportsEveryWaiterUntilItEnds(t *testing.T) {
	b := New(context.Background())
	done := 0
	cmd := b.Start(&states{seq: []string{"pending", "pending", "ok"}}, svc, "Ready", "i-1", nil,
		waiter.Options{Delay: time.Millisecond}, func(e Entry) tea.Cmd {
			done++
			return nil
		})
	if b.Indicator() != "1 waiter" {
		t.Errorf("indicator %q while running", b.Indicator())
	}
	others := drive(t, b, cmd)
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
	b.now = func() time.Time { return time.Now().Add(time.Minute) }
	if b.Running("demo", "i-1") != nil {
		t.Error("a waiter that ended a minute ago should leave its row")
	}
}

func TestBoardFailureAndCancel(t *testing.T) {
	b := New(context.Background())
	drive(t, b, b.Start(&states{seq: []string{"broken"}}, svc, "Ready", "i-2", nil, waiter.Options{Delay: time.Millisecond}, nil))
	if e := b.Running("demo", "i-2"); e == nil || e.Err == nil || !strings.HasPrefix(e.State(), "✗") {
		t.Fatalf("a failure acceptor should end the waiter with an error: %+v", e)
	}

	cmd := b.Start(&states{seq: []string{"pending"}}, svc, "Ready", "i-3", nil, waiter.Options{Delay: time.Hour}, nil)
	id := b.Entries()[0].ID
	go func() {
		time.Sleep(50 * time.Millisecond)
		b.Cancel(id) // in the app this runs in Update; here only the context matters
	}()
	drive(t, b, cmd)
	if e := b.Get(id); !e.Done || e.Err == nil {
		t.Fatalf("a cancelled waiter should end with an error: %+v", e)
	}
	if got := b.Start(&states{}, svc, "Nope", "x", nil, waiter.Options{}, nil)(); !strings.Contains(got.(tui.ToastMsg).Text.String(), "no waiter Nope") {
		t.Errorf("unknown waiter: %v", got)
	}
}
