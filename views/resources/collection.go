package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
	"github.com/nimbus-tui/nimbus/views/wirepage"
)

// collectionPage lists one resource type, page by page.
type collectionPage struct {
	pagekit.TablePage
	pages    *Pages
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
	stream   *pagekit.Stream[listedBatch]
	// hydrateWarned: a describe that fills columns failed and the user was told, once per listing.
	hydrateWarned bool
	// replace: a reload is under way; its first page replaces the rows still shown.
	replace bool
	acts    *RowActions
	// attrs is the attribute columns of a type whose items are attribute maps (DynamoDB), chosen
	// on the first page and again when later pages call for others; nil before it, and for
	// other types.
	attrs *attrLayout
	// live is the live column (metric sparklines) while it is shown: its cells by row id.
	live *liveColumn
	// secret is set (to why) when the listing reveals a secret (GetParametersByPath with
	// WithDecryption): it ran once on a confirmed reveal and never runs again on its own.
	secret string
}

// liveColumn is the shown live column: the cells fetched, and the rows being fetched.
type liveColumn struct {
	col     int
	cells   map[string]string
	pending map[string]bool
}

type liveCellsMsg struct {
	ids   []string
	cells []string
	err   error
}

// listed is one row of the collection: the resource row and its identifier.
type listed struct {
	resource.Row
	id string
}

// listedBatch is one page of the listing, made ready for the table in the task.
type listedBatch struct {
	def        *resource.Def // the definition the cells were made with (its columns may come from the items)
	items      []any
	page       rowBatch    // the items' cells
	attrs      *attrLayout // the attribute columns chosen on the first page (see collectionPage.attrs)
	relayout   bool        // attrs changed: items are every item of the listing so far
	hydrateErr error       // a describe that fills columns failed (resource.Lister.HydrateErr)
}

type (
	listedMsg      = pagekit.Listed[listedBatch]
	refreshTickMsg struct{ seq int }
)

func newCollectionPage(ps *Pages, s tui.Session, def *resource.Def, input map[string]any, title string) *collectionPage {
	cols, stateCol := tableColumns(def)
	p := &collectionPage{TablePage: pagekit.NewTablePage(ps.env, def.Title, cols), pages: ps, session: s,
		def: def, input: input, title: title, stateCol: stateCol, refresh: pagekit.AutoRefresh{Interval: ps.refresh}}
	p.Table.SetOverride(p.liveState)
	p.list = pagekit.NewRows(&p.TablePage, func(r listed) string { return r.id })
	p.stream = pagekit.NewStream[listedBatch](&p.TablePage)
	p.acts = ps.NewRowActions(def, p)
	p.acts.SetLabel(p.keyLabel)
	return p
}

// keyLabel names an item of attribute maps (a DynamoDB item) by its key's values, "c0 · 7": its
// identifier is the whole item. "" for other rows, or when the key is not known.
func (p *collectionPage) keyLabel(row resource.Row) string {
	if p.attrs == nil {
		return ""
	}
	m, _ := row.Item.(map[string]any)
	var parts []string
	for _, k := range p.attrs.keyNames() {
		v, ok := m[k]
		if !ok {
			return ""
		}
		parts = append(parts, resource.AttributeText(v))
	}
	return strings.Join(parts, " · ")
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
	if ok && p.live != nil && col == p.live.col {
		if c, ok := p.live.cells[r.id]; ok {
			return c, true
		}
		return "…", true
	}
	if col != p.stateCol || !ok {
		return "", false
	}
	if e := p.pages.board.Running(p.def.Service, r.id); e != nil {
		return e.RowState(), true
	}
	return "", false
}

func (p *collectionPage) Title() string { return textsafe.Clean(p.title) }

func (p *collectionPage) Init() tea.Cmd {
	ps, s, def, input, now, attrs := p.pages, p.session, p.def, p.input, p.pages.now, p.attrs
	first := p.stream.Start(func(ctx context.Context) (pagekit.Fetch[listedBatch], error) {
		inv, svc, err := ps.catalog.Invoker(ctx, s, def.Service)
		if err != nil {
			return nil, err
		}
		var keys []string
		switch {
		case def.Attributes != nil && attrs == nil:
			// Without the key (no permission to describe) the columns still come, most common first.
			keys, _ = def.KeyAttributes(ctx, inv, input)
		case attrs != nil:
			keys = attrs.keyNames()
		}
		l := def.NewLister(inv, svc, input, 0)
		seen := map[string]int{} // the listing's attributes so far, by how many items have them
		var all []any            // the listing's items so far, for a layout chosen again
		return func(ctx context.Context) (listedBatch, bool, error) {
			items, more, err := l.Next(ctx)
			if err != nil {
				return listedBatch{}, more, err
			}
			if def.Attributes == nil {
				b := listedPage(def, nil, items, now())
				b.hydrateErr = l.HydrateErr()
				return b, more, nil
			}
			all = append(all, items...)
			next := attrs.next(def, keys, seen, items)
			relayout := attrs != nil && next != attrs
			attrs = next
			if relayout { // every row so far again, under the new columns
				items = all
			}
			b := listedPage(def, attrs, items, now())
			b.relayout, b.hydrateErr = relayout, l.HydrateErr()
			return b, more, nil
		}, nil
	})
	return tea.Batch(first, p.scheduleRefresh())
}

// listedPage makes a page of items ready for the table, in the task: by the attribute columns
// when the items are attribute maps (attrs); else a generic definition whose model says nothing
// of its items takes its columns from the first ones (resource.ColumnsFrom).
func listedPage(def *resource.Def, attrs *attrLayout, items []any, now time.Time) listedBatch {
	if attrs != nil {
		return listedBatch{def: def, items: items, page: attrs.cells(def, items), attrs: attrs}
	}
	if def.DerivesColumns() && len(items) > 0 {
		if derived, derr := def.ColumnsFrom(items); derr == nil {
			def = derived
		}
	}
	return listedBatch{def: def, items: items, page: cellsOf(def, items, now)}
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
		p.stream.Forget()
		p.Done("not revealed again on its own: " + tui.KeyHint(p.Env.Keys.Table.Refresh, "reveals it (after a confirmation)"))
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
		return tea.Batch(p.key(k), p.fetchLive()) // the rows on screen may have changed
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
		return tea.Batch(p.listed(m), p.fetchLive())
	case liveCellsMsg:
		return p.liveFetched(m)
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

func (p *collectionPage) listed(msg listedMsg) tea.Cmd {
	if notice, ok := p.stream.Take(msg); !ok {
		// The rows stay; the status says the list is incomplete and r resumes at the failed
		// page (a reload whose first page failed still replaces the old rows when it gets one).
		before, wasOn := p.nextRefresh()
		p.refresh.Failed(msg.Err)
		return tea.Batch(notice, p.repace(before, wasOn))
	}
	m := msg.Batch
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
		p.live = nil
		p.Table.SetOverride(p.liveState)
	}
	switch {
	case m.attrs != nil && p.attrs == nil: // the first page chose the attribute columns
		p.attrs, p.stateCol = m.attrs, -1
		p.SetColumns(m.attrs.columns())
		p.live = nil
		p.Table.SetOverride(p.liveState)
	case m.relayout: // the rows so far come again under the new columns, keeping sort and selection
		p.attrs, p.live = m.attrs, nil
		refilter = tea.Batch(refilter, p.list.ResetColumns(m.attrs.columns()))
	}
	rows := make([]listed, len(m.items))
	for i, it := range m.items {
		rows[i] = listed{Row: resource.Row{Item: it, ListInput: p.input}, id: m.page.ids[i]}
	}
	p.list.Append(rows, m.page.rows, m.page.keys)
	var warn tea.Cmd
	if err := m.hydrateErr; err != nil && !p.hydrateWarned {
		// The rows stay as listed; only their described columns are blank.
		p.hydrateWarned = true
		warn = tui.Error(fmt.Errorf("some columns could not be filled: %w", err))
	}
	if next, more := p.stream.Next(msg); more {
		return tea.Batch(refilter, warn, next)
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
	if title := p.liveTitle(); title != "" {
		as = append(as, tui.Action{Binding: a.Metrics, Run: p.toggleLive})
	}
	if w, ok := p.pages.catalog.(interface{ Wire(tui.Session) *wire.Log }); ok {
		// The session's calls (this listing's among them): in the help, not the footer.
		s := p.session
		wa := wirepage.Open(p.Env, "wire · "+s.Profile, func() *wire.Log { return w.Wire(s) })
		wa.Footer = false
		as = append(as, wa)
	}
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
	if n := p.stream.Pages(); n > 1 {
		s += fmt.Sprintf(" · %d pages", n)
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

// liveTitle is the title of the type's live column, "" when it has none.
func (p *collectionPage) liveTitle() string {
	lc := p.pages.liveColumn
	if lc == nil || p.attrs != nil {
		return ""
	}
	return lc.Title(p.def.Type)
}

// toggleLive shows or hides the live column (metric sparklines of the rows on screen).
func (p *collectionPage) toggleLive() tea.Cmd {
	if p.live != nil {
		p.Table.RemoveLastColumn()
		p.live = nil
		return nil
	}
	lc := p.pages.liveColumn
	p.Table.AddColumn(vtable.Column{Title: p.liveTitle(), MinWidth: lc.Width, MaxWidth: lc.Width, Priority: 4})
	p.live = &liveColumn{col: len(p.Table.Columns()) - 1, cells: map[string]string{}, pending: map[string]bool{}}
	return p.fetchLive()
}

// fetchLive fetches the live cells of the rows on screen that have none yet, in one call.
func (p *collectionPage) fetchLive() tea.Cmd {
	if p.live == nil {
		return nil
	}
	var ids []string
	var items []any
	for _, i := range p.Table.OnScreen() {
		r, ok := p.list.At(i)
		if !ok || p.live.pending[r.id] {
			continue
		}
		if _, done := p.live.cells[r.id]; done {
			continue
		}
		p.live.pending[r.id] = true
		ids, items = append(ids, r.id), append(items, r.Item)
	}
	if len(ids) == 0 {
		return nil
	}
	lc, s, typ := p.pages.liveColumn, p.session, p.def.Type
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		cells, err := lc.Fetch(ctx, s, typ, items)
		return liveCellsMsg{ids: ids, cells: cells, err: err}
	})
}

func (p *collectionPage) liveFetched(m liveCellsMsg) tea.Cmd {
	if p.live == nil {
		return nil
	}
	for i, id := range m.ids {
		delete(p.live.pending, id)
		switch {
		case m.err != nil:
			p.live.cells[id] = "?"
		case i < len(m.cells):
			p.live.cells[id] = m.cells[i]
		}
	}
	if m.err != nil {
		return tui.Error(fmt.Errorf("metrics: %w", m.err))
	}
	return nil
}

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
