package confirm

import (
	"context"
	"strings"
	"testing"
	"time"

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

func newPage(level Level) (*Page, *time.Time) {
	clock := time.Unix(0, 0)
	p := New(env(), Request{Title: "Terminate instance", Targets: []string{"i-123"}, Level: level, Name: "i-123",
		OnConfirm: func() tea.Msg { return doneMsg{} }})
	p.now = func() time.Time { return clock }
	p.Init()
	return p, &clock
}

func has[T any](msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(T); ok {
			return true
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
	if msgs := run(t, p.Update(tuitest.KeyPress("y"))); !has[doneMsg](msgs) || !has[tui.PopMsg](msgs) {
		t.Fatalf("y should close the page and confirm, got %v", msgs)
	}
}

func TestSimpleCancel(t *testing.T) {
	p, clock := newPage(Simple)
	*clock = clock.Add(time.Second)
	msgs := run(t, p.Update(tuitest.KeyPress("n")))
	if has[doneMsg](msgs) || !has[tui.PopMsg](msgs) {
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
