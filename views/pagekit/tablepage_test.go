package pagekit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

type pageMsg struct{ n int }

func newPage(t *testing.T) *TablePage {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	p := NewTablePage(env, "rows", []vtable.Column{{Title: "NAME", MinWidth: 8, Flex: true}, {Title: "SIZE", MinWidth: 6}})
	p.SetSize(40, 6)
	return &p
}

// one runs cmd (a single task) and returns its message.
func one(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	msgs := tuitest.Messages(cmd)
	if len(msgs) != 1 {
		t.Fatalf("want one message, got %v", msgs)
	}
	return msgs[0]
}

func TestLoadResultsFromBeforeAReloadAreDropped(t *testing.T) {
	p := newPage(t)
	stale := p.Load(func(context.Context) tea.Msg { return pageMsg{1} })
	old := one(t, stale)
	p.BeginReload()
	if inner, _, ok := p.Result(old); ok {
		t.Fatalf("a page loaded before the reload landed after it: %v", inner)
	}
	fresh := one(t, p.Load(func(context.Context) tea.Msg { return pageMsg{2} }))
	if inner, _, ok := p.Result(fresh); !ok || inner.(pageMsg).n != 2 {
		t.Fatalf("the reload's own page should land, got %v %v", inner, ok)
	}
}

func TestAReloadCancelsTheLoadingButNotOtherTasks(t *testing.T) {
	p := newPage(t)
	loadCtx := make(chan context.Context, 1)
	taskCtx := make(chan context.Context, 1)
	load := p.Load(func(ctx context.Context) tea.Msg { loadCtx <- ctx; <-ctx.Done(); return pageMsg{1} })
	task := p.Tasks().Run(func(ctx context.Context) tea.Msg { taskCtx <- ctx; return pageMsg{2} })
	loadDone := make(chan tea.Msg, 1)
	go func() { loadDone <- load() }()
	lctx := <-loadCtx
	taskDone := make(chan tea.Msg, 1)
	go func() { taskDone <- task() }()
	tctx := <-taskCtx

	p.BeginReload()
	if lctx.Err() == nil {
		t.Error("a reload must cancel the loading in flight")
	}
	if tctx.Err() != nil {
		t.Error("a reload must not cancel the page's other tasks (a describe, an action)")
	}
	if _, _, ok := p.Result(<-loadDone); ok {
		t.Error("the cancelled loading's message landed")
	}
	if inner, _, ok := p.Result(<-taskDone); !ok || inner.(pageMsg).n != 2 {
		t.Errorf("the other task's result should land after the reload, got %v %v", inner, ok)
	}
}

func TestASessionSwitchEndsTheLoadingToo(t *testing.T) {
	p := newPage(t)
	got := make(chan context.Context, 1)
	cmd := p.Load(func(ctx context.Context) tea.Msg { got <- ctx; return nil })
	go cmd()
	ctx := <-got
	p.Tasks().Restart() // what the app does on a profile or region switch
	if ctx.Err() == nil {
		t.Fatal("the loading must end when the page's tasks restart")
	}
}

func TestStatusCountsFilterAndLoading(t *testing.T) {
	p := newPage(t)
	p.Loading = true
	p.Table.Append([][]string{{"alpha", "1"}, {"beta", "2"}, {"alpine", "3"}})
	if got := p.Status(); got != "3 rows · loading…" {
		t.Errorf("status %q", got)
	}
	p.Done("nothing")
	for _, m := range tuitest.Messages(p.SetFilter("al")) {
		_, cmd, _ := p.Result(m)
		tuitest.Messages(cmd)
	}
	if got := p.Status(); got != "2 of 3 rows" {
		t.Errorf("filtered status %q", got)
	}
	if p.FilterQuery() != "al" {
		t.Errorf("filter query %q", p.FilterQuery())
	}
}

func TestOneRowIsSingular(t *testing.T) {
	p := newPage(t)
	p.Table.Append([][]string{{"only", "1"}})
	if got := p.Status(); got != "1 row" {
		t.Errorf("status %q", got)
	}
}

func TestErrorShownOnlyWithoutRows(t *testing.T) {
	p := newPage(t)
	p.Fail(errors.New("AccessDenied: no\nsecond line"))
	v := p.View()
	if !strings.Contains(v, "✗ AccessDenied: no second line") || !strings.Contains(v, "ctrl+r retries") {
		t.Errorf("the error page should show the error on one line and how to retry:\n%s", v)
	}
	p.Table.Append([][]string{{"kept", "1"}})
	if v := p.View(); strings.Contains(v, "AccessDenied") || !strings.Contains(v, "kept") {
		t.Errorf("rows already shown stay, without the error over them:\n%s", v)
	}
}

func TestRestartEmptiesTheTableButKeepsTheFilter(t *testing.T) {
	p := newPage(t)
	p.Table.Append([][]string{{"alpha", "1"}, {"beta", "2"}})
	for _, m := range tuitest.Messages(p.SetFilter("be")) {
		_, cmd, _ := p.Result(m)
		tuitest.Messages(cmd)
	}
	cmd := p.Restart()
	if p.Table.Len() != 0 || !p.Loading {
		t.Fatalf("restart should empty the table and mark it loading: %d rows, loading %v", p.Table.Len(), p.Loading)
	}
	tuitest.Messages(cmd)
	if p.FilterQuery() != "be" {
		t.Fatalf("the filter should stay, query %q", p.FilterQuery())
	}
	p.Table.Append([][]string{{"alpha", "1"}, {"beta", "2"}})
	if p.Table.VisibleLen() != 1 || p.Table.Cell(p.Table.VisibleRow(0), 0) != "beta" {
		t.Errorf("the kept filter should apply to the rows as they arrive again: %d visible", p.Table.VisibleLen())
	}
}

func TestSortStatusNamesTheColumn(t *testing.T) {
	p := newPage(t)
	p.Table.Append([][]string{{"b", "1"}, {"a", "2"}})
	if s := p.SortStatus(); s != "" {
		t.Errorf("unsorted status %q", s)
	}
	for _, m := range tuitest.Messages(p.TableKey(tuitest.KeyPress("s"))) {
		_, cmd, _ := p.Result(m)
		tuitest.Messages(cmd)
	}
	if s := p.SortStatus(); s != "sorted by name ↑" {
		t.Errorf("sort status %q", s)
	}
}

func TestFormat(t *testing.T) {
	cases := []struct{ got, want string }{
		{Bytes(-1), "–"},
		{Bytes(0), "0 B"},
		{Bytes(2_100_000), "2.1 MB"},
		{Time(time.Time{}), "–"},
		{Time(time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))), "2024-01-02 02:04:05"},
		{Count(48210), "48,210"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
