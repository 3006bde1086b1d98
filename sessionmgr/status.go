package sessionmgr

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// States of a profile's credentials (Status.State).
const (
	StateOK            = "ok"                   // credentials were obtained (or are plain keys)
	StateNeedsLogin    = "needs login"          // SSO: no token, or it expired and cannot be refreshed
	StateNeedsMFA      = "needs MFA code"       // a hop has mfa_serial and no code was given this session
	StateNoCredentials = "no credentials"       // nothing configured and nothing found on this machine
	StateUnchecked     = "checked on first use" // getting them runs a program or calls STS: not done to list
	StateError         = "error"                // the profile is broken or its credentials were refused
)

// Status is what the profile list says about a profile's credentials.
type Status struct {
	State  string
	Reason string // why, when the state is not ok: one line, no secrets
}

func (s Status) String() string {
	if s.Reason == "" {
		return s.State
	}
	return s.State + ": " + s.Reason
}

// credState remembers, per profile, how the last attempt to get credentials ended, so that the
// profile list can say so without asking again (an MFA code, an SSO login).
type credState struct {
	mu  sync.Mutex
	ok  bool
	exp time.Time // zero: does not expire
	err error
	// sum is a digest of the last credentials obtained (never the secret itself): Renew tells
	// new credentials from the same expired ones read again.
	sum [sha256.Size]byte
}

// credSum is the digest of creds that credState keeps.
func credSum(creds aws.Credentials) [sha256.Size]byte {
	return sha256.Sum256([]byte(creds.AccessKeyID + "\x00" + creds.SecretAccessKey + "\x00" + creds.SessionToken))
}

func (c *credState) record(creds aws.Credentials, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.ok, c.err = false, err
		return
	}
	c.ok, c.err, c.exp, c.sum = true, nil, time.Time{}, credSum(creds)
	if creds.CanExpire {
		c.exp = creds.Expires
	}
}

// last reports the remembered outcome: ok (still valid at now), or the error, or neither.
func (c *credState) last(now time.Time) (ok bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && (c.exp.IsZero() || now.Before(c.exp)) {
		return true, nil
	}
	return false, c.err
}

// credStateOf returns profile's record, creating it.
func (m *Manager) credStateOf(profile string) *credState {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.creds[profile]
	if st == nil {
		st = &credState{}
		m.creds[profile] = st
	}
	return st
}

// Status says whether profile's credentials resolve, without asking the user anything and
// without running a credential_process or assuming a role: plain keys are ok; an SSO profile is ok
// when its cached token is valid or refreshable; a profile with an MFA device needs a code until
// one was given in this session; a role is checked on first use; a profile with nothing
// configured is checked against the machine's own credentials (container, instance metadata),
// which may take a network call: call Status from a command, with a deadline. What the session
// obtained or was refused since overrides the guess.
func (m *Manager) Status(ctx context.Context, profile string) Status {
	p, ok := m.Profile(profile)
	if !ok {
		return Status{State: StateError, Reason: "no such profile"}
	}
	if p.Err != nil {
		return Status{State: StateError, Reason: explainPlain(&ProfileError{Profile: profile, Err: p.Err})}
	}
	if ok, err := m.credStateOf(profile).last(m.opts.Now()); ok {
		return Status{State: StateOK}
	} else if err != nil {
		return failedStatus(err)
	}
	if profile == EnvProfile {
		return Status{State: StateOK}
	}
	chain := m.chain(profile)
	role := Status{State: StateUnchecked, Reason: "the role is assumed on first use"}
	for i, hop := range chain {
		serial := hop.keys["mfa_serial"]
		if serial == "" || hop.keys["role_arn"] == "" {
			continue
		}
		in := &sts.AssumeRoleInput{RoleArn: aws.String(hop.keys["role_arn"]), SerialNumber: aws.String(serial)}
		if _, ok := m.roleCache(profile, in).load(m.opts.Now()); ok {
			// The AWS CLI (or an earlier nimbus) left valid credentials for this hop.
			if i == 0 {
				return Status{State: StateOK}
			}
			return role
		}
		return Status{State: StateNeedsMFA, Reason: "asked when first used (" + serial + ")"}
	}
	root := chain[len(chain)-1].keys
	switch kindOf(root) {
	case KindStatic:
		if len(chain) == 1 {
			return Status{State: StateOK}
		}
		return role
	case KindSSO:
		st, done := m.ssoStatus(chain[len(chain)-1].name)
		if done || len(chain) == 1 {
			return st
		}
		return role
	case KindProcess:
		return Status{State: StateUnchecked, Reason: "credential_process runs on first use"}
	case KindLogin:
		st := m.loginStatus(chain[len(chain)-1].name, root["login_session"])
		if st.State == StateOK && len(chain) > 1 {
			return role
		}
		return st
	case KindWebIdentity:
		if _, err := os.Stat(root["web_identity_token_file"]); err != nil {
			return Status{State: StateError, Reason: "web_identity_token_file: " + rootCause(err)}
		}
		return role
	}
	// Nothing configured (or credential_source): only the machine can say.
	if root["credential_source"] == "" && !m.machineCredentialsPossible() {
		return Status{State: StateNoCredentials, Reason: "no keys, SSO, role or credential_process — set them in ~/.aws/credentials or ~/.aws/config"}
	}
	if len(chain) > 1 {
		return role
	}
	cfg, err := m.Config(ctx, profile, "")
	if err != nil {
		return failedStatus(err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return failedStatus(err)
	}
	return Status{State: StateOK}
}

// ssoStatus judges an SSO profile by its cached token; done is false when the token is usable and
// only a call can tell more.
func (m *Manager) ssoStatus(profile string) (st Status, done bool) {
	s, err := m.SSOSessionFor(profile)
	if err != nil {
		return Status{State: StateError, Reason: err.Error()}, true
	}
	tok, err := ReadSSOToken(s.CacheFile)
	now := m.opts.Now()
	switch {
	case errors.Is(err, ErrNotLoggedIn):
		return Status{State: StateNeedsLogin, Reason: "not logged in to " + s.Label()}, true
	case err != nil:
		return Status{State: StateNeedsLogin, Reason: err.Error()}, true
	case !tok.Valid(now) && !tok.Refreshable(now):
		return Status{State: StateNeedsLogin, Reason: "the login to " + s.Label() + " expired"}, true
	}
	return Status{State: StateOK}, false
}

// failedStatus classifies an error from getting credentials.
func failedStatus(err error) Status {
	var credErr *CredentialsError
	var mfaErr *MFAError
	switch {
	case errors.As(err, &mfaErr):
		return Status{State: StateNeedsMFA, Reason: explainPlain(err)}
	case errors.As(err, &credErr) && credErr.Kind == KindNone:
		return Status{State: StateNoCredentials, Reason: "none found on this machine (no keys, SSO, role, container or instance credentials)"}
	case errors.As(err, &credErr) && strings.Contains(explainPlain(err), "SSO session expired"):
		return Status{State: StateNeedsLogin, Reason: explainPlain(err)}
	}
	return Status{State: StateError, Reason: explainPlain(err)}
}

// machineCredentialsPossible reports whether a profile with nothing configured could still get
// credentials from where nimbus runs: a container's credentials endpoint or instance metadata.
func (m *Manager) machineCredentialsPossible() bool {
	env := m.opts.Getenv
	if env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != "" || env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != "" {
		return true
	}
	return !strings.EqualFold(env("AWS_EC2_METADATA_DISABLED"), "true")
}

// hop is one profile of a source_profile chain.
type hop struct {
	name string
	keys map[string]string
}

// chain is profile and its source profiles, the one that holds the first credentials last. A
// profile that is its own source_profile (static keys plus a role) ends the chain.
func (m *Manager) chain(profile string) []hop {
	m.mu.Lock()
	snap := m.snap
	m.mu.Unlock()
	var out []hop
	seen := map[string]bool{}
	for name := profile; name != "" && !seen[name]; {
		seen[name] = true
		ps, ok := snap.settings[name]
		if !ok {
			break
		}
		out = append(out, hop{name: name, keys: ps.keys})
		if ps.keys["role_arn"] == "" || ps.keys["web_identity_token_file"] != "" {
			break
		}
		src := ps.keys["source_profile"]
		if src == name {
			// Its own keys assume its role: the root is its keys, without the role.
			keys := map[string]string{}
			for k, v := range ps.keys {
				if k != "role_arn" && k != "mfa_serial" && k != "source_profile" {
					keys[k] = v
				}
			}
			out = append(out, hop{name: name, keys: keys})
			break
		}
		name = src
	}
	if len(out) == 0 {
		out = append(out, hop{name: profile, keys: map[string]string{}})
	}
	return out
}

// Chain is where profile's credentials come from, the profile first: its source_profile, that
// profile's source and so on, ending with a credential_source when the last role uses one. A
// profile that gets its own credentials has a chain of one.
func (m *Manager) Chain(profile string) []string {
	var out []string
	hops := m.chain(profile)
	for _, h := range hops {
		if len(out) == 0 || out[len(out)-1] != h.name {
			out = append(out, h.name)
		}
	}
	if src := hops[len(hops)-1].keys["credential_source"]; src != "" {
		out = append(out, src)
	}
	return out
}
