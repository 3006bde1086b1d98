package views

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/picker"
)

// statusCheckTimeout bounds one profile's check: a profile with nothing configured asks the
// machine's instance metadata, which may not answer.
const statusCheckTimeout = 10 * time.Second

// statusCol is the STATUS column of the profile picker.
const statusCol = 5

// profilesDialog is the profile picker with each profile's credentials status filled in as it is
// checked, in the background: the list opens at once and says "checking…" until then.
type profilesDialog struct {
	*picker.Dialog
	mgr      *sessionmgr.Manager
	names    []string       // by row
	statuses map[int]string // row → text, once checked
}

type profileStatusMsg struct {
	row    int
	status sessionmgr.Status
}

func newProfilesDialog(p *picker.Dialog, mgr *sessionmgr.Manager, names []string) *profilesDialog {
	pp := &profilesDialog{Dialog: p, mgr: mgr, names: names, statuses: map[int]string{}}
	p.Table.SetOverride(func(row, col int) (string, bool) {
		if col != statusCol {
			return "", false
		}
		s, ok := pp.statuses[row]
		return s, ok
	})
	return pp
}

// Init starts one check per profile that is not already known to be broken.
func (p *profilesDialog) Init() tea.Cmd {
	var cmds []tea.Cmd
	for row, name := range p.names {
		if name == "" {
			continue
		}
		mgr := p.mgr
		cmds = append(cmds, p.Tasks().Run(func(ctx context.Context) tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, statusCheckTimeout)
			defer cancel()
			return profileStatusMsg{row: row, status: mgr.Status(ctx, name)}
		}))
	}
	return tea.Batch(cmds...)
}

// Update fills in a status as it arrives; everything else is the picker's.
func (p *profilesDialog) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		return p.Dialog.Update(msg)
	}
	inner, cmd, ok := p.Result(msg)
	if m, isStatus := inner.(profileStatusMsg); ok && isStatus {
		p.statuses[m.row] = statusText(m.status)
	}
	return cmd
}

// statusText is the STATUS cell: "ok", else a mark, the state and why.
func statusText(s sessionmgr.Status) string {
	if s.State == sessionmgr.StateOK {
		return "ok"
	}
	mark := "✗ "
	switch s.State {
	case sessionmgr.StateNeedsLogin, sessionmgr.StateNeedsMFA, sessionmgr.StateUnchecked:
		mark = "• "
	}
	return mark + s.String()
}

// The interfaces the app finds this dialog by.
var (
	_ tui.Dialog         = (*profilesDialog)(nil)
	_ tui.StatusReporter = (*profilesDialog)(nil)
)
