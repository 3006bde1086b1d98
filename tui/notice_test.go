package tui

import (
	"errors"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/advice"
)

// The TUI words advice with its own keys and commands, from the effective key map: a remapped
// refresh key is the one the toast names, and a command the app lacks is not offered.
func TestErrorToastWordsAdviceAsKeysAndCommands(t *testing.T) {
	a := newTestApp(t, newFakePage("page"))
	a.opts.Commands.Add(Command{Name: "profile", Run: func(Session, []string) tea.Cmd { return nil }})
	a.opts.Keys.Table.Refresh = key.NewBinding(key.WithKeys("F5"), key.WithHelp("F5", "refresh"))
	a.opts.Advise = func(err error) advice.Advice {
		return advice.Advice{What: err.Error(), Do: []advice.Step{
			{Text: "choose another profile", Hint: advice.Profile},
			{Text: "choose another region", Hint: advice.Region},
			{Text: "log in", Hint: advice.SSOLogin},
			{Text: "retry", Hint: advice.Retry}}}
	}
	a.Update(ErrorMsg{Err: errors.New("credentials rejected")})
	got := ansi.Strip(a.Render())
	want := "credentials rejected — choose another profile (:profile) or choose another region or log in or retry (F5)"
	if !strings.Contains(got, want) {
		t.Errorf("the toast should read %q:\n%s", want, got)
	}
}

func TestErrorCommand(t *testing.T) {
	if Error(nil) != nil {
		t.Error("Error(nil) should be no command")
	}
	err := errors.New("boom")
	if msg, ok := Error(err)().(ErrorMsg); !ok || msg.Err != err {
		t.Errorf("Error(err)() = %v", msg)
	}
}
