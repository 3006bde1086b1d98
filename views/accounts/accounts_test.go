package accounts_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/ssofake"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/accounts"
	"github.com/nimbus-tui/nimbus/views/login"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

const wait = 20 * time.Second

const config = `[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-west-1
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`

type blank struct{ tasks *tui.Tasks }

func (b *blank) Title() string          { return "home" }
func (b *blank) Init() tea.Cmd          { return nil }
func (b *blank) Update(tea.Msg) tea.Cmd { return nil }
func (b *blank) SetSize(int, int)       {}
func (b *blank) View() string           { return "" }
func (b *blank) Keys() help.KeyMap      { return pagekit.KeyMap{} }
func (b *blank) Tasks() *tui.Tasks      { return b.tasks }

// app is the shell as ui.go wires it for these pages: :accounts, :login and the remedy dialogs,
// over the fake IAM Identity Center.
func app(t *testing.T, fake *ssofake.Server) (*tuitest.Driver, *sessionmgr.Manager, *tuitest.Clock, string) {
	t.Helper()
	home := t.TempDir()
	cfg := filepath.Join(home, ".aws", "config")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	if err := os.WriteFile(cfg, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", fake.URL)
	t.Setenv("AWS_ENDPOINT_URL_SSO", fake.URL)
	clock := tuitest.NewClock(time.Now().UTC().Truncate(time.Second))
	mgr, err := sessionmgr.New(sessionmgr.Options{ConfigFile: cfg, CredentialsFile: os.DevNull, Now: clock.Now,
		Getenv: func(k string) string {
			if k == "HOME" {
				return home
			}
			return ""
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	cmds := tui.NewCommands()
	deps := login.Deps{Env: env, Sessions: mgr, OpenBrowser: func(string) bool { return false }, LocalBrowser: func() bool { return false }}
	login.Register(cmds, deps)
	accounts.Register(cmds, accounts.Deps{Env: env, Sessions: mgr})
	a := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Clock: clock,
		Session:       tui.Session{Profile: "sso", Region: "eu-west-1", Load: mgr.Config},
		Start:         func(tui.Session) tui.Page { return &blank{tasks: tui.NewTasks(ctx)} },
		ProfileRegion: mgr.RegionFor,
		Advise:        sessionmgr.Advise,
		Remedy:        login.Remedy(deps),
	})
	d := tuitest.New(t, a, 150, 30)
	// The app's first frame starts a short settle on this clock before its late work (tui/late.go);
	// let it pass, so the only sleeper the tests then count is the login's poll.
	clock.WaitSleepers(t, 1, wait)
	clock.Advance(time.Second)
	return d, mgr, clock, cfg
}

func command(d *tuitest.Driver, line string) {
	d.Key(":")
	d.Type(line)
	d.Key("enter")
}

// Not logged in: the page says so and offers the login; once logged in it lists every account
// and role over every page of the portal, and filters.
func TestAccountsPageLogsInThenListsEveryRole(t *testing.T) {
	fake := ssofake.Start(t)
	d, _, clock, _ := app(t, fake)
	command(d, "accounts")
	d.WaitForText(wait, "not logged in to sso-session corp", "enter logs in")
	d.Key("enter")
	d.WaitForText(wait, "ABCD-EFGH")
	d.WaitFor("the poll", wait, func(string) bool { return clock.Sleepers() == 1 })
	clock.Advance(time.Second)
	d.WaitForText(wait, "logged in to sso-session corp")
	d.WaitForText(wait, "6 roles", "audit", "777788889999", "Billing", "dev", "Developer", "prod", "111122223333", "Admin", "ReadOnly", "sso")
	if fake.Requests("ListAccounts") != 2 {
		t.Errorf("ListAccounts %d times, want 2 (pages of 2 accounts)", fake.Requests("ListAccounts"))
	}
	d.Key("/")
	d.Type("audit")
	d.Key("enter")
	d.WaitForText(wait, "3 of 6 roles")
}

// enter opens a session for a role that has no profile; w shows the profile, then appends it.
func TestAccountsPageOpensAndWritesARole(t *testing.T) {
	fake := ssofake.Start(t)
	d, mgr, clock, cfg := app(t, fake)
	s, _ := mgr.SSOSessionFor("sso")
	if err := sessionmgr.WriteSSOToken(s.CacheFile, sessionmgr.SSOToken{StartURL: s.StartURL, Region: s.Region,
		AccessToken: fake.IssueToken(), ExpiresAt: clock.Now().Add(8 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	command(d, "accounts")
	d.WaitForText(wait, "6 roles")
	d.Key("/")
	d.Type("Developer")
	d.Key("enter")
	d.WaitForText(wait, "1 of 6 roles")
	before, _ := os.ReadFile(cfg)
	d.Key("w")
	d.WaitForText(wait, "Add profile Developer-444455556666", "[profile Developer-444455556666]", "sso_account_id = 444455556666")
	clock.Advance(time.Second) // past the confirmation's grace
	d.Key("y")
	d.WaitForText(wait, "added profile Developer-444455556666")
	after, _ := os.ReadFile(cfg)
	if !strings.HasPrefix(string(after), string(before)) || !strings.Contains(string(after), "sso_role_name = Developer\n") {
		t.Fatalf("config after w:\n%s", after)
	}
	d.Key("esc") // the filter
	d.WaitForText(wait, "6 roles")
	d.Key("/")
	d.Type("Auditor")
	d.Key("enter")
	d.WaitForText(wait, "1 of 6 roles")
	d.Key("enter")
	d.WaitForText(wait, "switched to Auditor-777788889999")
	if p, ok := mgr.Profile("Auditor-777788889999"); !ok || p.Source != sessionmgr.SourceSession {
		t.Fatalf("the session's profile: %+v", p)
	}
}
