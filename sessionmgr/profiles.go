package sessionmgr

import (
	"errors"
	"fmt"
	"sort"
)

// EnvProfile names the entry for credentials taken from the environment (AWS_ACCESS_KEY_ID…). The
// parentheses keep it apart from any profile in the files.
const EnvProfile = "(env)"

// Where a profile is defined (Profile.Source).
const (
	SourceConfig      = "config"
	SourceCredentials = "credentials"
	SourceBoth        = "config+credentials"
	SourceEnv         = "env"
)

// How a profile gets its credentials (Profile.Kind), from its settings. The values are the words
// the profile list shows.
const (
	KindStatic      = "static"       // aws_access_key_id + aws_secret_access_key
	KindSSO         = "sso"          // sso_session or sso_start_url
	KindAssumeRole  = "role"         // role_arn with source_profile or credential_source
	KindMFA         = "role+mfa"     // a role with mfa_serial: asks for a code
	KindWebIdentity = "web identity" // role_arn with web_identity_token_file
	KindProcess     = "process"      // credential_process: an external command
	KindLogin       = "login"        // login_session (aws login)
	KindEnv         = "env"          // the environment entry
	KindNone        = "none"         // nothing configured: the SDK falls back to container/IMDS credentials
)

// Profile is one entry of the profile picker.
type Profile struct {
	Name string
	// Region is the profile's own region setting ("" when it has none).
	Region string
	// Source is SourceConfig, SourceCredentials, SourceBoth or SourceEnv.
	Source string
	// Kind is one of the Kind constants.
	Kind string
	// SSOSession is the sso_session the profile uses, if any.
	SSOSession string
	// EndpointURL is the profile's endpoint_url setting, if any.
	EndpointURL string
	// Err is set when the profile cannot be used (malformed lines, missing pieces); other profiles
	// are not affected. It never contains a secret.
	Err error
}

// profileSettings is one profile's merged settings, as the SDK would merge them (the credentials file
// overrides the config file).
type profileSettings struct {
	name      string
	keys      map[string]string
	inConfig  bool
	inCreds   bool
	err       error
	ignoredAt error // the profile exists only as an ignored section (wrong header style)
	adhoc     bool  // in no file: an SSO role opened for this session (OpenSSORole)
}

// auxSection is an [sso-session x] or [services y] section after merging.
type auxSection struct {
	keys map[string]string
	err  error
}

// collectProfiles merges the profile sections of both files. It also returns the sso-session and
// services sections by qualified name, and the qualified names of broken sections, which the SDK
// must not see.
func collectProfiles(cfg, creds *sharedFile) (map[string]*profileSettings, map[string]*auxSection, map[string]bool) {
	profiles := map[string]*profileSettings{}
	broken := map[string]bool{}
	aux := map[string]*auxSection{}
	get := func(name string) *profileSettings {
		p := profiles[name]
		if p == nil {
			p = &profileSettings{name: name, keys: map[string]string{}}
			profiles[name] = p
		}
		return p
	}
	for _, f := range []*sharedFile{cfg, creds} {
		for _, s := range f.sections {
			switch s.kind {
			case ssoSessionSection, servicesSection:
				q := f.qualified(s)
				a := aux[q]
				if a == nil {
					a = &auxSection{keys: map[string]string{}}
					aux[q] = a
				}
				if s.err != nil {
					broken[q] = true
					if a.err == nil {
						a.err = s.err
					}
				}
				for k, v := range s.keys {
					a.keys[k] = v
				}
				continue
			case ignoredSection:
				if _, exists := profiles[s.name]; !exists {
					get(s.name).ignoredAt = s.err
				}
				continue
			}
			p := get(s.name)
			p.ignoredAt = nil
			if f.kind == configFile {
				p.inConfig = true
			} else {
				p.inCreds = true
			}
			if s.err == nil && (s.keys["aws_access_key_id"] == "") != (s.keys["aws_secret_access_key"] == "") {
				// The SDK refuses the profile too; say which file and line.
				s.err = fmt.Errorf("%s file %s line %d: [%s] has only one of aws_access_key_id and aws_secret_access_key",
					f.kind, f.path, s.line, s.name)
			}
			if s.err != nil && p.err == nil {
				p.err = s.err
			}
			if s.err != nil {
				broken[f.qualified(s)] = true
			}
			for k, v := range s.keys {
				p.keys[k] = v
			}
		}
	}
	// A profile that is broken in one file is broken in both: the SDK merges them.
	for name, p := range profiles {
		if p.err != nil {
			broken["profile "+name] = true
		}
	}
	return profiles, aux, broken
}

// kindOf infers how a profile gets credentials, in the SDK's order of precedence.
func kindOf(keys map[string]string) string {
	has := func(k string) bool { return keys[k] != "" }
	switch {
	case has("role_arn") && has("web_identity_token_file"):
		return KindWebIdentity
	case has("role_arn") && has("mfa_serial"):
		return KindMFA
	case has("role_arn") && (has("source_profile") || has("credential_source")):
		return KindAssumeRole
	case has("aws_access_key_id"):
		return KindStatic
	case has("sso_session") || has("sso_start_url"):
		return KindSSO
	case has("login_session"):
		return KindLogin
	case has("credential_process"):
		return KindProcess
	default:
		return KindNone
	}
}

// buildProfile turns merged settings into a picker entry; checkProfile then validates it.
func buildProfile(p *profileSettings) Profile {
	out := Profile{
		Name:        p.name,
		Region:      p.keys["region"],
		Kind:        kindOf(p.keys),
		SSOSession:  p.keys["sso_session"],
		EndpointURL: p.keys["endpoint_url"],
		Err:         p.err,
	}
	switch {
	case p.inConfig && p.inCreds:
		out.Source = SourceBoth
	case p.inCreds:
		out.Source = SourceCredentials
	default:
		out.Source = SourceConfig
	}
	if p.ignoredAt != nil {
		out.Err = p.ignoredAt
	}
	return out
}

// envProfile returns the environment entry, or false when AWS_ACCESS_KEY_ID is not set.
func envProfile(getenv func(string) string) (Profile, bool) {
	if getenv("AWS_ACCESS_KEY_ID") == "" {
		return Profile{}, false
	}
	p := Profile{Name: EnvProfile, Source: SourceEnv, Kind: KindEnv}
	if getenv("AWS_SECRET_ACCESS_KEY") == "" {
		p.Err = errors.New("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or unset AWS_ACCESS_KEY_ID")
	}
	return p, true
}

// sortProfiles orders default first, then the environment entry, then by name.
func sortProfiles(ps []Profile) {
	rank := func(p Profile) int {
		switch p.Name {
		case "default":
			return 0
		case EnvProfile:
			return 1
		}
		return 2
	}
	sort.Slice(ps, func(i, j int) bool {
		if ri, rj := rank(ps[i]), rank(ps[j]); ri != rj {
			return ri < rj
		}
		return ps[i].Name < ps[j].Name
	})
}
