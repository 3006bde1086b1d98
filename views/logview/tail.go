package logview

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/wirepage"
)

// Invokers gives the engine's invoker of a service in a session (views/clients.Catalog).
type Invokers interface {
	Invoker(ctx context.Context, s tui.Session, service string) (*invoke.Invoker, *model.Service, error)
}

// Target is what a tail page follows.
type Target struct {
	Groups  []string // names or ARNs; Resolve may find them instead
	Pattern string
	// Since is how far back the first poll reaches (0: 10 minutes).
	Since time.Duration
	// Resolve, when set, finds the groups when the page opens (an ECS task's log configuration).
	Resolve func(ctx context.Context, inv Invokers, s tui.Session) ([]string, error)
	// Title is the breadcrumb ("" : tail and the group).
	Title string
}

// Options tune a tail page; zero values are the defaults.
type Options struct {
	Capacity int            // lines kept (default 100,000)
	Interval time.Duration  // between polls (default 5 s)
	Location *time.Location // local times (default time.Local)
	// Live opens StartLiveTail sessions with the logs invoker (nil: polling only).
	Live func(inv *invoke.Invoker) logtail.LiveFunc
}

// DefaultCapacity is how many lines a tail page keeps.
const DefaultCapacity = 100_000

// TailPage follows CloudWatch Logs groups: new lines at the bottom as they come.
type TailPage struct {
	env     tui.Env
	inv     Invokers
	session tui.Session
	target  Target
	opts    Options
	tasks   *tui.Tasks

	tail   *logtail.Tail
	groups []string
	buf    *ring
	held   []line // lines that came while paused
	// heldDropped counts held lines dropped because more came than the buffer keeps.
	heldDropped uint64

	mode     logtail.Mode
	fallback string
	retry    time.Time // when live tail is tried again after a passing failure (zero: never)
	err      error
	polling  bool // a call is under way
	sampled  bool
	reconn   int

	paused    bool
	following bool   // the cursor sticks to the newest line
	cursor    uint64 // sequence number of the cursor's line
	bottom    uint64 // sequence number of the lowest line shown
	wrap      bool
	pretty    bool
	utc       bool
	search    string
	w, h      int
	look      look
	keys      tailKeys
	begun     bool // the first batch came: the mode is known
	// choices are the groups listed for the picker, when the page opened without any.
	choices groupsMsg
}

type tailKeys struct {
	Choose, Pause, Up, Down, PageUp, PageDown, Top, Bottom, Wrap, Pretty, Zone, Next, Prev, Copy key.Binding
}

func newTailKeys(env tui.Env) tailKeys {
	t, a, own := env.Keys.Table, env.Keys.Actions, env.Keys.Tail
	return tailKeys{
		Choose: tui.Rename(t.Open, "choose log groups"),
		Pause:  tui.Rename(a.Select, "pause/resume"),
		Up:     t.Up, Down: t.Down, PageUp: t.PageUp, PageDown: t.PageDown,
		Top:    t.Top,
		Bottom: tui.Rename(t.Bottom, "follow"),
		Wrap:   own.Wrap, Pretty: own.Pretty, Zone: own.Zone, Next: own.NextMatch, Prev: own.PrevMatch,
		Copy: tui.Rename(a.Copy, "copy line"),
	}
}

// The interfaces the app finds this page by.
var (
	_ tui.Page           = (*TailPage)(nil)
	_ tui.StatusReporter = (*TailPage)(nil)
	_ tui.Filterable     = (*TailPage)(nil)
	_ tui.Reloadable     = (*TailPage)(nil)
	_ tui.BackHandler    = (*TailPage)(nil)
)

// NewTail returns the tail page of target in session s.
func NewTail(env tui.Env, inv Invokers, s tui.Session, target Target, opts Options) *TailPage {
	if opts.Capacity <= 0 {
		opts.Capacity = DefaultCapacity
	}
	if opts.Interval <= 0 {
		opts.Interval = logtail.DefaultInterval
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if target.Since <= 0 {
		target.Since = 10 * time.Minute
	}
	p := &TailPage{env: env, inv: inv, session: s, target: target, opts: opts, tasks: tui.NewTasks(env.Ctx),
		buf: newRing(opts.Capacity), following: true, mode: logtail.Polling, look: newLook(env.Styles), keys: newTailKeys(env)}
	p.groups = target.Groups
	p.refreshLook()
	return p
}

// Title implements tui.Page.
func (p *TailPage) Title() string {
	if p.target.Title != "" {
		return textsafe.Clean(p.target.Title)
	}
	switch len(p.groups) {
	case 0:
		return "tail"
	case 1:
		return textsafe.Clean("tail " + shortGroup(p.groups[0]))
	}
	return fmt.Sprintf("tail %d groups", len(p.groups))
}

// Tasks implements tui.Page.
func (p *TailPage) Tasks() *tui.Tasks { return p.tasks }

// SetSize implements tui.Page.
func (p *TailPage) SetSize(w, h int) {
	p.w, p.h = w, h
	p.look.width = w
	p.keepCursorShown()
}

// Messages of the page's tasks.
type (
	startedMsg struct {
		tail   *logtail.Tail
		groups []string
		err    error
	}
	batchMsg struct {
		batch logtail.Batch
		err   error
	}
	tickMsg struct{}
)

// pickedMsg carries the groups chosen in the picker.
type pickedMsg struct{ groups []string }

// Init implements tui.Page: it resolves the groups (or lists them for a picker when there are
// none), then starts following.
func (p *TailPage) Init() tea.Cmd {
	p.polling = true
	if len(p.target.Groups) == 0 && p.target.Resolve == nil {
		inv, s := p.inv, p.session
		return p.tasks.Run(func(ctx context.Context) tea.Msg { return listGroups(ctx, inv, s) })
	}
	inv, s, target, opts := p.inv, p.session, p.target, p.opts
	clock := p.env.Time()
	now := clock.Now()
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		groups := target.Groups
		if target.Resolve != nil {
			var err error
			if groups, err = target.Resolve(ctx, inv, s); err != nil {
				return startedMsg{err: err}
			}
		}
		logs, _, err := inv.Invoker(ctx, s, "logs")
		if err != nil {
			return startedMsg{err: err}
		}
		o := logtail.Options{Groups: groups, Pattern: target.Pattern, Since: now.Add(-target.Since),
			// The page waits between polls itself (tick), so that no task looks like a call
			// waiting on AWS while it only waits for the next poll.
			Sleep: func(ctx context.Context, _ time.Duration) bool { return ctx.Err() == nil },
			Now:   clock.Now}
		if opts.Live != nil {
			o.Live = opts.Live(logs)
		}
		tl, err := logtail.New(logs, o)
		return startedMsg{tail: tl, groups: groups, err: err}
	})
}

// next reads the next batch.
func (p *TailPage) next() tea.Cmd {
	tl := p.tail
	p.polling = true
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		b, err := tl.Next(ctx)
		return batchMsg{batch: b, err: err}
	})
}

// tick waits for the next poll on the page's clock.
func (p *TailPage) tick() tea.Cmd {
	clock, d := p.env.Time(), p.opts.Interval
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		if !clock.Sleep(ctx, d) {
			return nil
		}
		return tickMsg{}
	})
}

// Update implements tui.Page.
func (p *TailPage) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		return p.handle(inner)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, _ := p.actions().Handle(k)
		return cmd
	}
	return nil
}

func (p *TailPage) handle(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case startedMsg:
		p.polling = false
		if m.err != nil {
			p.err = m.err
			return tui.Error(m.err)
		}
		p.tail, p.groups = m.tail, m.groups
		p.refreshLook()
		return p.next()
	case batchMsg:
		p.polling, p.begun = false, true
		b := m.batch
		p.mode, p.fallback, p.sampled, p.reconn, p.retry = b.Mode, b.Fallback, b.Sampled, b.Reconnects, b.RetryLive
		p.add(b.Events)
		p.err = m.err
		if b.Mode == logtail.Live && m.err == nil || b.More {
			return p.next()
		}
		return p.tick()
	case tickMsg:
		return p.next()
	case groupsMsg:
		p.polling = false
		if m.err != nil {
			p.err = m.err
			return tui.Error(m.err)
		}
		p.choices = m
		return p.openPicker()
	case pickedMsg:
		p.target.Groups, p.groups = m.groups, m.groups
		p.refreshLook()
		return p.Init()
	}
	return nil
}

// add puts events in the buffer, or holds them while paused.
func (p *TailPage) add(evs []logtail.Event) {
	for _, e := range evs {
		l := line{at: e.Time.UnixMilli(), group: p.groupIndex(e.Group), stream: textsafe.Clean(e.Stream), msg: textsafe.CleanMultiline(strings.TrimRight(e.Message, "\r\n"))}
		if p.paused {
			if len(p.held) >= p.opts.Capacity {
				p.held = p.held[1:]
				p.heldDropped++
			}
			p.held = append(p.held, l)
			continue
		}
		p.buf.Push(l)
	}
	if !p.paused {
		p.settle()
	}
}

func (p *TailPage) groupIndex(g string) uint8 {
	for i, name := range p.groups {
		if name == g || strings.TrimSuffix(name, ":*") == g || shortGroup(name) == shortGroup(g) {
			return uint8(i)
		}
	}
	return 0
}

// settle keeps the cursor on a line the buffer holds, on the newest while following.
func (p *TailPage) settle() {
	if p.buf.Len() == 0 {
		return
	}
	if p.following {
		p.cursor, p.bottom = p.buf.Last(), p.buf.Last()
		return
	}
	p.cursor = max(p.cursor, p.buf.First())
	p.bottom = max(p.bottom, p.cursor)
	p.keepCursorShown()
}

func (p *TailPage) resume() {
	p.paused = false
	for _, l := range p.held {
		p.buf.Push(l)
	}
	p.held = nil
	p.settle()
}

// bodyRows is the rows left for lines under the mode line.
func (p *TailPage) bodyRows() int { return max(p.h-1, 1) }

// top is the oldest line fully shown when bottom is the lowest.
func (p *TailPage) top(bottom uint64) uint64 {
	rows := 0
	var scratch []string
	seq := bottom
	for {
		l, ok := p.buf.Get(seq)
		if !ok {
			return seq + 1
		}
		scratch = p.look.rows(l, false, scratch[:0])
		rows += len(scratch)
		if rows > p.bodyRows() && seq != bottom {
			return seq + 1
		}
		if seq == p.buf.First() || rows >= p.bodyRows() {
			return seq
		}
		seq--
	}
}

// keepCursorShown scrolls so that the cursor's line is on screen.
func (p *TailPage) keepCursorShown() {
	if p.buf.Len() == 0 {
		return
	}
	if p.cursor > p.bottom {
		p.bottom = p.cursor
	}
	for p.bottom > p.cursor && p.top(p.bottom) > p.cursor {
		p.bottom--
	}
}

func (p *TailPage) move(delta int) {
	if p.buf.Len() == 0 {
		return
	}
	c := int64(p.cursor) + int64(delta)
	c = max(c, int64(p.buf.First()))
	c = min(c, int64(p.buf.Last()))
	p.cursor = uint64(c)
	p.following = p.cursor == p.buf.Last() && delta > 0
	p.keepCursorShown()
}

// actions is the page's action table: its keys, footer and help.
func (p *TailPage) actions() tui.Actions {
	k := p.keys
	hasLines := func() bool { return p.buf.Len() > 0 }
	searching := func() bool { return p.search != "" }
	pause := k.Pause
	if p.paused {
		pause = tui.Rename(pause, "resume")
	} else {
		pause = tui.Rename(pause, "pause")
	}
	page := max(p.bodyRows()-1, 1)
	as := tui.Actions{
		{Binding: k.Choose, Footer: true, Enabled: func() bool { return p.tail == nil && len(p.choices.choices) > 0 }, Run: p.openPicker},
		{Binding: pause, Footer: true, Enabled: func() bool { return p.tail != nil }, Run: func() tea.Cmd {
			if p.paused {
				p.resume()
			} else {
				p.paused = true
			}
			return nil
		}},
		{Binding: k.Bottom, Footer: true, Enabled: func() bool { return !p.following }, Run: func() tea.Cmd {
			p.following = true
			p.settle()
			return nil
		}},
		{Binding: k.Wrap, Footer: true, Run: func() tea.Cmd { p.wrap = !p.wrap; p.refreshLook(); return nil }},
		{Binding: k.Pretty, Footer: true, Run: func() tea.Cmd { p.pretty = !p.pretty; p.refreshLook(); return nil }},
		{Binding: k.Zone, Run: func() tea.Cmd { p.utc = !p.utc; p.refreshLook(); return nil }},
		{Binding: k.Copy, Footer: true, Enabled: hasLines, Run: p.copyLine},
		{Binding: k.Next, Enabled: searching, Run: func() tea.Cmd { return p.jump(+1) }},
		{Binding: k.Prev, Enabled: searching, Run: func() tea.Cmd { return p.jump(-1) }},
		{Binding: k.Up, Enabled: hasLines, Run: func() tea.Cmd { p.move(-1); return nil }},
		{Binding: k.Down, Enabled: hasLines, Run: func() tea.Cmd { p.move(+1); return nil }},
		{Binding: k.PageUp, Enabled: hasLines, Run: func() tea.Cmd { p.move(-page); return nil }},
		{Binding: k.PageDown, Enabled: hasLines, Run: func() tea.Cmd { p.move(page); return nil }},
		{Binding: k.Top, Enabled: hasLines, Run: func() tea.Cmd {
			p.following = false
			p.cursor = p.buf.First()
			p.bottom = p.cursor
			for p.bottom < p.buf.Last() && p.top(p.bottom+1) <= p.cursor {
				p.bottom++
			}
			return nil
		}},
	}
	if w, ok := p.inv.(interface{ Wire(tui.Session) *wire.Log }); ok {
		// The tail's own calls (the live session's start, the polls) are the session's: its
		// wire view, in the help, as on the collection pages.
		s := p.session
		wa := wirepage.Open(p.env, "wire · "+s.Profile, func() *wire.Log { return w.Wire(s) })
		wa.Footer = false
		as = append(as, wa)
	}
	return as
}

// Keys implements tui.Page.
func (p *TailPage) Keys() help.KeyMap { return p.actions() }

func (p *TailPage) refreshLook() {
	p.look.wrap, p.look.pretty = p.wrap, p.pretty
	p.look.loc = p.opts.Location
	if p.utc {
		p.look.loc = time.UTC
	}
	p.look.groups = p.groups
	p.look.terms = patternTerms(p.target.Pattern)
	if p.search != "" {
		p.look.terms = append(p.look.terms, asciiLower(p.search))
	}
	p.keepCursorShown()
}

// plainLine is the cursor's line as copied: "TIME STREAM MESSAGE", the time in the zone shown.
func (p *TailPage) plainLine(l *line) string {
	ts := time.UnixMilli(l.at).In(p.look.loc).Format("2006-01-02T15:04:05.000Z07:00")
	return ts + " " + l.stream + " " + l.msg
}

func (p *TailPage) copyLine() tea.Cmd {
	l, ok := p.buf.Get(p.cursor)
	if !ok {
		return nil
	}
	text := p.plainLine(l)
	return tea.Batch(tea.SetClipboard(text), tui.Toast(textsafe.Sprintf("copied the line (%s)", format.Count(int64(len(text)))+" bytes")))
}

// SetFilter implements tui.Filterable: `/` searches the buffer, from the cursor upwards.
func (p *TailPage) SetFilter(q string) tea.Cmd {
	p.search = q
	p.refreshLook()
	if q == "" {
		return nil
	}
	if l, ok := p.buf.Get(p.cursor); ok && strings.Contains(asciiLower(l.msg), asciiLower(q)) {
		return nil
	}
	return p.jump(-1)
}

// FilterDoes implements tui.FilterDescriber: `/` searches here, it hides no line.
func (p *TailPage) FilterDoes() string { return "search" }

// FilterQuery implements tui.Filterable.
func (p *TailPage) FilterQuery() string { return p.search }

// jump moves the cursor to the next line (dir +1: newer, -1: older) whose message holds the
// search, leaving follow mode.
func (p *TailPage) jump(dir int) tea.Cmd {
	if p.buf.Len() == 0 || p.search == "" {
		return nil
	}
	q := asciiLower(p.search)
	seq := int64(p.cursor)
	for {
		seq += int64(dir)
		l, ok := p.buf.Get(uint64(max(seq, 0)))
		if !ok || seq < 0 {
			return tui.Toast(textsafe.Sprintf("no %s line holds %q", map[int]string{1: "newer", -1: "older"}[dir], p.search))
		}
		if strings.Contains(asciiLower(l.msg), q) {
			p.cursor = uint64(seq)
			p.following = false
			p.keepCursorShown()
			return nil
		}
	}
}

// HandleBack implements tui.BackHandler: esc clears the search before it leaves.
func (p *TailPage) HandleBack() (bool, tea.Cmd) {
	if p.search != "" {
		p.search = ""
		p.refreshLook()
		return true, nil
	}
	return false, nil
}

// BackDoes implements tui.BackDescriber.
func (p *TailPage) BackDoes() string {
	if p.search != "" {
		return "clear search"
	}
	return ""
}

// Reload implements tui.Reloadable: the same groups under the new session, from an empty buffer.
func (p *TailPage) Reload(s tui.Session) tea.Cmd {
	p.tasks.Restart()
	p.session = s
	p.buf.Clear()
	p.held, p.tail, p.err, p.begun = nil, nil, nil, false
	p.following = true
	return p.Init()
}

// Status implements tui.StatusReporter.
func (p *TailPage) Status() string {
	n := format.Count(int64(p.buf.Len()))
	return fmt.Sprintf("%s · %s lines", p.mode, n)
}

// Busy implements tui.StatusReporter.
func (p *TailPage) Busy() bool { return p.polling }

// modeLine says how the page follows: mode, groups, pattern, counts, paused or following.
func (p *TailPage) modeLine() string {
	st := p.env.Styles
	th := st.Theme
	var parts []string
	if !p.begun {
		parts = append(parts, st.Dim.Render("◌ starting…"))
	} else if p.mode == logtail.Live {
		s := "● live tail"
		if p.reconn > 0 {
			s += fmt.Sprintf(" (reconnected %d×)", p.reconn)
		}
		if p.sampled {
			s += " · sampled"
		}
		parts = append(parts, th.Text(th.OK).Render(s))
	} else {
		parts = append(parts, th.Text(th.Warn).Render("◌ polling every "+format.Duration(p.opts.Interval)))
	}
	switch {
	case p.paused:
		parts = append(parts, th.Text(th.Warn).Render(fmt.Sprintf("⏸ paused · %s held", format.Count(int64(len(p.held))))))
	case p.following:
		parts = append(parts, "following")
	default:
		parts = append(parts, tui.KeyHint(p.keys.Bottom, "follows"))
	}
	count := format.Count(int64(p.buf.Len())) + " lines"
	if d := p.buf.Dropped() + p.heldDropped; d > 0 {
		count += " (" + format.Count(int64(d)) + " dropped)"
	}
	parts = append(parts, count)
	if p.fallback != "" && p.mode != logtail.Live {
		// Why it polls, before the groups: a narrow screen cuts those first.
		if !p.retry.IsZero() {
			// A passing failure: polling only until live tail is tried again.
			again := "trying live tail again"
			if in := p.retry.Sub(p.env.Time().Now()).Round(time.Second); in > 0 {
				again = "live again in " + format.Duration(in)
			}
			parts = append(parts, th.Text(th.Warn).Render(again))
		}
		why := strings.TrimPrefix(p.fallback, "live tail unavailable: ")
		head := "no live tail: "
		if w, ok := strings.CutPrefix(why, "live tail interrupted: "); ok {
			why, head = w, "live tail failed: "
		}
		why = strings.TrimPrefix(why, "logs StartLiveTail: ")
		parts = append(parts, st.Dim.Render(ansi.Truncate(head+textsafe.Clean(why), 56, "…")))
	}
	switch len(p.groups) {
	case 0:
	case 1:
		parts = append(parts, textsafe.Clean(p.groups[0]))
	default:
		parts = append(parts, fmt.Sprintf("%d groups", len(p.groups)))
	}
	if p.target.Pattern != "" {
		parts = append(parts, "filter "+textsafe.Clean(p.target.Pattern))
	}
	zone, _ := p.env.Time().Now().In(p.look.loc).Zone()
	parts = append(parts, "times "+zone)
	s := strings.Join(parts, st.Dim.Render(" · "))
	if p.err != nil {
		s += " · " + st.Error.Render(textsafe.Clean(textsafe.OneLine(p.err.Error())))
	}
	return ansi.Truncate(s, p.w, "…")
}

// View implements tui.Page: the mode line, then the lines ending at bottom.
func (p *TailPage) View() string {
	var b strings.Builder
	rows := p.bodyRows()
	b.Grow((rows + 1) * (p.w + 64))
	b.WriteString(p.modeLine())
	if p.tail == nil && len(p.choices.choices) > 0 {
		b.WriteString("\n" + p.env.Styles.Dim.Render(tui.KeyHint(p.keys.Choose, "chooses the log groups to follow")))
		return b.String()
	}
	if p.buf.Len() == 0 {
		b.WriteString("\n")
		msg := "waiting for events…"
		if len(p.held) > 0 {
			msg = tui.KeyHint(p.keys.Pause, "shows the lines held")
		}
		b.WriteString(p.env.Styles.Dim.Render(msg))
		return b.String()
	}
	// Rows from the bottom line upwards, as many as fit; only those are drawn.
	// Each line's rows are drawn, then the line order is reversed, then each line's rows.
	out := make([]string, 0, rows+8)
	var ends []int // where each line's rows end in out, bottom line first
	for seq := p.bottom; len(out) < rows; seq-- {
		l, ok := p.buf.Get(seq)
		if !ok {
			break
		}
		out = p.look.rows(l, seq == p.cursor, out)
		ends = append(ends, len(out))
		if seq == 0 {
			break
		}
	}
	out = linesUpward(out, ends)
	if len(out) > rows {
		out = out[len(out)-rows:]
	}
	for _, r := range out {
		b.WriteString("\n")
		b.WriteString(r)
	}
	return b.String()
}

// linesUpward puts rows drawn line by line from the bottom (ends: where each line's rows end)
// in screen order: the lines reversed, each line's rows kept in order.
func linesUpward(rows []string, ends []int) []string {
	out := make([]string, 0, len(rows))
	for i := len(ends) - 1; i >= 0; i-- {
		from := 0
		if i > 0 {
			from = ends[i-1]
		}
		out = append(out, rows[from:ends[i]]...)
	}
	return out
}

// openPicker chooses the groups to follow, over the page.
func (p *TailPage) openPicker() tea.Cmd {
	tasks := p.tasks
	return tui.Open(groupPicker(p.env, "tail which log groups? ("+tui.KeyHint(p.env.Keys.Actions.Select, "selects up to 10")+")", p.choices, func(groups []string) tea.Cmd {
		return tasks.Wrap(func() tea.Msg { return pickedMsg{groups: groups} })
	}))
}
