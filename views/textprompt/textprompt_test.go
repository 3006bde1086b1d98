package textprompt_test

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/textprompt"
)

type answer string

// The answer is checked on enter: a refusal stays in the dialog with the reason; an accepted
// answer closes it with the page's message.
func TestPromptChecksThenAnswers(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	d := textprompt.New(env, textprompt.Request{Title: "Name it", Label: "name", Value: "ab",
		Check: func(v string) string {
			if len(v) < 3 {
				return "at least 3 letters"
			}
			return ""
		},
		Answer: func(v string) tea.Msg { return answer(v) }})
	d.SetSize(60, 10)
	d.Init()
	if cmd := d.Update(tuitest.KeyPress("enter")); cmd != nil {
		t.Fatal("a refused answer closed the dialog")
	}
	if !strings.Contains(d.View(), "at least 3 letters") {
		t.Fatalf("no hint:\n%s", d.View())
	}
	d.Update(tuitest.KeyPress("c"))
	if strings.Contains(d.View(), "at least 3 letters") {
		t.Fatal("the hint stays after typing")
	}
	msgs := tuitest.Messages(d.Update(tuitest.KeyPress("enter")))
	if len(msgs) != 1 {
		t.Fatalf("messages %v", msgs)
	}
	closed, ok := msgs[0].(tui.CloseMsg)
	if !ok || closed.Result != answer("abc") {
		t.Fatalf("closed with %#v", msgs[0])
	}
}

func TestPromptRefusesAnEmptyAnswer(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	d := textprompt.New(env, textprompt.Request{Title: "Key", Label: "key", Answer: func(v string) tea.Msg { return answer(v) }})
	d.SetSize(60, 10)
	d.Init()
	if cmd := d.Update(tuitest.KeyPress("enter")); cmd != nil || !strings.Contains(d.View(), "type the key first") {
		t.Fatalf("empty answer: %v\n%s", cmd, d.View())
	}
}
