package sessionmgr

import (
	"context"
	"fmt"
)

// StaleCredentialsError says that getting the credentials again gave the very ones AWS called
// expired: only the user can change them (the files, the environment, the process's source).
type StaleCredentialsError struct {
	Profile string
	Kind    string
}

func (e *StaleCredentialsError) Error() string {
	where := "its credentials"
	switch e.Kind {
	case KindEnv:
		return "the environment's credentials (AWS_ACCESS_KEY_ID…) have expired: export new ones and start nimbus again"
	case KindStatic:
		where = "~/.aws/credentials or ~/.aws/config"
	case KindProcess:
		where = "its credential_process"
	}
	return fmt.Sprintf("profile %s still gives the expired credentials: update %s", e.Profile, where)
}

// Renew gets new credentials for profile after AWS refused its credentials as expired, so that
// the failed call can be made again with new ones rather than the same stale ones:
//   - an SSO profile's token is renewed with its refresh token when it can; when only a login
//     helps it returns a *NeedLoginError (log in: StartLogin, then Renew again or just retry);
//   - the cached credentials are dropped, and the CLI cache entries of its assume-role hops are
//     not read again until rewritten (a hop with an MFA device asks for a new code);
//   - the shared files are read again (keys updated by hand or by another tool);
//
// then the credentials are fetched. When they are the same ones as before it returns a
// *StaleCredentialsError: a retry would fail the same way.
func (m *Manager) Renew(ctx context.Context, profile string) error {
	if s, err := m.SSOSessionFor(profile); err == nil {
		state, _, err := m.EnsureSSO(ctx, profile)
		if err != nil {
			return err
		}
		if state == SSONeedLogin {
			return &NeedLoginError{Session: s}
		}
	}
	st := m.credStateOf(profile)
	st.mu.Lock()
	before := st.sum
	st.mu.Unlock()
	m.mu.Lock()
	if m.distrust == nil {
		m.distrust = map[string]bool{}
	}
	m.mu.Unlock()
	for _, h := range m.chain(profile) {
		if h.keys["role_arn"] != "" {
			if c := m.roleCacheOf(h.keys); c.path != "" {
				m.mu.Lock()
				m.distrust[c.path] = true
				m.mu.Unlock()
			}
		}
	}
	snap, err := loadSnapshot(m.opts)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.snap = snap.withAdhoc(m.adhoc)
	m.mu.Unlock()
	m.Invalidate(profile)
	cfg, err := m.Config(ctx, profile, "")
	if err != nil {
		return err
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return err
	}
	if before != ([32]byte{}) && credSum(creds) == before {
		p, _ := m.Profile(profile)
		return &StaleCredentialsError{Profile: profile, Kind: p.Kind}
	}
	return nil
}

// distrusted reports whether Renew set the CLI cache file at path aside.
func (m *Manager) distrusted(path string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.distrust[path]
}

// trust reads the CLI cache file at path again: nimbus has just written it.
func (m *Manager) trust(path string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.distrust, path)
}
