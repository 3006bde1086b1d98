package clients

import (
	"context"
	"strconv"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// servicesPage lists every service of the embedded models.
type servicesPage struct {
	pagekit.TablePage
	catalog  *Catalog
	session  tui.Session
	services []model.ServiceInfo
}

type indexMsg struct {
	services []model.ServiceInfo
	err      error
}

func newServicesPage(c *Catalog, s tui.Session) *servicesPage {
	cols := []vtable.Column{
		{Title: "SERVICE", MinWidth: 10, MaxWidth: 32},
		{Title: "PROTOCOL", MinWidth: 8, MaxWidth: 10},
		{Title: "OPS", MinWidth: 3, MaxWidth: 5, Right: true, Keyed: true},
		{Title: "WAITERS", MinWidth: 3, MaxWidth: 7, Right: true, Keyed: true},
		{Title: "NAME", MinWidth: 10, Flex: true},
	}
	return &servicesPage{TablePage: pagekit.NewTablePage(c.env, "services", cols), catalog: c, session: s}
}

func (p *servicesPage) Title() string { return "services" }

func (p *servicesPage) Init() tea.Cmd {
	p.Loading = true
	lib := p.catalog.lib
	return p.Tasks().Run(func(context.Context) tea.Msg {
		svcs, err := lib.Index()
		return indexMsg{services: svcs, err: err}
	})
}

func (p *servicesPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.HandleKey(p.actions(), k)
	}
	inner, cmd, ok := p.Result(msg)
	if m, isIndex := inner.(indexMsg); ok && isIndex {
		if m.err != nil {
			p.Fail(m.err)
			return nil
		}
		p.services = m.services
		rows := make([][]string, len(m.services))
		ops, waiters := make([]int64, len(m.services)), make([]int64, len(m.services))
		for i, s := range m.services {
			rows[i] = []string{s.Name, s.Protocol, strconv.Itoa(s.Operations), strconv.Itoa(s.Waiters), textsafe.Clean(s.FullName)}
			ops[i], waiters[i] = int64(s.Operations), int64(s.Waiters)
		}
		p.Table.AppendKeyed(rows, [][]int64{nil, nil, ops, waiters})
		p.Done("no service models are embedded")
	}
	return cmd
}

// Reload keeps the list: the models do not depend on the session; pages opened from here do.
func (p *servicesPage) Reload(s tui.Session) tea.Cmd {
	p.session = s
	return nil
}

// actions is the page's action table: its keys, footer and help.
func (p *servicesPage) actions() tui.Actions {
	t := p.Env.Keys.Table
	return append(tui.Actions{
		{Binding: t.Open, Footer: true, Run: func() tea.Cmd {
			if i := p.Table.Cursor(); i >= 0 && i < len(p.services) {
				return tui.Push(p.catalog.Operations(p.session, p.services[i].Name))
			}
			return nil
		}},
		{Binding: t.Sort, Footer: true}, // the table sorts
	}, p.TableKeys()...)
}

func (p *servicesPage) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*servicesPage)(nil)
	_ tui.Reloadable     = (*servicesPage)(nil)
	_ tui.Filterable     = (*servicesPage)(nil)
	_ tui.StatusReporter = (*servicesPage)(nil)
	_ tui.BackHandler    = (*servicesPage)(nil)
)
