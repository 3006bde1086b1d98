package clients_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// An operation that reveals a secret runs from the form only after a confirmation, and
// --readonly allows it (it changes nothing).
func TestRevealingCallAsksFirstAndRunsUnderReadOnly(t *testing.T) {
	srv := motoserver.StartShared(t)
	name := fmt.Sprintf("s-%d", time.Now().UnixNano())
	const value = "hunter2-FORM-MARKER"
	call(t, srv, "secretsmanager", "CreateSecret", map[string]any{"Name": name, "SecretString": value})

	seen := &targets{}
	proxy := faultproxy.Start(t, srv.URL, seen.rule)
	clock := tuitest.NewClock(time.Now())
	d := newAppAt(t, srv, proxy.URL, true, clock)
	// The filter also matches BatchGetSecretValue; the exact name is ranked first.
	command(d, "services secretsmanager")
	d.WaitForText(wait, "services › secretsmanager", "operations")
	d.Key("/")
	d.Type("GetSecretValue")
	d.Key("enter")
	d.WaitForText(wait, "▸ GetSecretValue", "BatchGetSecretValue")
	d.Key("enter")
	d.WaitForText(wait, "› GetSecretValue")
	d.WaitForText(wait, "reveals-secret") // the form's status names the class
	d.Type(name)
	d.Key("ctrl+s")
	d.WaitForText(wait, "Reveal a secret", "shows a secret on screen", "y / enter confirm")
	if n := seen.count("secretsmanager.GetSecretValue"); n != 0 {
		t.Fatalf("GetSecretValue was sent before the confirmation (%d times)", n)
	}
	clock.Advance(time.Second) // the confirmation ignores keys pressed as it opens
	d.Key("y")
	d.WaitForText(wait, "GetSecretValue result", value)
	if n := seen.count("secretsmanager.GetSecretValue"); n != 1 {
		t.Fatalf("GetSecretValue sent %d times, want once", n)
	}
	if strings.Contains(d.Screen(), "read-only mode") {
		t.Errorf("a reveal was refused in read-only mode:\n%s", d.Screen())
	}
}
