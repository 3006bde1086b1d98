package main

import (
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alecthomas/kong"
)

// parseTUI parses args as the TUI's command line: global flags and no command (or "ui"),
// nimbus's usual start. It reads the line itself, without building a kong parser: kong walks
// the flags by reflection and interpolates the help texts, 2–5 ms before the first frame (cold:
// its code is paged in then). It reports false, having written nothing, for any line it is not
// sure of (a command, a short or unknown flag, --help, --version, "--", a repeated flag, a value
// that looks like a flag, an empty path, text that is not UTF-8, a value kong would refuse): the
// whole kong parser then handles it and says what it says. For a line it takes, the flags are
// kong's (TestTUIParserAgrees, FuzzTUIParserAgrees): the same defaults, environment variables,
// types, enum and path expansion (kong.ExpandPath).
func parseTUI(args []string, keysFile string) (*globals, bool) {
	vars := parserVars(keysFile)
	g := globals{DemoSpeed: 1, Refresh: 30 * time.Second, Theme: "auto"}
	var ok bool
	if g.Keys, ok = defaultPath(vars["keysFile"]); !ok {
		return nil, false
	}
	if g.ThemeFile, ok = defaultPath(vars["themeFile"]); !ok {
		return nil, false
	}
	seen := map[string]bool{}
	command := false
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if !utf8.ValidString(arg) || (i+1 < len(args) && !utf8.ValidString(args[i+1])) {
			return nil, false // kong mends invalid UTF-8
		}
		if arg == "ui" && !command {
			command = true
			continue
		}
		name, ok := strings.CutPrefix(arg, "--")
		if !ok || name == "" {
			return nil, false
		}
		name, value, inline := strings.Cut(name, "=")
		if seen[name] {
			return nil, false
		}
		seen[name] = true
		if p := boolFlag(&g, name); p != nil {
			if inline {
				return nil, false
			}
			*p = true
			continue
		}
		if !inline {
			if i+1 == len(args) {
				return nil, false
			}
			i++
			value = args[i]
		}
		if strings.HasPrefix(value, "-") || !setFlag(&g, name, value) {
			return nil, false
		}
	}
	if !seen["demo-speed"] {
		if v, set := os.LookupEnv("NIMBUS_DEMO_SPEED"); set && !setFlag(&g, "demo-speed", v) {
			return nil, false
		}
	}
	if !seen["theme"] {
		if v, set := os.LookupEnv("NIMBUS_THEME"); set && !setFlag(&g, "theme", v) {
			return nil, false
		}
	}
	return &g, true
}

// boolFlag is the field of a boolean flag named name, or nil.
func boolFlag(g *globals, name string) *bool {
	switch name {
	case "demo":
		return &g.Demo
	case "readonly":
		return &g.ReadOnly
	case "no-mouse":
		return &g.NoMouse
	}
	return nil
}

// setFlag sets the value flag named name as kong would; false for an unknown flag or a value
// parseTUI leaves to kong.
func setFlag(g *globals, name, value string) bool {
	var err error
	switch name {
	case "profile":
		g.Profile = value
	case "region":
		g.Region = value
	case "endpoint-url":
		g.EndpointURL = value
	case "demo-speed":
		g.DemoSpeed, err = strconv.ParseFloat(value, 64)
	case "refresh":
		g.Refresh, err = time.ParseDuration(value)
	case "theme":
		if value != "auto" && value != "dark" && value != "light" {
			return false
		}
		g.Theme = value
	case "debug", "keys", "theme-file":
		if value == "" || value == "-" {
			return false
		}
		p := kong.ExpandPath(value)
		switch name {
		case "debug":
			g.Debug = p
		case "keys":
			g.Keys = p
		default:
			g.ThemeFile = p
		}
	case "cli-read-timeout", "cli-connect-timeout":
		f, perr := strconv.ParseFloat(value, 64)
		if perr != nil {
			return false
		}
		if name == "cli-read-timeout" {
			g.ReadTimeout = &f
		} else {
			g.ConnectTimeout = &f
		}
	default:
		return false
	}
	return err == nil
}

// defaultPath is a path flag's default as kong gives it: "" stays "" (kong skips an empty
// default), anything else is expanded; false for "-", which parseTUI leaves to kong.
func defaultPath(p string) (string, bool) {
	if p == "" {
		return "", true
	}
	if p == "-" {
		return "", false
	}
	return kong.ExpandPath(p), true
}
