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
	"github.com/nimbus-tui/nimbus/internal/needtool"
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

// fakeBrowser puts an xdg-open on PATH that opens the page as a browser would, following its
// redirect (to nimbus's loopback listener), and records the URL; a display is set, so nimbus
// sees a local browser.
func fakeBrowser(t *testing.T) (opened func() string) {
	t.Helper()
	curl := needtool.Command(t, "curl", "apt-get install curl")
	dir := t.TempDir()
	log := filepath.Join(dir, "opened")
	script := "#!/bin/sh\necho \"$1\" > " + log + "\nexec " + curl + " -s -L -o /dev/null \"$1\"\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DISPLAY", ":0")
	return func() string { b, _ := os.ReadFile(log); return strings.TrimSpace(string(b)) }
}

// Where a browser can be opened, `nimbus login` signs in with the authorization code and PKCE
// (the AWS CLI v2's default): the browser gets the sign-in page, comes back to the loopback
// listener, and the token is saved; --use-device-code chooses the device flow; over SSH the
// device flow is used without asking.
func TestLoginWithTheAuthorizationCode(t *testing.T) {
	fake, _, cacheFile := loginEnv(t)
	opened := fakeBrowser(t)
	code, out, errOut := runNimbus(t, "login", "--profile", "sso")
	if code != 0 || !strings.Contains(out, "Logged in to sso-session corp") {
		t.Fatalf("login exit %d\n%s%s", code, out, errOut)
	}
	if u := opened(); !strings.HasPrefix(u, fake.URL+"/authorize?") || !strings.Contains(u, "code_challenge_method=S256") {
		t.Fatalf("the browser opened %q", u)
	}
	if fake.Requests("StartDeviceAuthorization") != 0 || len(fake.Grants) != 1 || fake.Grants[0] != "authorization_code" {
		t.Fatalf("grants %v, %d device authorizations", fake.Grants, fake.Requests("StartDeviceAuthorization"))
	}
	if tok, err := sessionmgr.ReadSSOToken(cacheFile); err != nil || tok.RefreshToken == "" {
		t.Fatalf("cached token %+v, %v", tok, err)
	}
	if code, out, errOut := runNimbus(t, "--profile", "sso", "call", "sts", "get-caller-identity"); code != 0 || !strings.Contains(out, motoserver.AccountID) {
		t.Fatalf("call after the login: exit %d\n%s%s", code, out, errOut)
	}
	// The AWS CLI (v1) uses the token of an authorization-code login like any other.
	aws := needtool.Command(t, "aws", "pip install awscli")
	if out, err := exec.Command(aws, "sts", "get-caller-identity", "--profile", "sso").CombinedOutput(); err != nil || !strings.Contains(string(out), motoserver.AccountID) {
		t.Fatalf("aws with the authorization-code token: %v\n%s", err, out)
	}

	const device = "urn:ietf:params:oauth:grant-type:device_code"
	last := func() string { fake.Lock(); defer fake.Unlock(); return fake.Grants[len(fake.Grants)-1] }
	code, out, errOut = runNimbus(t, "login", "--profile", "sso", "--force", "--use-device-code")
	if code != 0 || last() != device || !strings.Contains(out, "ABCD-EFGH") {
		t.Fatalf("--use-device-code: exit %d, grants %v\n%s%s", code, fake.Grants, out, errOut)
	}
	t.Setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 5555")
	code, out, errOut = runNimbus(t, "login", "--profile", "sso", "--force")
	if code != 0 || last() != device || strings.Contains(out, "Opened in your browser") {
		t.Fatalf("over SSH: exit %d, grants %v\n%s%s", code, fake.Grants, out, errOut)
	}
}
