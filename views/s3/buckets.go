package s3

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// bucketsPage lists the buckets of the session's account.
type bucketsPage struct {
	pagekit.TablePage
	browser *Browser
	session tui.Session
	buckets *pagekit.Rows[s3nav.Bucket] // in step with the table's rows
	acts    *resources.RowActions
	// replace is set by a refresh: the rows stay until its answer replaces them, so a failed
	// refresh leaves them, marked stale.
	replace bool
}

type bucketsMsg struct {
	buckets []s3nav.Bucket
	err     error
}

func newBucketsPage(b *Browser, s tui.Session) *bucketsPage {
	cols := []vtable.Column{
		{Title: "NAME", MinWidth: 12, Flex: true},
		{Title: "REGION", MinWidth: 9, MaxWidth: 16},
		{Title: "CREATED", MinWidth: 19, MaxWidth: 19},
	}
	p := &bucketsPage{TablePage: pagekit.NewTablePage(b.env, "buckets", cols), browser: b, session: s}
	p.buckets = pagekit.NewRows(&p.TablePage, func(b s3nav.Bucket) string { return b.Name })
	return p
}

// rowActs are the page's row keys, once the resource definitions are in (nil before).
func (p *bucketsPage) rowActs() *resources.RowActions {
	return p.browser.rowActionsIn(&p.acts, "bucket", p, nil)
}

// The buckets page is the bucket type's row host: d, y (the ARN), a, D, W and o act on buckets.
var _ resources.RowHost = (*bucketsPage)(nil)

func (p *bucketsPage) Session() tui.Session { return p.session }
func (p *bucketsPage) Cursor() int          { return p.Table.Cursor() }
func (p *bucketsPage) ClearSelection()      { p.Table.ClearSelected() }

// Row is bucket i as ListBuckets lists it.
func (p *bucketsPage) Row(i int) (resource.Row, bool, string) {
	b, ok := p.buckets.At(i)
	if !ok {
		return resource.Row{}, false, "no bucket here"
	}
	item := map[string]any{"Name": b.Name, "CreationDate": b.Created}
	if b.Region != "" {
		item["BucketRegion"] = b.Region
	}
	return resource.Row{Item: item, ListInput: map[string]any{}}, true, ""
}

// Refresh lists again after an action or a waiter, unless a listing is under way.
func (p *bucketsPage) Refresh() tea.Cmd {
	if p.Loading {
		return nil
	}
	return p.Reload(p.session)
}

func (p *bucketsPage) Title() string { return "s3" }

func (p *bucketsPage) Init() tea.Cmd {
	p.Loading = true
	b, s := p.browser, p.session
	return p.Load(func(ctx context.Context) tea.Msg {
		c, err := b.client(ctx, s)
		if err != nil {
			return bucketsMsg{err: err}
		}
		buckets, err := c.Buckets(ctx)
		return bucketsMsg{buckets: buckets, err: err}
	})
}

func (p *bucketsPage) Reload(s tui.Session) tea.Cmd {
	switched := !s.Same(p.session)
	p.session = s
	if !switched {
		p.BeginReload()
		p.replace = true
		return p.Init()
	}
	// Another profile or region: its buckets must not stay under the new name.
	p.replace = false
	restart := p.buckets.Restart()
	return tea.Batch(restart, p.Init())
}

func (p *bucketsPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.HandleKey(p.actions(), k)
	}
	inner, cmd, ok := p.Result(msg)
	if !ok {
		return cmd
	}
	if cmd, ok := p.ownUpdate(inner); ok {
		return cmd
	}
	if acts := p.rowActs(); acts != nil {
		if cmd, ok := acts.Update(inner); ok {
			return cmd
		}
	}
	if m, isBuckets := inner.(bucketsMsg); isBuckets {
		return p.loaded(m)
	}
	return nil
}

func (p *bucketsPage) loaded(m bucketsMsg) tea.Cmd {
	if m.err != nil {
		p.FailAt(m.err, 1, nil) // rows from before a refresh stay, marked stale
		return tui.Error(m.err)
	}
	var refill tea.Cmd
	if p.replace {
		p.replace = false
		refill = p.buckets.Reset()
	}
	rows := make([][]string, len(m.buckets))
	for i, b := range m.buckets {
		region := b.Region
		if region == "" {
			region = "–"
		}
		rows[i] = []string{textsafe.Clean(b.Name), textsafe.Clean(region), format.Time(b.Created)}
	}
	p.buckets.Append(m.buckets, rows, nil)
	return tea.Batch(refill, p.Done("no buckets in this account — create one with `aws s3 mb`, or switch profile (P)"))
}

func (p *bucketsPage) open() tea.Cmd {
	b, ok := p.buckets.Current()
	if !ok {
		return nil
	}
	return tui.Push(p.browser.Objects(p.session, b.Name, ""))
}

// Status adds the selection to the table's status.
func (p *bucketsPage) Status() string {
	s := p.TablePage.Status()
	if n := p.Table.SelectedLen(); n > 0 {
		s += fmt.Sprintf(" · %d selected", n)
	}
	return s
}

// actions is the page's action table: its keys, footer and help.
func (p *bucketsPage) actions() tui.Actions {
	as := append(p.ownActions(), rowTable(&p.TablePage, p.rowActs(), p.open, func() tea.Cmd { return p.Reload(p.session) }, false)...)
	return append(as, p.browser.wireAction(p.session))
}

func (p *bucketsPage) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*bucketsPage)(nil)
	_ tui.Reloadable     = (*bucketsPage)(nil)
	_ tui.Filterable     = (*bucketsPage)(nil)
	_ tui.StatusReporter = (*bucketsPage)(nil)
	_ tui.BackHandler    = (*bucketsPage)(nil)
)

// Location implements tui.Locator: `O` opens the bucket under the cursor in the console.
func (p *bucketsPage) Location() tui.Location {
	loc := tui.Location{Service: "s3", Type: "bucket"}
	if b, ok := p.buckets.Current(); ok {
		loc.ID = b.Name
	}
	return loc
}

var _ tui.Locator = (*bucketsPage)(nil)
