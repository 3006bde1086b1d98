// Package waitboard keeps every running waiter of the session — started by a resource action or
// by hand — reports their attempts live, and lists them on the waiters page, where each can be
// cancelled. It outlives the pages that started the waiters.
package waitboard

import (
	"context"
	"fmt"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// Entry is one waiter on the board.
type Entry struct {
	ID      int
	Service string
	Waiter  string
	Target  string // the resource it waits on, e.g. "i-0abc (web-1)"
	// Session is whose resource it is ("dev · eu-west-1"): a waiter goes on after a switch, and
	// the page says whose it is then.
	Session string
	Started time.Time
	Last    *waiter.Attempt // the latest attempt, nil before the first
	Done    bool
	Ended   time.Time
	// Cancelled is set when the person cancelled the waiter (x on the waiters page): its run
	// then ends with an error that is no failure of the resource.
	Cancelled bool
	Err       error
	Result    *waiter.Result

	cancel context.CancelFunc
	onDone func(Entry) tea.Cmd
}

// State is a short text for a row or the panel: "⟳ 3/40 pending", "✓ stopped", "✗ failed".
func (e *Entry) State() string {
	switch {
	case e.Done && e.Err == nil:
		return "✓ " + observed(e.Last, "done")
	case e.Cancelled:
		return "✗ cancelled"
	case e.Done:
		return "✗ " + observed(e.Last, "failed")
	case e.Last == nil:
		return "⟳ waiting"
	case e.Last.Max > 0:
		return fmt.Sprintf("⟳ %d/%d %s", e.Last.N, e.Last.Max, observed(e.Last, ""))
	}
	return fmt.Sprintf("⟳ %d %s", e.Last.N, observed(e.Last, ""))
}

// RowState is State for a row's state column, which is narrow (14 cells at 80 columns): while
// the waiter runs, the resource's state then the attempt ("stopping ⟳ 3"; the board has the
// most it will make), so both fit ("⟳ 12/40 shutting-d…" hid what the row is doing).
func (e *Entry) RowState() string {
	if e.Done || e.Cancelled || e.Last == nil {
		return e.State()
	}
	progress := fmt.Sprintf("⟳ %d", e.Last.N)
	if state := observed(e.Last, ""); state != "" {
		return state + " " + progress
	}
	return progress
}

// Elapsed is how long the waiter ran: until now while it runs, until it ended after.
func (e *Entry) Elapsed(now time.Time) time.Duration {
	if e.Done {
		return e.Ended.Sub(e.Started)
	}
	return now.Sub(e.Started)
}

func observed(a *waiter.Attempt, fallback string) string {
	if a == nil || a.Observed == nil {
		return fallback
	}
	switch v := a.Observed.(type) {
	case []any:
		if len(v) == 1 {
			return fmt.Sprint(v[0])
		}
	}
	return fmt.Sprint(a.Observed)
}

// Board is the set of waiters. It is a tui.Component: its tasks' results reach it whatever page
// is on top. Use it from the UI goroutine only.
type Board struct {
	tasks   *tui.Tasks
	entries []*Entry
	nextID  int
	clock   tui.Clock
}

// New returns an empty board whose waiters stop when ctx ends, timed by the real clock.
func New(ctx context.Context) *Board { return NewWithClock(ctx, nil) }

// NewWithClock is New timed by clock (nil: the real one), which also takes finished waiters
// off their rows: tests step it.
func NewWithClock(ctx context.Context, clock tui.Clock) *Board {
	if clock == nil {
		clock = tui.Env{}.Time()
	}
	return &Board{tasks: tui.NewTasks(ctx), clock: clock}
}

func (b *Board) now() time.Time { return b.clock.Now() }

type (
	startedMsg struct {
		id    int
		watch *waiter.Watch
	}
	attemptMsg struct {
		id      int
		watch   *waiter.Watch
		attempt waiter.Attempt
	}
	doneMsg struct {
		id     int
		result waiter.Result
		err    error
	}
	// expiredMsg comes showDone after a waiter ended: its row goes back to the resource's own
	// state, which needs a redraw even when nothing else happens.
	expiredMsg struct{ id int }
)

// Start runs waiter name of svc on target with input. caller is the service's invoker. onDone,
// when set, is run when the waiter ends (a page refreshing its row).
func (b *Board) Start(caller waiter.Caller, svc *model.Service, name, target string, input map[string]any, opts waiter.Options, onDone func(Entry) tea.Cmd) tea.Cmd {
	return b.StartFor("", caller, svc, name, target, input, opts, onDone)
}

// StartFor is Start for the resource of session ("dev · eu-west-1").
func (b *Board) StartFor(session string, caller waiter.Caller, svc *model.Service, name, target string, input map[string]any, opts waiter.Options, onDone func(Entry) tea.Cmd) tea.Cmd {
	def, canonical, ok := svc.Waiter(name)
	if !ok {
		return func() tea.Msg {
			return tui.ToastMsg{Error: true, Text: textsafe.Sprintf("%s has no waiter %s", svc.Name, name)}
		}
	}
	b.nextID++
	ctx, cancel := context.WithCancel(b.tasks.Context())
	e := &Entry{ID: b.nextID, Service: svc.Name, Waiter: canonical, Target: target, Session: session, Started: b.now(), cancel: cancel, onDone: onDone}
	b.entries = append(b.entries, e)
	opts.Name = canonical
	id := e.ID
	return b.tasks.Run(func(context.Context) tea.Msg {
		return startedMsg{id: id, watch: waiter.Start(ctx, caller, def, input, opts)}
	})
}

func (b *Board) next(id int, w *waiter.Watch) tea.Cmd {
	return b.tasks.Run(func(context.Context) tea.Msg {
		if a, ok := <-w.Attempts; ok {
			return attemptMsg{id: id, watch: w, attempt: a}
		}
		res, err := w.Wait()
		return doneMsg{id: id, result: res, err: err}
	})
}

// Tasks implements tui.Component.
func (b *Board) Tasks() *tui.Tasks { return b.tasks }

// Update implements tui.Component.
func (b *Board) Update(msg tea.Msg) tea.Cmd {
	inner, ok := b.tasks.Accept(msg)
	if !ok {
		return nil
	}
	switch m := inner.(type) {
	case startedMsg:
		return b.next(m.id, m.watch)
	case attemptMsg:
		if e := b.Get(m.id); e != nil {
			a := m.attempt
			e.Last = &a
		}
		return b.next(m.id, m.watch)
	case doneMsg:
		e := b.Get(m.id)
		if e == nil {
			return nil
		}
		e.Done, e.Err, e.Ended = true, m.err, b.now()
		if m.err == nil {
			e.Result = &m.result
		}
		e.cancel()
		var cmds []tea.Cmd
		if e.onDone != nil {
			cmds = append(cmds, e.onDone(*e))
		}
		text := textsafe.Sprintf("%s %s: %s", e.Waiter, e.Target, e.State())
		if e.Cancelled {
			text = textsafe.Sprintf("%s %s: cancelled after %s", e.Waiter, e.Target, format.Duration(e.Elapsed(e.Ended)))
		}
		cmds = append(cmds, func() tea.Msg { return tui.ToastMsg{Text: text, Error: m.err != nil && !e.Cancelled} })
		clock := b.clock
		cmds = append(cmds, b.tasks.Run(func(ctx context.Context) tea.Msg {
			if !clock.Sleep(ctx, showDone) {
				return nil
			}
			return expiredMsg{id: m.id}
		}))
		return tea.Batch(cmds...)
	case expiredMsg:
		return nil // the message alone redraws the rows Running no longer names
	}
	return nil
}

// Cancel stops a running waiter; its run ends with a cancelled error.
func (b *Board) Cancel(id int) {
	if e := b.Get(id); e != nil && !e.Done {
		e.Cancelled = true
		e.cancel()
	}
}

// Get returns the entry with id, or nil.
func (b *Board) Get(id int) *Entry {
	if i := slices.IndexFunc(b.entries, func(e *Entry) bool { return e.ID == id }); i >= 0 {
		return b.entries[i]
	}
	return nil
}

// Entries returns every entry, newest first.
func (b *Board) Entries() []*Entry {
	out := slices.Clone(b.entries)
	slices.Reverse(out)
	return out
}

// showDone is how long a finished waiter still shows on its row, after the row has reloaded.
const showDone = 10 * time.Second

// Running returns the waiter on target of service that runs or ended in the last few seconds,
// or nil: for a row's live state.
func (b *Board) Running(service, target string) *Entry {
	for i := len(b.entries) - 1; i >= 0; i-- {
		e := b.entries[i]
		if e.Service == service && e.Target == target {
			if e.Done && b.now().Sub(e.Ended) >= showDone {
				return nil
			}
			return e
		}
	}
	return nil
}

// Indicator implements tui.Component: "2 waiters" while any runs.
func (b *Board) Indicator() string {
	n := 0
	for _, e := range b.entries {
		if !e.Done {
			n++
		}
	}
	switch n {
	case 0:
		return ""
	case 1:
		return "1 waiter"
	}
	return fmt.Sprintf("%d waiters", n)
}
