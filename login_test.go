package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/internal/ssofake"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

const loginConfig = `[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-west-1
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`

// loginEnv points nimbus (and the aws CLI) at a fake Identity Center and moto's STS, with a
// private HOME for the token cache. It returns the cache file of sso-session corp.
func loginEnv(t *testing.T) (fake *ssofake.Server, moto *motoserver.Server, cacheFile string) {
	t.Helper()
	fake, moto = ssofake.Start(t), motoserver.StartShared(t)
	home := t.TempDir()
	config := filepath.Join(home, "config")
	if err := os.WriteFile(config, []byte(loginConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"HOME": home, "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_ENDPOINT_URL_SSO_OIDC": fake.URL, "AWS_ENDPOINT_URL_SSO": fake.URL, "AWS_ENDPOINT_URL_STS": moto.URL,
		"AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_REGION": "", "AWS_ENDPOINT_URL": "",
		"SSH_CONNECTION": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""} {
		t.Setenv(k, v)
	}
	cacheFile, err := ssocreds.StandardCachedTokenFilepath("corp")
	if err != nil {
		t.Fatal(err)
	}
	return fake, moto, cacheFile
}

// `nimbus login` runs the device flow on the terminal and saves the token; run again it says the
// login is still good; `nimbus accounts` lists what it opens; the profile then works.
func TestLoginThenAccounts(t *testing.T) {
	fake, _, cacheFile := loginEnv(t)
	fake.Answers = []string{"pending"}
	code, out, errOut := runNimbus(t, "login", "--profile", "sso", "--no-browser")
	if code != 0 {
		t.Fatalf("login exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"https://device.sso.example.com/?user_code=ABCD-EFGH", "ABCD-EFGH", "Logged in to sso-session corp", cacheFile} {
		if !strings.Contains(out, want) {
			t.Errorf("login output lacks %q:\n%s", want, out)
		}
	}
	if _, err := sessionmgr.ReadSSOToken(cacheFile); err != nil {
		t.Fatal(err)
	}

	code, out, _ = runNimbus(t, "login", "--profile", "sso")
	if code != 0 || !strings.Contains(out, "already logged in to sso-session corp") {
		t.Fatalf("second login: exit %d\n%s", code, out)
	}
	if n := fake.Requests("StartDeviceAuthorization"); n != 1 {
		t.Fatalf("the second login asked again (%d device authorizations)", n)
	}

	code, out, errOut = runNimbus(t, "accounts", "--profile", "sso")
	if code != 0 {
		t.Fatalf("accounts exit %d: %s", code, errOut)
	}
	for _, want := range []string{"ACCOUNT       NAME   ROLE       EMAIL", "111122223333  prod   Admin", "111122223333  prod   ReadOnly", "777788889999  audit  Billing"} {
		if !strings.Contains(out, want) {
			t.Errorf("accounts output lacks %q:\n%s", want, out)
		}
	}

	code, out, errOut = runNimbus(t, "--profile", "sso", "call", "sts", "get-caller-identity")
	if code != 0 || !strings.Contains(out, motoserver.AccountID) {
		t.Fatalf("call with the SSO profile: exit %d\n%s%s", code, out, errOut)
	}
}

// Without a login, accounts says what to run (the session's advice, worded for the command line).
func TestAccountsWithoutLoginSaysHowToLogIn(t *testing.T) {
	loginEnv(t)
	code, _, errOut := runNimbus(t, "accounts", "--profile", "sso")
	if code == 0 || !strings.Contains(errOut, "log in with profile sso (SSO: nimbus login)") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// The caches are shared with the AWS CLI both ways: the installed aws (v1, botocore 1.43) uses
// the token nimbus wrote, and when it renews that token with the refresh token, nimbus uses the
// one it wrote back.
func TestSSOCacheIsSharedWithTheAWSCLI(t *testing.T) {
	aws, err := exec.LookPath("aws")
	if err != nil {
		t.Fatal("the aws CLI is needed: pip install awscli")
	}
	fake, _, cacheFile := loginEnv(t)
	if code, out, errOut := runNimbus(t, "login", "--profile", "sso", "--no-browser"); code != 0 {
		t.Fatalf("login exit %d\n%s%s", code, out, errOut)
	}
	cli := func() string {
		t.Helper()
		out, err := exec.Command(aws, "sts", "get-caller-identity", "--profile", "sso", "--output", "json").CombinedOutput()
		if err != nil {
			t.Fatalf("aws sts get-caller-identity: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := cli(); !strings.Contains(out, motoserver.AccountID) {
		t.Fatalf("aws with nimbus's token:\n%s", out)
	}
	roleCalls := fake.Requests("GetRoleCredentials")
	if roleCalls == 0 {
		t.Fatal("the CLI did not ask the portal for role credentials")
	}

	// Near expiry the CLI renews the token itself and writes it back in its own way.
	tok, err := sessionmgr.ReadSSOToken(cacheFile)
	if err != nil {
		t.Fatal(err)
	}
	old := tok.AccessToken
	tok.ExpiresAt = time.Now().Add(5 * time.Minute)
	if err := sessionmgr.WriteSSOToken(cacheFile, tok); err != nil {
		t.Fatal(err)
	}
	cli()
	renewed, err := sessionmgr.ReadSSOToken(cacheFile)
	if err != nil {
		t.Fatalf("nimbus cannot read the token the CLI wrote: %v", err)
	}
	raw, _ := os.ReadFile(cacheFile)
	if renewed.AccessToken == old || !json.Valid(raw) {
		t.Fatalf("the CLI did not renew the token:\n%s", raw)
	}
	fake.Revoke() // only tokens issued from now on work…
	if code, out, errOut := runNimbus(t, "--profile", "sso", "call", "sts", "get-caller-identity"); code == 0 {
		t.Fatalf("a revoked token still worked:\n%s%s", out, errOut)
	}
	// …so renew through the CLI once more and check nimbus uses exactly what the CLI wrote.
	tok, _ = sessionmgr.ReadSSOToken(cacheFile)
	tok.ExpiresAt = time.Now().Add(5 * time.Minute)
	sessionmgr.WriteSSOToken(cacheFile, tok)
	cli()
	if code, out, errOut := runNimbus(t, "--profile", "sso", "call", "sts", "get-caller-identity"); code != 0 || !strings.Contains(out, motoserver.AccountID) {
		t.Fatalf("nimbus with the CLI's renewed token: exit %d\n%s%s", code, out, errOut)
	}
}
