package sessionmgr

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/internal/ssofake"
)

// browse is a fake browser: it opens the sign-in page, whose answer redirects to the loopback
// URI, and follows the redirect (http.Get follows it), returning the last page's text.
func browse(t *testing.T, link string) <-chan string {
	t.Helper()
	page := make(chan string, 1)
	go func() {
		resp, err := http.Get(link)
		if err != nil {
			page <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		page <- string(b)
	}()
	return page
}

// The authorization-code login as the AWS CLI v2 does it: registration for the authorization
// code and refresh grants with the port-less loopback redirect, the sign-in URL with an S256
// challenge and a state, the browser sent back to the loopback listener, the code exchanged
// with the verifier; the token lands in the CLI's cache, the SDK's SSO provider uses it, and it is
// renewed with its refresh token before anyone is asked again.
func TestAuthCodeLoginWithPKCE(t *testing.T) {
	fake := ssofake.Start(t)
	m, now := ssoManager(t, fake)
	ctx := context.Background()
	l, err := m.StartAuthCodeLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(l.URL)
	if err != nil || !strings.HasPrefix(l.URL, fake.URL+"/authorize?") {
		t.Fatalf("sign-in URL %q", l.URL)
	}
	q := u.Query()
	if q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 ||
		q.Get("state") == "" || !strings.HasPrefix(q.Get("redirect_uri"), "http://127.0.0.1:") ||
		!strings.HasSuffix(q.Get("redirect_uri"), "/oauth/callback") || q.Get("scopes") != "sso:account:access" {
		t.Fatalf("authorize query %v", q)
	}
	reg := fake.Registered
	if !reflect.DeepEqual(reg["grantTypes"], []any{"authorization_code", "refresh_token"}) ||
		!reflect.DeepEqual(reg["redirectUris"], []any{"http://127.0.0.1/oauth/callback"}) || reg["issuerUrl"] != "https://corp.awsapps.com/start" {
		t.Fatalf("registered %v", reg)
	}
	page := browse(t, l.URL)
	if err := l.Wait(ctx); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if p := <-page; !strings.Contains(p, "go back to nimbus") {
		t.Fatalf("the browser shows %q", p)
	}
	s, _ := m.SSOSessionFor("sso")
	tok, err := ReadSSOToken(s.CacheFile)
	if err != nil || !tok.Valid(*now) || tok.RefreshToken == "" || tok.ClientID == "" {
		t.Fatalf("cached token %+v, %v", tok, err)
	}
	if g := fake.Grants; len(g) != 1 || g[0] != "authorization_code" {
		t.Fatalf("grants %v", g)
	}
	cfg, err := m.Config(ctx, "sso", "")
	if err != nil {
		t.Fatal(err)
	}
	if creds, err := cfg.Credentials.Retrieve(ctx); err != nil || creds.AccessKeyID != "ASIA111122223333" {
		t.Fatalf("credentials %q, %v", creds.AccessKeyID, err)
	}
	*now = now.Add(9 * time.Hour)
	if state, _, err := m.EnsureSSO(ctx, "sso"); err != nil || state != SSORefreshed {
		t.Fatalf("after expiry EnsureSSO = %v, %v; want renewed with the refresh token", state, err)
	}
	if g := fake.Grants; g[len(g)-1] != "refresh_token" {
		t.Fatalf("grants %v", g)
	}
	if fake.Requests("StartDeviceAuthorization") != 0 {
		t.Fatal("the device flow was used")
	}
	// A device login later (over SSH, say) cannot use the authorization-code registration cached
	// with the token: it registers for its own grant.
	if _, err := m.StartLogin(ctx, "sso"); err != nil || fake.Requests("RegisterClient") != 2 {
		t.Fatalf("device login after an authorization-code one: %v (%d registrations)", err, fake.Requests("RegisterClient"))
	}
}

// A refused sign-in and a redirect with another state end the login without a token; the code of
// a redirect with the wrong state is never exchanged.
func TestAuthCodeLoginRefusedOrForged(t *testing.T) {
	fake := ssofake.Start(t)
	m, _ := ssoManager(t, fake)
	ctx := context.Background()

	fake.Lock()
	fake.DenySignIn = true
	fake.Unlock()
	l, err := m.StartAuthCodeLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	browse(t, l.URL)
	if err := l.Wait(ctx); !errors.Is(err, ErrLoginDenied) {
		t.Fatalf("refused sign-in: %v", err)
	}

	l, err = m.StartAuthCodeLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	redirect, _ := url.Parse(l.URL)
	forged := redirect.Query().Get("redirect_uri") + "?code=stolen&state=not-this-one"
	browse(t, forged)
	if err := l.Wait(ctx); !errors.Is(err, ErrStateMismatch) {
		t.Fatalf("forged redirect: %v", err)
	}
	if n := fake.Requests("CreateToken"); n != 0 {
		t.Fatalf("%d CreateToken calls, want none", n)
	}
	s, _ := m.SSOSessionFor("sso")
	if _, err := ReadSSOToken(s.CacheFile); !errors.Is(err, ErrNotLoggedIn) {
		t.Fatalf("a token was saved: %v", err)
	}
	// Cancelled before the browser came back: the listener is closed.
	l, err = m.StartAuthCodeLogin(ctx, "sso")
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := l.Wait(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	redirect, _ = url.Parse(l.URL)
	if _, err := http.Get(redirect.Query().Get("redirect_uri") + "?code=x&state=y"); err == nil {
		t.Fatal("the loopback listener still answers after the login ended")
	}
}
