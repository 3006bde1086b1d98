package views_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views"
	"github.com/nimbus-tui/nimbus/views/s3"
)

const wait = 10 * time.Second

// newApp runs nimbus on a config with three profiles, one of them broken, and no network: the
// pickers never call AWS.
func newApp(t *testing.T) *tuitest.Driver {
	t.Helper()
	return newAppWith(t, nil, nil)
}

// newAppWith is newApp with the manager's options changed by opts and the list of recently used
// profiles from recent.
func newAppWith(t *testing.T, opts func(*sessionmgr.Options), recent func() []string) *tuitest.Driver {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	os.WriteFile(cfg, []byte(`[default]
region = eu-west-1

[profile prod]
region = us-west-2
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default

[profile broken]
source_profile = nowhere
role_arn = arn:aws:iam::111122223333:role/X
`), 0o600)
	creds := filepath.Join(dir, "credentials")
	os.WriteFile(creds, []byte("[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n"), 0o600)
	o := sessionmgr.Options{ConfigFile: cfg, CredentialsFile: creds, Getenv: func(string) string { return "" }}
	if opts != nil {
		opts(&o)
	}
	mgr, err := sessionmgr.New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	cmds := tui.NewCommands()
	browser := s3.NewBrowser(env)
	views.Register(cmds, views.Deps{Env: env, Sessions: mgr, Browser: browser, Recent: recent})
	profile, region := mgr.Initial()
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds,
		Session:       tui.Session{Profile: profile, Region: region, Load: mgr.Config},
		Start:         func(s tui.Session) tui.Page { return emptyPage(env) },
		ProfileRegion: mgr.RegionOnSwitch,
	})
	return tuitest.New(t, app, 100, 30)
}

func TestProfilePickerSwitchesProfileAndItsRegion(t *testing.T) {
	d := newApp(t)
	d.WaitForText(wait, "default · eu-west-1")
	d.Key("P")
	d.WaitForText(wait, "profiles", "prod", "us-west-2", "broken")
	// Statuses are filled in the background: plain keys are ok, a role is assumed only when used.
	d.WaitFor("every status", wait, func(s string) bool {
		return strings.Contains(s, "checked on first use") && !strings.Contains(s, "checking…")
	})
	tuitest.Golden(t, "profiles", d.Screen())
	if !strings.Contains(d.Screen(), "✗") {
		t.Errorf("the broken profile should show its error:\n%s", d.Screen())
	}
	d.Key("/")
	d.Type("prod")
	d.Key("enter")
	d.WaitForText(wait, "1 of 3 profiles")
	d.Key("enter")
	d.WaitForText(wait, "prod · us-west-2")
	if strings.Contains(d.Screen(), "3 profiles") {
		t.Fatalf("the picker should close:\n%s", d.Screen())
	}
}

// With --region the region stays what it is (the pinned one, or the one chosen since) when the
// profile changes; without it the profile's own region comes with it (above).
func TestProfileSwitchKeepsAPinnedRegion(t *testing.T) {
	d := newAppWith(t, func(o *sessionmgr.Options) { o.Region = "ap-south-1" }, nil)
	d.WaitForText(wait, "default · ap-south-1")
	d.Key(":")
	d.Type("profile prod")
	d.Key("enter")
	d.WaitForText(wait, "prod · ap-south-1")
	d.Key(":")
	d.Type("region eu-north-1")
	d.Key("enter")
	d.WaitForText(wait, "prod · eu-north-1")
	d.Key(":")
	d.Type("profile default")
	d.Key("enter")
	d.WaitForText(wait, "default · eu-north-1")
}

// The list puts the profiles used last on top, most recent first.
func TestProfilePickerListsRecentProfilesFirst(t *testing.T) {
	d := newAppWith(t, nil, func() []string { return []string{"prod", "gone", "broken"} })
	d.Key("P")
	d.WaitForText(wait, "3 profiles")
	var order []string
	for _, l := range strings.Split(d.Screen(), "\n") {
		for _, name := range []string{"prod ", "broken ", "default "} {
			if strings.Contains(l, "│ ▸ "+name) || strings.Contains(l, "│   "+name) {
				order = append(order, strings.TrimSpace(name))
			}
		}
	}
	if strings.Join(order, " ") != "prod broken default" {
		t.Fatalf("order %v:\n%s", order, d.Screen())
	}
}

func TestRegionCommandAndPicker(t *testing.T) {
	d := newApp(t)
	d.Key(":")
	d.Type("region ap-southeast-2")
	d.Key("enter")
	d.WaitForText(wait, "default · ap-southeast-2")
	d.Key("R")
	d.WaitForText(wait, "38 regions", "▸ ap-southeast-2", "yes")
	if !strings.Contains(d.Screen(), "\nhome ") {
		t.Errorf("the picker opens over the page, whose breadcrumbs stay:\n%s", d.Screen())
	}
	d.Key("/")
	d.Type("eu-north")
	d.Key("enter")
	d.WaitForText(wait, "1 of ")
	d.Key("enter")
	d.WaitForText(wait, "default · eu-north-1")
}

func TestUnknownProfileIsRefusedWithAMessage(t *testing.T) {
	d := newApp(t)
	d.Key(":")
	d.Type("profile prdo")
	d.Key("enter")
	d.WaitForText(wait, `no profile "prdo"`, "default · eu-west-1")
}

// `:region mars-1` was accepted silently and `:region x@127.0.0.1:5399#` would have chosen the
// host of every call: the first switches with a warning, the second is refused.
func TestRegionCommandValidatesTheName(t *testing.T) {
	d := newApp(t)
	d.Key(":")
	d.Type("region x@127.0.0.1:5399#")
	d.Key("enter")
	d.WaitForText(wait, "is not valid", "default · eu-west-1")
	d.Key(":")
	d.Type("region mars-1")
	d.Key("enter")
	d.WaitForText(wait, "default · mars-1", "not a known AWS region")
}

// Issue 8 #10: :aliases and ctrl+a did nothing although an error message pointed at them.
func TestAliasesPageListsEveryCommandAndRunsOne(t *testing.T) {
	d := newApp(t)
	d.WaitForText(wait, "default · eu-west-1")
	d.Key("ctrl+a")
	d.WaitForText(wait, "aliases", "COMMAND", "ALIASES", "services", "svc api client", "q q! exit")
	tuitest.Golden(t, "aliases", d.Screen())
	d.Key("/")
	d.Type("region")
	d.Key("enter")
	d.WaitForText(wait, "1 of 8 commands")
	d.Key("enter") // runs :region, which opens the region picker
	d.WaitForText(wait, "38 regions", "▸ eu-west-1")
	if strings.Contains(d.Screen(), "commands") {
		t.Errorf("the aliases picker should have closed:\n%s", d.Screen())
	}
}

// A profile with nothing in it was listed ok; it now says it has no credentials, and a profile
// with an MFA device says it will need a code — without asking for one.
func TestProfilePickerShowsHonestStatuses(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	os.WriteFile(cfg, []byte(`[default]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = secret
[profile empty]
region = eu-west-1
[profile mfa]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::111122223333:mfa/ana
`), 0o600)
	env := map[string]string{"AWS_EC2_METADATA_DISABLED": "true"}
	mgr, err := sessionmgr.New(sessionmgr.Options{ConfigFile: cfg, CredentialsFile: os.DevNull,
		Getenv: func(k string) string { return env[k] },
		MFAPrompt: func(sessionmgr.MFARequest) (string, error) {
			t.Error("the list asked for an MFA code")
			return "", sessionmgr.ErrMFACancelled
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	tenv := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	cmds := tui.NewCommands()
	views.Register(cmds, views.Deps{Env: tenv, Sessions: mgr, Browser: s3.NewBrowser(tenv)})
	app := tui.New(tui.Options{
		Context: ctx, Keys: tenv.Keys, Styles: tenv.Styles, Commands: cmds,
		Session: tui.Session{Profile: "default", Region: "us-east-1", Load: mgr.Config},
		Start:   func(s tui.Session) tui.Page { return emptyPage(tenv) },
	})
	d := tuitest.New(t, app, 140, 30)
	d.Key("P")
	d.WaitFor("every status", wait, func(s string) bool {
		return strings.Contains(s, "STATUS") && !strings.Contains(s, "checking…")
	})
	for _, want := range []string{"✗ no credentials", "• needs MFA code", "static    –          –                      ok"} {
		if !strings.Contains(d.Screen(), want) {
			t.Fatalf("want %q:\n%s", want, d.Screen())
		}
	}
}

// Every kind of profile with what the list says of it: kind, region, where its credentials come
// from, whether nimbus's config makes it read-only, and a status that is true without asking for
// anything; the profiles used last on top.
func TestProfileListGolden(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	os.WriteFile(cfg, []byte(`[default]
region = eu-west-1
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = secret
[profile sso-corp]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-central-1
[profile admin]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = sso-corp
[profile prod]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = admin
region = us-east-2
[profile mfa]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::111122223333:mfa/ana
[profile proc]
credential_process = /bin/false
[profile web]
role_arn = arn:aws:iam::111122223333:role/Web
web_identity_token_file = `+filepath.Join(dir, "no-token")+`
[profile signin]
login_session = arn:aws:iam::111122223333:user/ana
[profile empty]
region = ap-south-1
[profile broken]
role_arn = arn:aws:iam::111122223333:role/X
source_profile = nowhere
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`), 0o600)
	env := map[string]string{"AWS_EC2_METADATA_DISABLED": "true", "HOME": dir,
		"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret"}
	// nimbus's config makes prod and admin read-only (a rule and a glob, as config.yaml has them).
	readOnly := func(p string) string {
		if ok, _ := filepath.Match("prod*", p); ok || p == "admin" {
			return "config.yaml: " + p
		}
		return ""
	}
	mgr, err := sessionmgr.New(sessionmgr.Options{ConfigFile: cfg, CredentialsFile: os.DevNull,
		Getenv: func(k string) string { return env[k] }, ProfileReadOnly: readOnly})
	if err != nil {
		t.Fatal(err)
	}
	// A role opened from :accounts and not written: listed, and said to be in no file.
	if _, err := mgr.OpenSSORole("sso-corp", "999988887777", "ReadOnly"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	tenv := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	cmds := tui.NewCommands()
	views.Register(cmds, views.Deps{Env: tenv, Sessions: mgr, Browser: s3.NewBrowser(tenv),
		Recent: func() []string { return []string{"prod", "mfa"} }})
	app := tui.New(tui.Options{
		Context: ctx, Keys: tenv.Keys, Styles: tenv.Styles, Commands: cmds,
		Session: tui.Session{Profile: "prod", Region: "us-east-2", Load: mgr.Config},
		Start:   func(s tui.Session) tui.Page { return emptyPage(tenv) },
	})
	d := tuitest.New(t, app, 160, 24)
	d.Key("P")
	d.WaitFor("every status", wait, func(s string) bool {
		return strings.Contains(s, "STATUS") && !strings.Contains(s, "checking…")
	})
	tuitest.Golden(t, "profile-list", d.Screen())
	d.Key("/")
	d.Type("role")
	d.Key("enter")
	d.WaitForText(wait, "4 of 12 profiles")
}
