package login_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/login"
)

// remapped is an env whose submit and cancel keys are the user's own, not enter and esc.
func remapped(t *testing.T) tui.Env {
	t.Helper()
	keys := keymap.Default()
	if err := keys.Apply(map[string][]string{"input.submit": {"ctrl+o"}, "input.cancel": {"ctrl+g"}}); err != nil {
		t.Fatal(err)
	}
	return tui.Env{Ctx: context.Background(), Keys: keys, Styles: tui.NewStyles(true)}
}

type answer struct {
	code string
	err  error
}

// question asks broker one MFA question; the answer arrives on the returned channel.
func question(t *testing.T) (sessionmgr.MFAQuestion, <-chan answer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	broker := sessionmgr.NewMFABroker(ctx)
	got := make(chan answer, 1)
	go func() {
		code, err := broker.Prompt(sessionmgr.MFARequest{Profile: "mfa", SerialNumber: "arn:aws:iam::123456789012:mfa/ana"})
		got <- answer{code, err}
	}()
	return <-broker.Questions(), got
}

func closes(t *testing.T, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		t.Fatal("the key did nothing")
	}
	if _, ok := cmd().(tui.CloseMsg); !ok {
		t.Fatal("the key did not close the dialog")
	}
}

func footer(t *testing.T, d tui.Dialog, want ...string) {
	t.Helper()
	var got []string
	for _, b := range d.Keys().ShortHelp() {
		got = append(got, b.Help().Key+" "+b.Help().Desc)
	}
	if strings.Join(got, " · ") != strings.Join(want, " · ") {
		t.Fatalf("footer %q, want %q", got, want)
	}
}

// The MFA dialog answers on the user's submit key and cancels on the user's cancel key; its
// footer names those keys; enter and esc are no longer the dialog's.
func TestMFADialogUsesRemappedKeys(t *testing.T) {
	env := remapped(t)
	q, got := question(t)
	d := login.NewMFADialog(env, q)
	footer(t, d, "ctrl+o send the code", "ctrl+g cancel")
	for _, k := range []string{"1", "2", "3", "4", "5", "6"} {
		d.Update(tuitest.KeyPress(k))
	}
	if cmd := d.Update(tuitest.KeyPress("enter")); cmd != nil {
		t.Fatal("enter answered though submit is ctrl+o")
	}
	closes(t, d.Update(tuitest.KeyPress("ctrl+o")))
	if a := <-got; a.err != nil || a.code != "123456" {
		t.Fatalf("answer %q, %v; want 123456", a.code, a.err)
	}

	q, got = question(t)
	d = login.NewMFADialog(env, q)
	if cmd := d.Update(tuitest.KeyPress("esc")); cmd != nil {
		t.Fatal("esc cancelled though cancel is ctrl+g")
	}
	closes(t, d.Update(tuitest.KeyPress("ctrl+g")))
	if a := <-got; !errors.Is(a.err, sessionmgr.ErrMFACancelled) {
		t.Fatalf("answer %q, %v; want cancelled", a.code, a.err)
	}
}

// The SSO login dialog ends on the user's cancel key and says so in its footer.
func TestLoginDialogUsesRemappedCancel(t *testing.T) {
	d := login.NewLoginDialog(login.Deps{Env: remapped(t)}, "sso", false)
	footer(t, d, "ctrl+g cancel")
	if cmd := d.Update(tuitest.KeyPress("esc")); cmd != nil {
		t.Fatal("esc closed though cancel is ctrl+g")
	}
	closes(t, d.Update(tuitest.KeyPress("ctrl+g")))
}
