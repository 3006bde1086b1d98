package confirm

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// A name with a control character is shown escaped ("evil\x1b[31mred.txt"); what the user can
// type is what is shown. Typing it confirms, and the dialog stays on screen until then: it
// vanished, keeping the keyboard, with nothing sent.
func TestTypedNameWithControlCharacters(t *testing.T) {
	typeTheShownName(t, "evil\x1b[31mred.txt", `evil\x1b[31mred.txt`)
}

// A name that ends in a space (an S3 key may) is confirmed by typing it: the answer's spaces
// around it were trimmed, the name's were not, so it never matched.
func TestTypedNameEndingInASpace(t *testing.T) {
	typeTheShownName(t, "report.pdf ", "report.pdf ")
}

func typeTheShownName(t *testing.T, name, shown string) {
	t.Helper()
	page := &listPage{tasks: tui.NewTasks(context.Background())}
	a := tuitest.New(t, tui.New(tui.Options{Session: tui.Session{Profile: "dev", Region: "eu-west-1"},
		Keys: keymap.Default(), Styles: tui.NewStyles(true), Start: func(tui.Session) tui.Page { return page }}), 120, 35)
	clock := time.Unix(0, 0)
	d := New(env(), Request{Title: "Delete " + name, Targets: []string{"s3://hostile/" + name}, Level: Typed, Name: name,
		Confirmed: doneMsg{}})
	d.now = func() time.Time { return clock }
	a.Send(tui.OpenMsg{Dialog: d})
	a.WaitForText(wait, "Type the name "+shown+" to confirm")
	clock = clock.Add(time.Second)
	for _, r := range shown {
		a.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	a.WaitForText(wait, "> "+shown)
	a.Key("enter")
	a.WaitFor("the dialog to close", wait, func(s string) bool { return !strings.Contains(s, "Type the name") })
	if len(page.got) != 1 || page.got[0] != (doneMsg{}) {
		t.Fatalf("the page got %v, want the confirmation's doneMsg; the screen:\n%s", page.got, a.Screen())
	}
}
