package waiter

import (
	"context"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Watch is a waiter running in its own goroutine, for a UI that shows attempts as they come.
type Watch struct {
	// Attempts delivers every attempt and is closed when the run ends. Read it until it is
	// closed or cancel the context: an unread attempt holds the waiter back.
	Attempts <-chan Attempt

	done   chan struct{}
	result Result
	err    error
}

// Start runs the waiter like Run in a new goroutine. opts.OnAttempt, if set, is called too.
func Start(ctx context.Context, caller Caller, w *model.Waiter, input map[string]any, opts Options) *Watch {
	attempts := make(chan Attempt, 1)
	wt := &Watch{Attempts: attempts, done: make(chan struct{})}
	user := opts.OnAttempt
	opts.OnAttempt = func(a Attempt) {
		if user != nil {
			user(a)
		}
		select {
		case attempts <- a:
		case <-ctx.Done(): // nobody is listening any more
		}
	}
	go func() {
		wt.result, wt.err = Run(ctx, caller, w, input, opts)
		close(attempts)
		close(wt.done)
	}()
	return wt
}

// Done is closed when the run has ended.
func (wt *Watch) Done() <-chan struct{} { return wt.done }

// Wait blocks until the run ends and returns what Run would have.
func (wt *Watch) Wait() (Result, error) {
	<-wt.done
	return wt.result, wt.err
}
