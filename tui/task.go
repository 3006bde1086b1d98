package tui

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
)

// Tasks runs a page's AWS calls. Every call gets the page's context, so closing the page, pressing
// esc or switching session cancels it; every result is stamped with the generation it was started
// in, so a result that arrives after a restart is dropped instead of overwriting newer data.
//
// Tasks belongs to the UI goroutine: Run, Restart and Accept are called from Update only (the
// goroutines of Run's commands only add and remove themselves from runs, under mu). The
// functions Run starts must not touch the page's model; they get what they need as arguments.
type Tasks struct {
	parent context.Context
	ctx    context.Context
	cancel context.CancelFunc
	gen    uint64
	// closing is set when Close makes the command that closes the dialog of these tasks: keys
	// typed before the close arrives wait for it instead of reaching the dialog.
	closing atomic.Bool

	// runs are the Run calls under way, which their goroutines add and remove: the app reads
	// what they wait for (Waiting) and esc cancels them (CancelWaiting).
	mu     sync.Mutex
	runs   map[uint64]*run
	lastID uint64
}

// run is one Run call under way.
type run struct {
	watch  *netpolicy.Watch
	cancel context.CancelCauseFunc
}

// Waiting is a Run call that has sent an AWS request and not returned yet.
type Waiting struct {
	ID   uint64 // unique within its Tasks
	Call netpolicy.Call
}

// Result carries a task's message back to the page that owns the task, even when that page is not
// on top of the stack.
type Result struct {
	Owner *Tasks
	Gen   uint64
	Msg   tea.Msg
	// task is what produced Msg, to run again: the app's retry of a call that failed for want
	// of credentials, after the step that renewed them (remedy.go). Nil for results that did
	// not come from Run.
	task *task
}

// NewTasks returns a runner whose contexts derive from parent.
func NewTasks(parent context.Context) *Tasks {
	t := &Tasks{parent: parent}
	t.ctx, t.cancel = context.WithCancel(parent)
	return t
}

// Run returns a command that calls fn with the current context and routes its message back here.
// The AWS calls fn makes are watched (Waiting); when the person cancels them (CancelWaiting) fn's
// message still comes back, holding their plain "cancelled" error, so the page can say so.
func (t *Tasks) Run(fn func(ctx context.Context) tea.Msg) tea.Cmd {
	ctx, gen := t.ctx, t.gen
	// Tracked from now, not from when the command starts, so that the app keeps its clock
	// ticking for it from the first frame. The context is not cancelled when fn returns: its
	// message may carry work that goes on with it (a waiter's attempts); it ends with the
	// generation's.
	rctx, cancel := context.WithCancelCause(ctx)
	w := &netpolicy.Watch{}
	id := t.track(&run{watch: w, cancel: cancel})
	return func() tea.Msg {
		msg := fn(netpolicy.WithWatch(rctx, w))
		t.untrack(id)
		if ctx.Err() != nil {
			return nil // the page closed or restarted: nobody is waiting for it
		}
		return Result{Owner: t, Gen: gen, Msg: msg, task: &task{owner: t, fn: fn}}
	}
}

// task is one Run call's function and its runner.
type task struct {
	owner *Tasks
	fn    func(ctx context.Context) tea.Msg
}

// again runs the task once more, in its runner's current generation, unless its page closed
// for good in the meantime. From Update only, like Run.
func (k *task) again() tea.Cmd {
	if k.owner.ctx.Err() != nil {
		return nil
	}
	return k.owner.Run(k.fn)
}

func (t *Tasks) track(r *run) uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.runs == nil {
		t.runs = map[uint64]*run{}
	}
	t.lastID++
	t.runs[t.lastID] = r
	return t.lastID
}

func (t *Tasks) untrack(id uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.runs, id)
}

// Running is the number of Run calls under way.
func (t *Tasks) Running() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.runs)
}

// Waiting lists the Run calls waiting on AWS (an attempt went out and fn has not returned, be it
// in flight or between attempts), oldest first, with the last attempt each sent.
func (t *Tasks) Waiting() []Waiting {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Waiting
	for id, r := range t.runs {
		if call, seen := r.watch.Last(); seen {
			out = append(out, Waiting{ID: id, Call: call})
		}
	}
	slices.SortFunc(out, func(a, b Waiting) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// CancelWaiting cancels the Run calls waiting on AWS (see Waiting), as esc does; it returns how
// many it cancelled. Their messages still arrive, with a plain "cancelled" error.
func (t *Tasks) CancelWaiting() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, r := range t.runs {
		if _, seen := r.watch.Last(); seen {
			r.cancel(netpolicy.ErrCancelled)
			n++
		}
	}
	return n
}

// Restart cancels every running task and makes the results still in flight stale.
func (t *Tasks) Restart() {
	t.cancel()
	t.gen++
	t.ctx, t.cancel = context.WithCancel(t.parent)
}

// Close cancels every running task for good.
func (t *Tasks) Close() { t.cancel() }

// Accept unwraps a result of this runner's current generation; it reports false for results of
// another runner or of an earlier generation, which the page must ignore.
func (t *Tasks) Accept(msg tea.Msg) (tea.Msg, bool) {
	r, ok := msg.(Result)
	if !ok || r.Owner != t || r.Gen != t.gen {
		return nil, false
	}
	return r.Msg, true
}

// Context is the context of the current generation, for work the page starts itself.
func (t *Tasks) Context() context.Context { return t.ctx }
