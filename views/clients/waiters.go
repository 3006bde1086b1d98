package clients

import (
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// waitersPage lists a service's waiters; enter opens the form of the waiter's operation input.
type waitersPage struct {
	pagekit.TablePage
	catalog *Catalog
	session tui.Session
	svc     *model.Service
	names   []string
}

func newWaitersPage(c *Catalog, s tui.Session, svc *model.Service) *waitersPage {
	cols := []vtable.Column{
		{Title: "WAITER", MinWidth: 12, MaxWidth: 40},
		{Title: "OPERATION", MinWidth: 10, MaxWidth: 36},
		{Title: "DELAY", MinWidth: 5, MaxWidth: 6, Right: true},
		{Title: "ATTEMPTS", MinWidth: 8, MaxWidth: 8, Right: true},
		{Title: "DESCRIPTION", MinWidth: 10, Flex: true},
	}
	p := &waitersPage{TablePage: pagekit.NewTablePage(c.env, "waiters", cols), catalog: c, session: s, svc: svc}
	p.names = svc.WaiterNames()
	rows := make([][]string, len(p.names))
	for i, n := range p.names {
		w := svc.Waiters[n]
		rows[i] = []string{n, w.Operation, fmt.Sprintf("%ds", w.Delay), strconv.Itoa(w.MaxAttempts), textsafe.Clean(w.Description)}
	}
	p.Table.Append(rows)
	p.Done("this service has no waiters")
	return p
}

func (p *waitersPage) Title() string { return "waiters" }

func (p *waitersPage) Init() tea.Cmd { return nil }

func (p *waitersPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.HandleKey(p.actions(), k)
	}
	_, cmd, _ := p.Result(msg)
	return cmd
}

// Reload passes the new session on to the pages opened from here.
func (p *waitersPage) Reload(s tui.Session) tea.Cmd {
	p.session = s
	return nil
}

// actions is the page's action table: its keys, footer and help.
func (p *waitersPage) actions() tui.Actions {
	return append(tui.Actions{
		{Binding: p.Env.Keys.Table.Open, Footer: true, Run: func() tea.Cmd {
			if i := p.Table.Cursor(); i >= 0 {
				return tui.Push(newWaiterFormPage(p.catalog, p.session, p.svc, p.names[i]))
			}
			return nil
		}},
	}, p.TableKeys()...)
}

func (p *waitersPage) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*waitersPage)(nil)
	_ tui.Reloadable     = (*waitersPage)(nil)
	_ tui.Filterable     = (*waitersPage)(nil)
	_ tui.StatusReporter = (*waitersPage)(nil)
	_ tui.BackHandler    = (*waitersPage)(nil)
)
