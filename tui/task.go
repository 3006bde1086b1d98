package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// Tasks runs a page's AWS calls. Every call gets the page's context, so closing the page, pressing
// esc or switching session cancels it; every result is stamped with the generation it was started
// in, so a result that arrives after a restart is dropped instead of overwriting newer data.
//
// Tasks belongs to the UI goroutine: Run, Restart and Accept are called from Update only. The
// functions Run starts must not touch the page's model; they get what they need as arguments.
type Tasks struct {
	parent context.Context
	ctx    context.Context
	cancel context.CancelFunc
	gen    uint64
}

// Result carries a task's message back to the page that owns the task, even when that page is not
// on top of the stack.
type Result struct {
	Owner *Tasks
	Gen   uint64
	Msg   tea.Msg
}

// NewTasks returns a runner whose contexts derive from parent.
func NewTasks(parent context.Context) *Tasks {
	t := &Tasks{parent: parent}
	t.ctx, t.cancel = context.WithCancel(parent)
	return t
}

// Run returns a command that calls fn with the current context and routes its message back here.
func (t *Tasks) Run(fn func(ctx context.Context) tea.Msg) tea.Cmd {
	ctx, gen := t.ctx, t.gen
	return func() tea.Msg {
		msg := fn(ctx)
		if ctx.Err() != nil {
			return nil // cancelled: nobody is waiting for it
		}
		return Result{Owner: t, Gen: gen, Msg: msg}
	}
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
