package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/recent"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// An SSO role opened from :accounts without writing a profile is in the profile list again after
// a restart — opened in memory from the recent list, marked as in no file — and ~/.aws/config is
// left as it was.
func TestSSORoleFromAccountsIsListedAfterARestart(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	text := "[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = eu-west-1\n" +
		"[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	start := func() (*sessionmgr.Manager, *recent.List) {
		mgr, err := sessionmgr.New(sessionmgr.Options{ConfigFile: cfg, CredentialsFile: os.DevNull,
			Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		l, err := recent.Load(filepath.Join(dir, "nimbus", "recent.json"))
		if err != nil {
			t.Fatal(err)
		}
		reopenRoles(mgr, l)
		return mgr, l
	}

	mgr, l := start()
	name, err := mgr.OpenSSORole("sso", "444455556666", "ReadOnly")
	if err != nil {
		t.Fatal(err)
	}
	if msg := touchProfile(l, mgr, name)(); msg != nil { // the switch to it
		t.Fatal(msg)
	}

	again, _ := start()
	p, ok := again.Profile(name)
	if !ok || p.Source != sessionmgr.SourceSession || p.Region != "eu-west-1" {
		t.Fatalf("after a restart %s is %+v (listed %v)", name, p, ok)
	}
	if r, ok := again.SessionRole(name); !ok || r.Account != "444455556666" || r.Role != "ReadOnly" {
		t.Fatalf("role %+v %v", r, ok)
	}
	if b, _ := os.ReadFile(cfg); string(b) != text {
		t.Fatalf("the config file changed:\n%s", b)
	}
}
