package picker

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

type pickedManyMsg struct{ values []string }

// A picker of several rows (the log groups of a tail, at most 10 for StartLiveTail) takes up
// to its limit: one more selected is refused with a toast and the picker stays open.
func TestManyKeepsToItsLimit(t *testing.T) {
	var choices []Choice
	for i := range 12 {
		g := fmt.Sprintf("/group/%02d", i)
		choices = append(choices, Choice{Value: g, Cells: []string{g, ""}})
	}
	p := newPicker(t, choices, "")
	p.Many(func(vs []string) tea.Cmd { return func() tea.Msg { return pickedManyMsg{vs} } }, 10)
	p.SetSize(40, 20)
	for range 11 {
		settle(p, p.Update(tuitest.KeyPress("space")))
		settle(p, p.Update(tuitest.KeyPress("j")))
	}
	msgs := settle(p, p.Update(tuitest.KeyPress("enter")))
	for _, m := range msgs {
		if _, ok := m.(pickedManyMsg); ok {
			t.Fatalf("11 rows picked with a limit of 10: %v", msgs)
		}
	}
	if !strings.Contains(fmt.Sprint(msgs), "11 selected: choose at most 10") {
		t.Fatalf("no refusal: %v", msgs)
	}
	settle(p, p.Update(tuitest.KeyPress("k")))
	settle(p, p.Update(tuitest.KeyPress("space"))) // the 11th unselected
	msgs = settle(p, p.Update(tuitest.KeyPress("enter")))
	var got []string
	for _, m := range msgs {
		if pm, ok := m.(pickedManyMsg); ok {
			got = pm.values
		}
	}
	if len(got) != 10 || got[0] != "/group/00" || got[9] != "/group/09" {
		t.Fatalf("picked %v", got)
	}
}
