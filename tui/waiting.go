package tui

import (
	"fmt"
	"time"

	"github.com/nimbus-tui/nimbus/internal/format"
)

// waitHint is how long a page waits on AWS before the message line says for what.
const waitHint = 2 * time.Second

// waitKey names one Run call of one page.
type waitKey struct {
	tasks *Tasks
	id    uint64
}

// waits remembers when the app first saw each call the top page waits on, in the app's clock
// (Options.Clock), so the elapsed time it shows can be stepped in tests.
type waits struct {
	seen map[waitKey]time.Time
}

// observe records the calls the page of tasks now waits on and forgets the others.
func (w *waits) observe(tasks *Tasks, now time.Time) {
	var current []Waiting
	if tasks != nil {
		current = tasks.Waiting()
	}
	next := make(map[waitKey]time.Time, len(current))
	for _, c := range current {
		k := waitKey{tasks, c.ID}
		if t, ok := w.seen[k]; ok {
			next[k] = t
		} else {
			next[k] = now
		}
	}
	w.seen = next
}

// text is "waiting 12s for s3 ListObjectsV2 (attempt 2/3) · esc cancels" for the oldest call the
// page of tasks has waited on for waitHint or more, else "".
func (w *waits) text(tasks *Tasks, now time.Time, cancel string) string {
	if tasks == nil {
		return ""
	}
	for _, c := range tasks.Waiting() {
		since, ok := w.seen[waitKey{tasks, c.ID}]
		if !ok || now.Sub(since) < waitHint {
			continue
		}
		// Whole seconds: the line is redrawn every second and tenths would flicker.
		return fmt.Sprintf("waiting %s for %s · %s cancels", format.Duration(now.Sub(since).Truncate(time.Second)), c.Call, cancel)
	}
	return ""
}

// topTasks is the task runner of the page on top, or nil.
func (a *App) topTasks() *Tasks {
	if t := a.top(); t != nil {
		return t.page.Tasks()
	}
	return nil
}

// waitingText is the message line's account of the top page's longest wait, or "".
func (a *App) waitingText() string {
	return a.waits.text(a.topTasks(), a.clock().Now(), a.opts.Keys.Global.Back.Help().Key)
}

// cancelWait cancels what the top page waits on when the message line says it waits (esc); it
// reports whether there was such a wait.
func (a *App) cancelWait() bool {
	if a.waitingText() == "" {
		return false
	}
	return a.topTasks().CancelWaiting() > 0
}

func (a *App) clock() Clock {
	if a.opts.Clock == nil {
		return realClock{}
	}
	return a.opts.Clock
}
