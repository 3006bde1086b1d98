package browser

import (
	"errors"
	"testing"
)

func TestAvailableOnlyWhereABrowserCanBeSeen(t *testing.T) {
	found := func(string) (string, error) { return "/usr/bin/xdg-open", nil }
	missing := func(string) (string, error) { return "", errors.New("not found") }
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	cases := []struct {
		name   string
		goos   string
		vars   map[string]string
		look   func(string) (string, error)
		ok     bool
		reason string
	}{
		{"linux desktop", "linux", map[string]string{"DISPLAY": ":0"}, found, true, ""},
		{"wayland", "linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, found, true, ""},
		{"linux console", "linux", nil, found, false, "no display"},
		{"ssh with X forwarding", "linux", map[string]string{"DISPLAY": "localhost:10", "SSH_CONNECTION": "1 2 3 4"}, found, false, "over SSH"},
		{"ssh to a mac", "darwin", map[string]string{"SSH_TTY": "/dev/ttys001"}, found, false, "over SSH"},
		{"mac", "darwin", nil, found, true, ""},
		{"no xdg-open", "linux", map[string]string{"DISPLAY": ":0"}, missing, false, "no xdg-open"},
	}
	for _, c := range cases {
		ok, reason := available(c.goos, env(c.vars), c.look)
		if ok != c.ok || reason != c.reason {
			t.Errorf("%s: available = %v %q, want %v %q", c.name, ok, reason, c.ok, c.reason)
		}
	}
}
