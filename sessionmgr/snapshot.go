package sessionmgr

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// snapshot is what the shared files said at the last Reload. It is never modified after creation.
type snapshot struct {
	config, creds *sharedFile
	profiles      []Profile
	byName        map[string]Profile
	settings      map[string]*profileSettings
	aux           map[string]*auxSection // sso-session and services sections by qualified name
	broken        map[string]bool        // qualified section names the SDK must not see
	problems      []error
	// adhocConfig is the config text of the profiles in no file (withAdhoc), handed to the SDK
	// as one more config file.
	adhocConfig string
}

// withAdhoc returns s with the SSO roles opened for the session (name → settings) as profiles of
// Source SourceSession; a profile of the files with the same name wins. s is not changed.
func (s *snapshot) withAdhoc(adhoc map[string]map[string]string) *snapshot {
	if len(adhoc) == 0 {
		return s
	}
	n := *s
	n.settings = make(map[string]*profileSettings, len(s.settings)+len(adhoc))
	for k, v := range s.settings {
		n.settings[k] = v
	}
	n.byName = make(map[string]Profile, len(s.byName)+len(adhoc))
	for k, v := range s.byName {
		n.byName[k] = v
	}
	n.profiles = append([]Profile(nil), s.profiles...)
	names := make([]string, 0, len(adhoc))
	for name := range adhoc {
		names = append(names, name)
	}
	sort.Strings(names)
	var text strings.Builder
	for _, name := range names {
		if _, inFiles := s.settings[name]; inFiles {
			continue
		}
		ps := &profileSettings{name: name, keys: adhoc[name], inConfig: true, adhoc: true}
		n.settings[name] = ps
		p := buildProfile(ps)
		p.Source = SourceSession
		p.Err = checkProfile(ps, n.settings, n.aux)
		n.byName[name] = p
		n.profiles = append(n.profiles, p)
		text.WriteString(profileText(name, adhoc[name]))
	}
	sortProfiles(n.profiles)
	n.adhocConfig = text.String()
	return &n
}

// loadSnapshot reads both files, builds the profile list and checks each profile as the SDK will
// (checkProfile), so a broken profile shows its error in the picker before anyone selects it.
func loadSnapshot(opts Options) (*snapshot, error) {
	s := &snapshot{
		config: readSharedFile(opts.ConfigFile, configFile),
		creds:  readSharedFile(opts.CredentialsFile, credentialsFile),
		byName: map[string]Profile{},
	}
	s.problems = append(append(s.problems, s.config.problems...), s.creds.problems...)
	settings, aux, broken := collectProfiles(s.config, s.creds)
	s.settings, s.aux, s.broken = settings, aux, broken
	for _, ps := range settings {
		s.byName[ps.name] = buildProfile(ps)
	}
	for name, p := range s.byName {
		if p.Err == nil {
			p.Err = checkProfile(settings[name], settings, aux)
			s.byName[name] = p
		}
	}
	markBrokenSources(s.byName, settings)

	if p, ok := envProfile(opts.Getenv); ok {
		s.byName[p.Name] = p
	}
	for _, p := range s.byName {
		s.profiles = append(s.profiles, p)
	}
	sortProfiles(s.profiles)
	return s, nil
}

// markBrokenSources refuses profiles whose source_profile chain reaches a broken profile: the SDK
// would otherwise assume a role with whatever it made of the broken section.
func markBrokenSources(byName map[string]Profile, settings map[string]*profileSettings) {
	for changed := true; changed; {
		changed = false
		for name, p := range byName {
			if p.Err != nil {
				continue
			}
			src := settings[name].keys["source_profile"]
			if src == "" || src == name {
				continue
			}
			if sp, ok := byName[src]; ok && sp.Err != nil {
				p.Err = fmt.Errorf("profile %s: its source_profile %s is broken: %w", name, src, sp.Err)
				byName[name] = p
				changed = true
			}
		}
	}
}

// sdkFileSet is the list of files handed to the SDK for one load.
type sdkFileSet struct {
	config, credentials []string
	dir                 string // temporary directory holding sanitized copies, if any
}

func (f sdkFileSet) cleanup() {
	if f.dir != "" {
		_ = os.RemoveAll(f.dir)
	}
}

// sdkFiles returns the files the SDK should read. A well-formed file is passed as is. A malformed one
// is replaced by a copy without its broken sections, written 0600 into a private temporary directory
// that cleanup removes as soon as the SDK has read it (LoadDefaultConfig reads the files once; nothing
// is read from them later). Unreadable files are left out rather than failing every profile.
//
// envOnly is for the environment entry when there is no usable [default] profile: the SDK is then
// given a file holding only "[default]", because it insists on finding the profile it loads.
func (s *snapshot) sdkFiles(envOnly bool) (sdkFileSet, error) {
	set := sdkFileSet{config: []string{}, credentials: []string{}}
	if envOnly {
		if d, ok := s.byName["default"]; ok && d.Err == nil {
			envOnly = false
		}
	}
	write := func(name, content string) (string, error) {
		if set.dir == "" {
			dir, err := os.MkdirTemp("", "nimbus-aws-")
			if err != nil {
				return "", fmt.Errorf("preparing a clean copy of the AWS config: %w", err)
			}
			set.dir = dir
		}
		path := filepath.Join(set.dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			return "", fmt.Errorf("preparing a clean copy of the AWS config: %w", err)
		}
		return path, nil
	}
	if envOnly {
		path, err := write("config", "[default]\n")
		if err != nil {
			return sdkFileSet{}, err
		}
		set.config = append(set.config, path)
		return set, nil
	}
	for i, f := range []*sharedFile{s.config, s.creds} {
		if !f.exists || f.readErr != nil {
			continue
		}
		path := f.path
		if f.malformed {
			var err error
			if path, err = write(f.kind.String()+strconv.Itoa(i), f.sanitized(s.broken)); err != nil {
				set.cleanup()
				return sdkFileSet{}, err
			}
		}
		if f.kind == configFile {
			set.config = append(set.config, path)
		} else {
			set.credentials = append(set.credentials, path)
		}
	}
	if s.adhocConfig != "" {
		// After the user's files: their [sso-session] sections are what these profiles name.
		path, err := write("session-profiles", s.adhocConfig)
		if err != nil {
			set.cleanup()
			return sdkFileSet{}, err
		}
		set.config = append(set.config, path)
	}
	return set, nil
}
