package picker

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

type pickedMsg struct{ value string }

var regions = []Choice{
	{Value: "us-east-1", Cells: []string{"us-east-1", "N. Virginia"}},
	{Value: "eu-west-1", Cells: []string{"eu-west-1", "Ireland"}},
	{Value: "eu-west-3", Cells: []string{"eu-west-3", "Paris"}},
	{Value: "ap-south-1", Cells: []string{"ap-south-1", "Mumbai"}},
}

func newPicker(t *testing.T, choices []Choice, current string) *Dialog {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	cols := []vtable.Column{{Title: "REGION", MinWidth: 12}, {Title: "NAME", MinWidth: 8, Flex: true}}
	p := New(env, "region", "regions", cols, choices, current, func(v string) tea.Cmd {
		return func() tea.Msg { return pickedMsg{v} }
	})
	p.SetSize(40, 8)
	return p
}

// settle applies the page's background work (filter, sort) as the app would.
func settle(p *Dialog, cmd tea.Cmd) []tea.Msg {
	var rest []tea.Msg
	for _, m := range tuitest.Messages(cmd) {
		if _, ok := m.(tui.Result); ok {
			rest = append(rest, settle(p, p.Update(m))...)
			continue
		}
		rest = append(rest, m)
	}
	return rest
}

func picked(msgs []tea.Msg) (string, bool) {
	popped := false
	for _, m := range msgs {
		switch m := m.(type) {
		case tui.CloseMsg:
			popped = true
		case pickedMsg:
			return m.value, popped
		}
	}
	return "", popped
}

func TestCursorStartsOnTheCurrentValue(t *testing.T) {
	p := newPicker(t, regions, "eu-west-3")
	if c := p.Table.Cursor(); c != 2 {
		t.Fatalf("cursor on %d, want the current region's row 2", c)
	}
	if !strings.Contains(ansi.Strip(p.View()), "▸ eu-west-3") {
		t.Errorf("the current value should be under the cursor:\n%s", p.View())
	}
}

func TestEnterClosesThePickerThenPicks(t *testing.T) {
	p := newPicker(t, regions, "us-east-1")
	settle(p, p.Update(tuitest.KeyPress("j")))
	v, popped := picked(settle(p, p.Update(tuitest.KeyPress("enter"))))
	if v != "eu-west-1" || !popped {
		t.Fatalf("enter should close the picker and pick eu-west-1, got %q (popped %v)", v, popped)
	}
}

func TestPickAfterFilterTakesTheVisibleRow(t *testing.T) {
	p := newPicker(t, regions, "us-east-1")
	settle(p, p.SetFilter("mumbai"))
	if got := p.Status(); got != "1 of 4 regions" {
		t.Fatalf("status %q", got)
	}
	v, _ := picked(settle(p, p.Update(tuitest.KeyPress("enter"))))
	if v != "ap-south-1" {
		t.Fatalf("picked %q, want the only row the filter shows", v)
	}
}

func TestEmptyPickerSaysSoAndPicksNothing(t *testing.T) {
	p := newPicker(t, nil, "")
	if !strings.Contains(p.View(), "nothing to choose from") {
		t.Errorf("an empty picker should say so:\n%s", p.View())
	}
	if v, popped := picked(settle(p, p.Update(tuitest.KeyPress("enter")))); v != "" || popped {
		t.Fatalf("enter on an empty picker picked %q (popped %v)", v, popped)
	}
}

func TestFooterOffersChoose(t *testing.T) {
	p := newPicker(t, regions, "")
	short := p.Keys().ShortHelp()
	if len(short) != 3 || short[0].Help().Desc != "choose" || short[2].Help().Desc != "cancel" {
		t.Fatalf("footer keys %v", short)
	}
	if p.Title() != "region" {
		t.Errorf("title %q", p.Title())
	}
}

func TestGolden(t *testing.T) {
	p := newPicker(t, regions, "eu-west-1")
	tuitest.Golden(t, "regions", ansi.Strip(p.View()))
}

// The filter works inside the picker as the app's does: / opens it, typing filters, enter keeps it
// and chooses next, esc clears it, esc again closes the picker without a choice.
func TestFilterInsideThePicker(t *testing.T) {
	p := newPicker(t, regions, "us-east-1")
	settle(p, p.Update(tuitest.KeyPress("/")))
	for _, r := range "paris" {
		settle(p, p.Update(tuitest.KeyPress(string(r))))
	}
	if got := p.Status(); got != "1 of 4 regions" {
		t.Fatalf("status %q after typing a filter", got)
	}
	settle(p, p.Update(tuitest.KeyPress("enter")))
	if !strings.Contains(ansi.Strip(p.View()), "/paris  (esc clears)") {
		t.Errorf("the kept filter should show under the table:\n%s", p.View())
	}
	if v, _ := picked(settle(p, p.Update(tuitest.KeyPress("enter")))); v != "eu-west-3" {
		t.Fatalf("picked %q, want eu-west-3", v)
	}
	settle(p, p.Update(tuitest.KeyPress("esc")))
	if p.FilterQuery() != "" {
		t.Fatalf("esc should clear the filter, it is %q", p.FilterQuery())
	}
	msgs := settle(p, p.Update(tuitest.KeyPress("esc")))
	if v, closed := picked(msgs); v != "" || !closed {
		t.Fatalf("esc without a filter should close the picker and pick nothing, got %q (closed %v)", v, closed)
	}
}
