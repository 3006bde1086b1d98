package clients

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/paginate"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// collectionPage streams a paginated operation into a table, one page per task, so the first
// page is on screen as soon as it arrives. Columns come from the first page's items; enter opens
// an item as a document.
type collectionPage struct {
	pagekit.TablePage
	catalog *Catalog
	session tui.Session
	svc     *model.Service
	op      string
	input   map[string]any
	snippet docpage.Snippet
	paths   []string // item paths of the columns, known from the first page
	columns bool     // the columns are set
	kinds   bool     // several result keys: a KIND column says which
	items   []any
	pages   int // pages listed so far
	// secret is set (to why) when the listing reveals a secret (GetParametersByPath with
	// WithDecryption): it ran once on a confirmed reveal and never runs again on its own.
	secret string
}

type collectedMsg struct {
	pager *paginate.Paginator
	page  paginate.Page
	err   error
}

func newCollectionPage(c *Catalog, s tui.Session, svc *model.Service, op string, input map[string]any, snip docpage.Snippet) *collectionPage {
	cols := []vtable.Column{{Title: "ITEM", Flex: true}}
	p := &collectionPage{TablePage: pagekit.NewTablePage(c.env, "items", cols), catalog: c, session: s,
		svc: svc, op: op, input: input, snippet: snip}
	// Items have no declared identity: the first column (a name or an id when there is one) stands in.
	p.SetRowID(func(row int) string { return p.Table.Cell(row, 0) })
	return p
}

func (p *collectionPage) Title() string { return p.op }

func (p *collectionPage) Init() tea.Cmd {
	p.Loading = true
	c, s, svc, op, input := p.catalog, p.session, p.svc, p.op, p.input
	def, _ := svc.Paginator(op)
	return p.Load(func(ctx context.Context) tea.Msg {
		inv, err := c.invoker(ctx, s, svc)
		if err != nil {
			return collectedMsg{err: err}
		}
		pager := paginate.New(inv, op, def, input, paginate.Options{Service: svc})
		page, err := pager.Next(ctx)
		return collectedMsg{pager: pager, page: page, err: err}
	})
}

func (p *collectionPage) next(pager *paginate.Paginator) tea.Cmd {
	return p.Load(func(ctx context.Context) tea.Msg {
		page, err := pager.Next(ctx)
		return collectedMsg{pager: pager, page: page, err: err}
	})
}

func (p *collectionPage) Reload(s tui.Session) tea.Cmd {
	p.session = s
	restart := p.Restart()
	p.items, p.paths, p.columns, p.pages = nil, nil, false, 0
	if p.secret != "" {
		// A session switch does not fetch the secret again: r asks for it, with a confirmation.
		p.Done("not revealed again on its own: r reveals it (after a confirmation)")
		return restart
	}
	return tea.Batch(restart, p.Init())
}

// revealAgain confirms before a secret listing runs again.
func (p *collectionPage) revealAgain() tea.Cmd {
	return confirm.Open(p.Env, confirm.Request{
		Title:     fmt.Sprintf("Reveal a secret again: %s %s", p.svc.Name, p.op),
		Targets:   []string{p.session.Profile + " · " + p.session.Region},
		Detail:    "shows a secret on screen: " + p.secret,
		Confirmed: revealMsg{},
	})
}

// revealMsg is a confirmed reveal of a secret listing.
type revealMsg struct{}

func (p *collectionPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, p.Env.Keys.Table.Open):
			i := p.Table.Cursor()
			if i < 0 || i >= len(p.items) {
				return nil
			}
			title := fmt.Sprintf("item %d", i+1)
			if len(p.paths) > 0 {
				if t := cellText(lookup(p.items[i], p.paths[0])); t != "" {
					title = t
				}
			}
			return tui.Push(docpage.New(p.Env, title, "", p.items[i], p.snippet))
		case key.Matches(k, p.Env.Keys.Table.Refresh):
			if p.secret != "" {
				return p.revealAgain()
			}
			if resume, ok := p.Resume(); ok { // a listing that failed part way goes on from there
				return resume
			}
			return p.Reload(p.session)
		}
		return p.TableKey(k)
	}
	if _, ok := msg.(revealMsg); ok {
		restart := p.Restart()
		p.items, p.paths, p.columns, p.pages = nil, nil, false, 0
		return tea.Batch(restart, p.Init())
	}
	inner, cmd, ok := p.Result(msg)
	if m, isPage := inner.(collectedMsg); ok && isPage {
		return p.collected(m)
	}
	return cmd
}

func (p *collectionPage) collected(m collectedMsg) tea.Cmd {
	if m.err != nil {
		// The rows stay, the status says they are incomplete, and r asks for the failed page
		// again: the paginator still holds the last good token.
		var resume func() tea.Cmd
		if pager := m.pager; pager != nil && pager.HasMore() {
			resume = func() tea.Cmd { return p.next(pager) }
		}
		p.FailAt(m.err, p.pages+1, resume)
		return func() tea.Msg { return tui.ErrorMsg{Err: m.err} }
	}
	p.pages++
	if !p.columns {
		p.setColumns(m.page)
	}
	rows := make([][]string, 0, len(m.page.Items))
	for _, it := range m.page.Items {
		p.items = append(p.items, it.Value)
		rows = append(rows, p.row(it))
	}
	p.Table.Append(rows)
	if m.pager.HasMore() {
		return p.next(m.pager)
	}
	return p.Done("the operation returned no items")
}

// setColumns derives the columns from the first page.
func (p *collectionPage) setColumns(page paginate.Page) {
	values := make([]any, len(page.Items))
	keys := map[string]bool{}
	for i, it := range page.Items {
		values[i] = it.Value
		keys[it.Key] = true
	}
	p.kinds = len(keys) > 1
	p.paths = deriveColumns(values)
	p.columns = true
	var cols []vtable.Column
	if p.kinds {
		cols = append(cols, vtable.Column{Title: "KIND", MinWidth: 4, MaxWidth: 20})
	}
	if len(p.paths) == 0 {
		cols = append(cols, vtable.Column{Title: "VALUE", MinWidth: 10, Flex: true})
	}
	for i, path := range p.paths {
		cols = append(cols, vtable.Column{Title: columnTitle(path), MinWidth: 6, MaxWidth: 48, Flex: i == len(p.paths)-1})
	}
	p.SetColumns(cols)
}

func (p *collectionPage) row(it paginate.Item) []string {
	var row []string
	if p.kinds {
		row = append(row, it.Key)
	}
	if len(p.paths) == 0 {
		return append(row, cellText(it.Value))
	}
	for _, path := range p.paths {
		row = append(row, cellText(lookup(it.Value, path)))
	}
	return row
}

func (p *collectionPage) Status() string {
	s := p.TablePage.Status()
	if p.pages > 1 {
		s += fmt.Sprintf(" · %d pages", p.pages)
	}
	if sort := p.SortStatus(); sort != "" {
		s += " · " + sort
	}
	return s
}

func (p *collectionPage) Keys() help.KeyMap {
	t := p.Env.Keys.Table
	return pagekit.KeyMap{Short: []key.Binding{t.Open, t.Sort, t.Refresh}, Full: t.FullHelp()}
}
