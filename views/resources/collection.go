package resources

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/vtable"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// invokerReadyMsg carries the service's invoker, loaded in a task, to work that continues in
// Update (starting waiters on the board, which belongs to the UI goroutine).
type invokerReadyMsg struct {
	inv   *invoke.Invoker
	svc   *model.Service
	err   error
	start func(invokerReadyMsg) tea.Cmd
}

// collectionPage lists one resource type, page by page.
type collectionPage struct {
	pagekit.TablePage
	hub      *Hub
	session  tui.Session
	def      *resource.Def
	input    map[string]any
	title    string
	rows     []resource.Row
	ids      []string
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
}

type (
	listedMsg struct {
		lister *resource.Lister
		items  []any
		page   tablePage // the items' cells, computed in the task
		more   bool
		err    error
	}
	describedMsg struct {
		title string
		doc   any
		err   error
	}
	refreshTickMsg struct{ seq int }
	waitedMsg      struct{}
)

func newCollectionPage(h *Hub, s tui.Session, def *resource.Def, input map[string]any, title string) *collectionPage {
	cols := make([]vtable.Column, len(def.Columns))
	stateCol := len(def.Columns) - 1
	for i, c := range def.Columns {
		cols[i] = vtable.Column{Title: strings.ToUpper(c.Title), MinWidth: min(len(c.Title), 8), MaxWidth: c.Width, Flex: c.Flex}
		if i == 0 {
			cols[i].MinWidth = 20 // the first column names the row: keep ids whole when room is short
		}
		switch c.Format {
		case "bytes", "mib", "gib", "seconds", "ago", "time", "count":
			cols[i].Keyed = true
			cols[i].Right = c.Format != "time"
		case "state":
			stateCol = i
			if cols[i].MinWidth < 14 {
				cols[i].MinWidth = 14 // room for a waiter's "⟳ 3/40 pending"
			}
		}
	}
	p := &collectionPage{TablePage: pagekit.NewTablePage(h.env, def.Title, cols), hub: h, session: s,
		def: def, input: input, title: title, stateCol: stateCol, refresh: pagekit.AutoRefresh{Interval: h.refresh}}
	p.Table.SetOverride(p.liveState)
	p.SetRowID(func(row int) string { return p.ids[row] })
	return p
}

// liveState shows a running (or just finished) waiter in the row's state column.
func (p *collectionPage) liveState(row, col int) (string, bool) {
	if col != p.stateCol || row >= len(p.ids) {
		return "", false
	}
	if e := p.hub.board.Running(p.def.Service, p.ids[row]); e != nil {
		return e.State(), true
	}
	return "", false
}

func (p *collectionPage) Title() string { return textsafe.Clean(p.title) }

func (p *collectionPage) Init() tea.Cmd {
	p.Loading, p.pages = true, 0
	h, s, def, input, now := p.hub, p.session, p.def, p.input, p.hub.now
	first := p.Load(func(ctx context.Context) tea.Msg {
		inv, svc, err := h.catalog.Invoker(ctx, s, def.Service)
		if err != nil {
			return listedMsg{err: err}
		}
		l := def.NewLister(inv, svc, input, 0)
		items, more, err := l.Next(ctx)
		return listedMsg{lister: l, items: items, page: cellsOf(def, items, now()), more: more, err: err}
	})
	return tea.Batch(first, p.scheduleRefresh())
}

func (p *collectionPage) next(l *resource.Lister) tea.Cmd {
	def, now := p.def, p.hub.now
	return p.Load(func(ctx context.Context) tea.Msg {
		items, more, err := l.Next(ctx)
		return listedMsg{lister: l, items: items, page: cellsOf(def, items, now()), more: more, err: err}
	})
}

// tablePage is a page of rows ready for the table: text, sort keys per column, and ids.
type tablePage struct {
	rows [][]string
	keys [][]int64
	ids  []string
}

// cellsOf formats items off the UI goroutine: JMESPath columns cost microseconds a row, which
// 100,000 DynamoDB items must not spend in Update.
func cellsOf(def *resource.Def, items []any, now time.Time) tablePage {
	tp := tablePage{rows: make([][]string, len(items)), keys: make([][]int64, len(def.Columns)), ids: make([]string, len(items))}
	for c := range tp.keys {
		tp.keys[c] = make([]int64, len(items))
	}
	for i, it := range items {
		cells := def.Cells(it, now)
		row := make([]string, len(cells))
		for c, cell := range cells {
			row[c] = stateMark(cell.State) + cell.Text
			if c < len(tp.keys) {
				tp.keys[c][i] = cell.Sort
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
// same resources when they are still there (pagekit.TablePage.ResetRows).
func (p *collectionPage) Reload(s tui.Session) tea.Cmd {
	p.session = s
	p.BeginReload() // the old rows stay until the new first page replaces them
	p.stopRefresh()
	p.replace, p.hydrateWarned = true, false
	return p.Init()
}

func (p *collectionPage) Update(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		return p.key(m)
	case promptedMsg:
		return p.confirmAndCall(m.action, m.rows, m.inputs)
	case confirmedMsg:
		return p.call(m.action, m.rows, m.inputs)
	}
	inner, cmd, ok := p.Result(msg)
	if !ok {
		return cmd
	}
	switch m := inner.(type) {
	case listedMsg:
		return p.listed(m)
	case describedMsg:
		if m.err != nil {
			return errorCmd(m.err)
		}
		return tui.Push(docpage.New(p.Env, m.title, p.def.Title, m.doc, docpage.Snippet{}))
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
	case waitedMsg:
		if p.Loading {
			return nil
		}
		return p.Reload(p.session)
	case actionDoneMsg:
		return p.actionDone(m)
	case invokerReadyMsg:
		if m.err != nil {
			return errorCmd(m.err)
		}
		return m.start(m)
	}
	return nil
}

func errorCmd(err error) tea.Cmd { return func() tea.Msg { return tui.ErrorMsg{Err: err} } }

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
		return tea.Batch(errorCmd(m.err), p.repace(before, wasOn))
	}
	p.pages++
	var refilter tea.Cmd
	if p.replace {
		p.replace = false
		refilter = p.ResetRows()
		p.rows, p.ids = nil, nil
	}
	for _, it := range m.items {
		p.rows = append(p.rows, resource.Row{Item: it, ListInput: p.input})
	}
	p.ids = append(p.ids, m.page.ids...)
	p.Table.AppendKeyed(m.page.rows, m.page.keys)
	var warn tea.Cmd
	if err := m.lister.HydrateErr(); err != nil && !p.hydrateWarned {
		// The rows stay as listed; only their described columns are blank.
		p.hydrateWarned = true
		warn = errorCmd(fmt.Errorf("some columns could not be filled: %w", err))
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

// targets are the rows an action applies to: the selection, else the row under the cursor.
func (p *collectionPage) targets() []int {
	if sel := p.Table.Selected(); len(sel) > 0 {
		return sel
	}
	if c := p.Table.Cursor(); c >= 0 && c < len(p.rows) {
		return []int{c}
	}
	return nil
}

func (p *collectionPage) key(k tea.KeyPressMsg) tea.Cmd {
	a, t := p.Env.Keys.Actions, p.Env.Keys.Table
	cur := p.Table.Cursor()
	has := cur >= 0 && cur < len(p.rows)
	switch {
	case key.Matches(k, t.Refresh):
		p.refresh.Manual() // also restarts auto-refresh after it stopped
		if resume, ok := p.Resume(); ok {
			return tea.Batch(resume, p.scheduleRefresh())
		}
		return p.Reload(p.session)
	case key.Matches(k, a.Select) && has:
		p.Table.ToggleSelected(cur)
		p.Table.MoveDown(1)
		return nil
	case key.Matches(k, t.Open) && has:
		if p.def.Default != "" {
			for _, c := range p.def.Children {
				if c.Name == p.def.Default {
					return p.openChild(c, cur)
				}
			}
		}
		return p.describe(cur)
	case key.Matches(k, a.Describe) && has:
		return p.describe(cur)
	case key.Matches(k, a.Copy) && has:
		return p.copy(cur)
	case key.Matches(k, a.Children) && has:
		return p.childrenMenu(cur)
	case key.Matches(k, a.Menu) && has:
		return p.actionsMenu()
	case key.Matches(k, a.Wait) && has:
		return p.waitMenu(cur)
	}
	if has {
		for _, act := range p.visibleActions() {
			if act.Key != "" && k.String() == act.Key {
				return p.runAction(act)
			}
		}
		if cmd := p.hiddenAction(k); cmd != nil {
			return cmd
		}
	}
	return p.TableKey(k)
}

func (p *collectionPage) describe(i int) tea.Cmd {
	h, s, def, row := p.hub, p.session, p.def, p.rows[i]
	title := p.label(i)
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		inv, _, err := h.catalog.Invoker(ctx, s, def.Service)
		if err != nil {
			return describedMsg{err: err}
		}
		doc, err := def.Describe(ctx, inv, row)
		return describedMsg{title: title, doc: doc, err: err}
	})
}

// label names row i for breadcrumbs and confirmations: "web-1 (i-0abc)" or the id.
func (p *collectionPage) label(i int) string {
	id := p.ids[i]
	name := p.def.DisplayName(p.rows[i].Item)
	if name != "" && name != id {
		return textsafe.Clean(name + " (" + id + ")")
	}
	return textsafe.Clean(id)
}

func (p *collectionPage) copy(i int) tea.Cmd {
	text := p.def.ARNOf(p.rows[i].Item)
	if text == "" {
		text = p.ids[i]
	}
	return tea.Batch(tea.SetClipboard(text), tui.Toast(textsafe.Sprintf("copied %s", text)))
}

func (p *collectionPage) openChild(c resource.Child, i int) tea.Cmd {
	child, ok := p.hub.registry.Lookup(c.Type)
	if !ok {
		return errorCmd(fmt.Errorf("sub-resource %s: no resource type %q", c.Name, c.Type))
	}
	input, err := c.Input(p.def, p.rows[i])
	if err != nil {
		return errorCmd(err)
	}
	return tui.Push(p.hub.Open(p.session, child, input, p.label(i)+" › "+c.Name))
}

func (p *collectionPage) childrenMenu(i int) tea.Cmd {
	if len(p.def.Children) == 0 {
		return tui.Toast(textsafe.Sprintf("%s have no sub-resources: d describes one", p.def.Title))
	}
	cols := []vtable.Column{{Title: "SUB-RESOURCE", MinWidth: 12, MaxWidth: 30}, {Title: "TYPE", MinWidth: 8, Flex: true}}
	var choices []picker.Choice
	for _, c := range p.def.Children {
		choices = append(choices, picker.Choice{Value: c.Name, Cells: []string{c.Name, c.Type}})
	}
	children := p.def.Children
	return tui.Open(picker.New(p.Env, "sub-resources", "sub-resources", cols, choices, p.def.Default, func(v string) tea.Cmd {
		for _, c := range children {
			if c.Name == v {
				return p.openChild(c, i)
			}
		}
		return nil
	}))
}

// visibleActions hides mutating actions in read-only mode (the engine would refuse them anyway).
func (p *collectionPage) visibleActions() []resource.Action {
	var out []resource.Action
	for _, a := range p.def.Actions {
		if p.session.ReadOnly && readonly.IsMutating(p.def.Service, a.Operation) {
			continue
		}
		out = append(out, a)
	}
	return out
}

func (p *collectionPage) actionsMenu() tea.Cmd {
	actions := p.visibleActions()
	if len(actions) == 0 {
		msg := textsafe.Sprintf("%s have no actions", p.def.Title)
		if p.session.ReadOnly {
			msg += " allowed in read-only mode"
		}
		return tui.Toast(msg)
	}
	cols := []vtable.Column{{Title: "ACTION", MinWidth: 8, MaxWidth: 24}, {Title: "KEY", MinWidth: 3, MaxWidth: 6},
		{Title: "OPERATION", MinWidth: 10, MaxWidth: 40}, {Title: "THEN", MinWidth: 4, Flex: true}}
	var choices []picker.Choice
	for _, a := range actions {
		then := ""
		if a.Waiter != "" {
			then = "waits for " + a.Waiter
		}
		choices = append(choices, picker.Choice{Value: a.Name, Cells: []string{a.Name, a.Key, a.Operation, then}})
	}
	return tui.Open(picker.New(p.Env, "actions", "actions", cols, choices, "", func(v string) tea.Cmd {
		for _, a := range actions {
			if a.Name == v {
				return p.runAction(a)
			}
		}
		return nil
	}))
}

func (p *collectionPage) waitMenu(i int) tea.Cmd {
	if len(p.def.Waiters) == 0 {
		return tui.Toast(textsafe.Sprintf("%s have no waiters", p.def.Title))
	}
	cols := []vtable.Column{{Title: "WAIT FOR", MinWidth: 12, Flex: true}}
	var choices []picker.Choice
	for _, w := range p.def.Waiters {
		choices = append(choices, picker.Choice{Value: w.Waiter, Cells: []string{w.Waiter}})
	}
	refs := p.def.Waiters
	return tui.Open(picker.New(p.Env, "wait for", "waiters", cols, choices, "", func(v string) tea.Cmd {
		for _, w := range refs {
			if w.Waiter == v {
				input, err := w.InputFor(p.def, p.rows[i])
				if err != nil {
					return errorCmd(err)
				}
				return p.startWaiters(w.Waiter, []int{i}, []map[string]any{input})
			}
		}
		return nil
	}))
}

// startWaiters puts one waiter per row on the board; when each ends, this page refreshes.
func (p *collectionPage) startWaiters(name string, rows []int, inputs []map[string]any) tea.Cmd {
	h, s, def := p.hub, p.session, p.def
	onDone := func(waitboard.Entry) tea.Cmd {
		return p.Tasks().Wrap(func() tea.Msg { return waitedMsg{} })
	}
	targets := make([]string, len(rows))
	for k, i := range rows {
		targets[k] = p.ids[i]
	}
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		inv, svc, err := h.catalog.Invoker(ctx, s, def.Service)
		return invokerReadyMsg{inv: inv, svc: svc, err: err, start: func(m invokerReadyMsg) tea.Cmd {
			var cmds []tea.Cmd
			for k := range targets {
				in := inputs[0]
				if k < len(inputs) {
					in = inputs[k]
				}
				cmds = append(cmds, h.board.Start(m.inv, m.svc, name, targets[k], in, waiter.Options{Delay: h.waitDelay}, onDone))
			}
			return tea.Batch(cmds...)
		}}
	})
}

func (p *collectionPage) Status() string {
	s := p.TablePage.Status()
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

func (p *collectionPage) Keys() help.KeyMap {
	a, t := p.Env.Keys.Actions, p.Env.Keys.Table
	short := []key.Binding{t.Open, a.Describe, a.Menu, a.Children, a.Select, a.Copy, t.Refresh}
	full := append(t.FullHelp(), []key.Binding{a.Describe, a.Menu, a.Children, a.Select, a.Wait, a.Copy})
	var direct []key.Binding
	for _, act := range p.visibleActions() {
		if act.Key != "" {
			direct = append(direct, key.NewBinding(key.WithKeys(act.Key), key.WithHelp(act.Key, act.Name)))
		}
	}
	if len(direct) > 0 {
		full = append(full, direct)
	}
	return pagekit.KeyMap{Short: short, Full: full}
}
