package pagekit

import (
	"context"
	"errors"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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
	if !strings.Contains(v, "✗ AccessDenied: no second line") || !strings.Contains(v, "r retries") {
		t.Errorf("the error page should show the error on one line and how to retry:\n%s", v)
	}
	p.Table.Append([][]string{{"kept", "1"}})
	if v := p.View(); strings.Contains(v, "AccessDenied") || !strings.Contains(v, "kept") {
		t.Errorf("rows already shown stay, without the error over them:\n%s", v)
	}
}

// TestErrorHintPromisesOnlyKeysThatWork: the error page said "esc goes back" on a root page,
// where esc does nothing, and named ctrl+r whatever the key map said (issue 8, defect 15).
func TestErrorHintPromisesOnlyKeysThatWork(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	keys := keymap.Default()
	keys.Table.Refresh = key.NewBinding(key.WithKeys("f5"), key.WithHelp("f5", "refresh"))
	env := tui.Env{Ctx: ctx, Keys: keys, Styles: tui.NewStyles(true)}
	p := NewTablePage(env, "rows", []vtable.Column{{Title: "NAME", Flex: true}})
	p.SetSize(60, 6)
	p.Fail(errors.New("AccessDenied"))
	v := p.View()
	if strings.Contains(v, "goes back") || strings.Contains(v, "ctrl+r") {
		t.Errorf("the hint promises keys that may do nothing:\n%s", v)
	}
	if !strings.Contains(v, "f5 retries · P profile · R region") {
		t.Errorf("the hint should name the effective keys:\n%s", v)
	}
}

// TestEscClearsTheSelectionAfterTheFilter: esc (HandleBack) leaves a filter to the app, then
// clears the selection, then lets the app go back (issue 8, defect 15).
func TestEscClearsTheSelectionAfterTheFilter(t *testing.T) {
	p := newPage(t)
	p.Table.Append([][]string{{"alpha", "1"}, {"beta", "2"}})
	p.Table.SetSelected(0, true)
	for _, m := range tuitest.Messages(p.SetFilter("be")) {
		_, cmd, _ := p.Result(m)
		tuitest.Messages(cmd)
	}
	if handled, _ := p.HandleBack(); handled {
		t.Fatal("with a filter, esc should clear the filter first (the app does)")
	}
	p.SetFilter("")
	if handled, _ := p.HandleBack(); !handled || p.Table.SelectedLen() != 0 {
		t.Fatalf("esc should clear the selection: handled %v, %d selected", handled, p.Table.SelectedLen())
	}
	if handled, _ := p.HandleBack(); handled {
		t.Fatal("with nothing to clear, esc should go back")
	}
}

// TestTargetsAreTheSelectedRowsShown: an action reaches the selected rows the filter shows, and
// says how many it leaves out (issue 8, defect 15).
func TestTargetsAreTheSelectedRowsShown(t *testing.T) {
	p := newPage(t)
	p.Table.Append([][]string{{"alpha", "1"}, {"beta", "2"}, {"bravo", "3"}})
	if rows, hidden := p.Targets(); len(rows) != 1 || rows[0] != 0 || hidden != 0 {
		t.Errorf("no selection: the cursor row, got %v %d", rows, hidden)
	}
	p.Table.SetSelected(0, true)
	p.Table.SetSelected(2, true)
	for _, m := range tuitest.Messages(p.SetFilter("b")) {
		_, cmd, _ := p.Result(m)
		tuitest.Messages(cmd)
	}
	if rows, hidden := p.Targets(); len(rows) != 1 || rows[0] != 2 || hidden != 1 {
		t.Errorf("filtered: want [2] and 1 hidden, got %v %d", rows, hidden)
	}
	p.Table.SetSelected(2, false)
	if rows, hidden := p.Targets(); len(rows) != 0 || hidden != 1 {
		t.Errorf("only hidden selected rows: want none and 1 hidden, got %v %d", rows, hidden)
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

// TestLongErrorWraps: the error of a failed listing is the one thing on the page, and its end says
// what was denied ("…is not authorized to perform: ec2:DescribeInstances"); it was cut at the
// page's width with "…", the rest of the body empty.
func TestLongErrorWraps(t *testing.T) {
	p := newPage(t)
	msg := "AccessDenied: User: arn:aws:iam::123456789012:user/limited is not authorized to perform: ec2:DescribeInstances"
	p.Fail(errors.New(msg))
	lines := strings.Split(ansi.Strip(p.View()), "\n")
	var words []string
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line wider than the page (%d): %q", w, l)
		}
		words = append(words, strings.Fields(l)...)
	}
	if got := strings.Join(words, " "); !strings.Contains(got, "✗ "+msg) {
		t.Errorf("the whole error should be on the page:\n%s", strings.Join(lines, "\n"))
	}
}

// With rows selected, esc clears the selection first, and the footer says so (it said "back").
func TestBackSaysItClearsTheSelection(t *testing.T) {
	p := newPage(t)
	p.Table.Append([][]string{{"alpha", "1"}, {"beta", "2"}})
	if got := p.BackDoes(); got != "" {
		t.Errorf("nothing selected: BackDoes = %q", got)
	}
	p.Table.SetSelected(0, true)
	if got := p.BackDoes(); got != "clear selection" {
		t.Errorf("a row selected: BackDoes = %q", got)
	}
}
