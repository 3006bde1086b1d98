package tui

import (
	"reflect"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/advice"
)

// Expired credentials: one path from the error to the step that fixes it and back to the call.
// A page shows its error with tui.Error as always; when the error's advice offers a step
// (advice.Advice.Offer: log in to SSO, get new credentials), the app opens the dialog of that
// step (Options.Remedy) over the page. A dialog that got the session new credentials closes with
// Renewed — the remedy dialog, or the login dialog the user opened with the login key — and the
// app then runs the failed calls again, once each: an error a page answered a task's result
// with carries that task (failedTask), so a failed action (stop an instance, delete objects, an
// operation) runs again, not just the page's listing. A page whose failure came from no task
// reloads instead, and the pages under the top are marked to reload when shown. Nothing is
// retried before the step succeeded: the same call with the same credentials would fail the
// same way.

// Renewed is the result a dialog closes with when the session has new credentials. The app takes
// it instead of the page that opened the dialog and retries.
type Renewed struct{}

// remedyQuiet is how long after a retry a new failure of the same kind is only shown, not offered
// again: a step that did not help is not offered in a loop.
const remedyQuiet = time.Minute

// remedies is the state of the offered steps.
type remedies struct {
	open      Dialog      // the dialog the app opened for an offer, while it is open
	kind      advice.Hint // what it offers
	declined  map[advice.Hint]bool
	retriedAt time.Time // when the last retry after a step was sent
	// failed are the tasks that failed for want of the step while it was offered, to run again
	// once it succeeded, under the session they failed in.
	failed []failedRun
}

// failedRun is a task to run again after a step, and the session it failed under.
type failedRun struct {
	task    *task
	session Session
}

// failedTask tags the errors cmd sends (a page's answer to a task's result) with the task that
// produced the result, so that a remedy can run it again. Commands inside a batch or a sequence
// are tagged too; the sequence's type is bubbletea's own, hence reflect.
func failedTask(cmd tea.Cmd, k *task) tea.Cmd {
	if cmd == nil || k == nil {
		return cmd
	}
	return func() tea.Msg {
		msg := cmd()
		switch m := msg.(type) {
		case ErrorMsg:
			if m.task == nil {
				m.task = k
			}
			return m
		case nil:
			return nil
		}
		v := reflect.ValueOf(msg)
		if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
			return msg
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			out.Index(i).Set(reflect.ValueOf(failedTask(c, k)))
		}
		return out.Interface()
	}
}

// offer opens the dialog of adv's step over the page on top, unless the user declined that step
// in this session, a dialog is already open, or a retry after the same step has just failed.
// failed, when set, is the task that failed: it runs again after the step, if the step is on
// offer (opened now, or open already).
func (a *App) offer(adv advice.Advice, failed *task) tea.Cmd {
	r := &a.remedy
	if adv.Offer == advice.None {
		return nil
	}
	note := func() {
		if failed != nil {
			r.failed = append(r.failed, failedRun{task: failed, session: a.session})
		}
	}
	if r.open != nil && a.dialog() == r.open {
		note() // another call failed the same way while the step is on offer
		return nil
	}
	if a.opts.Remedy == nil || a.top() == nil || a.dialog() != nil || r.declined[adv.Offer] {
		return nil
	}
	if !r.retriedAt.IsZero() && a.clock().Now().Sub(r.retriedAt) < remedyQuiet {
		return nil // the toast says what happened and names the key; the user decides
	}
	d := a.opts.Remedy(adv.Offer, a.session)
	if d == nil {
		return nil
	}
	r.open, r.kind = d, adv.Offer
	note()
	return a.open(d)
}

// closedRemedy notes how the dialog d the app opened ended; a dismissed offer is not made again
// in this session (the login key still takes the step), and its failed calls are not retried.
func (a *App) closedRemedy(d Dialog, result tea.Msg) {
	r := &a.remedy
	if r.open == nil || r.open.Tasks() != d.Tasks() {
		return
	}
	r.open = nil
	if result == nil {
		if r.declined == nil {
			r.declined = map[advice.Hint]bool{}
		}
		r.declined[r.kind] = true
		r.failed = nil
	}
}

// renewed retries after a step gave the session new credentials: the calls that failed run
// again, once each; the page on top reloads when none of them is its own; the pages under it
// reload when they are shown again; and the identity loads again.
func (a *App) renewed() tea.Cmd {
	a.remedy.declined = nil
	a.remedy.retriedAt = a.clock().Now()
	failed := a.remedy.failed
	a.remedy.failed = nil
	t := a.top()
	if t == nil {
		return nil
	}
	for _, e := range a.stack[:len(a.stack)-1] {
		e.session = Session{} // not the current one: reveal reloads it
	}
	cmds := []tea.Cmd{a.identity.load(a.session)}
	topRerun := false
	for _, f := range failed {
		if !f.session.Same(a.session) {
			continue // failed under another session: not this step's to retry
		}
		if c := f.task.again(); c != nil {
			cmds = append(cmds, c)
			topRerun = topRerun || f.task.owner == t.page.Tasks()
		}
	}
	if r, ok := t.page.(Reloadable); ok && !topRerun {
		cmds = append(cmds, r.Reload(a.session), a.spin.start())
	}
	return tea.Batch(cmds...)
}
