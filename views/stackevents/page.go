// Package stackevents follows a CloudFormation stack while it deploys: when an action (or W)
// starts a stack waiter, its page shows the stack's events as they come (DescribeStackEvents,
// polled, newest first, coloured by status) under the waiter's state, until the waiter ends.
package stackevents

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// Invokers gives the engine's invoker of a service in a session (views/clients.Catalog).
type Invokers interface {
	Invoker(ctx context.Context, s tui.Session, service string) (*invoke.Invoker, *model.Service, error)
}

// Every is the time between DescribeStackEvents calls.
const Every = 3 * time.Second

// slack reaches back before the action for events the servers stamped before our clock.
const slack = time.Minute

// Attach makes every stack waiter started on CloudFormation rows open the stack's events page.
func Attach(env tui.Env, inv Invokers, ps *resources.Pages) {
	ps.OnWaiters("cloudformation", func(s tui.Session, def *resource.Def, rows []resource.Row, waiter string, targets []string) tea.Cmd {
		if !strings.HasPrefix(waiter, "Stack") || len(rows) == 0 {
			return nil // a change set's own waiters are not a deployment
		}
		// One page, for the first row: a page per stack of a multi-row delete would bury them.
		item, _ := rows[0].Item.(map[string]any)
		stack, _ := item["StackId"].(string) // the ARN still answers once the stack is deleted
		name, _ := item["StackName"].(string)
		if stack == "" {
			stack = name
		}
		if stack == "" {
			return nil
		}
		return tui.Push(New(env, inv, s, ps.Board(), Follow{Stack: stack, Name: name, Waiter: waiter, Target: targets[0]}))
	})
}

// Follow is what a page follows: the stack and the waiter on the board.
type Follow struct {
	Stack  string // ARN or name
	Name   string // for the title
	Waiter string // the waiter's name, e.g. StackDeleteComplete
	Target string // the waiter's target on the board
}

// event is one stack event, as drawn.
type event struct {
	id                           string
	at                           time.Time
	logical, typ, status, reason string
}

// Page shows the stack's events under the waiter's state.
type Page struct {
	env     tui.Env
	inv     Invokers
	session tui.Session
	board   *waitboard.Board
	follow  Follow
	tasks   *tui.Tasks
	started time.Time
	events  []event // newest first
	err     error
	polling bool
	seen    bool // the waiter was found on the board
	ended   bool // the waiter ended and the last poll came in
	offset  int
	w, h    int
	loc     *time.Location // times are shown in it (local)
}

var (
	_ tui.Page           = (*Page)(nil)
	_ tui.StatusReporter = (*Page)(nil)
)

// New returns the page following f.
func New(env tui.Env, inv Invokers, s tui.Session, board *waitboard.Board, f Follow) *Page {
	return &Page{env: env, inv: inv, session: s, board: board, follow: f, tasks: tui.NewTasks(env.Ctx), started: env.Time().Now(), loc: time.Local}
}

func (p *Page) Title() string {
	name := p.follow.Name
	if name == "" {
		name = p.follow.Stack
	}
	return textsafe.Clean(name) + " › events"
}
func (p *Page) Tasks() *tui.Tasks { return p.tasks }
func (p *Page) SetSize(w, h int)  { p.w, p.h = w, h }
func (p *Page) Init() tea.Cmd     { return p.poll() }

type (
	eventsMsg struct {
		events []event
		err    error
	}
	tickMsg struct{}
)

func (p *Page) poll() tea.Cmd {
	p.polling = true
	inv, s, stack := p.inv, p.session, p.follow.Stack
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		cfn, _, err := inv.Invoker(ctx, s, "cloudformation")
		if err != nil {
			return eventsMsg{err: err}
		}
		out, err := cfn.Call(ctx, "DescribeStackEvents", map[string]any{"StackName": stack})
		if err != nil {
			return eventsMsg{err: err}
		}
		return eventsMsg{events: parse(out)}
	})
}

func parse(out map[string]any) []event {
	items, _ := out["StackEvents"].([]any)
	var evs []event
	for _, it := range items {
		m, _ := it.(map[string]any)
		e := event{id: str(m["EventId"]), logical: str(m["LogicalResourceId"]), typ: str(m["ResourceType"]),
			status: str(m["ResourceStatus"]), reason: str(m["ResourceStatusReason"])}
		e.at, _ = m["Timestamp"].(time.Time)
		evs = append(evs, e)
	}
	// Newest first, as the service sends them; sorted anyway, stably, in case a page is not.
	slices.SortStableFunc(evs, func(a, b event) int { return b.at.Compare(a.at) })
	return evs
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func (p *Page) tick() tea.Cmd {
	clock := p.env.Time()
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		if !clock.Sleep(ctx, Every) {
			return nil
		}
		return tickMsg{}
	})
}

// waiter is the board's entry of the followed waiter, nil once it is off the board.
func (p *Page) waiter() *waitboard.Entry {
	if p.board == nil {
		return nil
	}
	e := p.board.Running("cloudformation", p.follow.Target)
	if e != nil && e.Waiter != p.follow.Waiter {
		return nil
	}
	return e
}

// Update implements tui.Page.
func (p *Page) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		switch m := inner.(type) {
		case eventsMsg:
			p.polling = false
			p.err = m.err
			if m.err == nil {
				p.keep(m.events)
			}
			e := p.waiter()
			if e != nil {
				p.seen = true
			}
			// The waiter ended (or left the board): this poll was the last.
			if e == nil || e.Done {
				p.ended = true
				return nil
			}
			return p.tick()
		case tickMsg:
			return p.poll()
		}
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, _ := p.actions().Handle(k)
		return cmd
	}
	return nil
}

// keep takes the events of this deployment: newest first, back to the stack's own
// "User Initiated" event that began it, and none from before the action (less some slack for
// the servers' clocks).
func (p *Page) keep(evs []event) {
	from := p.started.Add(-slack)
	p.events = p.events[:0]
	for _, e := range evs {
		if e.at.Before(from) {
			break
		}
		p.events = append(p.events, e)
		if e.typ == "AWS::CloudFormation::Stack" && strings.HasSuffix(e.status, "_IN_PROGRESS") && e.reason == "User Initiated" {
			break
		}
	}
}

func (p *Page) actions() tui.Actions {
	t := p.env.Keys.Table
	return tui.Actions{
		{Binding: tui.Rename(t.Refresh, "poll now"), Footer: true, Enabled: func() bool { return !p.polling }, Run: p.poll},
		{Binding: t.Down, Run: func() tea.Cmd { p.offset = min(p.offset+1, max(len(p.events)-1, 0)); return nil }},
		{Binding: t.Up, Run: func() tea.Cmd { p.offset = max(p.offset-1, 0); return nil }},
		{Binding: t.Top, Run: func() tea.Cmd { p.offset = 0; return nil }},
	}
}

func (p *Page) Keys() help.KeyMap { return p.actions() }

// Status implements tui.StatusReporter.
func (p *Page) Status() string {
	return fmt.Sprintf("%s events", format.Count(len(p.events)))
}

// Busy implements tui.StatusReporter.
func (p *Page) Busy() bool { return p.polling || !p.ended }

// colour is the theme role of a stack or resource status: failures and rollbacks in err, work
// under way in warn, done in ok.
func colour(status string) string {
	switch {
	case strings.HasSuffix(status, "_FAILED"), strings.Contains(status, "ROLLBACK"):
		return "err"
	case strings.HasSuffix(status, "_IN_PROGRESS"):
		return "warn"
	case strings.HasSuffix(status, "_COMPLETE"):
		return "ok"
	}
	return ""
}

// waiterLine is the waiter's state beside the events: "StackDeleteComplete ⟳ 3/120 … · 45s".
func (p *Page) waiterLine() string {
	st := p.env.Styles
	th := st.Theme
	e := p.waiter()
	switch {
	case e != nil:
		s := fmt.Sprintf("%s %s · %s", e.Waiter, textsafe.Clean(e.State()), format.Duration(e.Elapsed(p.env.Time().Now())))
		switch {
		case !e.Done:
			return th.Text(th.Warn).Render(s)
		case e.Err == nil:
			return th.Text(th.OK).Render(s)
		}
		return st.Error.Render(s)
	case p.ended:
		return st.Dim.Render(p.follow.Waiter + " ended · :waiters lists how")
	}
	return st.Dim.Render(p.follow.Waiter + " starting…")
}

// View implements tui.Page.
func (p *Page) View() string {
	st := p.env.Styles
	th := st.Theme
	var b strings.Builder
	b.WriteString(ansi.Truncate(p.waiterLine(), p.w, "…"))
	if p.err != nil {
		b.WriteString("\n" + ansi.Truncate(st.Error.Render("✗ "+textsafe.Clean(textsafe.OneLine(p.err.Error()))), p.w, "…"))
	}
	const head = "%-8s  %-28s  %-28s  %-28s  %s"
	b.WriteString("\n" + st.TableHead.Render(ansi.Truncate(fmt.Sprintf(head, "TIME", "LOGICAL ID", "TYPE", "STATUS", "REASON"), p.w, "…")))
	if len(p.events) == 0 {
		b.WriteString("\n" + st.Dim.Render("no event since the action yet"))
		return b.String()
	}
	rows := max(p.h-2, 1)
	for i := p.offset; i < len(p.events) && i-p.offset < rows; i++ {
		e := p.events[i]
		status := textsafe.Clean(e.status)
		role := colour(e.status)
		styled := fmt.Sprintf("%-28s", ansi.Truncate(status, 28, "…"))
		if role != "" {
			styled = th.Text(map[string]string{"err": th.Err, "warn": th.Warn, "ok": th.OK}[role]).Render(styled)
		}
		line := fmt.Sprintf("%-8s  %-28s  %-28s  ", e.at.In(p.loc).Format("15:04:05"),
			ansi.Truncate(textsafe.Clean(e.logical), 28, "…"), ansi.Truncate(textsafe.Clean(e.typ), 28, "…")) +
			styled + "  " + textsafe.Clean(textsafe.OneLine(e.reason))
		b.WriteString("\n" + ansi.Truncate(line, p.w, "…"))
	}
	return b.String()
}
