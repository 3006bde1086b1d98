package waitboard

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// Page lists every waiter on the board, newest first: name, target, attempt n/max, elapsed and
// the last observed state. x cancels the one under the cursor.
type Page struct {
	pagekit.LivePage
	board   *Board
	session string // the app's session ("dev · eu-west-1"), once a switch told it
}

// Reload implements tui.Reloadable: the waiters go on whatever the session; the page learns the
// new one, to say whose the others are.
func (p *Page) Reload(s tui.Session) tea.Cmd {
	p.session = s.Profile + " · " + s.Region
	return nil
}

// mixed reports whether some waiter is another session's than the app's: the rows then say whose.
func (p *Page) mixed(entries []*Entry) bool {
	if p.session == "" {
		return false
	}
	for _, e := range entries {
		if e.Session != "" && e.Session != p.session {
			return true
		}
	}
	return false
}

// NewPage returns the waiters page of board, redrawn every second so elapsed times move.
func NewPage(env tui.Env, board *Board) *Page {
	return &Page{LivePage: pagekit.NewLivePage(env, time.Second), board: board}
}

func (p *Page) Title() string              { return "waiters" }
func (p *Page) Update(msg tea.Msg) tea.Cmd { return p.Handle(msg, p.actions()) }

// actions is the page's action table: its keys, footer and help.
func (p *Page) actions() tui.Actions {
	entries := p.board.Entries()
	running := func() bool { return p.Cursor < len(entries) && !entries[p.Cursor].Done }
	return append(tui.Actions{
		{Binding: tui.Rename(p.Env.Keys.Actions.Cancel, "cancel waiter"), Footer: true, Enabled: running, Run: func() tea.Cmd {
			p.board.Cancel(entries[p.Cursor].ID)
			return tui.Toast(textsafe.Sprintf("cancelling %s", entries[p.Cursor].Waiter))
		}},
	}, p.CursorKeys(len(entries))...)
}

func (p *Page) Status() string {
	if ind := p.board.Indicator(); ind != "" {
		return ind + " running"
	}
	return "none running"
}

func (p *Page) Busy() bool { return p.board.Indicator() != "" }

func (p *Page) View() string {
	st := p.Env.Styles
	entries := p.board.Entries()
	if len(entries) == 0 {
		return st.Dim.Render("No waiters yet. Actions such as stop or terminate start one; " +
			tui.KeyHint(p.Env.Keys.Actions.Wait, "on a row waits for a state you choose."))
	}
	var b strings.Builder
	mixed := p.mixed(entries)
	header := fmt.Sprintf("  %-26s %-32s %-22s %8s", "WAITER", "TARGET", "STATE", "ELAPSED")
	if mixed {
		header += "  SESSION"
	}
	b.WriteString(st.TableHead.Render(ansi.Truncate(header, p.W, "…")))
	now := p.Env.Time().Now()
	for i, e := range entries {
		line := fmt.Sprintf("  %-26s %-32s %-22s %8s", ansi.Truncate(e.Waiter, 26, "…"),
			ansi.Truncate(textsafe.Clean(e.Target), 32, "…"), ansi.Truncate(textsafe.Clean(e.State()), 22, "…"),
			format.Duration(e.Elapsed(now)))
		if mixed {
			line += "  " + textsafe.Clean(e.Session)
		}
		line = ansi.Truncate(line, p.W, "…")
		b.WriteString("\n")
		if i == p.Cursor {
			b.WriteString(st.Cursor.Render(line))
		} else {
			b.WriteString(line)
		}
		if e.Err != nil && !e.Cancelled && i == p.Cursor {
			// The reason is the one thing worth reading in full: wrapped under the row, never cut.
			for _, l := range strings.Split(ansi.Wrap(textsafe.Clean(e.Err.Error()), max(p.W-4, 20), " "), "\n") {
				b.WriteString("\n    " + st.Error.Render(l))
			}
		}
	}
	return b.String()
}

func (p *Page) Keys() help.KeyMap { return p.actions() }

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*Page)(nil)
	_ tui.StatusReporter = (*Page)(nil)
	_ tui.Reloadable     = (*Page)(nil)
)
