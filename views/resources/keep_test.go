package resources_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// lineOf is the screen line that shows id.
func lineOf(screen, id string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, id) {
			return l
		}
	}
	return ""
}

// TestRefreshKeepsSelectionSortAndCursor: auto-refresh and r cleared the multi-selection, the
// sort and the cursor ("8 instances · 1 selected · sorted by … ↑" became "8 instances")
// (issue 8, defect 3).
func TestRefreshKeepsSelectionSortAndCursor(t *testing.T) {
	srv := freshMoto(t)
	runInstances(t, srv, "ap-southeast-3", 8)
	calls := &counter{}
	clock := tuitest.NewClock(time.Now())
	const every = 30 * time.Second
	d := startApp(t, srv, appConfig{region: "ap-southeast-3", refresh: every, client: calls, clock: clock})
	d.WaitForText(wait, "8 instances")
	d.WaitFor("the listing to end", wait, func(s string) bool { return !strings.Contains(s, "loading…") })
	d.Key("s")
	d.WaitForText(wait, "sorted by")
	d.Key("g")
	d.Key("j")
	d.Key("space") // selects the second row, the cursor moves to the third
	d.WaitForText(wait, "8 instances · 1 selected · sorted by")
	before := d.Screen()
	status := before[strings.Index(before, "8 instances"):]
	status = status[:strings.Index(status, "\n")]
	selected, cursor := markedID(t, before, "• "), markedID(t, before, "▸ ")

	check := func(when string) {
		t.Helper()
		after := d.Screen()
		if !strings.Contains(after, strings.TrimSpace(status)) {
			t.Errorf("%s: the status %q became:\n%s", when, status, after)
		}
		if got := markedID(t, after, "• "); got != selected {
			t.Errorf("%s: selected row %s, want %s:\n%s", when, got, selected, after)
		}
		if got := markedID(t, after, "▸ "); got != cursor {
			t.Errorf("%s: cursor on %s, want %s:\n%s", when, got, cursor, after)
		}
	}
	refreshOnce(t, d, clock, calls, selected, every)
	check("after an auto-refresh")

	listings := calls.listings()
	d.Key("r")
	d.WaitFor("the refresh", wait, func(s string) bool {
		return calls.listings() > listings && !strings.Contains(s, "loading…")
	})
	check("after r")
}

// markedID is the instance id on the line that starts with mark (the cursor or selection gutter).
func markedID(t *testing.T, screen, mark string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if !strings.HasPrefix(strings.TrimLeft(l, " "), mark) {
			continue
		}
		if i := strings.Index(l, "i-"); i >= 0 {
			return strings.Fields(l[i:])[0]
		}
	}
	return "(none)"
}

// TestRefreshDropsSelectedRowsThatAreGone: selected rows deleted elsewhere leave the selection
// with a note, the others stay selected (issue 8, defect 3).
func TestRefreshDropsSelectedRowsThatAreGone(t *testing.T) {
	srv := freshMoto(t)
	const region = "ap-southeast-4"
	svc, err := model.Default().Load("ec2")
	if err != nil {
		t.Fatal(err)
	}
	ec2 := invoke.New(srv.AWSConfig(region), svc, invoke.Options{})
	for _, name := range []string{"kp-a", "kp-b", "kp-c"} {
		if _, err := ec2.Call(context.Background(), "CreateKeyPair", map[string]any{"KeyName": name}); err != nil {
			t.Fatal(err)
		}
	}
	d := startApp(t, srv, appConfig{region: region})
	d.WaitFor("the instances page", wait, func(s string) bool { return !strings.Contains(s, "loading…") })
	d.Key(":")
	d.Type("key-pair")
	d.Key("enter")
	d.WaitForText(wait, "3 key pairs", "kp-a", "kp-b", "kp-c")
	d.WaitFor("the listing to end", wait, func(s string) bool { return !strings.Contains(s, "loading…") })
	d.Key("space")
	d.Key("space")
	d.Key("space")
	d.WaitForText(wait, "3 key pairs · 3 selected")
	for _, name := range []string{"kp-a", "kp-c"} {
		if _, err := ec2.Call(context.Background(), "DeleteKeyPair", map[string]any{"KeyName": name}); err != nil {
			t.Fatal(err)
		}
	}
	d.Key("r")
	d.WaitForText(wait, "2 selected rows are gone after refresh", "1 key pair · 1 selected")
	if l := lineOf(d.Screen(), "kp-b"); !strings.Contains(l, "• ") && !strings.Contains(l, "▸ ") {
		t.Errorf("kp-b should still be selected:\n%s", d.Screen())
	}
}
