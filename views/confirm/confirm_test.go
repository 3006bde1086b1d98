package confirm

import (
	"context"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

type doneMsg struct{}

func env() tui.Env {
	return tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
}

func run(_ *testing.T, cmd tea.Cmd) []tea.Msg { return tuitest.Messages(cmd) }

func newPage(level Level) (*Dialog, *time.Time) {
	clock := time.Unix(0, 0)
	p := New(env(), Request{Title: "Terminate instance", Targets: []string{"i-123"}, Level: level, Name: "i-123",
		Confirmed: doneMsg{}})
	p.now = func() time.Time { return clock }
	p.Init()
	return p, &clock
}

// has reports whether msgs hold a T, or close the dialog with a T for its page.
func has[T any](msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(T); ok {
			return true
		}
		if c, ok := m.(tui.CloseMsg); ok {
			if _, ok := c.Result.(T); ok {
				return true
			}
		}
	}
	return false
}

func TestKeysInTheGracePeriodAreIgnored(t *testing.T) {
	p, clock := newPage(Simple)
	if cmd := p.Update(tuitest.KeyPress("y")); cmd != nil {
		t.Fatal("a key pressed as the page opened must not confirm")
	}
	*clock = clock.Add(grace)
	if msgs := run(t, p.Update(tuitest.KeyPress("y"))); !has[doneMsg](msgs) || !has[tui.CloseMsg](msgs) {
		t.Fatalf("y should close the page and confirm, got %v", msgs)
	}
}

func TestSimpleCancel(t *testing.T) {
	p, clock := newPage(Simple)
	*clock = clock.Add(time.Second)
	msgs := run(t, p.Update(tuitest.KeyPress("n")))
	if has[doneMsg](msgs) || !has[tui.CloseMsg](msgs) {
		t.Fatalf("n should cancel, got %v", msgs)
	}
}

func TestTypedNeedsTheExactName(t *testing.T) {
	p, clock := newPage(Typed)
	*clock = clock.Add(time.Second)
	for _, r := range "i-12" {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if msgs := run(t, p.Update(tuitest.KeyPress("enter"))); has[doneMsg](msgs) {
		t.Fatal("a wrong name confirmed")
	}
	if !strings.Contains(p.View(), "not the name") {
		t.Errorf("the page should say why:\n%s", p.View())
	}
	if cmd := p.Update(tuitest.KeyPress("y")); has[doneMsg](run(t, cmd)) {
		t.Fatal("y must not confirm an irreversible action")
	}
	p.Update(tuitest.KeyPress("backspace")) // remove the y
	p.Update(tea.KeyPressMsg{Code: '3', Text: "3"})
	if msgs := run(t, p.Update(tuitest.KeyPress("enter"))); !has[doneMsg](msgs) {
		t.Fatalf("the exact name should confirm, got %v (input %q)", msgs, p.input.Value())
	}
}

// TestTypedHintSaysWhatWasAskedFor: asked for an instance ID, a wrong answer was "not the name".
func TestTypedHintSaysWhatWasAskedFor(t *testing.T) {
	p, clock := newPage(Typed)
	p.req.NameLabel = "instance ID"
	*clock = clock.Add(time.Second)
	if !strings.Contains(ansi.Strip(p.View()), "Type the instance ID i-123 to confirm") {
		t.Errorf("the prompt should name what to type:\n%s", p.View())
	}
	p.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	p.Update(tuitest.KeyPress("enter"))
	if v := p.View(); !strings.Contains(v, "that is not the instance ID") || strings.Contains(v, "not the name") {
		t.Errorf("the hint should name the instance ID:\n%s", v)
	}
}

func TestEnterTypedEarlyAsLFConfirms(t *testing.T) {
	p, clock := newPage(Typed)
	*clock = clock.Add(time.Second)
	for _, r := range "i-123" {
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	if msgs := run(t, p.Update(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})); !has[doneMsg](msgs) {
		t.Fatalf("LF (enter before the terminal left line mode) should confirm like enter, got %v", msgs)
	}
}

// The reveal confirmation's detail has two lines (why it is a secret, the AWS CLI command): they
// showed as one, joined by a literal \x0a.
func TestDetailKeepsItsLines(t *testing.T) {
	p := New(env(), Request{Title: "Reveal a secret", Targets: []string{"dev · eu-west-1"},
		Detail: "shows a secret on screen: the value\naws secretsmanager get-secret-value"})
	p.SetSize(60, 20)
	v := ansi.Strip(p.View())
	if strings.Contains(v, `\x0a`) {
		t.Fatalf("the detail's newline shows as an escape:\n%s", v)
	}
	if !strings.Contains(v, "\naws secretsmanager get-secret-value") {
		t.Errorf("the command should start its own line:\n%s", v)
	}
}

// A confirmation is a dialog over the page it acts on: its rows stay in view, the breadcrumbs do
// not change, and the answer reaches that page once the dialog is gone.
func TestConfirmationOpensOverThePage(t *testing.T) {
	page := &listPage{tasks: tui.NewTasks(context.Background())}
	a := tuitest.New(t, tui.New(tui.Options{Session: tui.Session{Profile: "dev", Region: "eu-west-1"},
		Keys: keymap.Default(), Styles: tui.NewStyles(true), Start: func(tui.Session) tui.Page { return page }}), 70, 16)
	clock := time.Unix(0, 0)
	d := New(env(), Request{Title: "Stop instance i-123", Targets: []string{"i-123"}, Detail: "ec2 StopInstances",
		Confirmed: doneMsg{}})
	d.now = func() time.Time { return clock }
	a.Send(tui.OpenMsg{Dialog: d})
	a.WaitForText(wait, "Stop instance i-123?", "y / enter confirm")
	tuitest.Golden(t, "over-page", a.Screen())
	clock = clock.Add(time.Second)
	a.Key("y")
	a.WaitFor("the dialog to close", wait, func(s string) bool { return !strings.Contains(s, "Stop instance") })
	if len(page.got) != 1 || page.got[0] != (doneMsg{}) {
		t.Fatalf("the page got %v, want the confirmation's doneMsg", page.got)
	}
	if s := a.Screen(); !strings.Contains(s, "i-456  running") {
		t.Errorf("the page should be shown:\n%s", s)
	}
}

const wait = 5 * time.Second

// listPage stands for the page a confirmation acts on; it records the messages it gets.
type listPage struct {
	tasks *tui.Tasks
	got   []tea.Msg
}

func (p *listPage) Title() string     { return "instances" }
func (p *listPage) Init() tea.Cmd     { return nil }
func (p *listPage) Tasks() *tui.Tasks { return p.tasks }
func (p *listPage) SetSize(int, int)  {}
func (p *listPage) Keys() help.KeyMap { return keymap.Default().Table }
func (p *listPage) View() string {
	return "ID     STATE\n" + strings.Repeat("i-123  running\ni-456  running\n", 6)
}
func (p *listPage) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		p.got = append(p.got, inner) // the dialog's answer comes back as the page's own result
	}
	return nil
}

// TestTypedFieldStartsEmptyToTheEye: the name drawn dim inside the empty field looked typed
// already, so enter said "that is not the name"; the field shows nothing until the user types.
func TestTypedFieldStartsEmptyToTheEye(t *testing.T) {
	p, _ := newPage(Typed)
	p.SetSize(80, 20)
	for _, line := range strings.Split(ansi.Strip(p.View()), "\n") {
		if strings.HasPrefix(line, "> ") && strings.Contains(line, "i-123") {
			t.Fatalf("the empty answer field shows the name as if typed: %q", line)
		}
	}
}
