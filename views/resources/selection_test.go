package resources_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// TestEscClearsTheSelection: no key cleared a multi-selection (issue 8, defect 15). esc clears
// the filter first, then the selection; on the root page neither leaves the page.
func TestEscClearsTheSelection(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "ap-south-2", 3)
	d := startApp(t, srv, appConfig{region: "ap-south-2"})
	loaded(d, ids[2])
	d.Key("space")
	d.Key("space")
	d.WaitForText(wait, "3 instances · 2 selected")
	d.Key("/")
	d.Type(ids[0])
	d.Key("enter")
	d.WaitForText(wait, "1 of 3 instances · 2 selected")
	d.Key("esc")
	d.WaitForText(wait, "3 instances · 2 selected")
	d.Key("esc")
	d.WaitFor("the selection cleared", wait, func(s string) bool {
		return strings.Contains(s, "3 instances") && !strings.Contains(s, "selected")
	})
	if !strings.Contains(d.Screen(), ids[2]) {
		t.Errorf("esc should stay on the page:\n%s", d.Screen())
	}
}

// TestActionsLeaveOutSelectedRowsTheFilterHides: with a filter hiding selected rows, an action
// still targeted them, unseen (issue 8, defect 15). It acts on the selected rows shown, and the
// confirmation says how many it leaves out.
func TestActionsLeaveOutSelectedRowsTheFilterHides(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "ap-southeast-5", 3)
	calls := &counter{}
	clock := tuitest.NewClock(time.Now())
	d := startApp(t, srv, appConfig{region: "ap-southeast-5", client: calls, clock: clock})
	loaded(d, ids[2])
	d.Key("g")
	d.Key("space")
	d.Key("space") // the first two rows
	d.WaitForText(wait, "3 instances · 2 selected")
	screen := d.Screen()
	var shown, hidden string // a selected instance to keep in view, and one the filter hides
	for _, id := range ids {
		if l := lineOf(screen, id); strings.Contains(l, "• ") {
			if shown == "" {
				shown = id
			} else {
				hidden = id
			}
		}
	}
	if shown == "" || hidden == "" {
		t.Fatalf("two rows should be marked selected:\n%s", screen)
	}
	d.Key("/")
	d.Type(shown)
	d.Key("enter")
	d.WaitForText(wait, "1 of 3 instances · 2 selected")
	d.Key("X") // stop
	d.WaitForText(wait, "y / enter confirm", "1 selected instance is hidden by the filter and left out")
	if s := d.Screen(); strings.Contains(s, hidden) || !strings.Contains(s, shown) {
		t.Fatalf("the confirmation should name %s only:\n%s", shown, s)
	}
	clock.Advance(time.Second)
	d.Key("y")
	d.WaitForText(wait, "stop: 1 instance done")
	stopped := calls.count(func(f url.Values) bool { return f.Get("Action") == "StopInstances" })
	withHidden := calls.count(func(f url.Values) bool {
		return f.Get("Action") == "StopInstances" && strings.Contains(f.Encode(), hidden)
	})
	if stopped != 1 || withHidden != 0 {
		t.Errorf("StopInstances sent %d times, %d naming the hidden %s", stopped, withHidden, hidden)
	}

	// A filter that hides every selected row: the action says so and calls nothing.
	d.Key("space") // select the shown one again (the action cleared the selection)
	d.WaitForText(wait, "1 selected")
	d.Key("/")
	d.Key("ctrl+u")
	d.Type(hidden)
	d.Key("enter")
	d.WaitForText(wait, "1 of 3 instances · 1 selected")
	d.Key("X")
	d.WaitForText(wait, "1 selected instance is hidden by the filter: esc clears it")
}
