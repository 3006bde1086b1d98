package pagekit

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui"
)

// LivePage is the frame of a page drawing live entries that another part keeps (the waiters,
// the transfers): a cursor over them, the body's size, and a redraw every so often so times and
// rates move between events. A page embeds it, draws its entries, and gives its action table to
// Handle.
type LivePage struct {
	Env    tui.Env
	Cursor int
	W, H   int
	every  time.Duration
	tasks  *tui.Tasks
}

type liveTickMsg struct{}

// NewLivePage returns the frame of a page redrawn every interval.
func NewLivePage(env tui.Env, every time.Duration) LivePage {
	return LivePage{Env: env, every: every, tasks: tui.NewTasks(env.Ctx)}
}

func (p *LivePage) Tasks() *tui.Tasks { return p.tasks }
func (p *LivePage) SetSize(w, h int)  { p.W, p.H = w, h }
func (p *LivePage) Init() tea.Cmd     { return p.tick() }

func (p *LivePage) tick() tea.Cmd {
	return p.tasks.Wrap(tea.Tick(p.every, func(time.Time) tea.Msg { return liveTickMsg{} }))
}

// Handle redraws on the tick and runs the keys of actions.
func (p *LivePage) Handle(msg tea.Msg, actions tui.Actions) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		if _, ok := inner.(liveTickMsg); ok {
			return p.tick()
		}
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, _ := actions.Handle(k)
		return cmd
	}
	return nil
}

// CursorKeys move the cursor over n entries.
func (p *LivePage) CursorKeys(n int) tui.Actions {
	t := p.Env.Keys.Table
	return tui.Actions{
		{Binding: t.Up, Run: func() tea.Cmd { p.Cursor = max(p.Cursor-1, 0); return nil }},
		{Binding: t.Down, Run: func() tea.Cmd { p.Cursor = min(p.Cursor+1, max(n-1, 0)); return nil }},
	}
}
