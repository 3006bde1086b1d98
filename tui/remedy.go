package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/advice"
)

// Expired credentials: one path from the error to the step that fixes it and back to the call.
// A page shows its error with tui.Error as always; when the error's advice offers a step
// (advice.Advice.Offer: log in to SSO, get new credentials), the app opens the dialog of that
// step (Options.Remedy) over the page. A dialog that got the session new credentials closes with
// Renewed — the remedy dialog, or the login dialog the user opened with the login key — and the
// app then reloads the page on top (its data, and so the failed call, once) and marks the pages
// under it to reload when shown. Nothing is retried before the step succeeded: the same call
// with the same credentials would fail the same way.

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
}

// offer opens the dialog of adv's step over the page on top, unless the user declined that step
// in this session, a dialog is already open, or a retry after the same step has just failed.
func (a *App) offer(adv advice.Advice) tea.Cmd {
	r := &a.remedy
	if adv.Offer == advice.None || a.opts.Remedy == nil || a.top() == nil || a.dialog() != nil || r.declined[adv.Offer] {
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
	return a.open(d)
}

// closedRemedy notes how the dialog d the app opened ended; a dismissed offer is not made again
// in this session (the login key still takes the step).
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
	}
}

// renewed retries after a step gave the session new credentials: the page on top loads again
// (the failed call with it), the pages under it when they are shown again, and the identity.
func (a *App) renewed() tea.Cmd {
	a.remedy.declined = nil
	a.remedy.retriedAt = a.clock().Now()
	t := a.top()
	if t == nil {
		return nil
	}
	for _, e := range a.stack[:len(a.stack)-1] {
		e.session = Session{} // not the current one: reveal reloads it
	}
	cmds := []tea.Cmd{a.identity.load(a.session)}
	if r, ok := t.page.(Reloadable); ok {
		cmds = append(cmds, r.Reload(a.session), a.spin.start())
	}
	return tea.Batch(cmds...)
}
