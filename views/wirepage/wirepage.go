// Package wirepage shows what a call put on the wire, as it happens: each attempt's request and
// response and the retry decisions (awsapi/wire), credentials already redacted. It holds them in
// memory only.
package wirepage

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// Page is the wire view of one call (or of every call of a page: the log decides).
type Page struct {
	env   tui.Env
	title string
	log   *wire.Log
	tasks *tui.Tasks

	// lines are the entries' lines, each entry formatted once as it arrives (an arrival costs
	// its own lines, not the log's); counts[i] is how many the i-th entry held has, so that
	// the lines of entries the log drops leave from the front.
	lines   []string
	counts  []int
	taken   int // entries ever taken from the log
	dropped int
	// rows are what the screen shows, made for each line as it arrives: the line cut at the
	// width, or with wrap on, the line in as many rows as it takes (lineRows[i] rows for
	// lines[i]). They are made again when the width or wrap changes; top is a row.
	rows     []string
	lineRows []int
	rowsW    int
	wrap     bool
	top      int
	follow   bool
	w, h     int
	// view is the last frame drawn (valid while fresh): frames between changes cost nothing.
	view  string
	fresh bool
}

type changedMsg struct{}

// New returns the wire view of log, titled e.g. "GetCallerIdentity wire".
func New(env tui.Env, title string, log *wire.Log) *Page {
	p := &Page{env: env, title: title, log: log, tasks: tui.NewTasks(env.Ctx), follow: true}
	p.refresh()
	return p
}

// Open is the action that opens the wire view of log, for the pages of a call.
func Open(env tui.Env, title string, log func() *wire.Log) tui.Action {
	return tui.Action{Binding: env.Keys.Actions.Wire, Footer: true,
		Enabled: func() bool { return log() != nil },
		Run:     func() tea.Cmd { return tui.Push(New(env, title, log())) }}
}

func (p *Page) Title() string     { return p.title }
func (p *Page) Tasks() *tui.Tasks { return p.tasks }
func (p *Page) SetSize(w, h int) {
	p.w, p.h, p.fresh = w, h, false
	p.remake()
	p.clamp()
}
func (p *Page) Busy() bool        { return false }
func (p *Page) Keys() help.KeyMap { return p.actions() }

// Init starts waiting for the next entry.
func (p *Page) Init() tea.Cmd { return p.wait() }

func (p *Page) wait() tea.Cmd {
	changed := p.log.Changed()
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		select {
		case <-changed:
			return changedMsg{}
		case <-ctx.Done():
			return nil
		}
	})
}

// Status counts the entries.
func (p *Page) Status() string {
	s := fmt.Sprintf("%s entries", format.Count(int64(len(p.counts))))
	if p.dropped > 0 {
		s += fmt.Sprintf(" · %s older dropped", format.Count(int64(p.dropped)))
	}
	return s + " · in memory only"
}

// refresh takes the entries recorded since the last time, and lets go of the lines of those the
// log has dropped since.
func (p *Page) refresh() {
	entries, total, dropped := p.log.Since(p.taken)
	for _, e := range entries {
		n := len(p.lines)
		for _, l := range strings.Split(strings.TrimRight(wire.Format(e), "\n"), "\n") {
			l = textsafe.Clean(l)
			p.lines = append(p.lines, l)
			p.addRows(l)
		}
		p.counts = append(p.counts, len(p.lines)-n)
	}
	// Entries dropped before this page took them were never added: drop only those it holds.
	for held := total - dropped; len(p.counts) > held; {
		n, r := p.counts[0], 0
		for _, lr := range p.lineRows[:n] {
			r += lr
		}
		clear(p.lines[:n])
		clear(p.rows[:r])
		p.lines, p.lineRows, p.rows, p.counts = p.lines[n:], p.lineRows[n:], p.rows[r:], p.counts[1:]
	}
	p.taken, p.dropped, p.fresh = total, dropped, false
	p.clamp()
}

// addRows adds the rows of a new line at the current width.
func (p *Page) addRows(l string) {
	w := max(p.w, 1)
	p.rowsW = w
	if !p.wrap || ansi.StringWidth(l) <= w {
		p.rows = append(p.rows, ansi.Truncate(l, w, "…"))
		p.lineRows = append(p.lineRows, 1)
		return
	}
	pieces := strings.Split(ansi.Hardwrap(l, w, true), "\n")
	p.rows = append(p.rows, pieces...)
	p.lineRows = append(p.lineRows, len(pieces))
}

// remake makes the rows again after the width or wrap changed, keeping the line at the top.
func (p *Page) remake() {
	if max(p.w, 1) == p.rowsW && len(p.rows) > 0 {
		return
	}
	topLine := 0
	for r := 0; topLine < len(p.lineRows) && r+p.lineRows[topLine] <= p.top; topLine++ {
		r += p.lineRows[topLine]
	}
	p.rows, p.lineRows = p.rows[:0], p.lineRows[:0]
	for i, l := range p.lines {
		if i == topLine {
			p.top = len(p.rows)
		}
		p.addRows(l)
	}
	p.fresh = false
}

func (p *Page) height() int { return max(p.h, 1) }

func (p *Page) clamp() {
	last := max(len(p.rows)-p.height(), 0)
	if p.follow {
		p.top = last
	}
	p.top = min(max(p.top, 0), last)
}

func (p *Page) scroll(to int) {
	p.top, p.fresh = to, false
	p.follow = false
	p.clamp()
	p.follow = p.top >= max(len(p.rows)-p.height(), 0)
}

func (p *Page) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		msg = inner
	}
	switch m := msg.(type) {
	case changedMsg:
		p.refresh()
		return p.wait()
	case tea.KeyPressMsg:
		cmd, _ := p.actions().Handle(m)
		return cmd
	}
	return nil
}

func (p *Page) actions() tui.Actions {
	k := p.env.Keys.Viewer
	return tui.Actions{
		{Binding: k.Down, Footer: true, Run: func() tea.Cmd { p.scroll(p.top + 1); return nil }},
		{Binding: k.Up, Footer: true, Run: func() tea.Cmd { p.scroll(p.top - 1); return nil }},
		{Binding: k.PageDown, Footer: true, Run: func() tea.Cmd { p.scroll(p.top + p.height()); return nil }},
		{Binding: k.PageUp, Run: func() tea.Cmd { p.scroll(p.top - p.height()); return nil }},
		{Binding: k.Top, Run: func() tea.Cmd { p.scroll(0); return nil }},
		{Binding: tui.Rename(k.Bottom, "newest (follow)"), Run: func() tea.Cmd { p.scroll(len(p.rows)); return nil }},
		// Long lines (a body on one line, a signed header) are cut at the width; wrap shows them
		// whole.
		{Binding: tui.Rename(k.Wrap, map[bool]string{false: "wrap", true: "cut lines"}[p.wrap]), Footer: true, Run: func() tea.Cmd {
			p.wrap, p.rowsW = !p.wrap, 0
			p.remake()
			p.clamp()
			return nil
		}},
	}
}

func (p *Page) View() string {
	if len(p.lines) == 0 {
		return p.env.Styles.Dim.Render("nothing sent yet")
	}
	if p.fresh {
		return p.view
	}
	end := min(p.top+p.height(), len(p.rows))
	p.view, p.fresh = strings.Join(p.rows[p.top:end], "\n"), true
	return p.view
}

var (
	_ tui.Page           = (*Page)(nil)
	_ tui.StatusReporter = (*Page)(nil)
)
