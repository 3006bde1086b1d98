package sessionmgr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/nimbus-tui/nimbus/internal/awsname"
)

// The SDK's own ini reader never fails: it drops lines it does not understand. That is worse than
// failing, because a header it cannot read ("[profile prod" without "]") makes the following keys land
// in the section above: measured with aws-sdk-go-v2 config v1.33, profile dev silently got prod's access
// key. So nimbus reads the files itself, line by line and the way the SDK does, marks the sections a
// malformed line belongs to as broken, and hands the SDK a copy without them (see sdkFiles).

// fileKind says which of the two shared files a sharedFile is; their section names differ.
type fileKind int

const (
	configFile      fileKind = iota // [default], [profile x], [sso-session y], [services z]
	credentialsFile                 // [x]
)

func (k fileKind) String() string {
	if k == credentialsFile {
		return "credentials"
	}
	return "config"
}

// sectionKind classifies a section once its header is read.
type sectionKind int

const (
	profileSection sectionKind = iota
	ssoSessionSection
	servicesSection
	ignoredSection // a section the SDK drops, e.g. [prod] in the config file
	brokenSection  // a header the SDK cannot read
)

// section is one header and the lines under it, as written.
type section struct {
	kind  sectionKind
	name  string // profile, sso-session or services name
	line  int    // line number of the header (1-based)
	lines []string
	keys  map[string]string // top-level settings, keys lower-cased, values unquoted
	err   error             // the first malformed line in this section, if any
}

// sharedFile is one shared config or credentials file after reading.
type sharedFile struct {
	path     string
	kind     fileKind
	exists   bool
	readErr  error // set when the file exists but cannot be read
	sections []*section
	problems []error // problems that belong to no profile (lines outside any section…)
	// malformed is set when any line is malformed: the SDK then reads a sanitized copy.
	malformed bool
}

// readSharedFile reads and parses path. A missing file is not an error (exists is false).
func readSharedFile(path string, kind fileKind) *sharedFile {
	f := &sharedFile{path: path, kind: kind}
	if path == "" {
		return f
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return f
	case err != nil:
		f.exists = true
		f.readErr = fmt.Errorf("reading %s file %s: %w", kind, path, err)
		f.problems = append(f.problems, f.readErr)
		return f
	}
	f.exists = true
	f.parse(string(data))
	return f
}

// parse splits text into sections. Error messages cite line numbers, never line contents: a
// malformed line may hold a secret key.
func (f *sharedFile) parse(text string) {
	var cur *section
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		line := strings.TrimSuffix(raw, "\r")
		if what := binaryBytes(line); what != "" {
			// The SDK would keep the byte in a key or a value (a NUL in a key made every call fail
			// with an Authorization-header error): refuse the section, naming file and line.
			err := fmt.Errorf("%s file %s line %d holds %s: is it a binary file?", f.kind, f.path, n, what)
			f.malformed = true
			if cur == nil {
				f.problems = append(f.problems, err)
				continue
			}
			cur.lines = append(cur.lines, line)
			cur.fail(err)
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || isComment(trimmed) {
			if cur != nil {
				cur.lines = append(cur.lines, line)
			}
			continue
		}
		if trimmed[0] == '[' && !startsWithSpace(line) {
			cur = f.newSection(line, n)
			f.sections = append(f.sections, cur)
			continue
		}
		if cur == nil {
			// The SDK ignores settings above the first header; say so rather than lose them silently.
			f.problems = append(f.problems, fmt.Errorf("%s file %s line %d: setting outside any [section] is ignored", f.kind, f.path, n))
			f.malformed = true
			continue
		}
		cur.lines = append(cur.lines, line)
		if startsWithSpace(line) {
			// A sub-property or continuation of the key above. A service's endpoint_url in a
			// [services x] section chooses where that service's calls go: check it like the others.
			if k, v, ok := splitSetting(strings.TrimSpace(line)); ok && cur.kind == servicesSection && k == "endpoint_url" {
				if err := awsname.EndpointURL(v); err != nil {
					cur.fail(fmt.Errorf("%s file %s line %d: endpoint_url %q is not valid: %w", f.kind, f.path, n, v, err))
					f.malformed = true
				}
			}
			continue
		}
		key, value, ok := splitSetting(line)
		if !ok {
			cur.fail(fmt.Errorf("%s file %s line %d: expected `key = value`", f.kind, f.path, n))
			f.malformed = true
			continue
		}
		cur.keys[key] = value
	}
}

// binaryBytes names the first byte of line that has no place in a text file (NUL, another control
// character but tab, or invalid UTF-8), or returns "".
func binaryBytes(line string) string {
	for i, r := range line {
		switch {
		case r == 0:
			return "a NUL byte"
		case r == utf8.RuneError && !strings.HasPrefix(line[i:], "\uFFFD"):
			return fmt.Sprintf("the byte 0x%02x, which is not UTF-8,", line[i])
		case r < 0x20 && r != '\t', r == 0x7f:
			return fmt.Sprintf("the control character 0x%02x", r)
		}
	}
	return ""
}

// newSection reads a header line the way the SDK's tokenizer does.
func (f *sharedFile) newSection(line string, n int) *section {
	s := &section{line: n, lines: []string{line}, keys: map[string]string{}}
	header := strings.TrimSpace(cutAny(line, "#", ";"))
	if !strings.HasPrefix(header, "[") || !strings.HasSuffix(header, "]") {
		s.kind = brokenSection
		s.name = headerName(strings.TrimSuffix(strings.TrimPrefix(header, "["), "]"))
		s.fail(fmt.Errorf("%s file %s line %d: section header is not closed with `]`", f.kind, f.path, n))
		f.malformed = true
		return s
	}
	typ, name := splitHeader(strings.TrimSpace(header[1 : len(header)-1]))
	if name == "" {
		s.kind = brokenSection
		s.fail(fmt.Errorf("%s file %s line %d: section header has no name", f.kind, f.path, n))
		f.malformed = true
		return s
	}
	s.name = name
	switch {
	case f.kind == credentialsFile && typ == "":
		s.kind = profileSection
	case f.kind == credentialsFile:
		s.kind, s.name = ignoredSection, typ+" "+name
		s.fail(fmt.Errorf("credentials file %s line %d: [%s %s] is ignored: in the credentials file write [%s]", f.path, n, typ, name, name))
	case typ == "" && name == "default", typ == "profile":
		s.kind = profileSection
	case typ == "sso-session":
		s.kind = ssoSessionSection
	case typ == "services":
		s.kind = servicesSection
	case typ == "":
		s.kind = ignoredSection
		s.fail(fmt.Errorf("config file %s line %d: [%s] is ignored: in the config file write [profile %s]", f.path, n, name, name))
	default:
		s.kind, s.name = ignoredSection, typ+" "+name
		s.fail(fmt.Errorf("config file %s line %d: unknown section type %q", f.path, n, typ))
	}
	return s
}

func (s *section) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// headerName guesses the profile name of an unreadable header, to show its error on that profile.
func headerName(inner string) string {
	typ, name := splitHeader(strings.TrimSpace(inner))
	if typ == "profile" || typ == "" {
		return name
	}
	return typ + " " + name
}

// splitHeader splits "profile dev" into ("profile", "dev") and "default" into ("", "default").
func splitHeader(s string) (typ, name string) {
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return "", s
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// splitSetting splits "key = value" (or the legacy "key: value") like the SDK: the key is lower-cased,
// an inline " #"/" ;" comment is dropped and surrounding quotes are removed.
func splitSetting(line string) (key, value string, ok bool) {
	line = strings.TrimRight(cutAny(line, " #", " ;", "\t#", "\t;"), " \t")
	eq, colon := strings.Index(line, "="), strings.Index(line, ":")
	sep := "="
	if eq == -1 || colon != -1 && colon < eq {
		sep = ":"
	}
	k, v, found := strings.Cut(line, sep)
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !found || k == "" {
		return "", "", false
	}
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		v = v[1 : len(v)-1]
	}
	return strings.ToLower(k), v, true
}

func cutAny(s string, seps ...string) string {
	for _, sep := range seps {
		s, _, _ = strings.Cut(s, sep)
	}
	return s
}

func isComment(trimmed string) bool {
	return trimmed[0] == '#' || trimmed[0] == ';'
}

func startsWithSpace(line string) bool {
	return line != "" && (line[0] == ' ' || line[0] == '\t')
}

// sanitized returns the file without the sections named in broken (and without broken or ignored
// sections), for the SDK to read.
func (f *sharedFile) sanitized(broken map[string]bool) string {
	var b strings.Builder
	for _, s := range f.sections {
		if s.kind == brokenSection || s.kind == ignoredSection || broken[f.qualified(s)] {
			continue
		}
		for _, l := range s.lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// qualified names a section across kinds: "profile dev", "sso-session corp", "services local".
func (f *sharedFile) qualified(s *section) string {
	switch s.kind {
	case ssoSessionSection:
		return "sso-session " + s.name
	case servicesSection:
		return "services " + s.name
	default:
		return "profile " + s.name
	}
}
