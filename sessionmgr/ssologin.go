package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/nimbus-tui/nimbus/internal/ctxsleep"
)

// The OAuth grants of the device flow, as SSO-OIDC names them.
const (
	grantDeviceCode   = "urn:ietf:params:oauth:grant-type:device_code"
	grantRefreshToken = "refresh_token"
	// defaultSSOScope is what the AWS CLI asks for when sso_registration_scopes is not set.
	defaultSSOScope = "sso:account:access"
	// slowDownStep is how much longer to wait between polls after a slow_down (RFC 8628 §3.5).
	slowDownStep = 5 * time.Second
	// refreshBefore is how close to expiry a token is refreshed rather than used (botocore's window).
	refreshBefore = 15 * time.Minute
)

// ErrLoginExpired is returned by Poll when the user did not approve the login in time.
var ErrLoginExpired = errors.New("the login code expired before it was approved: start again")

// ErrLoginDenied is returned by Poll when the user refused the login in the browser.
var ErrLoginDenied = errors.New("the login was refused in the browser")

// Login is one SSO device-authorization login in progress (RFC 8628), driven step by step so that
// a UI can show it: StartLogin registers nimbus with SSO-OIDC (or reuses the registration cached
// with the last token) and returns the URL and code to show; Poll asks once whether the user has
// approved; Wait polls until done. Cancel by cancelling the context. On success the token is in
// the CLI's cache and every profile using the session loads again.
type Login struct {
	Session SSOSession
	// VerificationURI is where the user goes; VerificationURIComplete has the code filled in.
	VerificationURI, VerificationURIComplete string
	// UserCode is the code the page asks for, to check it is this login.
	UserCode string
	// ExpiresAt is when the code stops working.
	ExpiresAt time.Time

	m          *Manager
	client     *ssooidc.Client
	reg        registration
	deviceCode string
	interval   time.Duration
}

// registration is nimbus's client registration with SSO-OIDC, cached with the token as the CLI does.
type registration struct {
	id, secret string
	expires    time.Time
}

// Interval is how long to wait before the next Poll.
func (l *Login) Interval() time.Duration { return l.interval }

// oidcClient builds the SSO-OIDC client of session s, with profile's endpoints and network policy.
// The login calls are unsigned and change nothing in the account: --readonly does not apply.
func (m *Manager) oidcClient(ctx context.Context, s SSOSession) (*ssooidc.Client, error) {
	cfg, err := m.Config(ctx, s.Profile, "")
	if err != nil {
		return nil, err
	}
	cfg.APIOptions = nil
	cfg.Region = s.Region
	return ssooidc.NewFromConfig(cfg), nil
}

// registerDevice registers nimbus with SSO-OIDC for the device grant.
func registerDevice(ctx context.Context, client *ssooidc.Client, s SSOSession) (registration, error) {
	in := &ssooidc.RegisterClientInput{ClientName: aws.String("nimbus"), ClientType: aws.String("public")}
	if s.Name != "" {
		// sso-session logins get a refresh token; legacy start-URL ones do not (as in the CLI).
		in.Scopes = s.Scopes
		if len(in.Scopes) == 0 {
			in.Scopes = []string{defaultSSOScope}
		}
		in.GrantTypes = []string{grantDeviceCode, grantRefreshToken}
	}
	out, err := client.RegisterClient(ctx, in)
	if err != nil {
		return registration{}, fmt.Errorf("registering nimbus with SSO for %s: %w", s.Label(), err)
	}
	reg := registration{id: aws.ToString(out.ClientId), secret: aws.ToString(out.ClientSecret)}
	if out.ClientSecretExpiresAt > 0 {
		reg.expires = time.Unix(out.ClientSecretExpiresAt, 0).UTC()
	}
	return reg, nil
}

// StartLogin begins a device-authorization login for profile's SSO session.
func (m *Manager) StartLogin(ctx context.Context, profile string) (*Login, error) {
	s, err := m.SSOSessionFor(profile)
	if err != nil {
		return nil, err
	}
	client, err := m.oidcClient(ctx, s)
	if err != nil {
		return nil, err
	}
	now := m.opts.Now()
	l := &Login{Session: s, m: m, client: client}
	cached := false
	if old, err := ReadSSOToken(s.CacheFile); err == nil && old.ClientID != "" && old.ClientSecret != "" &&
		now.Add(time.Hour).Before(old.RegistrationExpiresAt) {
		l.reg, cached = registration{id: old.ClientID, secret: old.ClientSecret, expires: old.RegistrationExpiresAt}, true
	} else if l.reg, err = registerDevice(ctx, client, s); err != nil {
		return nil, err
	}
	start := func() (*ssooidc.StartDeviceAuthorizationOutput, error) {
		return client.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
			ClientId: aws.String(l.reg.id), ClientSecret: aws.String(l.reg.secret), StartUrl: aws.String(s.StartURL),
		})
	}
	out, err := start()
	var unauthorized *types.UnauthorizedClientException
	var invalid *types.InvalidClientException
	if cached && (errors.As(err, &unauthorized) || errors.As(err, &invalid)) {
		// The cached registration is not for the device grant (an authorization-code login's,
		// or the CLI v2's) or no longer known: register for this grant.
		if l.reg, err = registerDevice(ctx, client, s); err != nil {
			return nil, err
		}
		out, err = start()
	}
	if err != nil {
		return nil, fmt.Errorf("starting the SSO login for %s: %w", s.Label(), err)
	}
	l.deviceCode = aws.ToString(out.DeviceCode)
	l.UserCode = aws.ToString(out.UserCode)
	l.VerificationURI = aws.ToString(out.VerificationUri)
	l.VerificationURIComplete = aws.ToString(out.VerificationUriComplete)
	l.ExpiresAt = now.Add(time.Duration(out.ExpiresIn) * time.Second)
	l.interval = time.Duration(out.Interval) * time.Second
	if l.interval <= 0 {
		l.interval = slowDownStep // RFC 8628's default
	}
	return l, nil
}

// Poll asks SSO-OIDC once whether the user approved the login. It returns true once the token is
// saved; false while the approval is pending (after a slow_down, Interval grows); ErrLoginExpired
// or ErrLoginDenied when it is over.
func (l *Login) Poll(ctx context.Context) (bool, error) {
	now := l.m.opts.Now()
	if !now.Before(l.ExpiresAt) {
		return false, ErrLoginExpired
	}
	out, err := l.client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: aws.String(l.reg.id), ClientSecret: aws.String(l.reg.secret),
		GrantType: aws.String(grantDeviceCode), DeviceCode: aws.String(l.deviceCode),
	})
	var (
		pending *types.AuthorizationPendingException
		slow    *types.SlowDownException
		expired *types.ExpiredTokenException
		denied  *types.AccessDeniedException
	)
	switch {
	case errors.As(err, &pending):
		return false, nil
	case errors.As(err, &slow):
		l.interval += slowDownStep
		return false, nil
	case errors.As(err, &expired):
		return false, ErrLoginExpired
	case errors.As(err, &denied):
		return false, ErrLoginDenied
	case err != nil:
		return false, fmt.Errorf("finishing the SSO login for %s: %w", l.Session.Label(), err)
	}
	tok := SSOToken{
		StartURL: l.Session.StartURL, Region: l.Session.Region,
		AccessToken: aws.ToString(out.AccessToken), RefreshToken: aws.ToString(out.RefreshToken),
		ExpiresAt: now.Add(time.Duration(out.ExpiresIn) * time.Second),
		ClientID:  l.reg.id, ClientSecret: l.reg.secret, RegistrationExpiresAt: l.reg.expires,
	}
	if err := l.m.saveSSOToken(l.Session, tok); err != nil {
		return false, err
	}
	return true, nil
}

// Wait polls until the login is approved, refused, expired or ctx ends; sleep waits between polls
// (nil: a timer; tests pass one that returns at once).
func (l *Login) Wait(ctx context.Context, sleep func(context.Context, time.Duration) error) error {
	if sleep == nil {
		sleep = ctxsleep.Sleep
	}
	for {
		if err := sleep(ctx, l.interval); err != nil {
			return err
		}
		done, err := l.Poll(ctx)
		if err != nil || done {
			return err
		}
	}
}

// saveSSOToken writes tok over the cached one, keeping the fields nimbus does not know, and
// makes every profile of the session load again.
func (m *Manager) saveSSOToken(s SSOSession, tok SSOToken) error {
	if old, err := ReadSSOToken(s.CacheFile); err == nil {
		tok.other = old.other
		if tok.RefreshToken == "" && tok.ClientID == old.ClientID {
			tok.RefreshToken = old.RefreshToken
		}
	}
	if err := WriteSSOToken(s.CacheFile, tok); err != nil {
		return err
	}
	m.invalidateSSO(s.CacheFile)
	return nil
}

// invalidateSSO drops the cached configurations of every profile logging in through cacheFile.
func (m *Manager) invalidateSSO(cacheFile string) {
	for _, p := range m.Profiles() {
		if s, err := m.SSOSessionFor(p.Name); err == nil && s.CacheFile == cacheFile {
			m.Invalidate(p.Name)
		}
	}
}

// SSOState is how a profile's SSO login stands (EnsureSSO).
type SSOState int

const (
	SSOValid     SSOState = iota // the cached token is good for a while
	SSORefreshed                 // it was renewed with its refresh token, without the user
	SSONeedLogin                 // the user must log in (StartLogin)
)

// EnsureSSO makes profile's SSO token usable without the user when it can: a token valid for
// more than refreshBefore is left alone; one closer to expiry (or expired) is renewed with its
// refresh token. It reports SSONeedLogin when only a new login helps; the returned token is the
// one now cached.
func (m *Manager) EnsureSSO(ctx context.Context, profile string) (SSOState, SSOToken, error) {
	s, err := m.SSOSessionFor(profile)
	if err != nil {
		return SSONeedLogin, SSOToken{}, err
	}
	tok, err := ReadSSOToken(s.CacheFile)
	if err != nil {
		return SSONeedLogin, SSOToken{}, nil // missing or unreadable: a login writes a new one
	}
	now := m.opts.Now()
	if tok.Valid(now.Add(refreshBefore)) {
		return SSOValid, tok, nil
	}
	if !tok.Refreshable(now) {
		if tok.Valid(now) {
			return SSOValid, tok, nil // short but usable; nothing better without the user
		}
		return SSONeedLogin, tok, nil
	}
	client, err := m.oidcClient(ctx, s)
	if err != nil {
		return SSONeedLogin, tok, err
	}
	out, err := client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: aws.String(tok.ClientID), ClientSecret: aws.String(tok.ClientSecret),
		GrantType: aws.String(grantRefreshToken), RefreshToken: aws.String(tok.RefreshToken),
	})
	var invalid *types.InvalidGrantException
	var expired *types.ExpiredTokenException
	switch {
	case errors.As(err, &invalid), errors.As(err, &expired):
		return SSONeedLogin, tok, nil
	case err != nil:
		return SSONeedLogin, tok, fmt.Errorf("renewing the SSO login for %s: %w", s.Label(), err)
	}
	tok.AccessToken = aws.ToString(out.AccessToken)
	tok.ExpiresAt = now.Add(time.Duration(out.ExpiresIn) * time.Second)
	if r := aws.ToString(out.RefreshToken); r != "" {
		tok.RefreshToken = r
	}
	if err := m.saveSSOToken(s, tok); err != nil {
		return SSONeedLogin, tok, err
	}
	return SSORefreshed, tok, nil
}
