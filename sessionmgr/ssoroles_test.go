package sessionmgr

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/internal/needtool"
	"github.com/nimbus-tui/nimbus/internal/ssofake"
)

// ssoLoggedIn caches a valid token for profile's SSO session, as a login would.
func ssoLoggedIn(t *testing.T, m *Manager, fake *ssofake.Server, profile string) {
	t.Helper()
	s, err := m.SSOSessionFor(profile)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteSSOToken(s.CacheFile, SSOToken{StartURL: s.StartURL, Region: s.Region, AccessToken: fake.IssueToken(),
		ExpiresAt: m.opts.Now().Add(8 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

// A role with no profile opens as a profile of the session's own: listed, with the session's
// token, and its credentials from GetRoleCredentials for that account and role. A role a
// profile of the files already opens is that profile.
func TestOpenSSORoleWithoutAProfile(t *testing.T) {
	fake := ssofake.Start(t)
	m, _ := ssoManager(t, fake)
	ctx := context.Background()
	ssoLoggedIn(t, m, fake, "sso")

	if name, err := m.OpenSSORole("sso", "111122223333", "ReadOnly"); err != nil || name != "sso" {
		t.Fatalf("a role with a profile: %q, %v; want sso", name, err)
	}
	name, err := m.OpenSSORole("sso", "777788889999", "Auditor")
	if err != nil || name != "Auditor-777788889999" {
		t.Fatalf("OpenSSORole = %q, %v", name, err)
	}
	p, ok := m.Profile(name)
	if !ok || p.Source != SourceSession || p.Kind != KindSSO || p.Region != "eu-west-1" || p.Err != nil {
		t.Fatalf("profile %+v, %v", p, ok)
	}
	if s, err := m.SSOSessionFor(name); err != nil || s.Name != "corp" {
		t.Fatalf("its SSO session: %+v, %v", s, err)
	}
	cfg, err := m.Config(ctx, name, "")
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil || creds.AccessKeyID != "ASIA777788889999" {
		t.Fatalf("credentials %q, %v", creds.AccessKeyID, err)
	}
	if err := m.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Profile(name); !ok {
		t.Fatal("the session's profile is gone after the files were read again")
	}
	if _, err := m.OpenSSORole("legacy", "111122223333", "Admin"); err != nil {
		t.Fatal(err)
	}
	if p, ok := m.Profile("Admin-111122223333"); !ok || p.Err != nil {
		t.Fatalf("legacy start URL role: %+v", p)
	}
}

// w appends the profile and leaves every byte of the file as it was (comments, odd spacing, no
// final newline), keeps the file's mode, and the AWS CLI reads what was written.
func TestWriteSSORoleProfileKeepsTheFile(t *testing.T) {
	fake := ssofake.Start(t)
	m, _ := ssoManager(t, fake)
	cfgFile, _ := m.Files()
	before := []byte("# my config\r\n" + ssoConfig + "[profile odd]  \n  region=us-west-2 ; comment\n\tfoo = bar")
	if err := os.WriteFile(cfgFile, before, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(cfgFile, 0o644); err != nil { // WriteFile keeps an existing file's mode
		t.Fatal(err)
	}
	if err := m.Reload(); err != nil {
		t.Fatal(err)
	}
	name, text, err := m.SSORoleProfile("sso", "444455556666", "Developer")
	wantText := "[profile Developer-444455556666]\nsso_session = corp\nsso_account_id = 444455556666\nsso_role_name = Developer\nregion = eu-west-1\n"
	if err != nil || name != "Developer-444455556666" || text != wantText {
		t.Fatalf("SSORoleProfile = %q\n%s\n%v", name, text, err)
	}
	if _, err := m.OpenSSORole("sso", "444455556666", "Developer"); err != nil { // opened first, then saved
		t.Fatal(err)
	}
	if _, err := m.WriteSSORoleProfile("sso", "444455556666", "Developer"); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(cfgFile)
	if want := append(append(append([]byte(nil), before...), "\n\n"...), wantText...); !bytes.Equal(after, want) {
		t.Fatalf("the file is\n%q\nwant\n%q", after, want)
	}
	if st, _ := os.Stat(cfgFile); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	if p, ok := m.Profile(name); !ok || p.Source != SourceConfig {
		t.Fatalf("after writing, profile %+v", p)
	}
	if _, err := m.WriteSSORoleProfile("sso", "444455556666", "Developer"); !errors.Is(err, ErrProfileExists) {
		t.Fatalf("writing it twice: %v", err)
	}
	if again, _ := os.ReadFile(cfgFile); !bytes.Equal(again, after) {
		t.Fatal("a refused write changed the file")
	}
	if entries, _ := os.ReadDir(filepath.Dir(cfgFile)); len(entries) != 2 {
		t.Errorf("temporary files left: %v", entries)
	}

	aws := needtool.Command(t, "aws", "the AWS CLI (pip install awscli)")
	cmd := exec.Command(aws, "configure", "get", "sso_role_name", "--profile", name)
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE="+cfgFile, "HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil || strings.TrimSpace(string(out)) != "Developer" {
		t.Fatalf("aws configure get: %q, %v", out, err)
	}
}

// A symlinked config file stays a link; the file it points to gets the profile.
func TestWriteSSORoleProfileFollowsASymlink(t *testing.T) {
	fake := ssofake.Start(t)
	m, _ := ssoManager(t, fake)
	cfgFile, _ := m.Files()
	real := filepath.Join(t.TempDir(), "real-config")
	b, _ := os.ReadFile(cfgFile)
	if err := os.WriteFile(real, b, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(cfgFile)
	if err := os.Symlink(real, cfgFile); err != nil {
		t.Fatal(err)
	}
	if _, err := m.WriteSSORoleProfile("sso", "444455556666", "Developer"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(cfgFile); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if got, _ := os.ReadFile(real); !bytes.Contains(got, []byte("[profile Developer-444455556666]")) {
		t.Fatalf("the linked file lacks the profile:\n%s", got)
	}
}
