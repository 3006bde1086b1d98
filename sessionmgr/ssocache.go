package sessionmgr

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SSOSession is where a profile logs in: an [sso-session NAME] section, or a legacy profile's own
// sso_start_url. The token of a login is cached in CacheFile, the file the AWS CLI, boto3 and the
// Go SDK use for it, so one login serves them all.
type SSOSession struct {
	Name      string // the sso-session name; "" for a legacy sso_start_url profile
	Profile   string // the profile that holds the SSO settings (profile itself, or down its chain)
	StartURL  string
	Region    string   // sso_region: where SSO-OIDC and the portal are
	Scopes    []string // sso_registration_scopes; the CLI's default (sso:account:access) when empty
	CacheFile string   // ~/.aws/sso/cache/<sha1 of Name, else of StartURL>.json
}

// Label names the session for messages: "sso-session corp" or the start URL.
func (s SSOSession) Label() string {
	if s.Name != "" {
		return "sso-session " + s.Name
	}
	return s.StartURL
}

// ssoCacheFile is the CLI's cache file name: the SHA-1 of the session name for sso-session
// profiles, of the start URL for legacy ones (botocore SSOTokenLoader, ssocreds).
func ssoCacheFile(home, sessionName, startURL string) string {
	key := startURL
	if sessionName != "" {
		key = sessionName
	}
	sum := sha1.Sum([]byte(key))
	return filepath.Join(home, ".aws", "sso", "cache", hex.EncodeToString(sum[:])+".json")
}

// ssoTimeLayout is how the CLI writes times in the cache (botocore _serialize_utc_timestamp).
const ssoTimeLayout = "2006-01-02T15:04:05Z"

// SSOToken is one cached SSO login, in the AWS CLI's JSON format. Fields nimbus does not know are
// kept as they were when the token is written back.
type SSOToken struct {
	StartURL              string
	Region                string
	AccessToken           string
	ExpiresAt             time.Time
	RefreshToken          string
	ClientID              string
	ClientSecret          string
	RegistrationExpiresAt time.Time

	other map[string]json.RawMessage
}

// Valid reports whether the access token can still be used at now.
func (t SSOToken) Valid(now time.Time) bool { return t.AccessToken != "" && now.Before(t.ExpiresAt) }

// Refreshable reports whether the token can be renewed without the user: a refresh token and a
// client registration that has not expired.
func (t SSOToken) Refreshable(now time.Time) bool {
	return t.RefreshToken != "" && t.ClientID != "" && t.ClientSecret != "" &&
		(t.RegistrationExpiresAt.IsZero() || now.Before(t.RegistrationExpiresAt))
}

var ssoTokenFields = []string{"startUrl", "region", "accessToken", "expiresAt", "refreshToken", "clientId", "clientSecret", "registrationExpiresAt"}

// MarshalJSON writes the CLI's format: camelCase keys, UTC times without fractions, empty fields left out.
func (t SSOToken) MarshalJSON() ([]byte, error) {
	out := map[string]any{}
	for k, v := range t.other {
		out[k] = v
	}
	set := func(k, v string) {
		if v != "" {
			out[k] = v
		} else {
			delete(out, k)
		}
	}
	stamp := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.UTC().Format(ssoTimeLayout)
	}
	set("startUrl", t.StartURL)
	set("region", t.Region)
	set("accessToken", t.AccessToken)
	set("expiresAt", stamp(t.ExpiresAt))
	set("refreshToken", t.RefreshToken)
	set("clientId", t.ClientID)
	set("clientSecret", t.ClientSecret)
	set("registrationExpiresAt", stamp(t.RegistrationExpiresAt))
	return json.Marshal(out)
}

// UnmarshalJSON reads the CLI's format (and the SDK's, which writes fractional seconds).
func (t *SSOToken) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	str := func(k string) (string, error) {
		v, ok := raw[k]
		if !ok {
			return "", nil
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", fmt.Errorf("%s is not a string", k)
		}
		return s, nil
	}
	var errs []error
	get := func(k string, dst *string) {
		s, err := str(k)
		errs = append(errs, err)
		*dst = s
	}
	getTime := func(k string, dst *time.Time) {
		s, err := str(k)
		if err == nil && s != "" {
			*dst, err = parseSSOTime(s)
			if err != nil {
				err = fmt.Errorf("%s: %w", k, err)
			}
		}
		errs = append(errs, err)
	}
	get("startUrl", &t.StartURL)
	get("region", &t.Region)
	get("accessToken", &t.AccessToken)
	getTime("expiresAt", &t.ExpiresAt)
	get("refreshToken", &t.RefreshToken)
	get("clientId", &t.ClientID)
	get("clientSecret", &t.ClientSecret)
	getTime("registrationExpiresAt", &t.RegistrationExpiresAt)
	for _, k := range ssoTokenFields {
		delete(raw, k)
	}
	t.other = raw
	return errors.Join(errs...)
}

func parseSSOTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05UTC", "2006-01-02T15:04:05-0700"} {
		if tm, err := time.Parse(layout, s); err == nil {
			return tm, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time", s)
}

// ErrNotLoggedIn is wrapped when a session has no cached token at all.
var ErrNotLoggedIn = errors.New("not logged in")

// ReadSSOToken reads a cached token. A missing file wraps ErrNotLoggedIn.
func ReadSSOToken(path string) (SSOToken, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return SSOToken{}, fmt.Errorf("%w (no %s)", ErrNotLoggedIn, path)
	}
	if err != nil {
		return SSOToken{}, err
	}
	var t SSOToken
	if err := json.Unmarshal(b, &t); err != nil {
		return SSOToken{}, fmt.Errorf("the SSO token cache %s is not valid: %w", path, err)
	}
	return t, nil
}

// WriteSSOToken writes a token where the CLI keeps it: the directory 0700, the file 0600, written
// to a temporary file first and renamed, so a reader (the CLI, another nimbus) never sees half a
// token.
func WriteSSOToken(path string, t SSOToken) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, b); err != nil {
		return fmt.Errorf("saving the SSO token: %w", err)
	}
	return nil
}

// writeFileAtomic writes b to path through a temporary file in the same directory (created 0700
// if missing), 0600, synced and renamed over path: a reader sees the old file or the new one.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, strings.TrimSuffix(filepath.Base(path), ".json")+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing left to remove
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(b)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// SSOSessionFor returns where profile logs in: its own SSO settings, or those of the first SSO
// profile down its source_profile chain. It fails for profiles that do not use SSO.
func (m *Manager) SSOSessionFor(profile string) (SSOSession, error) {
	m.mu.Lock()
	snap := m.snap
	m.mu.Unlock()
	// The role chain (m.chain) already walks source_profile links and stops at the root: the SSO
	// settings are on the first hop that has them.
	for _, h := range m.chain(profile) {
		if session := strings.TrimSpace(h.keys["sso_session"]); session != "" {
			sec, ok := snap.aux["sso-session "+session]
			if !ok {
				return SSOSession{}, fmt.Errorf("profile %s: no [sso-session %s] section", h.name, session)
			}
			return SSOSession{
				Name: session, Profile: h.name, StartURL: sec.keys["sso_start_url"], Region: sec.keys["sso_region"],
				Scopes:    splitScopes(sec.keys["sso_registration_scopes"]),
				CacheFile: ssoCacheFile(m.home(), session, ""),
			}, nil
		}
		if u := h.keys["sso_start_url"]; u != "" {
			return SSOSession{Profile: h.name, StartURL: u, Region: h.keys["sso_region"], CacheFile: ssoCacheFile(m.home(), "", u)}, nil
		}
	}
	return SSOSession{}, fmt.Errorf("profile %s does not use SSO (no sso_session or sso_start_url in it or its source profiles)", profile)
}

func splitScopes(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, f)
	}
	return out
}

// home is the directory the SSO cache lives under, as the SDK finds it ($HOME).
func (m *Manager) home() string {
	if h := m.opts.Getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}
