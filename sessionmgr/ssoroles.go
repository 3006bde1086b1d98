package sessionmgr

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// SourceSession marks a profile that exists only in this session: an SSO account and role opened
// from the account list (OpenSSORole) with no profile for it in the files.
const SourceSession = "session"

// SSORoleProfileName is the name nimbus gives the profile of an SSO role: ROLE-ACCOUNT, the AWS
// CLI's default in `aws configure sso`.
func SSORoleProfileName(account, role string) string { return role + "-" + account }

// ssoRoleKeys are the settings of a profile for role in account through session s; region is
// from's own region, else the SSO region.
func (m *Manager) ssoRoleKeys(s SSOSession, from, account, role string) map[string]string {
	keys := map[string]string{"sso_account_id": account, "sso_role_name": role}
	if s.Name != "" {
		keys["sso_session"] = s.Name
	} else {
		keys["sso_start_url"], keys["sso_region"] = s.StartURL, s.Region
	}
	if p, ok := m.Profile(from); ok && p.Region != "" {
		keys["region"] = p.Region
	} else if s.Region != "" {
		keys["region"] = s.Region
	}
	return keys
}

// existingSSORole is the first profile (by name) of the files that opens role in account through
// session s, or "".
func (m *Manager) existingSSORole(s SSOSession, account, role string) string {
	m.mu.Lock()
	snap := m.snap
	m.mu.Unlock()
	var names []string
	for name, ps := range snap.settings {
		k := ps.keys
		if k["sso_account_id"] != account || k["sso_role_name"] != role || k["role_arn"] != "" {
			continue
		}
		if (s.Name != "" && k["sso_session"] == s.Name) || (s.Name == "" && k["sso_session"] == "" && k["sso_start_url"] == s.StartURL) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// SSORoleProfileFor is the profile of the files that opens role in account through from's SSO
// session, or "" when there is none.
func (m *Manager) SSORoleProfileFor(from, account, role string) string {
	s, err := m.SSOSessionFor(from)
	if err != nil {
		return ""
	}
	return m.existingSSORole(s, account, role)
}

// OpenSSORole returns the profile to switch to for role in account of from's SSO session: a
// profile of the files that opens exactly that, else one nimbus keeps in memory for the session
// (Source SourceSession; WriteSSORoleProfile saves it). It is used like any profile: its
// credentials come from the session's cached token (GetRoleCredentials).
func (m *Manager) OpenSSORole(from, account, role string) (string, error) {
	s, err := m.SSOSessionFor(from)
	if err != nil {
		return "", err
	}
	if name := m.existingSSORole(s, account, role); name != "" {
		return name, nil
	}
	name, keys := SSORoleProfileName(account, role), m.ssoRoleKeys(s, from, account, role)
	m.mu.Lock()
	defer m.mu.Unlock()
	if ps, taken := m.snap.settings[name]; taken && !ps.adhoc {
		name += "-sso" // a profile of the files has that name for something else
	}
	if m.adhoc == nil {
		m.adhoc = map[string]map[string]string{}
	}
	m.adhoc[name] = keys
	if m.adhocRoles == nil {
		m.adhocRoles = map[string]SSORole{}
	}
	m.adhocRoles[name] = SSORole{From: from, Account: account, Role: role}
	m.snap = m.snap.withAdhoc(m.adhoc)
	return name, nil
}

// SSORole is what opens an SSO role kept in memory (OpenSSORole): the profile whose SSO session
// it goes through, the account and the role.
type SSORole struct{ From, Account, Role string }

// SessionRole is what opened profile when it is an SSO role in no file (OpenSSORole), so that it
// can be opened again in another run; ok is false for the profiles of the files.
func (m *Manager) SessionRole(profile string) (r SSORole, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, kept := m.adhoc[profile]; !kept {
		return SSORole{}, false
	}
	r, ok = m.adhocRoles[profile]
	return r, ok
}

// SSORoleProfile is the profile WriteSSORoleProfile would append for role in account of from's
// SSO session: its name and the exact text.
func (m *Manager) SSORoleProfile(from, account, role string) (name, text string, err error) {
	s, err := m.SSOSessionFor(from)
	if err != nil {
		return "", "", err
	}
	name = SSORoleProfileName(account, role)
	return name, profileText(name, m.ssoRoleKeys(s, from, account, role)), nil
}

// ErrProfileExists is wrapped when a profile to write is in the config file already.
var ErrProfileExists = errors.New("a profile of that name exists")

// WriteSSORoleProfile appends the profile of SSORoleProfile to the config file, leaving every
// byte already there as it was, then reads the files again. The file is replaced atomically
// (a reader sees the old file or the new one) and keeps its permissions; a symlink is followed.
func (m *Manager) WriteSSORoleProfile(from, account, role string) (name string, err error) {
	name, text, err := m.SSORoleProfile(from, account, role)
	if err != nil {
		return "", err
	}
	m.mu.Lock()
	ps, exists := m.snap.settings[name]
	m.mu.Unlock()
	if exists && !ps.adhoc {
		return "", fmt.Errorf("%w: %s is in %s already", ErrProfileExists, name, m.opts.ConfigFile)
	}
	if err := appendToFile(m.opts.ConfigFile, text); err != nil {
		return "", fmt.Errorf("writing profile %s to %s: %w", name, m.opts.ConfigFile, err)
	}
	m.mu.Lock()
	delete(m.adhoc, name) // the file has it now
	delete(m.adhocRoles, name)
	m.mu.Unlock()
	return name, m.Reload()
}

// profileText is a config file section for a profile: "[profile NAME]" then its keys, in a
// stable order (the SSO keys as `aws configure sso` writes them, then the rest by name).
func profileText(name string, keys map[string]string) string {
	order := []string{"sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name", "region"}
	var b strings.Builder
	fmt.Fprintf(&b, "[profile %s]\n", name)
	seen := map[string]bool{}
	for _, k := range order {
		if v, ok := keys[k]; ok {
			fmt.Fprintf(&b, "%s = %s\n", k, v)
			seen[k] = true
		}
	}
	var rest []string
	for k := range keys {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		fmt.Fprintf(&b, "%s = %s\n", k, keys[k])
	}
	return b.String()
}

// appendToFile writes path's bytes followed by text (after a newline if the file does not end
// with one, and a blank line to set the section apart) to a temporary file beside it, with the
// file's permissions (0600 for a new file), and renames it over path. A symlink is followed, so
// the link stays a link.
func appendToFile(path, text string) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	mode := os.FileMode(0o600)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	b := append([]byte(nil), old...)
	if len(b) > 0 {
		if b[len(b)-1] != '\n' {
			b = append(b, '\n')
		}
		b = append(b, '\n')
	}
	b = append(b, text...)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing left to remove
	err = f.Chmod(mode)
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
