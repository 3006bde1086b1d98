// Package ssofake is an in-process IAM Identity Center for tests: the SSO-OIDC service
// (RegisterClient, StartDeviceAuthorization, CreateToken, and the /authorize sign-in page of the
// authorization-code grant with PKCE) and the SSO portal (GetRoleCredentials, ListAccounts,
// ListAccountRoles), speaking their real REST-JSON protocol. moto implements neither. Point
// clients at it with AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO.
//
// The sign-in page approves at once: it redirects to the client's loopback redirect URI with a
// code and the request's state (or error=access_denied when DenySignIn is set), so a test's
// "browser" only has to follow the redirect. CreateToken then checks the code, the redirect URI
// and the PKCE verifier against the S256 challenge.
//
// The device flow follows a script: each CreateToken with a device code takes the next answer of
// Server.Answers ("pending", "slow_down", "expired", "denied"); when none is left the login is
// approved. Access tokens last Server.TokenLifetime; refresh tokens rotate on use.
package ssofake

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Account is an account of the portal with the roles the user may take there.
type Account struct {
	ID, Name, Email string
	Roles           []string
}

// Server is a running fake. Its fields may be changed between requests under Lock/Unlock.
type Server struct {
	URL string

	mu sync.Mutex
	// Answers are the next CreateToken answers for a device code (see the package doc).
	Answers []string
	// Accounts are what the portal lists; GetRoleCredentials accepts only these.
	Accounts []Account
	// PageSize is how many accounts or roles a list page holds (the real portal: 20 by default).
	PageSize int
	// TokenLifetime is the expiresIn of access tokens.
	TokenLifetime time.Duration

	clients  map[string]string // id → secret
	devices  map[string]string // device code → client id
	access   map[string]bool   // valid access tokens
	refresh  map[string]string // valid refresh token → client id
	serial   int
	requests map[string]int
	// Registered is the last RegisterClient request body.
	Registered map[string]any
	// Grants are the grant types of every CreateToken, in order.
	Grants []string
	// DenySignIn makes the sign-in page refuse (error=access_denied in the redirect).
	DenySignIn bool

	grants map[string][]string  // client id → its registered grant types (empty: any)
	codes  map[string]authGrant // authorization code → what it was issued for
}

// authGrant is an authorization code's request: the client, the redirect URI and the challenge.
type authGrant struct {
	client, redirect, challenge string
}

// Start serves a fake with two accounts until the test ends.
func Start(t testing.TB) *Server {
	s := &Server{
		Accounts: []Account{
			{ID: "111122223333", Name: "prod", Email: "prod@example.com", Roles: []string{"ReadOnly", "Admin"}},
			{ID: "444455556666", Name: "dev", Email: "dev@example.com", Roles: []string{"Developer"}},
			{ID: "777788889999", Name: "audit", Email: "audit@example.com", Roles: []string{"Auditor", "ReadOnly", "Billing"}},
		},
		PageSize: 2, TokenLifetime: 8 * time.Hour,
		clients: map[string]string{}, devices: map[string]string{}, access: map[string]bool{},
		refresh: map[string]string{}, requests: map[string]int{},
		grants: map[string][]string{}, codes: map[string]authGrant{},
	}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Lock and Unlock guard the exported fields while a test changes them.
func (s *Server) Lock()   { s.mu.Lock() }
func (s *Server) Unlock() { s.mu.Unlock() }

// Requests returns how many requests an operation got.
func (s *Server) Requests(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[op]
}

// Revoke makes every access token invalid, as a sign-out in the portal does.
func (s *Server) Revoke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access = map[string]bool{}
}

// EndSession ends the user's SSO session: access and refresh tokens stop working, only a new
// login gets new ones (the portal's session duration ran out).
func (s *Server) EndSession() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access = map[string]bool{}
	s.refresh = map[string]string{}
}

// IssueToken returns a valid access token without a login (a token another tool obtained).
func (s *Server) IssueToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newID("access")
}

func (s *Server) newID(kind string) string {
	s.serial++
	id := fmt.Sprintf("%s-%d", kind, s.serial)
	if kind == "access" {
		s.access[id] = true
	}
	return id
}

// fail answers an error the way the real services do: the type in x-amzn-ErrorType, the OAuth
// error in the body for SSO-OIDC, a message for the portal.
func fail(w http.ResponseWriter, status int, typ string, body map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-Errortype", typ+":http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func oauthError(w http.ResponseWriter, status int, typ, code string) {
	fail(w, status, typ, map[string]any{"error": code, "error_description": nil})
}

func reply(w http.ResponseWriter, body any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(body)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var in map[string]any
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			fail(w, 400, "InvalidRequestException", map[string]any{"error": "invalid_request"})
			return
		}
	}
	str := func(k string) string { v, _ := in[k].(string); return v }
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/client/register":
		s.requests["RegisterClient"]++
		s.Registered = in
		id, secret := s.newID("client"), s.newID("secret")
		s.clients[id] = secret
		if gt, ok := in["grantTypes"].([]any); ok {
			for _, g := range gt {
				v, _ := g.(string)
				s.grants[id] = append(s.grants[id], v)
			}
		}
		reply(w, map[string]any{"clientId": id, "clientSecret": secret, "clientIdIssuedAt": 1764806400,
			"clientSecretExpiresAt": time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()})
	case r.Method == http.MethodPost && r.URL.Path == "/device_authorization":
		s.requests["StartDeviceAuthorization"]++
		if s.clients[str("clientId")] == "" || s.clients[str("clientId")] != str("clientSecret") {
			oauthError(w, 400, "InvalidClientException", "invalid_client")
			return
		}
		if !s.allows(str("clientId"), "urn:ietf:params:oauth:grant-type:device_code") {
			oauthError(w, 400, "UnauthorizedClientException", "unauthorized_client")
			return
		}
		code := s.newID("device")
		s.devices[code] = str("clientId")
		reply(w, map[string]any{"deviceCode": code, "userCode": "ABCD-EFGH",
			"verificationUri": "https://device.sso.example.com/", "verificationUriComplete": "https://device.sso.example.com/?user_code=ABCD-EFGH",
			"expiresIn": 600, "interval": 1})
	case r.Method == http.MethodGet && r.URL.Path == "/authorize":
		s.requests["Authorize"]++
		s.authorize(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/token":
		s.requests["CreateToken"]++
		s.token(w, in)
	case r.Method == http.MethodGet && r.URL.Path == "/federation/credentials":
		s.requests["GetRoleCredentials"]++
		if !s.access[r.Header.Get("X-Amz-Sso_bearer_token")] {
			fail(w, 401, "UnauthorizedException", map[string]any{"message": "Session token not found or invalid"})
			return
		}
		q := r.URL.Query()
		if !s.hasRole(q.Get("account_id"), q.Get("role_name")) {
			fail(w, 403, "ForbiddenException", map[string]any{"message": "No access"})
			return
		}
		reply(w, map[string]any{"roleCredentials": map[string]any{
			// A new session token each time: a test can tell new role credentials from old ones.
			"accessKeyId": "ASIA" + q.Get("account_id"), "secretAccessKey": "sso-secret", "sessionToken": s.newID("sso-session"),
			"expiration": time.Now().Add(time.Hour).UnixMilli()}})
	case r.Method == http.MethodGet && r.URL.Path == "/assignment/accounts":
		s.requests["ListAccounts"]++
		if !s.access[r.Header.Get("X-Amz-Sso_bearer_token")] {
			fail(w, 401, "UnauthorizedException", map[string]any{"message": "Session token not found or invalid"})
			return
		}
		var list []map[string]any
		for _, a := range s.Accounts {
			list = append(list, map[string]any{"accountId": a.ID, "accountName": a.Name, "emailAddress": a.Email})
		}
		page, next := s.page(len(list), r.URL.Query().Get("next_token"))
		reply(w, map[string]any{"accountList": list[page[0]:page[1]], "nextToken": next})
	case r.Method == http.MethodGet && r.URL.Path == "/assignment/roles":
		s.requests["ListAccountRoles"]++
		if !s.access[r.Header.Get("X-Amz-Sso_bearer_token")] {
			fail(w, 401, "UnauthorizedException", map[string]any{"message": "Session token not found or invalid"})
			return
		}
		id := r.URL.Query().Get("account_id")
		var list []map[string]any
		for _, a := range s.Accounts {
			if a.ID == id {
				for _, role := range a.Roles {
					list = append(list, map[string]any{"roleName": role, "accountId": id})
				}
			}
		}
		page, next := s.page(len(list), r.URL.Query().Get("next_token"))
		reply(w, map[string]any{"roleList": list[page[0]:page[1]], "nextToken": next})
	default:
		fail(w, 404, "ResourceNotFoundException", map[string]any{"message": "no such operation: " + r.Method + " " + r.URL.Path})
	}
}

// page returns the [from, to) window of a list of n for a next_token, and the next token ("" at
// the end, which the JSON then carries as null-like empty).
func (s *Server) page(n int, token string) ([2]int, any) {
	from, _ := strconv.Atoi(token)
	from = min(max(from, 0), n)
	to := min(from+max(s.PageSize, 1), n)
	if to < n {
		return [2]int{from, to}, strconv.Itoa(to)
	}
	return [2]int{from, to}, nil
}

func (s *Server) hasRole(account, role string) bool {
	for _, a := range s.Accounts {
		if a.ID != account {
			continue
		}
		for _, r := range a.Roles {
			if r == role {
				return true
			}
		}
	}
	return false
}

func (s *Server) token(w http.ResponseWriter, in map[string]any) {
	str := func(k string) string { v, _ := in[k].(string); return v }
	client := str("clientId")
	if s.clients[client] == "" || s.clients[client] != str("clientSecret") {
		oauthError(w, 400, "InvalidClientException", "invalid_client")
		return
	}
	grant := str("grantType")
	s.Grants = append(s.Grants, grant)
	switch grant {
	case "urn:ietf:params:oauth:grant-type:device_code":
		if s.devices[str("deviceCode")] != client {
			oauthError(w, 400, "InvalidGrantException", "invalid_grant")
			return
		}
		if len(s.Answers) > 0 {
			answer := s.Answers[0]
			s.Answers = s.Answers[1:]
			switch answer {
			case "pending":
				oauthError(w, 400, "AuthorizationPendingException", "authorization_pending")
				return
			case "slow_down":
				oauthError(w, 400, "SlowDownException", "slow_down")
				return
			case "expired":
				oauthError(w, 400, "ExpiredTokenException", "expired_token")
				return
			case "denied":
				oauthError(w, 400, "AccessDeniedException", "access_denied")
				return
			}
		}
		delete(s.devices, str("deviceCode"))
	case "authorization_code":
		g, ok := s.codes[str("code")]
		delete(s.codes, str("code")) // a code is good once
		sum := sha256.Sum256([]byte(str("codeVerifier")))
		if !ok || g.client != client || g.redirect != str("redirectUri") ||
			base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			oauthError(w, 400, "InvalidGrantException", "invalid_grant")
			return
		}
	case "refresh_token":
		if s.refresh[str("refreshToken")] != client {
			oauthError(w, 400, "InvalidGrantException", "invalid_grant")
			return
		}
		delete(s.refresh, str("refreshToken")) // rotated
	default:
		oauthError(w, 400, "UnsupportedGrantTypeException", "unsupported_grant_type")
		return
	}
	access, refresh := s.newID("access"), s.newID("refresh")
	s.refresh[refresh] = client
	reply(w, map[string]any{"accessToken": access, "tokenType": "Bearer", "expiresIn": int(s.TokenLifetime.Seconds()), "refreshToken": refresh})
}

// allows reports whether client may use grant (a client registered without grant types may use any).
func (s *Server) allows(client, grant string) bool {
	gs := s.grants[client]
	if len(gs) == 0 {
		return true
	}
	for _, g := range gs {
		if g == grant {
			return true
		}
	}
	return false
}

// authorize is the sign-in page: it checks the request as SSO-OIDC does (a registered client with
// the authorization_code grant, a loopback redirect URI, an S256 challenge) and redirects back
// with a code, or with error=access_denied when DenySignIn is set.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	client, redirect := q.Get("client_id"), q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	switch {
	case s.clients[client] == "" || !s.allows(client, "authorization_code"):
		http.Error(w, "unknown client or grant", http.StatusBadRequest)
		return
	case err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Path != "/oauth/callback":
		http.Error(w, "redirect_uri is not the registered loopback URI", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		http.Error(w, "PKCE with S256 is required", http.StatusBadRequest)
		return
	}
	back := url.Values{"state": {q.Get("state")}}
	if s.DenySignIn {
		back.Set("error", "access_denied")
	} else {
		code := s.newID("code")
		s.codes[code] = authGrant{client: client, redirect: redirect, challenge: q.Get("code_challenge")}
		back.Set("code", code)
	}
	http.Redirect(w, r, redirect+"?"+back.Encode(), http.StatusFound)
}
