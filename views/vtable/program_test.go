package vtable

import (
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// host is the smallest page: it owns a table, starts a filter on "/" and routes the table's
// keys and results to it, as a real page does.
type host struct{ table *Table }

func (h *host) Init() tea.Cmd { return nil }

func (h *host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.table.SetSize(msg.Width, msg.Height-1)
		return h, nil
	case tea.KeyPressMsg:
		switch msg.String() {
		case "/":
			return h, h.table.SetFilter("ITEM-77")
		case "q":
			return h, tea.Quit
		}
		return h, h.table.Update(msg)
	}
	if h.table.Owns(msg) {
		return h, h.table.Update(msg)
	}
	return h, nil
}

func (h *host) View() tea.View {
	return tea.NewView(h.table.View() + "\n" + strconv.Itoa(h.table.MatchCount()) + " matches")
}

// TestInsideAProgram runs the table in a real Bubble Tea program: the filter's Cmd runs on the
// program's goroutines and its result comes back through Update.
func TestInsideAProgram(t *testing.T) {
	tb := newNamed(10_000, 10)
	tm := teatest.NewTestModel(t, &host{table: tb}, teatest.WithInitialTermSize(60, 12))
	tm.Send(tea.KeyPressMsg{Code: '/', Text: "/"})
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		return strings.Contains(ansi.Strip(string(out)), "111 matches") // item-77, -770…779, -7700…7799
	}, teatest.WithDuration(10*time.Second))
	tm.Type("jjG")
	tm.Send(tea.KeyPressMsg{Code: 'k', Text: "k"})
	tm.Type("q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*host).table
	if final.Filter() != "ITEM-77" || final.VisibleLen() != 111 {
		t.Fatalf("filter %q with %d rows", final.Filter(), final.VisibleLen())
	}
	if got := final.Cell(final.Cursor(), 0); got != "item-7798" {
		t.Fatalf("cursor on %q, want item-7798 (one above the last match)", got)
	}
}
