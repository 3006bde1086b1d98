package sessionmgr

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"

	"github.com/nimbus-tui/nimbus/internal/ssofake"
)

const ssoConfig = `[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-west-1
[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 444455556666
sso_role_name = Developer
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`

// ssoManager is a Manager over ssoConfig whose SSO-OIDC and portal calls go to fake, with a clock
// the test moves (starting now: the SDK's own providers judge expiry on the real clock).
func ssoManager(t *testing.T, fake *ssofake.Server) (*Manager, *time.Time) {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	m := newManager(t, ssoConfig, "", nil, func(o *Options) { o.Now = func() time.Time { return now } })
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", fake.URL) // read by the SDK from the process
	t.Setenv("AWS_ENDPOINT_URL_SSO", fake.URL)
	return m, &now
}

// sleeps records the waits between polls instead of waiting.
type sleeps []time.Duration

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	*s = append(*s, d)
	return ctx.Err()
}

// The device flow, step by step: the code to show, polling through authorization_pending and
// slow_down, a token in the CLI's cache file that the SDK's own SSO provider then uses.
func TestDeviceLoginWritesTheCLICacheTheSDKReads(t *testing.T) {
	fake := ssofake.Start(t)
	fake.Answers = []string{"pending", "slow_down", "pending"}
	m, now := ssoManager(t, fake)
	ctx := context.Background()

	if st := m.Status(ctx, "sso"); st.State != StateNeedsLogin {
		t.Fatalf("before login Status = %v", st)
	}
	l, err := m.StartLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	if l.UserCode != "ABCD-EFGH" || l.VerificationURIComplete != "https://device.sso.example.com/?user_code=ABCD-EFGH" ||
		!l.ExpiresAt.Equal(now.Add(10*time.Minute)) || l.Interval() != time.Second {
		t.Fatalf("login = %+v", l)
	}
	var waited sleeps
	if err := l.Wait(ctx, waited.sleep); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if want := (sleeps{time.Second, time.Second, 6 * time.Second, 6 * time.Second}); !reflect.DeepEqual(waited, want) {
		t.Errorf("waits %v, want %v (slow_down adds 5 s)", waited, want)
	}
	if got := fake.Registered["scopes"]; !reflect.DeepEqual(got, []any{"sso:account:access"}) {
		t.Errorf("registered with scopes %v", got)
	}

	path, _ := ssocreds.StandardCachedTokenFilepath("corp")
	if path != l.Session.CacheFile {
		t.Fatalf("wrote %s, the SDK reads %s", l.Session.CacheFile, path)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("cache file %v, %v; want mode 0600", info, err)
	}
	raw, _ := os.ReadFile(path)
	var fields map[string]string
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatalf("cache file is not the CLI's JSON: %v\n%s", err, raw)
	}
	for _, k := range []string{"startUrl", "region", "accessToken", "expiresAt", "refreshToken", "clientId", "clientSecret", "registrationExpiresAt"} {
		if fields[k] == "" {
			t.Errorf("cache file lacks %s:\n%s", k, raw)
		}
	}
	if fields["expiresAt"] != now.Add(8*time.Hour).Format("2006-01-02T15:04:05Z") {
		t.Errorf("expiresAt = %s", fields["expiresAt"])
	}

	cfg, err := m.Config(ctx, "sso", "")
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		t.Fatalf("the SDK's SSO provider with nimbus's token: %v", err)
	}
	if creds.AccessKeyID != "ASIA111122223333" {
		t.Fatalf("credentials %s, want the fake portal's for 111122223333", creds.AccessKeyID)
	}
	if st := m.Status(ctx, "sso"); st.State != StateOK {
		t.Fatalf("after login Status = %v", st)
	}
}

// An expired token is renewed with its refresh token, not by asking the user; a new login reuses
// the client registration cached with the token.
func TestSSORefreshesBeforeAskingAgain(t *testing.T) {
	fake := ssofake.Start(t)
	m, now := ssoManager(t, fake)
	ctx := context.Background()
	l, err := m.StartLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(ctx, new(sleeps).sleep); err != nil {
		t.Fatal(err)
	}
	before, _ := ReadSSOToken(l.Session.CacheFile)

	if state, _, err := m.EnsureSSO(ctx, "sso"); state != SSOValid || err != nil {
		t.Fatalf("fresh token: EnsureSSO = %v, %v", state, err)
	}
	*now = now.Add(8*time.Hour - 10*time.Minute) // inside the refresh window
	state, tok, err := m.EnsureSSO(ctx, "sso")
	if state != SSORefreshed || err != nil {
		t.Fatalf("EnsureSSO = %v, %v; want refreshed", state, err)
	}
	if tok.AccessToken == before.AccessToken || tok.RefreshToken == before.RefreshToken || !tok.ExpiresAt.Equal(now.Add(8*time.Hour)) {
		t.Fatalf("refreshed token %+v, before %+v", tok, before)
	}
	if onDisk, _ := ReadSSOToken(l.Session.CacheFile); onDisk.AccessToken != tok.AccessToken {
		t.Fatal("the refreshed token was not saved")
	}
	if got := fake.Grants[len(fake.Grants)-1]; got != "refresh_token" {
		t.Fatalf("last grant %s", got)
	}

	// A refresh token the service no longer accepts means a login.
	fake.Lock()
	fake.Answers = nil
	fake.Unlock()
	tok.RefreshToken = "revoked"
	tok.ExpiresAt = now.Add(-time.Minute)
	if err := WriteSSOToken(l.Session.CacheFile, tok); err != nil {
		t.Fatal(err)
	}
	if state, _, err := m.EnsureSSO(ctx, "sso"); state != SSONeedLogin || err != nil {
		t.Fatalf("revoked refresh token: EnsureSSO = %v, %v", state, err)
	}
	if _, err := m.StartLogin(ctx, "sso"); err != nil {
		t.Fatal(err)
	}
	if n := fake.Requests("RegisterClient"); n != 1 {
		t.Fatalf("RegisterClient called %d times, want 1 (the registration is cached)", n)
	}
}

// A login the user does not approve in time, or refuses, ends with a clear error; one whose code
// has expired on the clock asks nothing; cancelling the context stops the polling.
func TestDeviceLoginEnds(t *testing.T) {
	fake := ssofake.Start(t)
	m, now := ssoManager(t, fake)
	ctx := context.Background()
	for answer, want := range map[string]error{"expired": ErrLoginExpired, "denied": ErrLoginDenied} {
		fake.Lock()
		fake.Answers = []string{"pending", answer}
		fake.Unlock()
		l, err := m.StartLogin(ctx, "sso")
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Wait(ctx, new(sleeps).sleep); !errors.Is(err, want) {
			t.Fatalf("%s: Wait = %v, want %v", answer, err, want)
		}
	}

	l, err := m.StartLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	calls := fake.Requests("CreateToken")
	*now = now.Add(11 * time.Minute)
	if done, err := l.Poll(ctx); done || !errors.Is(err, ErrLoginExpired) || fake.Requests("CreateToken") != calls {
		t.Fatalf("Poll after the code expired = %v, %v (%d calls)", done, err, fake.Requests("CreateToken")-calls)
	}

	*now = now.Add(-11 * time.Minute)
	fake.Lock()
	fake.Answers = []string{"pending", "pending", "pending"}
	fake.Unlock()
	l, err = m.StartLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	polls := 0
	err = l.Wait(cctx, func(ctx context.Context, _ time.Duration) error {
		if polls++; polls == 2 {
			cancel()
		}
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Wait = %v", err)
	}
}

// A legacy profile (sso_start_url, no sso-session) caches under the SHA-1 of its start URL, where
// the SDK's legacy provider looks.
func TestLegacySSOProfileLogsIn(t *testing.T) {
	fake := ssofake.Start(t)
	m, _ := ssoManager(t, fake)
	ctx := context.Background()
	l, err := m.StartLogin(ctx, "legacy")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fake.Registered["scopes"]; ok {
		t.Errorf("a legacy login registered with scopes: %v", fake.Registered)
	}
	if err := l.Wait(ctx, new(sleeps).sleep); err != nil {
		t.Fatal(err)
	}
	path, _ := ssocreds.StandardCachedTokenFilepath("https://legacy.awsapps.com/start")
	if l.Session.CacheFile != path {
		t.Fatalf("wrote %s, want %s", l.Session.CacheFile, path)
	}
	cfg, err := m.Config(ctx, "legacy", "")
	if err != nil {
		t.Fatal(err)
	}
	if creds, err := cfg.Credentials.Retrieve(ctx); err != nil || creds.AccessKeyID != "ASIA444455556666" {
		t.Fatalf("legacy credentials %v, %v", creds.AccessKeyID, err)
	}
}

// Account discovery lists every account and role over every page, sorted; a refused token asks
// for a login.
func TestSSOAccountsListsEveryAccountAndRole(t *testing.T) {
	fake := ssofake.Start(t)
	m, _ := ssoManager(t, fake)
	ctx := context.Background()
	var needLogin *NeedLoginError
	if _, err := m.SSOAccounts(ctx, "sso"); !errors.As(err, &needLogin) {
		t.Fatalf("before login: %v", err)
	}
	l, err := m.StartLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(ctx, new(sleeps).sleep); err != nil {
		t.Fatal(err)
	}
	accounts, err := m.SSOAccounts(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range accounts {
		got = append(got, a.Name+" "+a.ID+" "+strings.Join(a.Roles, ","))
	}
	want := []string{"audit 777788889999 Auditor,Billing,ReadOnly", "dev 444455556666 Developer", "prod 111122223333 Admin,ReadOnly"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("accounts\n%q\nwant\n%q", got, want)
	}
	if n := fake.Requests("ListAccounts"); n != 2 {
		t.Errorf("ListAccounts called %d times, want 2 (pages of 2)", n)
	}
	fake.Revoke()
	if _, err := m.SSOAccounts(ctx, "sso"); !errors.As(err, &needLogin) || !strings.Contains(Explain(err), "log in with profile sso (SSO: nimbus login)") {
		t.Fatalf("revoked token: %v", err)
	}
}
