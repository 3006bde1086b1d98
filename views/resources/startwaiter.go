package resources

import (
	"context"
	"maps"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// StartWaiter puts waiter name of the rows' service on the board, waiting on target (its label on
// the board) with input, as W does for a row. extra adds waiters of the page's own to the model's
// (the S3 browser's wait for a key under a prefix, or for a restore: acceptors over the service's
// own operations). done, when set, makes the message delivered to the host's Update when the
// waiter ends; without it the host refreshes.
func (r *RowActions) StartWaiter(name, target string, input map[string]any, extra map[string]*model.Waiter, done func(waitboard.Entry) tea.Msg) tea.Cmd {
	ps, s, def, tasks := r.pages, r.host.Session(), r.def, r.host.Tasks()
	onDone := func(e waitboard.Entry) tea.Cmd {
		return tasks.Wrap(func() tea.Msg {
			if done != nil {
				return done(e)
			}
			return waitedMsg{}
		})
	}
	return tasks.Run(func(ctx context.Context) tea.Msg {
		inv, svc, err := ps.catalog.Invoker(ctx, s, def.Service)
		if err == nil && len(extra) > 0 {
			own := *svc // a shallow copy: the shared model stays as it is
			own.Waiters = maps.Clone(svc.Waiters)
			maps.Copy(own.Waiters, extra)
			svc = &own
		}
		return invokerReadyMsg{inv: inv, svc: svc, err: err, start: func(m invokerReadyMsg) tea.Cmd {
			return ps.board.Start(m.inv, m.svc, name, target, input, waiter.Options{Delay: ps.waitDelay}, onDone)
		}}
	})
}
