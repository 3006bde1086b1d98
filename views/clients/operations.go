package clients

import (
	"context"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// operationsPage lists a service's operations with their read/mutate badge and first doc sentence.
type operationsPage struct {
	pagekit.TablePage
	catalog *Catalog
	session tui.Session
	name    string
	svc     *model.Service
	ops     []string
}

type modelMsg struct {
	svc *model.Service
	err error
}

// loadModel is the task that parses a service's model (up to ~50 ms for EC2: never in Update).
func loadModel(lib *model.Library, name string) func(context.Context) tea.Msg {
	return func(context.Context) tea.Msg {
		svc, err := lib.Load(name)
		return modelMsg{svc: svc, err: err}
	}
}

func newOperationsPage(c *Catalog, s tui.Session, service string) *operationsPage {
	cols := []vtable.Column{
		{Title: "OPERATION", MinWidth: 12, MaxWidth: 44},
		{Title: "KIND", MinWidth: 6, MaxWidth: 13}, // "secret/mutate"
		{Title: "PAGED", MinWidth: 5, MaxWidth: 5},
		{Title: "DOC", MinWidth: 10, Flex: true},
	}
	p := &operationsPage{TablePage: pagekit.NewTablePage(c.env, "operations", cols), catalog: c, session: s, name: service}
	p.Table.SetRankColumn(0) // the operation typed in full comes first, not what merely contains it
	return p
}

func (p *operationsPage) Title() string { return textsafe.Clean(p.name) }

func (p *operationsPage) Init() tea.Cmd {
	p.Loading = true
	return p.Tasks().Run(loadModel(p.catalog.lib, p.name))
}

func (p *operationsPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.HandleKey(p.actions(), k)
	}
	inner, cmd, ok := p.Result(msg)
	if m, isModel := inner.(modelMsg); ok && isModel {
		if m.err != nil {
			p.Fail(m.err)
			return nil
		}
		p.loaded(m.svc)
	}
	return cmd
}

func (p *operationsPage) loaded(svc *model.Service) {
	p.svc = svc
	p.ops = svc.OperationNames()
	rows := make([][]string, len(p.ops))
	for i, name := range p.ops {
		op := svc.Operations[name]
		kind := readonly.ShortLabel(svc.Name, name)
		paged := ""
		if _, ok := svc.Paginator(name); ok {
			paged = "yes"
		}
		rows[i] = []string{name, kind, paged, textsafe.Clean(op.Doc)}
	}
	p.Table.Append(rows)
	p.Done("this service has no operations")
}

// Reload keeps the list (the model does not depend on the session) and passes the session on.
func (p *operationsPage) Reload(s tui.Session) tea.Cmd {
	p.session = s
	return nil
}

// actions is the page's action table: its keys, footer and help.
func (p *operationsPage) actions() tui.Actions {
	t, a := p.Env.Keys.Table, p.Env.Keys.Actions
	return append(tui.Actions{
		{Binding: t.Open, Footer: true, Run: func() tea.Cmd {
			if i := p.Table.Cursor(); i >= 0 && i < len(p.ops) {
				return tui.Push(newOperationPage(p.catalog, p.session, p.svc, p.ops[i]))
			}
			return nil
		}},
		{Binding: a.Waiters, Footer: true, Run: func() tea.Cmd {
			if p.svc == nil {
				return nil
			}
			if len(p.svc.Waiters) == 0 {
				return tui.Toast(textsafe.Sprintf("%s has no waiters", p.name))
			}
			return tui.Push(newWaitersPage(p.catalog, p.session, p.svc))
		}},
	}, p.TableKeys()...)
}

func (p *operationsPage) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*operationsPage)(nil)
	_ tui.Reloadable     = (*operationsPage)(nil)
	_ tui.Filterable     = (*operationsPage)(nil)
	_ tui.StatusReporter = (*operationsPage)(nil)
	_ tui.BackHandler    = (*operationsPage)(nil)
)
