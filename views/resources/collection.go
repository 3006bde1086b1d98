package resources

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// collectionPage lists one resource type, page by page.
type collectionPage struct {
	pagekit.TablePage
	hub      *Hub
	session  tui.Session
	def      *resource.Def
	input    map[string]any
	title    string
	list     *pagekit.Rows[listed] // the rows, in step with the table's
	stateCol int
	hidden   bool
	ticking  bool
	stopTick context.CancelFunc // ends the pending auto-refresh tick
	tickSeq  int                // the pending tick's number: a tick that fired as it was stopped is ignored
	refresh  pagekit.AutoRefresh
	pages    int // pages listed so far by the current listing
	// hydrateWarned: a describe that fills columns failed and the user was told, once per listing.
	hydrateWarned bool
	// replace: a reload is under way; its first page replaces the rows still shown.
	replace bool
	acts    *RowActions
	// attrs is the attribute columns of a type whose items are attribute maps (DynamoDB), chosen
	// on the first page; nil before it, and for other types.
	attrs *attrLayout
	// secret is set (to why) when the listing reveals a secret (GetParametersByPath with
	// WithDecryption): it ran once on a confirmed reveal and never runs again on its own.
	secret string
}

// listed is one row of the collection: the resource row and its identifier.
type listed struct {
	resource.Row
	id string
}

type (
	listedMsg struct {
		def    *resource.Def // the definition the cells were made with (its columns may come from the items)
		lister *resource.Lister
		items  []any
		page   rowBatch // the items' cells, computed in the task
		more   bool
		err    error
		attrs  *attrLayout // the attribute columns chosen on the first page (see collectionPage.attrs)
	}
	refreshTickMsg struct{ seq int }
)

func newCollectionPage(h *Hub, s tui.Session, def *resource.Def, input map[string]any, title string) *collectionPage {
	cols, stateCol := tableColumns(def)
	p := &collectionPage{TablePage: pagekit.NewTablePage(h.env, def.Title, cols), hub: h, session: s,
		def: def, input: input, title: title, stateCol: stateCol, refresh: pagekit.AutoRefresh{Interval: h.refresh}}
	p.Table.SetOverride(p.liveState)
	p.list = pagekit.NewRows(&p.TablePage, func(r listed) string { return r.id })
	p.acts = h.NewRowActions(def, p)
	return p
}

// The collection page is the row actions' host.
var _ RowHost = (*collectionPage)(nil)

func (p *collectionPage) Session() tui.Session { return p.session }
func (p *collectionPage) Cursor() int          { return p.Table.Cursor() }
func (p *collectionPage) ClearSelection()      { p.Table.ClearSelected() }

func (p *collectionPage) Row(i int) (resource.Row, bool, string) {
	r, ok := p.list.At(i)
	if !ok {
		return resource.Row{}, false, "no row here"
	}
	return r.Row, true, ""
}

// Refresh lists again after an action or a waiter, unless a listing is under way.
func (p *collectionPage) Refresh() tea.Cmd {
	if p.Loading {
		return nil
	}
	return p.Reload(p.session)
}

// liveState shows a running (or just finished) waiter in the row's state column.
func (p *collectionPage) liveState(row, col int) (string, bool) {
	r, ok := p.list.At(row)
	if col != p.stateCol || !ok {
		return "", false
	}
	if e := p.hub.board.Running(p.def.Service, r.id); e != nil {
		return e.State(), true
	}
	return "", false
}

func (p *collectionPage) Title() string { return textsafe.Clean(p.title) }

func (p *collectionPage) Init() tea.Cmd {
	p.Loading, p.pages = true, 0
	h, s, def, input, now, attrs := p.hub, p.session, p.def, p.input, p.hub.now, p.attrs
	first := p.Load(func(ctx context.Context) tea.Msg {
		inv, svc, err := h.catalog.Invoker(ctx, s, def.Service)
		if err != nil {
			return listedMsg{err: err}
		}
		var keys []string
		if def.Attributes != nil && attrs == nil {
			// Without the key (no permission to describe) the columns still come, most common first.
			keys, _ = def.KeyAttributes(ctx, inv, input)
		}
		l := def.NewLister(inv, svc, input, 0)
		items, more, err := l.Next(ctx)
		if def.Attributes != nil && attrs == nil && err == nil {
			attrs = newAttrLayout(def, keys, items)
		}
		return listedPage(def, attrs, l, items, more, err, now())
	})
	return tea.Batch(first, p.scheduleRefresh())
}

func (p *collectionPage) next(l *resource.Lister) tea.Cmd {
	def, now, attrs := p.def, p.hub.now, p.attrs
	return p.Load(func(ctx context.Context) tea.Msg {
		items, more, err := l.Next(ctx)
		return listedPage(def, attrs, l, items, more, err, now())
	})
}

// listedPage makes a page of items ready for the table, in the task: by the attribute columns
// when the items are attribute maps (attrs); else a generic definition whose model says nothing
// of its items takes its columns from the first ones (resource.ColumnsFrom).
func listedPage(def *resource.Def, attrs *attrLayout, l *resource.Lister, items []any, more bool, err error, now time.Time) listedMsg {
	if attrs != nil {
		return listedMsg{def: def, lister: l, items: items, page: attrs.cells(def, items), more: more, err: err, attrs: attrs}
	}
	if def.DerivesColumns() && len(items) > 0 {
		if derived, derr := def.ColumnsFrom(items); derr == nil {
			def = derived
		}
	}
	return listedMsg{def: def, lister: l, items: items, page: cellsOf(def, items, now), more: more, err: err}
}

// rowBatch is one page of the listing's rows ready for the table: text, sort keys per column, and
// ids. (Not a screen: pagekit.TablePage is that.)
type rowBatch struct {
	rows [][]string
	keys [][]int64
	ids  []string
}

// cellsOf formats items off the UI goroutine: JMESPath columns cost microseconds a row, which
// 100,000 DynamoDB items must not spend in Update.
func cellsOf(def *resource.Def, items []any, now time.Time) rowBatch {
	tp := rowBatch{rows: make([][]string, len(items)), keys: make([][]int64, len(def.Columns)), ids: make([]string, len(items))}
	for c := range tp.keys {
		tp.keys[c] = make([]int64, len(items))
	}
	for i, it := range items {
		cells := def.Cells(it, now)
		row := make([]string, len(cells))
		for c, cell := range cells {
			row[c] = stateMark(cell.State) + cell.Text
			if c < len(tp.keys) {
				tp.keys[c][i] = sortKey(def.Columns[c].Format, cell)
			}
		}
		tp.rows[i] = row
		tp.ids[i] = def.ID(it)
	}
	return tp
}

// nextRefresh is how long the page waits before it lists again by itself: the interval, longer
// while the service throttles; ok is false when auto-refresh is off or stopped after failures in
// a row (a manual refresh starts it again).
func (p *collectionPage) nextRefresh() (d time.Duration, ok bool) { return p.refresh.Next() }

// scheduleRefresh starts the auto-refresh clock, once.
func (p *collectionPage) scheduleRefresh() tea.Cmd {
	d, ok := p.nextRefresh()
	if !ok || p.ticking || p.hidden {
		return nil
	}
	p.ticking = true
	ctx, stop := context.WithCancel(p.Tasks().Context())
	p.stopTick = stop
	p.tickSeq++
	clock, seq := p.Env.Time(), p.tickSeq
	return p.Tasks().Run(func(context.Context) tea.Msg {
		if !clock.Sleep(ctx, d) {
			return nil
		}
		return refreshTickMsg{seq: seq}
	})
}

// stopRefresh ends the pending tick, so no refresh starts until scheduleRefresh runs again.
func (p *collectionPage) stopRefresh() {
	if p.stopTick != nil {
		p.stopTick()
		p.stopTick = nil
	}
	p.ticking = false
}

// Hidden pauses auto-refresh while another page covers this one.
func (p *collectionPage) Hidden() {
	p.hidden = true
	p.stopRefresh()
}

// Shown resumes it.
func (p *collectionPage) Shown() tea.Cmd {
	p.hidden = false
	return p.scheduleRefresh()
}

// Reload lists again under s, keeping the sort, the filter, the cursor and the selection on the
// same resources when they are still there (pagekit.TablePage.ResetRows). A listing that reveals
// a secret is not listed again on its own: it empties and r asks first.
func (p *collectionPage) Reload(s tui.Session) tea.Cmd {
	switched := !s.Same(p.session)
	p.session = s
	if p.secret != "" {
		restart := p.list.Restart()
		p.pages = 0
		p.Done("not revealed again on its own: r reveals it (after a confirmation)")
		return restart
	}
	return p.relist(switched)
}

// relist lists again; after a session switch the old rows go at once (switched).
func (p *collectionPage) relist(switched bool) tea.Cmd {
	p.BeginReload() // on a refresh the old rows stay until the new first page replaces them
	p.stopRefresh()
	p.replace, p.hydrateWarned = true, false
	if switched {
		// Another profile or region: its rows must never be shown under the new name, not while
		// the new session loads and not after it failed.
		return tea.Batch(p.list.Reset(), p.Init())
	}
	return p.Init()
}

func (p *collectionPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		return p.key(k)
	}
	inner, cmd, ok := p.Result(msg)
	if !ok {
		return cmd
	}
	if cmd, ok := p.acts.Update(inner); ok {
		return cmd
	}
	switch m := inner.(type) {
	case revealMsg:
		return p.relist(false)
	case listedMsg:
		return p.listed(m)
	case refreshTickMsg:
		if m.seq != p.tickSeq || !p.ticking {
			return nil // stopped as it fired
		}
		p.stopRefresh()
		if p.hidden {
			return nil
		}
		if p.Loading {
			return p.scheduleRefresh()
		}
		return p.Reload(p.session)
	}
	return nil
}

// repace re-schedules the pending auto-refresh when the listing that just ended changed the
// pace (a throttled listing backs off, a third failure stops it, a success restores it).
func (p *collectionPage) repace(before time.Duration, wasOn bool) tea.Cmd {
	if d, on := p.nextRefresh(); d == before && on == wasOn {
		return nil
	}
	p.stopRefresh()
	return p.scheduleRefresh()
}

func (p *collectionPage) listed(m listedMsg) tea.Cmd {
	if m.err != nil {
		// The rows stay; the status says the list is incomplete and r resumes at the failed
		// page (the lister keeps its last good token; a reload whose first page failed still
		// replaces the old rows when it gets one).
		var resume func() tea.Cmd
		if l := m.lister; l != nil && m.more {
			resume = func() tea.Cmd { return p.next(l) }
		}
		p.FailAt(m.err, p.pages+1, resume)
		before, wasOn := p.nextRefresh()
		p.refresh.Failed(m.err)
		return tea.Batch(tui.Error(m.err), p.repace(before, wasOn))
	}
	p.pages++
	var refilter tea.Cmd
	if p.replace {
		p.replace = false
		refilter = p.list.Reset()
	}
	if m.def != nil && m.def != p.def { // columns known from the first items
		p.def = m.def
		p.acts.def = m.def
		cols, stateCol := tableColumns(p.def)
		p.SetColumns(cols)
		p.stateCol = stateCol
		p.Table.SetOverride(p.liveState)
	}
	if m.attrs != nil && p.attrs == nil { // the first page chose the attribute columns
		p.attrs, p.stateCol = m.attrs, -1
		p.SetColumns(m.attrs.columns())
		p.Table.SetOverride(p.liveState)
	}
	rows := make([]listed, len(m.items))
	for i, it := range m.items {
		rows[i] = listed{Row: resource.Row{Item: it, ListInput: p.input}, id: m.page.ids[i]}
	}
	p.list.Append(rows, m.page.rows, m.page.keys)
	var warn tea.Cmd
	if err := m.lister.HydrateErr(); err != nil && !p.hydrateWarned {
		// The rows stay as listed; only their described columns are blank.
		p.hydrateWarned = true
		warn = tui.Error(fmt.Errorf("some columns could not be filled: %w", err))
	}
	if m.more {
		return tea.Batch(refilter, warn, p.next(m.lister))
	}
	note := p.Done("none in " + p.session.Region + " — switch region with R, or :" + p.def.Type + " in another profile (P)")
	before, wasOn := p.nextRefresh()
	p.refresh.Succeeded()
	return tea.Batch(refilter, warn, note, p.repace(before, wasOn))
}

// stateMark keeps a resource's health visible without colour.
func stateMark(state string) string {
	switch state {
	case "ok":
		return "● "
	case "busy":
		return "◐ "
	case "bad":
		return "○ "
	}
	return ""
}

func (p *collectionPage) key(k tea.KeyPressMsg) tea.Cmd { return p.HandleKey(p.actions(), k) }

// actions is the page's action table: its keys, footer and help.
func (p *collectionPage) actions() tui.Actions {
	a, t := p.Env.Keys.Actions, p.Env.Keys.Table
	has := func() bool { _, ok := p.list.Current(); return ok }
	as := tui.Actions{{Binding: t.Open, Footer: true, Enabled: has, Run: func() tea.Cmd {
		cur := p.Table.Cursor()
		if cmd, ok := p.acts.DefaultChild(cur); ok {
			return cmd
		}
		return p.acts.describe(cur)
	}}}
	as = append(as, p.acts.Actions(tui.Action{Binding: a.Select, Footer: true, Enabled: has, Run: func() tea.Cmd {
		p.Table.ToggleSelected(p.Table.Cursor())
		p.Table.MoveDown(1)
		return nil
	}})...)
	as = append(as, tui.Action{Binding: t.Refresh, Footer: true, Run: func() tea.Cmd {
		if p.secret != "" {
			return p.revealAgain()
		}
		p.refresh.Manual() // also restarts auto-refresh after it stopped
		if resume, ok := p.Resume(); ok {
			return tea.Batch(resume, p.scheduleRefresh())
		}
		return p.Reload(p.session)
	}})
	return append(as, p.TableKeys()...)
}

func (p *collectionPage) Status() string {
	s := p.TablePage.Status()
	if p.pages > 1 {
		s += fmt.Sprintf(" · %d pages", p.pages)
	}
	if n := p.Table.SelectedLen(); n > 0 {
		s += fmt.Sprintf(" · %d selected", n)
	}
	if sort := p.SortStatus(); sort != "" {
		s += " · " + sort
	}
	if note := p.refresh.Note(p.Env.Keys.Table.Refresh.Help().Key); note != "" {
		s += " · " + note
	}
	return s
}

func (p *collectionPage) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*collectionPage)(nil)
	_ tui.Reloadable     = (*collectionPage)(nil)
	_ tui.Filterable     = (*collectionPage)(nil)
	_ tui.StatusReporter = (*collectionPage)(nil)
	_ tui.BackHandler    = (*collectionPage)(nil)
	_ tui.Visibility     = (*collectionPage)(nil)
)

// Location implements tui.Locator: `O` opens the row under the cursor in the console, else the
// type's list.
func (p *collectionPage) Location() tui.Location {
	loc := tui.Location{Service: p.def.Service, Type: p.def.Type}
	if r, ok := p.list.Current(); ok {
		loc.ID = p.def.ID(r.Row.Item)
	}
	return loc
}

var _ tui.Locator = (*collectionPage)(nil)
