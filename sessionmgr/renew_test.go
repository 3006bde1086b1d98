package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/internal/advice"
)

// Static keys that AWS called expired: Renew reads the files again; the same keys are refused
// with a *StaleCredentialsError (a retry would fail the same way), updated keys are taken.
func TestRenewStaticCredentials(t *testing.T) {
	m := newManager(t, "[profile keys]\nregion = us-east-1\n",
		"[keys]\naws_access_key_id = ASIAOLD\naws_secret_access_key = s\naws_session_token = old\n", nil, nil)
	ctx := context.Background()
	cfg, err := m.Config(ctx, "keys", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		t.Fatal(err)
	}
	var stale *StaleCredentialsError
	err = m.Renew(ctx, "keys")
	if !errors.As(err, &stale) || !strings.Contains(err.Error(), "~/.aws/credentials") {
		t.Fatalf("Renew with the same keys: %v", err)
	}
	if a := Advise(err); a.Offer != advice.None || !strings.Contains(a.Render(advice.Plain), "update them") {
		t.Fatalf("advice on stale keys: %+v", a)
	}
	_, credsFile := m.Files()
	writeFile(t, credsFile, "[keys]\naws_access_key_id = ASIANEW\naws_secret_access_key = s\naws_session_token = new\n")
	if err := m.Renew(ctx, "keys"); err != nil {
		t.Fatalf("Renew with updated keys: %v", err)
	}
	cfg, _ = m.Config(ctx, "keys", "")
	if c, _ := cfg.Credentials.Retrieve(ctx); c.AccessKeyID != "ASIANEW" {
		t.Fatalf("after Renew the session uses %s", c.AccessKeyID)
	}
}

// Expired credentials are offered a step; other errors are not.
func TestAdviseOffersRenewOnlyForExpiry(t *testing.T) {
	op := func(code string) error { return apiError(code) }
	if a := Advise(op("ExpiredToken")); a.Offer != advice.Renew {
		t.Errorf("ExpiredToken offers %v", a.Offer)
	}
	if a := Advise(op("ExpiredTokenException")); a.Offer != advice.Renew {
		t.Errorf("ExpiredTokenException offers %v", a.Offer)
	}
	for _, code := range []string{"AccessDenied", "RequestExpired", "Throttling", "InvalidClientTokenId"} {
		if a := Advise(op(code)); a.Offer != advice.None {
			t.Errorf("%s offers %v", code, a.Offer)
		}
	}
	if a := Advise(&NeedLoginError{Session: SSOSession{Name: "corp", Profile: "sso"}}); a.Offer != advice.SSOLogin {
		t.Errorf("NeedLoginError offers %v", a.Offer)
	}
}

func apiError(code string) error {
	return &smithy.OperationError{ServiceID: "S3", OperationName: "ListBuckets",
		Err: fmt.Errorf("https response error: %w", &smithy.GenericAPIError{Code: code, Message: "m"})}
}

// A credential_process whose credentials AWS called expired: Renew runs it again. While it
// still prints the same keys that is a *StaleCredentialsError naming the process; once its
// output changes (the helper logged in again, say) the new keys are taken, by configurations
// handed out before the renewal too.
func TestRenewCredentialProcessRunsItAgain(t *testing.T) {
	dir := t.TempDir()
	keys, runs := filepath.Join(dir, "keys.json"), filepath.Join(dir, "runs")
	script := filepath.Join(dir, "creds.sh")
	writeFile(t, script, "#!/bin/sh\necho run >> "+runs+"\ncat "+keys+"\n")
	if err := os.Chmod(script, 0o700); err != nil {
		t.Fatal(err)
	}
	output := func(id, token string) string {
		return `{"Version": 1, "AccessKeyId": "` + id + `", "SecretAccessKey": "s", "SessionToken": "` + token +
			`", "Expiration": "` + time.Now().Add(time.Hour).UTC().Format(time.RFC3339) + `"}`
	}
	writeFile(t, keys, output("ASIAONE", "one"))
	m := newManager(t, "[profile proc]\nregion = us-east-1\ncredential_process = "+script+"\n", "", nil, nil)
	ctx := context.Background()
	held, err := m.Config(ctx, "proc", "")
	if err != nil {
		t.Fatal(err)
	}
	if c, err := held.Credentials.Retrieve(ctx); err != nil || c.AccessKeyID != "ASIAONE" {
		t.Fatalf("%s %v", c.AccessKeyID, err)
	}
	var stale *StaleCredentialsError
	if err := m.Renew(ctx, "proc"); !errors.As(err, &stale) || !strings.Contains(err.Error(), "credential_process") {
		t.Fatalf("Renew with the same output: %v", err)
	}
	writeFile(t, keys, output("ASIATWO", "two"))
	if err := m.Renew(ctx, "proc"); err != nil {
		t.Fatalf("Renew with new output: %v", err)
	}
	if c, err := held.Credentials.Retrieve(ctx); err != nil || c.AccessKeyID != "ASIATWO" {
		t.Fatalf("after Renew the held configuration signs with %s (%v)", c.AccessKeyID, err)
	}
	b, _ := os.ReadFile(runs)
	if n := strings.Count(string(b), "run"); n != 3 {
		t.Fatalf("the process ran %d times, want 3 (first use, each Renew)", n)
	}
}

// The environment's keys cannot be renewed from inside: nimbus cannot see variables exported
// after it started. Renew says so, and the advice is to export new ones and start again, or
// switch to a profile — not the login key, which could only read the same keys again.
func TestRenewEnvCredentialsSaysToExportAndRestart(t *testing.T) {
	m := newManager(t, "", "", map[string]string{"AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": "s",
		"AWS_SESSION_TOKEN": "tok", "AWS_REGION": "us-east-1"}, nil)
	ctx := context.Background()
	cfg, err := m.Config(ctx, EnvProfile, "")
	if err != nil {
		t.Fatal(err)
	}
	if c, err := cfg.Credentials.Retrieve(ctx); err != nil || c.AccessKeyID != "ASIAENV" {
		t.Fatalf("%s %v", c.AccessKeyID, err)
	}
	err = m.Renew(ctx, EnvProfile)
	var stale *StaleCredentialsError
	if !errors.As(err, &stale) {
		t.Fatalf("Renew: %v", err)
	}
	a := Advise(err)
	text := a.Render(func(h advice.Hint) string {
		return map[advice.Hint]string{advice.Profile: ":profile", advice.Renew: "L"}[h]
	})
	for _, want := range []string{"AWS_ACCESS_KEY_ID", "export new ones", "start nimbus again", "switch to a profile (:profile)"} {
		if !strings.Contains(text, want) {
			t.Errorf("advice %q lacks %q", text, want)
		}
	}
	if a.Offer != advice.None || strings.Contains(text, "(L)") {
		t.Errorf("advice %q offers a renewal that cannot help", text)
	}
}
