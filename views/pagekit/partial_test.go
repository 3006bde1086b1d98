package pagekit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

func newTestPage(t *testing.T, keys keymap.KeyMap) *TablePage {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p := NewTablePage(tui.Env{Ctx: ctx, Keys: keys, Styles: tui.NewStyles(true)}, "objects", []vtable.Column{{Title: "NAME", Flex: true}})
	return &p
}

func rows(n int) [][]string {
	out := make([][]string, n)
	for i := range out {
		out[i] = []string{fmt.Sprint("row-", i)}
	}
	return out
}

var internalError = fmt.Errorf("listing objects: %w", &invoke.APIError{Code: "InternalError", Message: "boom", StatusCode: 500})

func TestIncompleteListingSaysSoUntilResumed(t *testing.T) {
	p := newTestPage(t, keymap.Default())
	p.Loading = true
	p.Table.Append(rows(2000))
	resumed := 0
	p.FailAt(internalError, 3, func() tea.Cmd { resumed++; return nil })
	want := "incomplete: 2,000 objects, page 3 failed: InternalError — r retries from there"
	if got := p.Status(); got != want {
		t.Fatalf("status %q\nwant   %q", got, want)
	}
	if !p.Incomplete() || p.Loading {
		t.Fatal("a failed page leaves the page incomplete and not loading")
	}
	if _, ok := p.Resume(); !ok || resumed != 1 {
		t.Fatalf("Resume did not call the resume function (%d)", resumed)
	}
	if p.Incomplete() || !p.Loading || p.Err != nil {
		t.Fatalf("after Resume: incomplete %v, loading %v, err %v", p.Incomplete(), p.Loading, p.Err)
	}
	if _, ok := p.Resume(); ok {
		t.Fatal("a second Resume has nothing to resume")
	}
	p.Done("")
	if got := p.Status(); got != "2,000 objects" {
		t.Fatalf("status after the rest arrived: %q", got)
	}
}

func TestIncompleteMarkerNamesTheRemappedKey(t *testing.T) {
	keys := keymap.Default()
	keys.Table.Refresh = key.NewBinding(key.WithKeys("F5"), key.WithHelp("F5", "refresh"))
	p := newTestPage(t, keys)
	p.Table.Append(rows(3))
	p.FailAt(internalError, 2, nil)
	if got, want := p.Status(), "incomplete: 3 objects, page 2 failed: InternalError — F5 retries from there"; got != want {
		t.Fatalf("status %q, want %q", got, want)
	}
	if _, ok := p.Resume(); ok {
		t.Fatal("without a resume function the page must reload")
	}
}

func TestFailedRefreshKeepsStaleRowsAndSaysSo(t *testing.T) {
	p := newTestPage(t, keymap.Default())
	p.Table.Append(rows(12))
	p.BeginReload()
	p.FailAt(&invoke.APIError{Code: "Throttling"}, 1, nil)
	if got, want := p.Status(), "stale: 12 objects, refresh failed: Throttling — r retries"; got != want {
		t.Fatalf("status %q, want %q", got, want)
	}
}

func TestFirstPageFailureWithNoRowsIsNotIncomplete(t *testing.T) {
	p := newTestPage(t, keymap.Default())
	p.FailAt(internalError, 1, nil)
	if p.Incomplete() || p.Status() != "0 objects" {
		t.Fatalf("no rows: status %q", p.Status())
	}
}

func TestCause(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{internalError, "InternalError"},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), "timed out"},
		{errors.New("listing: read tcp: connection reset by peer"), "connection reset by peer"},
		{&invoke.APIError{Code: "Bad\x1b[31mCode"}, `Bad\x1b[31mCode`},
	} {
		if got := Cause(tc.err); got != tc.want {
			t.Errorf("Cause(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestAutoRefreshBacksOffOnThrottlingAndStops(t *testing.T) {
	throttled := fmt.Errorf("listing: %w", &invoke.APIError{Code: "Throttling", StatusCode: 400})
	a := AutoRefresh{Interval: 30 * time.Second}
	next := func() time.Duration {
		t.Helper()
		d, ok := a.Next()
		if !ok {
			t.Fatal("auto-refresh stopped early")
		}
		return d
	}
	if d := next(); d != 30*time.Second || a.Note("r") != "" {
		t.Fatalf("first refresh in %s, note %q", d, a.Note("r"))
	}
	a.Failed(throttled)
	if d := next(); d != time.Minute || a.Note("r") != "throttled: next refresh in 1m" {
		t.Fatalf("after one throttle: %s, %q", d, a.Note("r"))
	}
	a.Failed(throttled)
	if d := next(); d != 2*time.Minute {
		t.Fatalf("after two throttles: %s", d)
	}
	a.Failed(throttled)
	if _, ok := a.Next(); ok || !a.Stopped() {
		t.Fatal("three failures in a row should stop auto-refresh")
	}
	if got, want := a.Note("r"), "auto-refresh stopped after 3 failures — r resumes"; got != want {
		t.Fatalf("note %q, want %q", got, want)
	}
	a.Manual()
	if d := next(); d != 30*time.Second || a.Note("r") != "" {
		t.Fatalf("after a manual refresh: %s, %q", d, a.Note("r"))
	}
	// A failure that is not throttling counts towards the stop but does not slow down.
	a.Failed(internalError)
	if d := next(); d != 30*time.Second {
		t.Fatalf("after an InternalError: %s", d)
	}
	a.Succeeded()
	a.Failed(internalError)
	a.Failed(internalError)
	if _, ok := a.Next(); !ok {
		t.Fatal("a success in between restarts the count")
	}
}

func TestAutoRefreshBackoffIsCapped(t *testing.T) {
	throttled := &invoke.APIError{Code: "SlowDown"}
	a := AutoRefresh{Interval: 2 * time.Minute}
	a.Failed(throttled)
	a.Failed(throttled)
	if d, ok := a.Next(); !ok || d != MaxRefreshBackoff {
		t.Fatalf("2m doubled twice: %s, want the cap %s", d, MaxRefreshBackoff)
	}
	off := AutoRefresh{}
	off.Failed(throttled)
	if _, ok := off.Next(); ok || off.Note("r") != "" {
		t.Fatal("auto-refresh off stays off and says nothing")
	}
}
