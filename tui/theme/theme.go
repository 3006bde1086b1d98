// Package theme is nimbus's one palette: a few semantic colour roles (accent, dim, ok, warn,
// err, …) from which every widget derives its own styles, a dark and a light set of them, the
// user's overrides from a theme file, and the one place NO_COLOR is read.
//
// A widget never names a colour: it asks the Theme for a role (th.Text(th.Accent)) and says what
// to use instead when there is no colour (th.Pick(coloured, attributesOnly)), so NO_COLOR keeps
// every cursor, match and error visible with bold, underline and reverse video.
package theme

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"charm.land/lipgloss/v2"
)

// Palette is the colour of each role, as "#rrggbb", "#rgb" or an ANSI number "0"–"255". Its
// JSON names are the ones a theme file uses.
type Palette struct {
	// Fg is body text and titles.
	Fg string `json:"fg"`
	// Bg is text drawn on a coloured background: the cursor line, badges, filter matches.
	Bg string `json:"bg"`
	// Accent is the cursor, the brand, breadcrumbs, keys in help, member names in documents.
	Accent string `json:"accent"`
	// Heading is table headers, and booleans in documents.
	Heading string `json:"heading"`
	// Subtle is secondary text that is still read: a form field's documentation.
	Subtle string `json:"subtle"`
	// Dim is what can be skipped: status lines, summaries, types, null.
	Dim string `json:"dim"`
	// OK is done and selected, info toasts, strings in documents.
	OK string `json:"ok"`
	// Warn is badges (read-only, demo), filter matches, warnings.
	Warn string `json:"warn"`
	// Err is errors and required marks.
	Err string `json:"err"`
	// Number is numbers in documents.
	Number string `json:"number"`
}

// Dark is the default palette (Tokyo Night), for dark terminal backgrounds.
func Dark() Palette {
	return Palette{Fg: "#c0caf5", Bg: "#1a1b26", Accent: "#7aa2f7", Heading: "#bb9af7", Subtle: "#a9b1d6",
		Dim: "#737aa2", OK: "#9ece6a", Warn: "#e0af68", Err: "#f7768e", Number: "#ff9e64"}
}

// Light is the palette for light backgrounds (Tokyo Night Day): darker, more saturated
// colours that keep their contrast on white.
func Light() Palette {
	return Palette{Fg: "#3760bf", Bg: "#e1e2e7", Accent: "#2e7de9", Heading: "#9854f1", Subtle: "#6172b0",
		Dim: "#848cb5", OK: "#587539", Warn: "#8c6c3e", Err: "#f52a65", Number: "#b15c00"}
}

// Theme is what widgets derive their styles from.
type Theme struct {
	Palette
	// Name is "dark" or "light": which palette the roles started from.
	Name string
	// NoColor means attributes only (NO_COLOR): Fg and On return unstyled styles and Pick the
	// attribute-only choice.
	NoColor bool
}

// Default is the dark theme, or the attribute-only one when noColor is set: what tests and
// callers without options use.
func Default(noColor bool) Theme { return Theme{Palette: Dark(), Name: "dark", NoColor: noColor} }

// Text is a style drawing text in colour c (a role of the palette); unstyled without colour.
func (t Theme) Text(c string) lipgloss.Style {
	if t.NoColor || c == "" {
		return lipgloss.NewStyle()
	}
	return lipgloss.NewStyle().Foreground(lipgloss.Color(c))
}

// On is a style drawing Bg-coloured text on colour c: the cursor line, a badge; reverse video
// without colour.
func (t Theme) On(c string) lipgloss.Style {
	if t.NoColor || c == "" {
		return lipgloss.NewStyle().Reverse(true)
	}
	return lipgloss.NewStyle().Foreground(lipgloss.Color(t.Bg)).Background(lipgloss.Color(c))
}

// Pick returns coloured, or plain when the theme has no colour: how a widget says what stands
// in for a colour (bold, underline, reverse) under NO_COLOR.
func (t Theme) Pick(coloured, plain lipgloss.Style) lipgloss.Style {
	if t.NoColor {
		return plain
	}
	return coloured
}

// Options choose the theme at startup. Nothing here asks the terminal: a query for its
// background colour would hold the first frame until the terminal answered (or a timeout, on
// terminals that never do).
type Options struct {
	// Name is "dark", "light", or "auto"/"" (the file's base, else COLORFGBG, else dark); from
	// --theme or NIMBUS_THEME.
	Name string
	// File is the theme file (JSON); a missing file is not an error.
	File string
	// Getenv reads the environment (os.Getenv in the program; a map in tests).
	Getenv func(string) string
}

// File is the theme file's format:
//
//	{"base": "light", "colors": {"accent": "#d7005f", "dim": "244"}}
//
// base is "dark" or "light" (used when --theme is auto); colors overrides roles by their JSON
// names in Palette.
type File struct {
	Base   string            `json:"base"`
	Colors map[string]string `json:"colors"`
}

// Load returns the theme the options ask for. NO_COLOR (set to anything but "") wins over
// everything: no colour at all. A theme file that cannot be used is an error, returned with the
// theme without its overrides, so the app still starts and says why.
func Load(o Options) (Theme, error) {
	getenv := o.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	f, err := readFile(o.File)
	name := strings.ToLower(strings.TrimSpace(o.Name))
	if name == "" || name == "auto" {
		name = strings.ToLower(f.Base)
	}
	if name == "" || name == "auto" {
		name = fromCOLORFGBG(getenv("COLORFGBG"))
	}
	th := Theme{Palette: Dark(), Name: "dark", NoColor: getenv("NO_COLOR") != ""}
	switch name {
	case "light":
		th.Palette, th.Name = Light(), "light"
	case "dark", "":
	default:
		err = errors.Join(err, fmt.Errorf("theme %q: want dark, light or auto", name))
	}
	if err == nil {
		var overrideErr error
		th.Palette, overrideErr = th.Palette.With(f.Colors)
		if overrideErr != nil {
			err = fmt.Errorf("theme file %s: %w", o.File, overrideErr)
		}
	}
	return th, err
}

func readFile(path string) (File, error) {
	var f File
	if path == "" {
		return f, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("reading theme file: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("theme file %s is not {\"base\": …, \"colors\": {role: colour}}: %w", path, err)
	}
	switch strings.ToLower(f.Base) {
	case "", "auto", "dark", "light":
	default:
		return File{}, fmt.Errorf("theme file %s: base %q: want dark, light or auto", path, f.Base)
	}
	return f, nil
}

// fromCOLORFGBG reads the background from COLORFGBG ("15;0": foreground;background as ANSI
// colour numbers), which rxvt, Konsole, iTerm2 and others set: 7 and 9–15 are light.
// "" when unset or unreadable.
func fromCOLORFGBG(v string) string {
	if v == "" {
		return ""
	}
	parts := strings.Split(v, ";")
	bg, err := strconv.Atoi(parts[len(parts)-1])
	switch {
	case err != nil:
		return ""
	case bg == 7 || bg >= 9 && bg <= 15:
		return "light"
	default:
		return "dark"
	}
}

var colourRE = sync.OnceValue(func() *regexp.Regexp { // compiled on first use, not at start-up
	return regexp.MustCompile(`^(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|[0-9]{1,3})$`)
})

// With returns p with the roles in colors replaced. Unknown roles and colours that are not
// "#rrggbb", "#rgb" or 0–255 are an error naming them; nothing is changed then.
func (p Palette) With(colors map[string]string) (Palette, error) {
	out := p
	v := reflect.ValueOf(&out).Elem()
	field := map[string]int{}
	var names []string
	for i := range v.NumField() {
		name := v.Type().Field(i).Tag.Get("json")
		field[name] = i
		names = append(names, name)
	}
	keys := make([]string, 0, len(colors))
	for k := range colors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var problems []string
	for _, k := range keys {
		c := strings.TrimSpace(colors[k])
		i, ok := field[strings.ToLower(k)]
		if !ok {
			problems = append(problems, fmt.Sprintf("unknown role %q (roles: %s)", k, strings.Join(names, ", ")))
			continue
		}
		if n, err := strconv.Atoi(c); !colourRE().MatchString(c) || err == nil && n > 255 {
			problems = append(problems, fmt.Sprintf("%s: %q is not a colour (#rrggbb, #rgb or 0-255)", k, c))
			continue
		}
		v.Field(i).SetString(c)
	}
	if len(problems) > 0 {
		return p, errors.New(strings.Join(problems, "; "))
	}
	return out, nil
}
