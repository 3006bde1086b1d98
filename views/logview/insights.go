package logview

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/opform"
	"github.com/nimbus-tui/nimbus/views/pagekit"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// DefaultQuery is the query a new Insights page starts with.
const DefaultQuery = "fields @timestamp, @message, @logStream\n| sort @timestamp desc\n| limit 100"

// ranges are the time ranges ctrl+t steps through, back from now.
var ranges = []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour,
	6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 3 * 24 * time.Hour, 7 * 24 * time.Hour}

// pollEvery is the time between GetQueryResults calls.
const pollEvery = time.Second

// editorRows is the height of the query editor.
const editorRows = 4

// InsightsPage runs Logs Insights queries: groups, a time range, a query editor with history
// and $EDITOR; the results fill a table with the query's fields as columns as they come.
type InsightsPage struct {
	pagekit.TablePage
	inv     Invokers
	session tui.Session
	groups  []string
	choices groupsMsg
	span    int // index in ranges
	editor  textarea.Model
	editing bool // the editor has the keys (else the results table)
	hist    *history
	histPos int // -1: not browsing the history
	keys    insightsKeys

	running bool
	id      string
	started time.Time
	ended   time.Time
	status  logtail.QueryStatus
	err     error
	rows    [][]string
	w, h    int
}

type insightsKeys struct {
	Run, Stop, Editor, Groups, Range, Prev, Next, Focus, Open, Copy key.Binding
}

var (
	_ tui.Page           = (*InsightsPage)(nil)
	_ tui.StatusReporter = (*InsightsPage)(nil)
	_ tui.KeyCapturer    = (*InsightsPage)(nil)
	_ tui.BackHandler    = (*InsightsPage)(nil)
	_ tui.Filterable     = (*InsightsPage)(nil)
	_ tui.Reloadable     = (*InsightsPage)(nil)
)

// Messages of the Insights page's tasks and dialogs.
type (
	queryStartedMsg struct {
		id  string
		err error
	}
	queryStatusMsg struct {
		id     string
		status logtail.QueryStatus
		err    error
	}
	queryPollMsg    struct{ id string }
	queryStoppedMsg struct{ err error }
	queryEditedMsg  struct {
		text []byte
		err  error
	}
	insightsPickedMsg struct{ groups []string }
)

// NewInsights returns the Insights page on groups (none: a picker opens first); historyFile
// keeps the recent queries ("" : not kept).
func NewInsights(env tui.Env, inv Invokers, s tui.Session, groups []string, historyFile string) (*InsightsPage, error) {
	p := &InsightsPage{TablePage: pagekit.NewTablePage(env, "results", []vtable.Column{{Title: "RESULTS", MinWidth: 10, Flex: true}}),
		inv: inv, session: s, groups: groups, span: 3, histPos: -1}
	a, own := env.Keys.Actions, env.Keys.Insights
	p.keys = insightsKeys{
		Run:    tui.Rename(a.Run, "run query"),
		Stop:   tui.Rename(a.Cancel, "stop query"),
		Editor: own.Editor, Groups: own.Groups, Range: own.Range, Prev: own.Older, Next: own.Newer, Focus: own.Focus,
		Open: tui.Rename(env.Keys.Table.Open, "show result"),
		Copy: tui.Rename(a.Copy, "copy result"),
	}
	p.Table.SetEmptyMessage(tui.KeyHint(p.keys.Run, "runs the query"))
	p.editor = textarea.New()
	p.editor.ShowLineNumbers = false
	p.editor.Prompt = "│ "
	p.editor.SetStyles(editorStyles(env.Styles))
	p.editor.SetHeight(editorRows)
	p.editor.CharLimit = 10_000
	var err error
	p.hist, err = loadHistory(historyFile)
	text := DefaultQuery
	if len(p.hist.Queries) > 0 {
		text = p.hist.Queries[0]
	}
	p.editor.SetValue(text)
	p.editing = true
	p.editor.Focus()
	return p, err
}

// Title implements tui.Page.
func (p *InsightsPage) Title() string { return "insights" }

// Init implements tui.Page: without groups it lists them for the picker.
func (p *InsightsPage) Init() tea.Cmd {
	if len(p.groups) > 0 {
		return nil
	}
	inv, s := p.inv, p.session
	p.Loading = true
	return p.Tasks().Run(func(ctx context.Context) tea.Msg { return listGroups(ctx, inv, s) })
}

// SetSize implements tui.Page: three lines and the editor above the table.
func (p *InsightsPage) SetSize(w, h int) {
	p.w, p.h = w, h
	p.editor.SetWidth(max(w, 20))
	p.TablePage.SetSize(w, max(h-editorRows-3, 2))
}

// CapturesKeys implements tui.KeyCapturer: the editor takes the keys it has focus.
func (p *InsightsPage) CapturesKeys() bool { return p.editing }

// HandleBack implements tui.BackHandler: esc leaves the editor for the results first.
func (p *InsightsPage) HandleBack() (bool, tea.Cmd) {
	if p.editing {
		p.focus(false)
		return true, nil
	}
	return p.TablePage.HandleBack()
}

func (p *InsightsPage) focus(editing bool) tea.Cmd {
	p.editing = editing
	if editing {
		return p.editor.Focus()
	}
	p.editor.Blur()
	return nil
}

// Update implements tui.Page.
func (p *InsightsPage) Update(msg tea.Msg) tea.Cmd {
	if inner, cmd, ok := p.Result(msg); ok {
		return p.handle(inner)
	} else if cmd != nil {
		return cmd
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, ok := p.actions().Handle(k); ok {
			return cmd
		}
		if p.editing {
			p.histPos = -1
			var cmd tea.Cmd
			p.editor, cmd = p.editor.Update(k)
			return cmd
		}
		return p.TableKey(k)
	}
	if p.editing {
		var cmd tea.Cmd
		p.editor, cmd = p.editor.Update(msg)
		return cmd
	}
	return nil
}

func (p *InsightsPage) handle(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case groupsMsg:
		p.Loading = false
		if m.err != nil {
			p.err = m.err
			return tui.Error(m.err)
		}
		p.choices = m
		return p.openPicker()
	case insightsPickedMsg:
		p.groups = m.groups
		return nil
	case queryStartedMsg:
		if m.err != nil {
			p.running, p.err = false, m.err
			return tui.Error(m.err)
		}
		p.id = m.id
		return p.poll(m.id)
	case queryStatusMsg:
		if m.id != p.id {
			return nil // a query replaced since
		}
		if m.err != nil {
			p.running, p.err, p.ended = false, m.err, p.env().Time().Now()
			return tui.Error(m.err)
		}
		p.status = m.status
		p.show(m.status)
		if m.status.Done() {
			p.running, p.ended = false, p.env().Time().Now()
			return nil
		}
		return p.wait(m.id)
	case queryPollMsg:
		if m.id == p.id && p.running {
			return p.poll(m.id)
		}
	case queryStoppedMsg:
		if m.err != nil {
			return tui.Error(m.err)
		}
		return tui.Toast(textsafe.Sprintf("query stopped"))
	case queryEditedMsg:
		if m.err != nil {
			return tui.Error(m.err)
		}
		p.editor.SetValue(strings.TrimRight(string(m.text), "\n"))
		return nil
	}
	return nil
}

func (p *InsightsPage) env() tui.Env { return p.Env }

// show puts the results so far in the table, with a column per field.
func (p *InsightsPage) show(s logtail.QueryStatus) {
	cols := make([]vtable.Column, len(s.Fields))
	for i, f := range s.Fields {
		cols[i] = vtable.Column{Title: textsafe.Clean(f), MinWidth: min(max(len(f), 6), 24), MaxWidth: 40}
		if f == "@message" || i == len(s.Fields)-1 {
			cols[i].Flex, cols[i].MaxWidth = true, 0
		}
	}
	if len(cols) > 0 {
		p.SetColumns(cols)
	}
	p.rows = s.Rows
	p.Table.Reset()
	clean := make([][]string, len(s.Rows))
	for i, r := range s.Rows {
		clean[i] = make([]string, len(r))
		for j, v := range r {
			clean[i][j] = textsafe.Clean(textsafe.OneLine(v))
		}
	}
	p.Table.Append(clean)
	p.Table.SetEmptyMessage("no results")
}

// run starts the query in the editor on the groups and range.
func (p *InsightsPage) run() tea.Cmd {
	text := strings.TrimSpace(p.editor.Value())
	if len(p.groups) == 0 {
		return tui.Error(errors.New("no log group to query: " + tui.KeyHint(p.keys.Groups, "chooses them")))
	}
	if text == "" {
		return tui.Error(errors.New("the query is empty"))
	}
	var cmds []tea.Cmd
	if err := p.hist.add(text); err != nil {
		cmds = append(cmds, tui.Error(err))
	}
	p.histPos = -1
	now := p.env().Time().Now()
	q := logtail.Query{Groups: p.groups, Text: text, Start: now.Add(-ranges[p.span]), End: now}
	p.running, p.err, p.started, p.id = true, nil, now, ""
	p.status = logtail.QueryStatus{Status: "Starting"}
	cmds = append(cmds, p.focus(false))
	inv, s := p.inv, p.session
	cmds = append(cmds, p.Tasks().Run(func(ctx context.Context) tea.Msg {
		logs, _, err := inv.Invoker(ctx, s, "logs")
		if err != nil {
			return queryStartedMsg{err: err}
		}
		id, err := logtail.StartQuery(ctx, logs, q)
		return queryStartedMsg{id: id, err: err}
	}))
	return tea.Batch(cmds...)
}

func (p *InsightsPage) poll(id string) tea.Cmd {
	inv, s := p.inv, p.session
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		logs, _, err := inv.Invoker(ctx, s, "logs")
		if err != nil {
			return queryStatusMsg{id: id, err: err}
		}
		st, err := logtail.QueryResults(ctx, logs, id)
		return queryStatusMsg{id: id, status: st, err: err}
	})
}

// wait waits for the next poll on the page's clock.
func (p *InsightsPage) wait(id string) tea.Cmd {
	clock := p.env().Time()
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		if !clock.Sleep(ctx, pollEvery) {
			return nil
		}
		return queryPollMsg{id: id}
	})
}

func (p *InsightsPage) stop() tea.Cmd {
	inv, s, id := p.inv, p.session, p.id
	if id == "" {
		return nil
	}
	return p.Tasks().Run(func(ctx context.Context) tea.Msg {
		logs, _, err := inv.Invoker(ctx, s, "logs")
		if err == nil {
			err = logtail.StopQuery(ctx, logs, id)
		}
		return queryStoppedMsg{err: err}
	})
}

// browse shows the query dir steps away in the history (+1 older, -1 newer).
func (p *InsightsPage) browse(dir int) tea.Cmd {
	n := len(p.hist.Queries)
	if n == 0 {
		return tui.Toast(textsafe.Sprintf("no query in the history yet"))
	}
	pos := p.histPos + dir
	if pos < 0 || pos >= n {
		return nil
	}
	p.histPos = pos
	p.editor.SetValue(p.hist.Queries[pos])
	return nil
}

func (p *InsightsPage) openPicker() tea.Cmd {
	if len(p.choices.choices) == 0 {
		inv, s := p.inv, p.session
		return p.Tasks().Run(func(ctx context.Context) tea.Msg { return listGroups(ctx, inv, s) })
	}
	tasks := p.Tasks()
	return tui.Open(groupPicker(p.Env, "query which log groups? ("+tui.KeyHint(p.Env.Keys.Actions.Select, "selects up to 10")+")", p.choices, func(groups []string) tea.Cmd {
		return tasks.Wrap(func() tea.Msg { return insightsPickedMsg{groups: groups} })
	}))
}

// actions is the page's action table: its keys, footer and help.
func (p *InsightsPage) actions() tui.Actions {
	k := p.keys
	results := func() bool { return !p.editing }
	onRow := func() bool { return !p.editing && p.Table.Cursor() >= 0 && p.Table.Len() > 0 }
	as := tui.Actions{
		{Binding: k.Run, Footer: true, Run: p.run},
		{Binding: k.Stop, Footer: true, Enabled: func() bool { return results() && p.running && p.id != "" }, Run: p.stop},
		{Binding: k.Focus, Footer: true, Run: func() tea.Cmd { return p.focus(!p.editing) }},
		{Binding: k.Groups, Footer: true, Run: p.openPicker},
		{Binding: k.Range, Footer: true, Run: func() tea.Cmd { p.span = (p.span + 1) % len(ranges); return nil }},
		{Binding: k.Editor, Footer: true, Run: func() tea.Cmd {
			tasks := p.Tasks()
			return opform.EditText("insights-query", ".txt", p.editor.Value()+"\n", func(text []byte, err error) tea.Msg {
				return tasks.Wrap(func() tea.Msg { return queryEditedMsg{text: text, err: err} })()
			})
		}},
		{Binding: k.Prev, Enabled: func() bool { return p.editing }, Run: func() tea.Cmd { return p.browse(+1) }},
		{Binding: k.Next, Enabled: func() bool { return p.editing }, Run: func() tea.Cmd { return p.browse(-1) }},
		{Binding: k.Open, Footer: true, Enabled: onRow, Run: p.openRow},
		{Binding: k.Copy, Enabled: onRow, Run: p.copyRow},
	}
	if !p.editing {
		as = append(as, p.TableKeys()...)
	}
	return as
}

// Keys implements tui.Page.
func (p *InsightsPage) Keys() help.KeyMap { return p.actions() }

// rowDoc is result row i as a document, field by field.
func (p *InsightsPage) rowDoc(i int) map[string]any {
	doc := map[string]any{}
	if i < 0 || i >= len(p.rows) {
		return doc
	}
	for j, f := range p.status.Fields {
		if j < len(p.rows[i]) {
			doc[f] = p.rows[i][j]
		}
	}
	return doc
}

func (p *InsightsPage) openRow() tea.Cmd {
	i := p.Table.Cursor()
	return tui.Push(docpage.New(p.Env, fmt.Sprintf("result %d", i+1), "", p.rowDoc(i), docpage.Snippet{}))
}

func (p *InsightsPage) copyRow() tea.Cmd {
	i := p.Table.Cursor()
	if i < 0 || i >= len(p.rows) {
		return nil
	}
	text := strings.Join(p.rows[i], "\t")
	return tea.Batch(tea.SetClipboard(text), tui.Toast(textsafe.Sprintf("copied result %d", i+1)))
}

// Status implements tui.StatusReporter.
func (p *InsightsPage) Status() string {
	if p.running {
		return "query " + strings.ToLower(p.status.Status) + "…"
	}
	return p.TablePage.Status()
}

// Busy implements tui.StatusReporter.
func (p *InsightsPage) Busy() bool { return p.running || p.TablePage.Busy() }

// Reload implements tui.Reloadable: a query of the old session is forgotten.
func (p *InsightsPage) Reload(s tui.Session) tea.Cmd {
	p.Tasks().Restart()
	p.session = s
	p.running, p.id, p.rows, p.err = false, "", nil, nil
	p.status = logtail.QueryStatus{}
	p.Table.Reset()
	p.choices = groupsMsg{}
	return nil
}

// statusLine is "Complete · 20 records matched · 1,000 scanned · 1.2 MiB scanned · 3s".
func (p *InsightsPage) statusLine() string {
	st := p.Env.Styles
	if p.err != nil {
		return pagekit.ErrorLine(st, p.err)
	}
	if p.status.Status == "" {
		return st.Dim.Render(tui.KeyHint(p.keys.Run, "runs the query") + " · " + tui.KeyHint(p.keys.Editor, "edits it in $EDITOR") +
			" · " + tui.KeyHint(p.keys.Prev, "recalls older ones"))
	}
	end := p.ended
	if p.running {
		end = p.Env.Time().Now()
	}
	s := fmt.Sprintf("%s · %s records matched · %s scanned · %s scanned · %s", textsafe.Clean(p.status.Status),
		format.Count(int64(p.status.Matched)), format.Count(int64(p.status.Scanned)),
		format.Bytes(int64(p.status.BytesScanned)), format.Duration(end.Sub(p.started)))
	th := st.Theme
	switch {
	case p.running:
		return th.Text(th.Warn).Render("▶ " + s)
	case p.status.Status == "Complete":
		return th.Text(th.OK).Render("✓ " + s)
	}
	return st.Error.Render("✗ " + s)
}

// View implements tui.Page: groups and range, the editor, the status, the results.
func (p *InsightsPage) View() string {
	st := p.Env.Styles
	groups := "no log group: " + tui.KeyHint(p.keys.Groups, "chooses")
	if len(p.groups) > 0 {
		groups = textsafe.Clean(strings.Join(p.groups, ", "))
	}
	head := st.Title.Render("groups ") + groups + st.Dim.Render(" · ") + st.Title.Render("last ") + format.Duration(ranges[p.span])
	var b strings.Builder
	b.WriteString(ansi.Truncate(head, p.w, "…"))
	b.WriteString("\n")
	b.WriteString(p.editor.View())
	b.WriteString("\n")
	b.WriteString(ansi.Truncate(p.statusLine(), p.w, "…"))
	b.WriteString("\n")
	b.WriteString(p.TablePage.View())
	return b.String()
}

// editorStyles are the query editor's styles from the theme: plain text, the prompt in the accent
// colour (none under NO_COLOR), and a steady cursor (no timers for the tests to step).
func editorStyles(st tui.Styles) textarea.Styles {
	th := st.Theme
	s := textarea.DefaultDarkStyles()
	plain := lipgloss.NewStyle()
	for _, ss := range []*textarea.StyleState{&s.Focused, &s.Blurred} {
		ss.Base, ss.Text, ss.LineNumber, ss.CursorLineNumber, ss.CursorLine = plain, th.Text(th.Fg), st.Dim, st.Dim, th.Text(th.Fg)
		ss.EndOfBuffer, ss.Placeholder, ss.Prompt = st.Dim, st.Dim, th.Text(th.Accent)
		ss.Selection = th.On(th.Accent)
	}
	s.Blurred.Text, s.Blurred.CursorLine = st.Dim, st.Dim
	s.Cursor.Blink = false
	if !th.NoColor {
		s.Cursor.Color = lipgloss.Color(th.Accent)
	}
	return s
}
