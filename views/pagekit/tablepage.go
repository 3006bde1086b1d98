// Package pagekit holds what nimbus's table pages share: a page built around a virtual table,
// the error line and partial-result marker, and the glue to the app shell's task runner. Cells
// are formatted by internal/format.
package pagekit

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/plural"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// TablePage is the part every collection page shares: a virtual table, the page's task runner,
// the loading state and the last error. Pages embed it and add their own loading and keys.
type TablePage struct {
	Env   tui.Env
	Table *vtable.Table
	// Noun names the rows in the status ("objects", "buckets"), in the plural.
	Noun string
	// CountText, when set, says how many rows there are in the page's own words ("3 objects,
	// 2 prefixes") instead of the count and Noun.
	CountText func(n int) string
	// Loading is true while pages of rows are still arriving.
	Loading bool
	// Err is the last load error; shown in the body when there are no rows.
	Err error

	tasks   *tui.Tasks
	rowID   func(row int) string // identity of rows across reloads (SetRowID)
	width   int
	height  int
	partial *partial // a listing that failed part way (see FailAt)
	// The loading lane: a reload cancels the listing and drops its late pages, but not the
	// page's other tasks (a describe or an action the user started must survive a refresh).
	load     context.Context
	stopLoad context.CancelFunc
	loadGen  uint64
}

// loaded is a message of the loading lane, stamped with the lane's generation.
type loaded struct {
	gen uint64
	msg tea.Msg
}

// NewTablePage returns the shared part of a table page with the given columns.
func NewTablePage(env tui.Env, noun string, cols []vtable.Column) TablePage {
	p := TablePage{Env: env, Noun: noun, tasks: tui.NewTasks(env.Ctx)}
	p.load, p.stopLoad = context.WithCancel(p.tasks.Context())
	p.Table = p.newTable(cols)
	p.Table.SetEmptyMessage("loading…")
	return p
}

// newTable is an empty table of cols in the app's theme, whose background work ends with the page's.
func (p *TablePage) newTable(cols []vtable.Column) *vtable.Table {
	st := vtable.DefaultStyles()
	st.Header = p.Env.Styles.TableHead
	st.Cursor = p.Env.Styles.Cursor
	t := vtable.New(cols, p.Env.Keys.Table, st)
	t.SetContext(p.tasks.Context())
	t.SetRowID(p.rowID)
	return t
}

// SetRowID names the rows by identity (id is given the underlying row index), so a reload finds
// the cursor's row and the selected rows again; the page must record a row before appending it.
func (p *TablePage) SetRowID(id func(row int) string) {
	p.rowID = id
	p.Table.SetRowID(id)
}

// SetColumns replaces the table with an empty one of other columns, for collections whose columns
// are known only when the first page arrives. The same columns again (a reload) keep the table,
// with its sort, filter and selection.
func (p *TablePage) SetColumns(cols []vtable.Column) {
	if sameColumns(p.Table.Columns(), cols) {
		return
	}
	p.Table.Cancel()
	p.Table = p.newTable(cols)
	p.Table.SetSize(p.width, p.height)
}

// Tasks is the page's task runner.
func (p *TablePage) Tasks() *tui.Tasks { return p.tasks }

// Restart cancels the page's work in flight and empties the table, before a reload. The filter
// stays: the command it returns applies it to the rows as they arrive again.
func (p *TablePage) Restart() tea.Cmd {
	p.BeginReload()
	return p.ResetRows()
}

// BeginReload cancels the loading in flight and marks the page loading, but keeps the rows on
// screen: a refresh that replaces them only when the new first page arrives does not flicker.
// Tasks started with Tasks().Run (a describe, an action) run on.
func (p *TablePage) BeginReload() {
	p.stopLoad()
	p.loadGen++
	// Derived from the tasks' current context: a session switch (Tasks().Restart) ends it too.
	p.load, p.stopLoad = context.WithCancel(p.tasks.Context())
	p.Loading, p.Err, p.partial = true, nil, nil
}

// Load runs fn on the loading lane: BeginReload cancels it and drops its result, so a page
// of rows from before a reload never lands after it.
func (p *TablePage) Load(fn func(ctx context.Context) tea.Msg) tea.Cmd {
	ctx, gen := p.load, p.loadGen
	return p.tasks.Run(func(context.Context) tea.Msg {
		msg := fn(ctx)
		if ctx.Err() != nil {
			msg = nil // reloaded or closed: nobody is waiting for it
		}
		return loaded{gen: gen, msg: msg}
	})
}

func sameColumns(a, b []vtable.Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Title != b[i].Title || a[i].Keyed != b[i].Keyed {
			return false
		}
	}
	return true
}

// ResetRows empties the table for the rows of a reload, keeping the filter and the sort, and
// (with SetRowID) the cursor and the selection as their rows come back; Done settles it.
func (p *TablePage) ResetRows() tea.Cmd {
	refill := p.Table.Refill()
	p.Table.SetContext(p.tasks.Context())
	p.Table.SetEmptyMessage("loading…")
	return p.tasks.Wrap(refill)
}

// ResetColumns is ResetRows with other columns (vtable.Table.Recolumn): the rows of the reload
// come back under the new columns, keeping the filter, the sort, the cursor and the selection.
func (p *TablePage) ResetColumns(cols []vtable.Column) tea.Cmd {
	if sameColumns(p.Table.Columns(), cols) {
		return p.ResetRows()
	}
	refill := p.Table.Recolumn(cols)
	p.Table.SetContext(p.tasks.Context())
	p.Table.SetEmptyMessage("loading…")
	return p.tasks.Wrap(refill)
}

// Fail records a load error; the rows already shown stay. Pages that stream pages of rows use
// FailAt, which says in the status that the rows are incomplete.
func (p *TablePage) Fail(err error) {
	p.Loading, p.Err, p.partial = false, err, nil
	p.Table.SetEmptyMessage("")
}

// Done marks the end of loading and sets what an empty table says. After a reload, it returns a
// note when selected rows did not come back (they are dropped from the selection).
func (p *TablePage) Done(empty string) tea.Cmd {
	p.Loading, p.partial = false, nil
	p.Table.SetEmptyMessage(empty)
	switch gone := p.Table.Settle(); gone {
	case 0:
		return nil
	case 1:
		return tui.Toast(textsafe.Sprintf("1 selected row is gone after refresh"))
	default:
		return tui.Toast(textsafe.Sprintf("%d selected rows are gone after refresh", gone))
	}
}

// SetSize sizes the table to the page body.
func (p *TablePage) SetSize(w, h int) {
	p.width, p.height = w, h
	p.Table.SetSize(w, h)
}

// View renders the table, or the error when there is nothing else to show.
func (p *TablePage) View() string {
	if p.Err != nil && p.Table.Len() == 0 {
		// No "esc goes back": on a root page there is nowhere to go (the footer has esc when
		// there is). The keys are the effective ones, remaps included.
		k := p.Env.Keys
		hint := k.Table.Refresh.Help().Key + " retries · " + k.Global.Profile.Help().Key + " profile · " +
			k.Global.Region.Help().Key + " region"
		return ErrorBlock(p.Env.Styles, p.Err, p.width) + "\n\n" + p.Env.Styles.Dim.Render(hint)
	}
	return p.Table.View()
}

// ClickLine implements tui.Clicker: a click on a row of the table puts the cursor there.
func (p *TablePage) ClickLine(line int) bool {
	if p.Err != nil && p.Table.Len() == 0 {
		return false
	}
	return p.Table.CursorToLine(line)
}

// ErrorText is the one-line text of an error for the body of a page, safe to draw: error messages
// carry the server's words, which may hold escape sequences.
func ErrorText(err error) textsafe.Text { return textsafe.FromError(err) }

// ErrorLine is the page's error banner: "✗ " and the error's safe text, in the error style.
func ErrorLine(st tui.Styles, err error) string {
	return st.Error.Render(("✗ " + ErrorText(err)).String())
}

// ErrorBlock is ErrorLine wrapped to width (0: not wrapped), for a page whose body is the error:
// its end often says what failed ("not authorized to perform: ec2:DescribeInstances"), and a
// line cut at the width lost it.
func ErrorBlock(st tui.Styles, err error, width int) string {
	text := ("✗ " + ErrorText(err)).String()
	if width <= 2 || ansi.StringWidth(text) <= width {
		return st.Error.Render(text)
	}
	lines := strings.Split(ansi.Wrap(text, width-2, ""), "\n")
	for i, l := range lines {
		if i > 0 {
			l = "  " + l // under the text, not the mark
		}
		lines[i] = st.Error.Render(l)
	}
	return strings.Join(lines, "\n")
}

// SetFilter filters the rows in the background.
func (p *TablePage) SetFilter(q string) tea.Cmd { return p.tasks.Wrap(p.Table.SetFilter(q)) }

// FilterQuery is the filter applied or being applied.
func (p *TablePage) FilterQuery() string { return p.Table.Filter() }

// Busy reports whether rows are loading or a filter or sort runs.
func (p *TablePage) Busy() bool { return p.Loading || p.Table.Busy() }

// Status is "48,210 objects", "12 of 48,210 objects" when filtered, with "loading…" while pages
// arrive, and the incomplete marker after a failed page (see FailAt).
func (p *TablePage) Status() string {
	n := p.Table.Len()
	s := fmt.Sprintf("%s %s", format.Count(n), plural.Noun(n, p.Noun))
	if p.CountText != nil {
		s = p.CountText(n)
	}
	if p.Table.Filter() != "" {
		s = fmt.Sprintf("%s of %s", format.Count(p.Table.MatchCount()), s)
	}
	if p.Incomplete() {
		s = p.incompleteStatus(s)
	}
	if p.Loading {
		s += " · loading…"
	}
	if p.Table.FilterPending() {
		s += " · filtering…"
	}
	return s
}

// Result unwraps a message of this page's current task generation. Results of the table's own
// background work are applied here and reported as not ok, so the page only sees its own.
func (p *TablePage) Result(msg tea.Msg) (tea.Msg, tea.Cmd, bool) {
	inner, ok := p.tasks.Accept(msg)
	if !ok {
		return nil, nil, false
	}
	if l, ok := inner.(loaded); ok {
		if l.gen != p.loadGen || l.msg == nil {
			return nil, nil, false
		}
		inner = l.msg
	}
	if p.Table.Owns(inner) {
		return nil, p.Table.Update(inner), false
	}
	return inner, nil, true
}

// TableKeys documents the keys the table handles itself (TableKey: movement and sort), for the
// end of a page's action table.
func (p *TablePage) TableKeys() tui.Actions {
	t := p.Env.Keys.Table
	return tui.Document(t.Up, t.Down, t.PageUp, t.PageDown, t.HalfPageUp, t.HalfPageDown, t.Top, t.Bottom, t.Sort, t.SortBy)
}

// HandleKey runs the page's action for k, or gives k to the table.
func (p *TablePage) HandleKey(actions tui.Actions, k tea.KeyPressMsg) tea.Cmd {
	if cmd, ok := actions.Handle(k); ok {
		return cmd
	}
	return p.TableKey(k)
}

// Targets are the rows an action applies to: the selected rows the filter shows, else the row
// under the cursor. hidden counts the selected rows the filter hides, which are left out (an
// action must not reach rows the user cannot see); with only hidden ones, rows is empty.
func (p *TablePage) Targets() (rows []int, hidden int) {
	rows, hidden = p.Table.SelectedShown()
	if len(rows) > 0 || hidden > 0 {
		return rows, hidden
	}
	if c := p.Table.Cursor(); c >= 0 {
		return []int{c}, 0
	}
	return nil, 0
}

// HandleBack makes esc clear the selection, once the filter is cleared (the app clears that
// first: the selection is the work the user would lose); tui.BackHandler.
func (p *TablePage) HandleBack() (bool, tea.Cmd) {
	if p.Table.Filter() != "" || p.Table.SelectedLen() == 0 {
		return false, nil
	}
	p.Table.ClearSelected()
	return true, nil
}

// BackPending implements tui.BackPending: esc has a selection to clear (the app clears the filter).
func (p *TablePage) BackPending() bool { return p.Table.Filter() == "" && p.Table.SelectedLen() > 0 }

// BackDoes implements tui.BackDescriber.
func (p *TablePage) BackDoes() string {
	if p.BackPending() {
		return "clear selection"
	}
	return ""
}

// TableKey moves the cursor or cycles the sort.
func (p *TablePage) TableKey(k tea.KeyPressMsg) tea.Cmd { return p.tasks.Wrap(p.Table.Update(k)) }

// SortStatus names the sort column, for the status line.
func (p *TablePage) SortStatus() string {
	col, desc := p.Table.SortColumn()
	if col < 0 {
		return ""
	}
	dir := "↑"
	if desc {
		dir = "↓"
	}
	return "sorted by " + strings.ToLower(p.Table.Columns()[col].Title) + " " + dir
}

// KeyMap adapts a list of bindings for the footer and the help screen.
type KeyMap struct {
	Short []key.Binding
	Full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return k.Short }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return k.Full }

var _ help.KeyMap = KeyMap{}
