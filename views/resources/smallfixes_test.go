package resources_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// TestTypedConfirmationNamesWhatItAskedFor: a wrong instance id answered "that is not the name"
// (issue 8, defect 16).
func TestTypedConfirmationNamesWhatItAskedFor(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "af-south-1", 1)
	clock := tuitest.NewClock(time.Now())
	d := startApp(t, srv, appConfig{region: "af-south-1", clock: clock})
	loaded(d, ids[0])
	d.Key("D")
	d.WaitForText(wait, "This cannot be undone")
	if !strings.Contains(d.Screen(), "Type the instance ID "+ids[0]+" to confirm") {
		t.Errorf("the prompt should say what to type:\n%s", d.Screen())
	}
	clock.Advance(time.Second) // past the grace period
	d.Type("i-nope")
	d.Key("enter")
	d.WaitForText(wait, "that is not the instance ID")
}

// TestReadOnlyActionKeySaysItIsDisabled: X (stop) under --readonly did nothing and said nothing
// (issue 8, defect 20).
func TestReadOnlyActionKeySaysItIsDisabled(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "me-central-1", 1)
	calls := &counter{}
	d := startApp(t, srv, appConfig{region: "me-central-1", readOnly: true, client: calls})
	loaded(d, ids[0])
	d.Key("X")
	d.WaitForText(wait, "read-only: stop is disabled")
	if n := calls.sent("StopInstances"); n != 0 {
		t.Errorf("read-only mode sent StopInstances %d times", n)
	}
}

// TestCancelledConfirmationLeavesNoTask: the action's call was set up as the confirmation opened,
// so a cancelled one left a task counted as running on the page for good (the spinner never
// stopped). The confirmation is now a dialog over the page, and the call starts only on yes.
func TestCancelledConfirmationLeavesNoTask(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-south-1", 1)
	clock := tuitest.NewClock(time.Now())
	d, app := startAppModel(t, srv, appConfig{region: "eu-south-1", clock: clock})
	loaded(d, ids[0])
	d.Key("X")
	d.WaitForText(wait, "Stop "+ids[0]+"?", "y / enter confirm")
	if s := d.Screen(); !strings.Contains(s, "instances") || !rowHas(s, ids[0], "running") {
		t.Errorf("the page should stay in view under the confirmation, breadcrumbs unchanged:\n%s", s)
	}
	if n := app.Top().Tasks().Running(); n != 0 {
		t.Errorf("%d tasks run on the page while the confirmation asks", n)
	}
	clock.Advance(time.Second)
	d.Key("n")
	d.WaitForText(wait, "cancelled: nothing was sent")
	if n := app.Top().Tasks().Running(); n != 0 {
		t.Errorf("%d tasks left running on the page after the confirmation was cancelled", n)
	}
}
