package tui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
)

// fakePage records what reaches it; it stands in for a real page to test the app's routing.
type fakePage struct {
	title   string
	tasks   *Tasks
	got     []tea.Msg
	results []string
	filter  string
	reloads []Session
	w, h    int
}

type loadedMsg struct{ text string }

func newFakePage(title string) *fakePage {
	return &fakePage{title: title, tasks: NewTasks(context.Background())}
}

func (p *fakePage) Title() string     { return p.title }
func (p *fakePage) Init() tea.Cmd     { return nil }
func (p *fakePage) Tasks() *Tasks     { return p.tasks }
func (p *fakePage) SetSize(w, h int)  { p.w, p.h = w, h }
func (p *fakePage) View() string      { return "body of " + p.title }
func (p *fakePage) Keys() help.KeyMap { return keymap.Default().Table }
func (p *fakePage) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		if l, ok := inner.(loadedMsg); ok {
			p.results = append(p.results, l.text)
			return nil
		}
		msg = inner // a dialog's answer
	} else if _, stale := msg.(Result); stale {
		return nil
	}
	p.got = append(p.got, msg)
	return nil
}
func (p *fakePage) SetFilter(q string) tea.Cmd { p.filter = q; return nil }
func (p *fakePage) FilterQuery() string        { return p.filter }
func (p *fakePage) Reload(s Session) tea.Cmd   { p.reloads = append(p.reloads, s); return nil }

func newTestApp(t *testing.T, start Page) *App {
	t.Helper()
	cmds := NewCommands()
	cmds.Add(Command{Name: "quit", Aliases: []string{"q"}, Run: func(Session, []string) tea.Cmd { return tea.Quit }})
	a := New(Options{
		Session:  Session{Profile: "dev", Region: "eu-west-1"},
		Keys:     keymap.Default(),
		Styles:   NewStyles(true),
		Commands: cmds,
		Start:    func(Session) Page { return start },
	})
	a.Init()
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return a
}

func keyPress(s string) tea.KeyPressMsg {
	switch s {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			if isQuit(c) {
				return true
			}
		}
		return false
	}
	_, ok := msg.(tea.QuitMsg)
	return ok
}

func TestResultsReachTheirPageEvenWhenCovered(t *testing.T) {
	bottom := newFakePage("bottom")
	a := newTestApp(t, bottom)
	run := bottom.tasks.Run(func(context.Context) tea.Msg { return loadedMsg{"page 1"} })
	top := newFakePage("top")
	a.Update(PushMsg{Page: top})
	a.Update(run())
	if len(bottom.results) != 1 || len(top.results) != 0 {
		t.Fatalf("bottom got %v, top got %v: the result must reach the page that asked", bottom.results, top.results)
	}
}

func TestStaleResultsAreDropped(t *testing.T) {
	p := newFakePage("page")
	a := newTestApp(t, p)
	old := p.tasks.Run(func(context.Context) tea.Msg { return loadedMsg{"old"} })
	msg := old() // finished, but not delivered yet
	a.Update(SwitchSessionMsg{Region: "us-west-2"})
	a.Update(msg)
	if len(p.results) != 0 {
		t.Fatalf("a result started under the old session was applied: %v", p.results)
	}
	fresh := p.tasks.Run(func(context.Context) tea.Msg { return loadedMsg{"new"} })
	a.Update(fresh())
	if len(p.results) != 1 || p.results[0] != "new" {
		t.Fatalf("fresh result not applied: %v", p.results)
	}
}

func TestResultsOfAClosedPageAreDropped(t *testing.T) {
	bottom := newFakePage("bottom")
	a := newTestApp(t, bottom)
	top := newFakePage("top")
	a.Update(PushMsg{Page: top})
	run := top.tasks.Run(func(ctx context.Context) tea.Msg { return loadedMsg{"late"} })
	a.Update(keyPress("esc"))
	if a.Depth() != 1 {
		t.Fatalf("esc should pop, depth %d", a.Depth())
	}
	if msg := run(); msg != nil {
		t.Fatalf("a closed page's task should have been cancelled, got %v", msg)
	}
	if err := top.tasks.Context().Err(); err == nil {
		t.Fatal("closing the page must cancel its context")
	}
}

func TestFilterCapturesKeys(t *testing.T) {
	p := newFakePage("objects")
	a := newTestApp(t, p)
	a.Update(keyPress("/"))
	for _, k := range []string{"q", "u", "i"} {
		_, cmd := a.Update(keyPress(k))
		if isQuit(cmd) {
			t.Fatal("typing q in the filter quit the app")
		}
	}
	if p.filter != "qui" {
		t.Fatalf("filter got %q, want qui", p.filter)
	}
	a.Update(keyPress("enter"))
	if !strings.Contains(ansi.Strip(a.Render()), "/qui") {
		t.Error("the applied filter should be shown")
	}
	a.Update(keyPress("esc"))
	if p.filter != "" || a.Depth() != 1 {
		t.Fatalf("esc should clear the filter first, filter %q depth %d", p.filter, a.Depth())
	}
	_, cmd := a.Update(keyPress("q"))
	if !isQuit(cmd) {
		t.Fatal("q outside an input should quit")
	}
}

func TestCommandBarRunsCommandsAndReportsUnknownOnes(t *testing.T) {
	p := newFakePage("page")
	a := newTestApp(t, p)
	a.Update(keyPress(":"))
	a.Update(keyPress("x"))
	a.Update(keyPress("enter"))
	if !strings.Contains(ansi.Strip(a.Render()), `unknown command "x"`) {
		t.Errorf("unknown command not reported:\n%s", ansi.Strip(a.Render()))
	}
	a.Update(keyPress(":"))
	a.Update(keyPress("q"))
	_, cmd := a.Update(keyPress("enter"))
	if !isQuit(cmd) {
		t.Fatal(":q should quit")
	}
}

func TestSwitchReloadsTopNowAndCoveredPagesWhenShown(t *testing.T) {
	bottom := newFakePage("bottom")
	a := newTestApp(t, bottom)
	top := newFakePage("top")
	a.Update(PushMsg{Page: top})
	a.Update(SwitchSessionMsg{Profile: "prod"})
	if len(top.reloads) != 1 || top.reloads[0].Profile != "prod" {
		t.Fatalf("top page not reloaded under the new session: %v", top.reloads)
	}
	if len(bottom.reloads) != 0 {
		t.Fatal("a covered page should reload when it is shown, not before")
	}
	a.Update(keyPress("esc"))
	if len(bottom.reloads) != 1 || bottom.reloads[0].Region != "eu-west-1" {
		t.Fatalf("bottom page should reload on reveal: %v", bottom.reloads)
	}
	if !strings.Contains(ansi.Strip(a.Render()), "prod · eu-west-1") {
		t.Errorf("header should show the new profile:\n%s", ansi.Strip(a.Render()))
	}
}

func TestRenderFillsTheScreen(t *testing.T) {
	a := newTestApp(t, newFakePage("s3"))
	a.Update(tea.WindowSizeMsg{Width: 60, Height: 12})
	lines := strings.Split(a.Render(), "\n")
	if len(lines) != 12 {
		t.Fatalf("got %d lines, want 12", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	a.Update(keyPress("?"))
	if !strings.Contains(ansi.Strip(a.Render()), "s3 keys") {
		t.Error("? should show the help")
	}
	a.Update(keyPress("esc"))
	if strings.Contains(ansi.Strip(a.Render()), "s3 keys") {
		t.Error("esc should close the help")
	}
}

func TestCommandSuggestions(t *testing.T) {
	c := NewCommands()
	c.Add(Command{Name: "profile", Complete: func() []string { return []string{"dev", "prod"} }})
	c.Add(Command{Name: "region", Aliases: []string{"regions"}})
	if got := c.Suggestions("re"); strings.Join(got, ",") != "region,regions" {
		t.Errorf("got %v", got)
	}
	if got := c.Suggestions("profile p"); strings.Join(got, ",") != "profile prod" {
		t.Errorf("got %v", got)
	}
}

var _ = key.Matches[tea.KeyPressMsg]

// TestLeaveTakesACoveredPageOffTheStack: a page whose subject is gone (a deleted object) leaves
// from under the page the user opened over it, which stays on top; on top, it leaves as esc would.
func TestLeaveTakesACoveredPageOffTheStack(t *testing.T) {
	root, gone, above := newFakePage("root"), newFakePage("gone"), newFakePage("above")
	a := newTestApp(t, root)
	a.Update(PushMsg{Page: gone})
	a.Update(PushMsg{Page: above})
	a.Update(LeaveMsg{Page: gone})
	if a.Depth() != 2 || a.top().page != above || a.stack[0].page != root {
		t.Fatalf("depth %d, top %q: the covered page should leave and the one above stay", a.Depth(), a.top().page.Title())
	}
	if gone.tasks.Context().Err() == nil {
		t.Fatal("the page that left must have its tasks cancelled")
	}
	a.Update(LeaveMsg{Page: above})
	if a.Depth() != 1 || a.top().page != root {
		t.Fatalf("depth %d: the top page should leave", a.Depth())
	}
	a.Update(LeaveMsg{Page: root})
	if a.Depth() != 1 {
		t.Fatal("the root page stays")
	}
}

// The footer offered "esc back" on the first page, where esc goes nowhere: it is offered where esc
// does something (a page to go back to, a filter to clear), and esc still reaches the page.
func TestFooterOffersEscOnlyWhereItDoesSomething(t *testing.T) {
	root := newFakePage("root")
	a := newTestApp(t, root)
	footer := func() string {
		lines := strings.Split(ansi.Strip(a.Render()), "\n")
		return lines[len(lines)-1]
	}
	if strings.Contains(footer(), "esc") {
		t.Fatalf("the root page's footer offers esc: %q", footer())
	}
	root.filter = "web"
	// It said "esc back" there, where esc clears the filter and stays.
	if !strings.Contains(footer(), "esc clear filter") {
		t.Fatalf("with a filter esc clears it, the footer should offer it so: %q", footer())
	}
	a.Update(keyPress("esc"))
	if root.filter != "" || strings.Contains(footer(), "esc") {
		t.Fatalf("esc should clear the filter (%q), then not be offered: %q", root.filter, footer())
	}
	a.Update(PushMsg{Page: newFakePage("next")})
	if !strings.Contains(footer(), "esc back") {
		t.Fatalf("a page above the root goes back with esc: %q", footer())
	}
}

// busyPage has more footer keys than a narrow terminal shows.
type busyPage struct{ *fakePage }

func (p *busyPage) Keys() help.KeyMap {
	var as Actions
	for _, k := range []string{"d", "a", "o", "y", "r", "W", "S", "U", "n", "x"} {
		as = append(as, Action{Binding: key.NewBinding(key.WithKeys(k), key.WithHelp(k, "something long")), Footer: true})
	}
	return as
}

// At 120 columns the footer of a page with many keys was cut in the middle of "? help", and
// "q quit" was gone. Then the page's keys gave way with "…" to all the app's: at 80 columns the
// describe page showed one key. Now the most useful keys come first (the page's first two, esc
// back, / filter…), each whole, and the help key ends the line saying there is more.
func TestFooterKeepsTheAppKeysWhenThePageHasMany(t *testing.T) {
	p := &busyPage{newFakePage("s3")}
	a := newTestApp(t, p)
	a.Update(PushMsg{Page: &busyPage{newFakePage("objects")}})
	for _, w := range []int{80, 120} {
		a.Update(tea.WindowSizeMsg{Width: w, Height: 30})
		lines := strings.Split(ansi.Strip(a.Render()), "\n")
		footer := strings.TrimRight(lines[len(lines)-1], " ")
		if !strings.HasSuffix(footer, " · ? more") || !strings.HasPrefix(footer, "d something long · a something long") ||
			!strings.Contains(footer, "esc back · / filter") {
			t.Errorf("%d columns: footer %q", w, footer)
		}
		if ansi.StringWidth(footer) > w || strings.Contains(footer, "…") {
			t.Errorf("%d columns: a key is cut: %q", w, footer)
		}
		for _, part := range strings.Split(footer, " · ") {
			if !regexp.MustCompile(`^(\S+ something long|esc back|/ filter|: command|q quit|\? more)$`).MatchString(part) {
				t.Errorf("%d columns: %q is not a whole key", w, part)
			}
		}
	}
}
