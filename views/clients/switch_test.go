package clients_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/tui"
)

// Issue 9 #5: a call's result stayed on screen under the next profile's name after a switch, as
// if that profile had answered it. The result is not called again (it may have changed
// something); it says whose it is until the session is back.
func TestResultOfTheOldSessionIsMarkedAfterASwitch(t *testing.T) {
	d := newApp(t, motoserver.StartShared(t), false)
	openOperation(t, d, "sts", "GetCallerIdentity")
	d.Key("ctrl+s")
	d.WaitForText(wait, "GetCallerIdentity result", `Account: "123456789012"`)
	d.Send(tui.SwitchSessionMsg{Profile: "other", Region: "eu-west-1"})
	d.WaitForText(wait, "other · eu-west-1", "data of test · us-east-1, not of other · eu-west-1")
	if !strings.Contains(d.Screen(), `Account: "123456789012"`) {
		t.Fatalf("the result stays, marked:\n%s", d.Screen())
	}
	d.Send(tui.SwitchSessionMsg{Profile: "test", Region: "us-east-1"})
	d.WaitFor("the mark gone", wait, func(s string) bool {
		return strings.Contains(s, "test · us-east-1") && !strings.Contains(s, "data of test")
	})
}

// A call under way when the session switches is cancelled with the old session's tasks: the
// page must not say "calling…" for ever.
func TestCallUnderWayEndsOnASwitch(t *testing.T) {
	release := make(chan struct{})
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); stall.Close() })
	d := newAppAt(t, motoserver.StartShared(t), stall.URL, false, nil)
	openOperation(t, d, "sts", "GetCallerIdentity")
	d.Key("ctrl+s")
	d.WaitForText(wait, "calling GetCallerIdentity")
	d.Send(tui.SwitchSessionMsg{Profile: "other"})
	d.WaitFor("the call forgotten", wait, func(s string) bool {
		return strings.Contains(s, "other · us-east-1") && !strings.Contains(s, "calling GetCallerIdentity")
	})
}
