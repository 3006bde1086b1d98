// Package userconfig reads nimbus's own settings file, config.yaml in nimbus's config directory
// (~/.config/nimbus, or $XDG_CONFIG_HOME/nimbus): the mouse, and per profile — by name or glob —
// read-only and a header colour, so a production account cannot be mistaken for another.
//
// The older config.json of the same directory is still read (JSON is YAML), before config.yaml,
// whose settings win; nothing a user set there is lost.
package userconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// File names in the config directory, in the order they are read.
const (
	LegacyName = "config.json"
	Name       = "config.yaml"
)

// Config is what the files say.
type Config struct {
	// Mouse false leaves the mouse to the terminal, as --no-mouse does; nil: not set.
	Mouse *bool
	// Rules are the profiles entries in file order (config.json's, then config.yaml's).
	Rules []Rule
}

// Rule is one entry of the profiles map.
type Rule struct {
	// Pattern is a profile name or a glob (path.Match: *, ?, [a-z]).
	Pattern string
	// ReadOnly, when set, makes matching profiles read-only (true) or not (false).
	ReadOnly *bool
	// Color is the header colour of matching profiles: "#rrggbb", "#rgb" or an ANSI number
	// 0–255, as given or from a colour name.
	Color string
	// File is the file the rule is in, for messages.
	File string
}

// Profile is what the rules say of one profile.
type Profile struct {
	ReadOnly bool
	Color    string
	// ReadOnlyBy names the rule that made it read-only, e.g. `prod-* in ~/.config/nimbus/config.yaml`.
	ReadOnlyBy string
}

// Load reads the files of dir; missing files are the defaults, "" reads nothing. An unknown key,
// a bad glob or a colour that is none is an error naming the file, so a typo does not pass
// silently (a read-only rule that does not apply would be the worst kind).
func Load(dir string) (Config, error) {
	var c Config
	if dir == "" {
		return c, nil
	}
	for _, name := range []string{LegacyName, Name} {
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Config{}, fmt.Errorf("reading nimbus's config file: %w", err)
		}
		if err := c.parse(p, data); err != nil {
			return Config{}, fmt.Errorf("config file %s: %w", p, err)
		}
	}
	return c, nil
}

// raw is the file as written.
type raw struct {
	Mouse    *bool     `yaml:"mouse"`
	Profiles yaml.Node `yaml:"profiles"`
}

// parse adds one file's settings to c: a setting it has replaces the one read before.
func (c *Config) parse(file string, data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var r raw
	if err := dec.Decode(&r); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w (it holds e.g. `mouse: false` and `profiles: {prod-*: {readonly: true, color: red}}`)", err)
	}
	if r.Mouse != nil {
		c.Mouse = r.Mouse
	}
	if r.Profiles.Kind == 0 {
		return nil
	}
	if r.Profiles.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: profiles is a map of profile name or glob to settings", r.Profiles.Line)
	}
	for i := 0; i+1 < len(r.Profiles.Content); i += 2 {
		k, v := r.Profiles.Content[i], r.Profiles.Content[i+1]
		rule, err := parseRule(k, v)
		if err != nil {
			return err
		}
		rule.File = file
		c.Rules = append(c.Rules, rule)
	}
	return nil
}

func parseRule(k, v *yaml.Node) (Rule, error) {
	r := Rule{Pattern: k.Value}
	if _, err := path.Match(r.Pattern, ""); err != nil || r.Pattern == "" {
		return r, fmt.Errorf("line %d: %q is not a profile name or glob", k.Line, r.Pattern)
	}
	if v.Kind != yaml.MappingNode {
		return r, fmt.Errorf("line %d: profile %s: settings are a map (readonly, color)", v.Line, r.Pattern)
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		key, val := v.Content[i], v.Content[i+1]
		switch key.Value {
		case "readonly":
			var b bool
			if err := val.Decode(&b); err != nil {
				return r, fmt.Errorf("line %d: profile %s: readonly is true or false", val.Line, r.Pattern)
			}
			r.ReadOnly = &b
		case "color", "colour":
			c, err := Colour(val.Value)
			if err != nil {
				return r, fmt.Errorf("line %d: profile %s: %w", val.Line, r.Pattern, err)
			}
			r.Color = c
		default:
			return r, fmt.Errorf("line %d: profile %s: unknown setting %q (readonly, color)", key.Line, r.Pattern, key.Value)
		}
	}
	return r, nil
}

// Profile applies the rules to a profile: globs in file order, then the rules that name it
// exactly, each setting from the last rule that sets it.
func (c Config) Profile(name string) Profile {
	var out Profile
	apply := func(r Rule) {
		if r.ReadOnly != nil {
			out.ReadOnly, out.ReadOnlyBy = *r.ReadOnly, ""
			if *r.ReadOnly {
				out.ReadOnlyBy = r.Pattern + " in " + r.File
			}
		}
		if r.Color != "" {
			out.Color = r.Color
		}
	}
	for _, exact := range []bool{false, true} {
		for _, r := range c.Rules {
			if isGlob(r.Pattern) == exact {
				continue
			}
			if ok, _ := path.Match(r.Pattern, name); ok {
				apply(r)
			}
		}
	}
	return out
}

// MouseOn is whether the TUI takes the mouse: not with --no-mouse, nor with mouse: false.
func (c Config) MouseOn(noMouseFlag bool) bool {
	return !noMouseFlag && (c.Mouse == nil || *c.Mouse)
}

func isGlob(p string) bool { return strings.ContainsAny(p, `*?[\`) }

// names are the colour names a rule may use, as ANSI numbers every colour terminal has.
var names = map[string]string{
	"black": "0", "red": "1", "green": "2", "yellow": "3", "blue": "4", "magenta": "5", "cyan": "6",
	"white": "7", "gray": "8", "grey": "8", "orange": "208", "purple": "93", "pink": "205",
}

var colourRE = sync.OnceValue(func() *regexp.Regexp { // compiled on first use, not at start-up
	return regexp.MustCompile(`^(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|[0-9]{1,3})$`)
})

// Colour checks a colour: a name (red, orange…), "#rrggbb", "#rgb" or 0–255, and returns it in
// the form lipgloss takes.
func Colour(s string) (string, error) {
	s = strings.TrimSpace(s)
	if n, ok := names[strings.ToLower(s)]; ok {
		return n, nil
	}
	if n, err := strconv.Atoi(s); colourRE().MatchString(s) && (err != nil || n <= 255) {
		return s, nil
	}
	return "", fmt.Errorf("%q is not a colour (a name such as red or orange, #rrggbb, #rgb or 0-255)", s)
}
