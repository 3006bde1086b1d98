package sessionmgr

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
)

// The authorization-code login (what `aws sso login` does by default in CLI v2): a loopback
// redirect URI registered without its port, as RFC 8252 §7.3 lets a native app do, and PKCE.
const (
	grantAuthCode = "authorization_code"
	// redirectNoPort is the redirect URI registered with SSO-OIDC; the authorize request and
	// CreateToken name the same URI with the listener's port (botocore AuthCodeFetcher).
	redirectNoPort = "http://127.0.0.1/oauth/callback"
	callbackPath   = "/oauth/callback"
	// authCodeTimeout is how long the browser has to come back (the CLI's 10 minutes).
	authCodeTimeout = 10 * time.Minute
)

// ErrStateMismatch is returned when the browser came back with another login's state: the
// redirect did not come from this login's authorize request, so its code is not used.
var ErrStateMismatch = errors.New("the sign-in page answered another login (state mismatch): start again")

// AuthCodeLogin is one authorization-code login in progress: URL is the sign-in page to open in
// the browser; Wait serves the loopback redirect, checks the state and exchanges the code (with
// the PKCE verifier) for a token, saved in the CLI's cache like a device login's. Close ends it.
type AuthCodeLogin struct {
	Session SSOSession
	// URL is the authorize page, with the code challenge, the state and the redirect URI.
	URL string
	// ExpiresAt is when nimbus stops waiting for the browser.
	ExpiresAt time.Time

	m        *Manager
	client   *ssooidc.Client
	reg      registration
	verifier string
	state    string
	redirect string
	srv      *http.Server
	answers  chan url.Values
	once     sync.Once
}

// StartAuthCodeLogin registers nimbus for the authorization-code grant, listens on a loopback
// port for the redirect and returns the sign-in URL to open. Only where a browser can be opened
// on this machine: the redirect must reach this process.
func (m *Manager) StartAuthCodeLogin(ctx context.Context, profile string) (*AuthCodeLogin, error) {
	s, err := m.SSOSessionFor(profile)
	if err != nil {
		return nil, err
	}
	client, err := m.oidcClient(ctx, s)
	if err != nil {
		return nil, err
	}
	scopes := s.Scopes
	if len(scopes) == 0 {
		scopes = []string{defaultSSOScope}
	}
	out, err := client.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: aws.String("nimbus"), ClientType: aws.String("public"),
		GrantTypes: []string{grantAuthCode, grantRefreshToken}, RedirectUris: []string{redirectNoPort},
		IssuerUrl: aws.String(s.StartURL), Scopes: scopes,
	})
	if err != nil {
		return nil, fmt.Errorf("registering nimbus with SSO for %s: %w", s.Label(), err)
	}
	reg := registration{id: aws.ToString(out.ClientId), secret: aws.ToString(out.ClientSecret)}
	if out.ClientSecretExpiresAt > 0 {
		reg.expires = time.Unix(out.ClientSecretExpiresAt, 0).UTC()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for the sign-in redirect: %w", err)
	}
	l := &AuthCodeLogin{Session: s, m: m, client: client, reg: reg, answers: make(chan url.Values, 1),
		verifier: randomURLSafe(48), state: randomHex(16), ExpiresAt: m.opts.Now().Add(authCodeTimeout),
		redirect: fmt.Sprintf("http://127.0.0.1:%d%s", ln.Addr().(*net.TCPAddr).Port, callbackPath)}
	sum := sha256.Sum256([]byte(l.verifier))
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {reg.id},
		"redirect_uri":          {l.redirect},
		"state":                 {l.state},
		"code_challenge_method": {"S256"},
		"scopes":                {strings.Join(scopes, ",")},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
	}
	l.URL = authorizeEndpoint(client, s.Region) + "?" + q.Encode()
	mux := http.NewServeMux()
	mux.HandleFunc(callbackPath, l.callback)
	l.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go l.srv.Serve(ln)
	return l, nil
}

// authorizeEndpoint is the authorize page of the SSO-OIDC endpoint the client calls (an
// AWS_ENDPOINT_URL_SSO_OIDC override included).
func authorizeEndpoint(c *ssooidc.Client, region string) string {
	base := aws.ToString(c.Options().BaseEndpoint)
	if base == "" {
		base = "https://oidc." + region + ".amazonaws.com"
	}
	return strings.TrimRight(base, "/") + "/authorize"
}

// callback takes the first redirect: its query goes to Wait; the browser is told to go back.
func (l *AuthCodeLogin) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("code") == "" && q.Get("error") == "" {
		http.Error(w, "not a sign-in redirect", http.StatusBadRequest)
		return
	}
	select {
	case l.answers <- q:
	default: // a second redirect (a reload of the page): the first counts
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, "<!doctype html><title>nimbus</title><p>The sign-in is done: you can close this tab and go back to nimbus.</p>")
}

// Wait waits for the browser's redirect (until ctx ends), then exchanges the code for a token
// and saves it. It returns ErrLoginDenied when the user refused, ErrStateMismatch when the
// redirect is not this login's.
func (l *AuthCodeLogin) Wait(ctx context.Context) error {
	defer l.Close()
	var q url.Values
	select {
	case q = <-l.answers:
	case <-ctx.Done():
		return ctx.Err()
	}
	switch {
	case q.Get("error") != "":
		return ErrLoginDenied
	case q.Get("state") != l.state:
		return ErrStateMismatch
	}
	out, err := l.client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: aws.String(l.reg.id), ClientSecret: aws.String(l.reg.secret),
		GrantType: aws.String(grantAuthCode), Code: aws.String(q.Get("code")),
		CodeVerifier: aws.String(l.verifier), RedirectUri: aws.String(l.redirect),
	})
	var denied *types.AccessDeniedException
	switch {
	case errors.As(err, &denied):
		return ErrLoginDenied
	case err != nil:
		return fmt.Errorf("finishing the SSO login for %s: %w", l.Session.Label(), err)
	}
	now := l.m.opts.Now()
	return l.m.saveSSOToken(l.Session, SSOToken{
		StartURL: l.Session.StartURL, Region: l.Session.Region,
		AccessToken: aws.ToString(out.AccessToken), RefreshToken: aws.ToString(out.RefreshToken),
		ExpiresAt: now.Add(time.Duration(out.ExpiresIn) * time.Second),
		ClientID:  l.reg.id, ClientSecret: l.reg.secret, RegistrationExpiresAt: l.reg.expires,
	})
}

// Close stops listening for the redirect; Wait calls it when it returns.
func (l *AuthCodeLogin) Close() {
	l.once.Do(func() { l.srv.Close() })
}

// randomURLSafe is n random bytes in base64url without padding (a PKCE verifier: 43 to 128
// unreserved characters, RFC 7636 §4.1).
func randomURLSafe(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
