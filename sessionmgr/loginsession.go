package sessionmgr

import (
	"encoding/json"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/logincreds"
)

// Profiles with login_session take the credentials `aws login` (AWS CLI v2) caches in
// ~/.aws/login/cache (or AWS_LOGIN_CACHE_DIRECTORY), under the SHA-256 of the session: the SDK's
// own provider (logincreds) reads them and renews them with the refresh token, signing that call
// with the cached DPoP key. Signing in is `aws login`'s: nimbus cannot start that session itself.

// loginCacheFile is where the SDK looks for session's token.
func (m *Manager) loginCacheFile(session string) (string, error) {
	return logincreds.StandardCachedTokenFilepath(session, m.opts.Getenv("AWS_LOGIN_CACHE_DIRECTORY"))
}

// loginStatus judges a login_session profile by its cached token, without a call: missing or
// unreadable needs `aws login`; a token with a refresh token is renewed by the SDK when needed.
func (m *Manager) loginStatus(profile, session string) Status {
	path, err := m.loginCacheFile(session)
	if err != nil {
		return Status{State: StateError, Reason: rootCause(err)}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Status{State: StateNeedsLogin, Reason: "no console login cached: run aws login --profile " + profile}
	}
	var tok struct {
		AccessToken *struct {
			ExpiresAt time.Time `json:"expiresAt"`
		} `json:"accessToken"`
		RefreshToken string `json:"refreshToken"`
	}
	if json.Unmarshal(b, &tok) != nil || tok.AccessToken == nil {
		return Status{State: StateError, Reason: "the console login cache " + path + " is not valid: run aws login --profile " + profile}
	}
	if m.opts.Now().Before(tok.AccessToken.ExpiresAt) || strings.TrimSpace(tok.RefreshToken) != "" {
		return Status{State: StateOK}
	}
	return Status{State: StateNeedsLogin, Reason: "the console login expired: run aws login --profile " + profile}
}

// isLoginTokenError reports whether err is the login provider's "sign in again".
func isLoginTokenError(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "login token") || strings.Contains(msg, "please reauthenticate") ||
		strings.Contains(msg, "create oauth2 token")
}
