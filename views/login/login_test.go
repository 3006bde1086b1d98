package login_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/internal/ssofake"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/login"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

const wait = 20 * time.Second

type blank struct{ tasks *tui.Tasks }

func (b *blank) Title() string          { return "home" }
func (b *blank) Init() tea.Cmd          { return nil }
func (b *blank) Update(tea.Msg) tea.Cmd { return nil }
func (b *blank) SetSize(int, int)       {}
func (b *blank) View() string           { return "" }
func (b *blank) Keys() help.KeyMap      { return pagekit.KeyMap{} }
func (b *blank) Tasks() *tui.Tasks      { return b.tasks }

const config = `[profile base]
aws_access_key_id = testing
aws_secret_access_key = testing
[profile mfa]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/ana
[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`

// app runs the TUI shell over a Manager whose MFA prompt is a broker answered by the dialog, with
// the :login command, starting on profile; asked counts the MFA questions.
func app(t *testing.T, profile string, clock tui.Clock, opened *atomic.Bool) (*tuitest.Driver, *sessionmgr.Manager, *atomic.Int64) {
	t.Helper()
	moto := motoserver.StartShared(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "config")
	if err := os.WriteFile(cfg, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	broker := sessionmgr.NewMFABroker(ctx)
	asked := &atomic.Int64{}
	t.Setenv("AWS_ENDPOINT_URL_STS", moto.URL) // SSO-OIDC and the portal: the tests' AWS_ENDPOINT_URL_SSO*
	mgr, err := sessionmgr.New(sessionmgr.Options{ConfigFile: cfg, CredentialsFile: os.DevNull,
		Getenv: func(k string) string {
			if k == "HOME" {
				return home
			}
			return ""
		},
		MFAPrompt: func(r sessionmgr.MFARequest) (string, error) { asked.Add(1); return broker.Prompt(r) }})
	if err != nil {
		t.Fatal(err)
	}
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	cmds := tui.NewCommands()
	login.Register(cmds, login.Deps{Env: env, Sessions: mgr, LocalBrowser: func() bool { return false }, OpenBrowser: func(string) bool {
		if opened != nil {
			opened.Store(true)
		}
		return opened != nil
	}})
	listener := login.NewMFAListener(env, broker)
	a := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds,
		Session: tui.Session{Profile: profile, Region: "us-east-1", Load: mgr.Config},
		Start:   func(tui.Session) tui.Page { return &blank{tasks: tui.NewTasks(ctx)} },
		Identity: func(ctx context.Context, s tui.Session) (tui.Identity, error) {
			id, err := mgr.Identity(ctx, s.Profile, s.Region)
			return tui.Identity{Account: id.Account, ARN: id.ARN}, err
		},
		Components: []tui.Component{listener},
	})
	d := tuitest.New(t, a, 120, 30)
	d.Send(tea.BatchMsg{listener.Listen()})
	return d, mgr, asked
}

// A profile with an MFA device asks for the code in a dialog (digits only, the device shown); the
// session goes on with the role; switching away and back asks nothing more.
func TestMFADialogAsksOnceAndTheSessionContinues(t *testing.T) {
	d, _, asked := app(t, "mfa", nil, nil)
	d.WaitForText(wait, "MFA code", "arn:aws:iam::123456789012:mfa/ana", "role/Admin", "code: ______")
	d.Type("12x")
	d.WaitForText(wait, "code: 12____", "digits only")
	d.Key("enter")
	d.WaitForText(wait, "an MFA code is 6 digits")
	d.Type("3456")
	d.Key("enter")
	d.WaitForText(wait, "assumed-role/Admin")
	if strings.Contains(d.Screen(), "MFA code") {
		t.Fatalf("the dialog stayed open:\n%s", d.Screen())
	}
	d.Send(tui.SwitchSessionMsg{Profile: "base"})
	d.WaitForText(wait, "user/")
	d.Send(tui.SwitchSessionMsg{Profile: "mfa"})
	d.WaitForText(wait, "assumed-role/Admin")
	if n := asked.Load(); n != 1 {
		t.Fatalf("asked %d times, want 1", n)
	}
}

// esc cancels: the call fails saying so, nothing waits forever.
func TestMFADialogCancelled(t *testing.T) {
	d, mgr, _ := app(t, "mfa", nil, nil)
	d.WaitForText(wait, "MFA code")
	d.Key("esc")
	d.WaitForText(wait, "identity unknown")
	if st := mgr.Status(context.Background(), "mfa"); st.State != sessionmgr.StateNeedsMFA || !strings.Contains(st.Reason, "cancelled") {
		t.Fatalf("Status after cancel = %v", st)
	}
}

// :login shows the URL and the code, says the browser was opened, polls on the app's clock
// through authorization_pending and slow_down, and saves the token.
func TestLoginDialog(t *testing.T) {
	fake := ssofake.Start(t)
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", fake.URL)
	t.Setenv("AWS_ENDPOINT_URL_SSO", fake.URL)
	fake.Answers = []string{"pending", "slow_down"}
	clock := tuitest.NewClock(time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC))
	opened := &atomic.Bool{}
	d, mgr, _ := app(t, "base", clock, opened)
	d.Key(":")
	d.Type("login sso")
	d.Key("enter")
	d.WaitForText(wait, "SSO login · sso", "https://device.sso.example.com/?user_code=ABCD-EFGH", "ABCD-EFGH",
		"opened in your browser", "expires in")
	for _, step := range []time.Duration{time.Second, time.Second, 6 * time.Second} {
		sleeping(t, d, clock, 1)
		clock.Advance(step)
	}
	d.WaitForText(wait, "logged in to sso-session corp")
	if strings.Contains(d.Screen(), "SSO login") {
		t.Fatalf("the dialog stayed open:\n%s", d.Screen())
	}
	if st := mgr.Status(context.Background(), "sso"); st.State != sessionmgr.StateOK {
		t.Fatalf("Status after login = %v", st)
	}
	// L on an SSO profile with a good token says so instead of asking again.
	d.Send(tui.SwitchSessionMsg{Profile: "sso"})
	d.Key("L")
	d.WaitForText(wait, "already logged in")
	if n := fake.Requests("StartDeviceAuthorization"); n != 1 {
		t.Fatalf("%d device authorizations, want 1", n)
	}
}

// esc ends the login: no more polling.
func TestLoginDialogCancelled(t *testing.T) {
	fake := ssofake.Start(t)
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", fake.URL)
	t.Setenv("AWS_ENDPOINT_URL_SSO", fake.URL)
	fake.Answers = []string{"pending", "pending", "pending"}
	clock := tuitest.NewClock(time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC))
	d, _, _ := app(t, "sso", clock, nil)
	d.Key("L")
	d.WaitForText(wait, "ABCD-EFGH")
	if strings.Contains(d.Screen(), "opened in your browser") {
		t.Fatalf("says opened though no browser was:\n%s", d.Screen())
	}
	sleeping(t, d, clock, 1)
	d.Key("esc")
	sleeping(t, d, clock, 0)
	if strings.Contains(d.Screen(), "ABCD-EFGH") || fake.Requests("CreateToken") != 0 {
		t.Fatalf("after esc: %d polls\n%s", fake.Requests("CreateToken"), d.Screen())
	}
}

// sleeping runs the app until n waits are pending on the fake clock.
func sleeping(t *testing.T, d *tuitest.Driver, clock *tuitest.Clock, n int) {
	t.Helper()
	d.WaitFor("the next poll", wait, func(string) bool { return clock.Sleepers() == n })
}

// A code that expired unapproved, or a login refused in the browser, ends the dialog's polling
// with that said and the way to try again; the dialog stays until closed.
func TestLoginDialogSaysWhenTheCodeExpiredOrWasRefused(t *testing.T) {
	for answer, want := range map[string]string{"expired": "the login code expired before it was approved", "denied": "the login was refused in the browser"} {
		t.Run(answer, func(t *testing.T) {
			fake := ssofake.Start(t)
			t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", fake.URL)
			t.Setenv("AWS_ENDPOINT_URL_SSO", fake.URL)
			fake.Answers = []string{"pending", answer}
			clock := tuitest.NewClock(time.Date(2026, 12, 4, 14, 0, 0, 0, time.UTC))
			d, _, _ := app(t, "sso", clock, nil)
			d.Key("L")
			d.WaitForText(wait, "ABCD-EFGH")
			// Step the clock past each poll's wait until the dialog says how the login ended.
			for range 5 {
				done := false
				d.WaitFor("the next poll or the end", wait, func(s string) bool {
					done = strings.Contains(s, "✗ "+want)
					return done || clock.Sleepers() == 1
				})
				if done {
					break
				}
				clock.Advance(6 * time.Second)
			}
			d.WaitForText(wait, "✗ "+want, "esc closes", "L tries again")
			sleeping(t, d, clock, 0)
			if n := fake.Requests("CreateToken"); n != 2 {
				t.Fatalf("%d polls, want 2 (none after the end)", n)
			}
			d.Key("esc")
			d.WaitFor("the dialog closed", wait, func(s string) bool { return !strings.Contains(s, want) })
		})
	}
}
