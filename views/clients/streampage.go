package clients

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/wirepage"
)

// maxStreamEvents is how many events the stream page keeps; older ones are dropped and counted.
const maxStreamEvents = 10_000

// maxBatch is how many events that are already waiting one update takes at once, so a fast
// stream is drawn once per batch, not once per event.
const maxBatch = 500

// streamPage shows the events of an operation that answers with an event stream (logs
// StartLiveTail, S3 SelectObjectContent, Bedrock ConverseStream…) as they arrive, newest at the
// bottom, with their count; enter opens one as a document; x or esc stops the stream (esc again
// goes back).
type streamPage struct {
	env     tui.Env
	catalog *Catalog
	session tui.Session
	svc     *model.Service
	op      string
	input   map[string]any
	snip    docpage.Snippet
	tasks   *tui.Tasks

	stream  *invoke.Stream
	started time.Time
	events  []streamedEvent
	dropped int
	cursor  int
	follow  bool // the cursor stays on the newest event
	state   streamState
	err     error
	ended   time.Time
	wire    *wire.Log // the stream's request and response headers
	w, h    int
}

type streamedEvent struct {
	ev   invoke.Event
	at   time.Time
	line string // drawn once, when it arrives
}

type streamState int

const (
	streamOpening streamState = iota
	streamRunning
	streamEnded   // the service ended it, or an error did
	streamStopped // the person stopped it
)

type streamOpenedMsg struct {
	stream *invoke.Stream
	err    error
}

type streamEventsMsg struct {
	events []invoke.Event
	closed bool
}

type streamStoppedMsg struct{}

func newStreamPage(c *Catalog, s tui.Session, svc *model.Service, op string, input map[string]any, snip docpage.Snippet) *streamPage {
	return &streamPage{env: c.env, catalog: c, session: s, svc: svc, op: op, input: input, snip: snip,
		tasks: tui.NewTasks(c.env.Ctx), follow: true}
}

func (p *streamPage) Title() string      { return p.op + " stream" }
func (p *streamPage) Tasks() *tui.Tasks  { return p.tasks }
func (p *streamPage) SetSize(w, h int)   { p.w, p.h = w, h }
func (p *streamPage) Busy() bool         { return p.state == streamOpening || p.state == streamRunning }
func (p *streamPage) Keys() help.KeyMap  { return p.actions() }
func (p *streamPage) CapturesKeys() bool { return false }

// Init opens the stream in a task; its context is the page's, so closing the page ends it.
func (p *streamPage) Init() tea.Cmd {
	p.started = p.env.Time().Now()
	c, s, svc, op, input := p.catalog, p.session, p.svc, p.op, p.input
	log := wire.NewLog(wireEntries)
	p.wire = log
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		ctx = wire.With(ctx, log)
		inv, err := c.invoker(ctx, s, svc)
		if err != nil {
			return streamOpenedMsg{err: err}
		}
		st, err := inv.Stream(ctx, op, input)
		return streamOpenedMsg{stream: st, err: err}
	})
}

// next waits for the next event, then takes those already waiting behind it.
func (p *streamPage) next() tea.Cmd {
	st := p.stream
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		var evs []invoke.Event
		select {
		case ev, ok := <-st.Events:
			if !ok {
				return streamEventsMsg{closed: true}
			}
			evs = append(evs, ev)
		case <-ctx.Done():
			return streamEventsMsg{closed: true}
		}
		for len(evs) < maxBatch {
			select {
			case ev, ok := <-st.Events:
				if !ok {
					return streamEventsMsg{events: evs, closed: true}
				}
				evs = append(evs, ev)
			default:
				return streamEventsMsg{events: evs}
			}
		}
		return streamEventsMsg{events: evs}
	})
}

func (p *streamPage) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		msg = inner
	}
	switch m := msg.(type) {
	case streamOpenedMsg:
		if m.err != nil {
			p.state, p.err = streamEnded, m.err
			return tui.Error(m.err)
		}
		p.stream = m.stream
		if p.state == streamStopped { // esc while it was opening
			return p.stop()
		}
		p.state = streamRunning
		return p.next()
	case streamEventsMsg:
		p.add(m.events)
		if !m.closed {
			return p.next()
		}
		if p.state == streamRunning {
			p.state = streamEnded
		}
		p.ended = p.env.Time().Now()
		if err := p.stream.Err(); err != nil && p.state != streamStopped {
			p.err = err
			return tui.Error(err)
		}
		return nil
	case streamStoppedMsg:
		if p.ended.IsZero() {
			p.ended = p.env.Time().Now()
		}
		return nil
	case tea.KeyPressMsg:
		cmd, _ := p.actions().Handle(m)
		return cmd
	}
	return nil
}

func (p *streamPage) add(evs []invoke.Event) {
	now := p.env.Time().Now()
	for _, ev := range evs {
		p.events = append(p.events, streamedEvent{ev: ev, at: now, line: eventLine(ev)})
	}
	if over := len(p.events) - maxStreamEvents; over > 0 {
		p.events = append(p.events[:0], p.events[over:]...)
		p.dropped += over
		p.cursor = max(p.cursor-over, 0)
	}
	if p.follow {
		p.cursor = max(len(p.events)-1, 0)
	}
}

// eventLine is an event in one line: its type and its members as compact JSON, a blob payload
// as its text when it is text (S3 Select records, Lambda payload chunks).
func eventLine(ev invoke.Event) string {
	if ev.Unknown {
		return ev.Type + " (an event the model does not know, " + format.Bytes(int64(len(ev.Raw))) + ")"
	}
	b, err := json.Marshal(textBlobs(ev.Doc))
	if err != nil {
		return ev.Type
	}
	return ev.Type + " " + string(b)
}

func textBlobs(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = textBlobs(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = textBlobs(e)
		}
		return l
	case []byte:
		if utf8.Valid(x) {
			return string(x)
		}
	}
	return v
}

// stop ends the stream and keeps what arrived; Close runs in a command, as it waits for the
// reader to end.
func (p *streamPage) stop() tea.Cmd {
	p.state = streamStopped
	st := p.stream
	if st == nil {
		return nil
	}
	return p.tasks.Run(func(context.Context) tea.Msg {
		st.Close()
		return streamStoppedMsg{}
	})
}

// HandleBack stops a running stream; once it has ended, esc goes back.
func (p *streamPage) HandleBack() (bool, tea.Cmd) {
	if p.state == streamOpening || p.state == streamRunning {
		return true, p.stop()
	}
	return false, nil
}

// BackDoes implements tui.BackDescriber.
func (p *streamPage) BackDoes() string {
	if p.state == streamOpening || p.state == streamRunning {
		return "stop"
	}
	return ""
}

func (p *streamPage) move(to int) {
	p.cursor = min(max(to, 0), max(len(p.events)-1, 0))
	p.follow = p.cursor == len(p.events)-1
}

func (p *streamPage) rows() int { return max(p.h-2, 1) }

func (p *streamPage) actions() tui.Actions {
	k, a := p.env.Keys.Table, p.env.Keys.Actions
	running := func() bool { return p.state == streamOpening || p.state == streamRunning }
	return tui.Actions{
		{Binding: tui.Rename(k.Open, "open event"), Footer: true, Enabled: func() bool { return len(p.events) > 0 }, Run: p.open},
		{Binding: tui.Rename(a.Cancel, "stop"), Footer: true, Enabled: running, Run: p.stop},
		{Binding: tui.Rename(a.Snippet, "aws cli / boto3"), Run: p.openSnippet},
		wirepage.Open(p.env, p.op+" wire", func() *wire.Log { return p.wire }),
		{Binding: k.Up, Run: func() tea.Cmd { p.move(p.cursor - 1); return nil }},
		{Binding: k.Down, Run: func() tea.Cmd { p.move(p.cursor + 1); return nil }},
		{Binding: k.PageUp, Run: func() tea.Cmd { p.move(p.cursor - p.rows()); return nil }},
		{Binding: k.PageDown, Run: func() tea.Cmd { p.move(p.cursor + p.rows()); return nil }},
		{Binding: k.Top, Run: func() tea.Cmd { p.move(0); return nil }},
		{Binding: tui.Rename(k.Bottom, "newest (follow)"), Run: func() tea.Cmd { p.move(len(p.events) - 1); return nil }},
	}
}

func (p *streamPage) open() tea.Cmd {
	if p.cursor >= len(p.events) {
		return nil
	}
	e := p.events[p.cursor]
	status := fmt.Sprintf("event %d · %s", p.dropped+p.cursor+1, format.Bytes(int64(e.ev.Size)))
	var doc any = e.ev.Document()
	if e.ev.Unknown {
		doc = map[string]any{e.ev.Type: map[string]any{"raw": e.ev.Raw}}
	}
	return tui.Push(docpage.New(p.env, p.op+" "+e.ev.Type, status, doc, p.snip))
}

func (p *streamPage) openSnippet() tea.Cmd {
	var doc any = map[string]any{}
	if p.stream != nil {
		doc = p.stream.Output
	}
	return tui.Push(docpage.New(p.env, p.op+" output", p.Status(), doc, p.snip))
}

// Status says how the stream is doing: events and bytes so far, and for how long.
func (p *streamPage) Status() string {
	n := p.dropped + len(p.events)
	var size int64
	if p.stream != nil {
		_, size = p.stream.Count()
	}
	end := p.ended
	if end.IsZero() {
		end = p.env.Time().Now()
	}
	took := format.Duration(end.Sub(p.started))
	switch p.state {
	case streamOpening:
		return "opening the stream…"
	case streamRunning:
		return fmt.Sprintf("streaming · %s events · %s · %s", format.Count(int64(n)), format.Bytes(size), took)
	case streamStopped:
		return fmt.Sprintf("stopped · %s events · %s · %s", format.Count(int64(n)), format.Bytes(size), took)
	}
	if p.err != nil {
		return fmt.Sprintf("failed after %s events", format.Count(int64(n)))
	}
	return fmt.Sprintf("ended · %s events · %s · %s", format.Count(int64(n)), format.Bytes(size), took)
}

func (p *streamPage) View() string {
	st := p.env.Styles
	var b strings.Builder
	head := p.svc.Name + " " + p.op + " · " + p.Status()
	if p.dropped > 0 {
		head += fmt.Sprintf(" · %s oldest dropped", format.Count(int64(p.dropped)))
	}
	b.WriteString(st.Dim.Render(textsafe.Clean(head)))
	b.WriteByte('\n')
	if p.err != nil {
		b.WriteString(st.Error.Render("✗ " + textsafe.OneLine(p.err.Error())))
		b.WriteByte('\n')
	} else if len(p.events) == 0 {
		b.WriteString(st.Dim.Render("waiting for the first event…"))
		b.WriteByte('\n')
	}
	rows := p.rows()
	first := max(min(p.cursor-rows+1, len(p.events)-rows), 0)
	if p.cursor < first {
		first = p.cursor
	}
	for i := first; i < len(p.events) && i < first+rows; i++ {
		e := p.events[i]
		line := e.at.UTC().Format("15:04:05") + "  " + textsafe.Clean(e.line)
		line = ansi.Truncate(line, max(p.w, 1), "…")
		if i == p.cursor {
			line = st.Cursor.Render(line)
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

var (
	_ tui.Page           = (*streamPage)(nil)
	_ tui.StatusReporter = (*streamPage)(nil)
	_ tui.BackHandler    = (*streamPage)(nil)
)

// answersWithEventStream reports whether op's output carries an event stream.
func answersWithEventStream(svc *model.Service, op string) bool {
	o, ok := svc.Operations[op]
	if !ok || o.Output == nil {
		return false
	}
	out := svc.Shapes[o.Output.Shape]
	if out == nil {
		return false
	}
	for _, ref := range out.Members {
		if sh := svc.Shapes[ref.Shape]; sh != nil && sh.EventStream {
			return true
		}
	}
	return false
}
