package clients

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// watchPage runs a waiter and shows every attempt as it happens: attempt n of max, elapsed,
// what was observed and the next poll. Esc or x cancels it (the page's context ends the run).
type watchPage struct {
	env      tui.Env
	catalog  *Catalog
	session  tui.Session
	svc      *model.Service
	name     string
	input    map[string]any
	tasks    *tui.Tasks
	started  time.Time
	now      func() time.Time
	attempts []waiter.Attempt
	result   *waiter.Result
	err      error
	running  bool
	w, h     int
}

type (
	watchStartedMsg struct {
		watch *waiter.Watch
		err   error
	}
	attemptMsg struct {
		watch   *waiter.Watch
		attempt waiter.Attempt
	}
	watchDoneMsg struct {
		result waiter.Result
		err    error
	}
	watchTickMsg struct{}
)

func newWatchPage(c *Catalog, s tui.Session, svc *model.Service, name string, input map[string]any) *watchPage {
	return &watchPage{env: c.env, catalog: c, session: s, svc: svc, name: name, input: input,
		tasks: tui.NewTasks(c.env.Ctx), now: time.Now}
}

func (p *watchPage) Title() string     { return "wait " + p.name }
func (p *watchPage) Tasks() *tui.Tasks { return p.tasks }
func (p *watchPage) SetSize(w, h int)  { p.w, p.h = w, h }
func (p *watchPage) Busy() bool        { return p.running }

func (p *watchPage) Init() tea.Cmd {
	p.running, p.started = true, p.now()
	p.attempts, p.result, p.err = nil, nil, nil
	c, s, svc, input := p.catalog, p.session, p.svc, p.input
	def, name, _ := svc.Waiter(p.name)
	start := p.tasks.Run(func(ctx context.Context) tea.Msg {
		inv, err := c.invoker(ctx, s, svc)
		if err != nil {
			return watchStartedMsg{err: err}
		}
		return watchStartedMsg{watch: waiter.Start(ctx, inv, def, input, waiter.Options{Name: name})}
	})
	return tea.Batch(start, p.tick())
}

// tick redraws once a second while the waiter runs, so elapsed time and the next poll move.
func (p *watchPage) tick() tea.Cmd {
	return p.tasks.Wrap(tea.Tick(time.Second, func(time.Time) tea.Msg { return watchTickMsg{} }))
}

// next waits for the watch's next attempt, or its end.
func (p *watchPage) next(w *waiter.Watch) tea.Cmd {
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		select {
		case a, ok := <-w.Attempts:
			if ok {
				return attemptMsg{watch: w, attempt: a}
			}
			res, err := w.Wait()
			return watchDoneMsg{result: res, err: err}
		case <-ctx.Done():
			return nil
		}
	})
}

func (p *watchPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, _ := p.actions().Handle(k)
		return cmd
	}
	inner, ok := p.tasks.Accept(msg)
	if !ok {
		return nil
	}
	switch m := inner.(type) {
	case watchStartedMsg:
		if m.err != nil {
			p.running, p.err = false, m.err
			return nil
		}
		return p.next(m.watch)
	case attemptMsg:
		p.attempts = append(p.attempts, m.attempt)
		return p.next(m.watch)
	case watchDoneMsg:
		p.running = false
		p.err = m.err
		if m.err == nil {
			p.result = &m.result
		}
	case watchTickMsg:
		if p.running {
			return p.tick()
		}
	}
	return nil
}

func (p *watchPage) Status() string {
	n, max := len(p.attempts), 0
	if n > 0 {
		max = p.attempts[n-1].Max
	}
	switch {
	case p.running && max > 0:
		return fmt.Sprintf("attempt %d/%d · %s", n, max, p.elapsed())
	case p.running:
		return fmt.Sprintf("attempt %d · %s", n, p.elapsed())
	case p.err != nil:
		return "failed"
	case p.result != nil:
		return "success"
	}
	return ""
}

func (p *watchPage) elapsed() string {
	return format.Duration(p.now().Sub(p.started).Round(time.Second))
}

func (p *watchPage) View() string {
	st := p.env.Styles
	var b strings.Builder
	target, _ := json.Marshal(p.input)
	fmt.Fprintf(&b, "%s %s\n", st.Title.Render("waiter "+p.name), st.Dim.Render(textsafe.Clean(string(target))))
	if def, _, ok := p.svc.Waiter(p.name); ok {
		fmt.Fprintf(&b, "%s\n\n", st.Dim.Render(fmt.Sprintf("polls %s every %ds, at most %d times", def.Operation, def.Delay, def.MaxAttempts)))
	}
	lines := make([]string, 0, len(p.attempts))
	for _, a := range p.attempts {
		line := textsafe.Clean(a.String())
		switch a.State {
		case "success":
			line = st.Info.Render(line)
		case "failure":
			line = st.Error.Render(line)
		}
		lines = append(lines, line)
	}
	// Keep the newest attempts on screen.
	room := max(p.h-6, 1)
	if len(lines) > room {
		lines = lines[len(lines)-room:]
	}
	b.WriteString(strings.Join(lines, "\n"))
	b.WriteString("\n\n")
	cancel := tui.KeyHint(p.env.Keys.Actions.Cancel, "cancels")
	switch {
	case p.running && len(p.attempts) > 0:
		last := p.attempts[len(p.attempts)-1]
		wait := last.NextPoll.Sub(p.now()).Round(time.Second)
		if wait > 0 {
			b.WriteString(st.Dim.Render(fmt.Sprintf("next poll in %s · %s", format.Duration(wait), cancel)))
		} else {
			b.WriteString(st.Dim.Render("polling… · " + cancel))
		}
	case p.running:
		b.WriteString(st.Dim.Render("first poll… · " + cancel))
	case p.err != nil:
		b.WriteString(pagekit.ErrorLine(st, p.err))
		b.WriteString("\n" + st.Dim.Render(tui.KeyHint(p.env.Keys.Table.Refresh, "runs it again")+" · "+tui.KeyHint(p.env.Keys.Global.Back, "goes back")))
	case p.result != nil:
		b.WriteString(st.Info.Render(fmt.Sprintf("✓ %s reached after %d attempts (%s)", p.name, p.result.Attempts, format.Duration(p.result.Elapsed))))
	}
	return b.String()
}

// actions is the page's action table: its keys, footer, help and hints.
func (p *watchPage) actions() tui.Actions {
	a, t := p.env.Keys.Actions, p.env.Keys.Table
	return tui.Actions{
		{Binding: a.Cancel, Footer: true, Enabled: func() bool { return p.running }, Run: func() tea.Cmd {
			p.tasks.Restart() // ends the waiter's context: it stops at once, even mid-sleep
			p.running = false
			p.err = fmt.Errorf("cancelled by you after %d attempts", len(p.attempts))
			return tui.Toast("waiter cancelled")
		}},
		{Binding: tui.Rename(t.Refresh, "run again"), Footer: true, Enabled: func() bool { return !p.running }, Run: func() tea.Cmd {
			p.tasks.Restart()
			return p.Init()
		}},
	}
}

func (p *watchPage) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*watchPage)(nil)
	_ tui.StatusReporter = (*watchPage)(nil)
)
