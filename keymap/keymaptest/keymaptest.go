// Package keymaptest checks that pages take every key from the key map: it remaps every binding
// to a key no default uses and finds the keys a page still holds of its own.
package keymaptest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// Remapped is a key map in which every binding has a key of its own that no default uses.
type Remapped struct {
	Keys keymap.KeyMap
	// New is each binding's key by name ("tail.wrap" → "f57").
	New map[string]string
	// Default is each binding's default keys by name.
	Default map[string][]string
}

// freshMods are the modifiers of the fresh keys: f1…f63, then ctrl+f1…, alt+f1… and so on
// (in the order a key message writes them).
var freshMods = []string{"", "ctrl+", "alt+", "shift+", "ctrl+alt+", "ctrl+shift+", "alt+shift+"}

// modBits are freshMods' modifiers as a key message holds them.
var modBits = map[string]tea.KeyMod{"ctrl": tea.ModCtrl, "alt": tea.ModAlt, "shift": tea.ModShift}

// RemapAll writes a key file (keys.json) that moves every binding to a key of its own, f1…f63
// then ctrl+f1… and the other freshMods (no default uses them), and loads it as the app does. A page built with the
// result answers only those keys, and its help names only them, when every key it handles comes
// from the key map.
func RemapAll(t testing.TB) Remapped {
	t.Helper()
	def := keymap.Default()
	names := def.Names()
	if len(names) > 63*len(freshMods) {
		t.Fatalf("%d bindings: more than the fresh keys", len(names))
	}
	r := Remapped{New: map[string]string{}, Default: map[string][]string{}}
	file := map[string][]string{}
	for i, name := range names {
		k := fmt.Sprintf("%sf%d", freshMods[i/63], i%63+1)
		r.New[name] = k
		file[name] = []string{k}
		b, _ := def.Lookup(name)
		r.Default[name] = b.Keys()
	}
	data, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if r.Keys, err = keymap.Load(path); err != nil {
		t.Fatalf("the remap of every binding conflicts: %v", err)
	}
	return r
}

// Fresh reports whether k is one of RemapAll's keys.
func Fresh(k string) bool {
	_, _, ok := fresh(k)
	return ok
}

// fresh splits one of RemapAll's keys into its modifiers and its function key number.
func fresh(k string) (tea.KeyMod, int, bool) {
	for i := len(freshMods) - 1; i >= 0; i-- { // the longest prefix first
		m := freshMods[i]
		rest, ok := strings.CutPrefix(k, m)
		if !ok || len(rest) < 2 || rest[0] != 'f' {
			continue
		}
		var n int
		if _, err := fmt.Sscanf(rest, "f%d", &n); err != nil || n < 1 || n > 63 || fmt.Sprintf("f%d", n) != rest {
			continue
		}
		var mod tea.KeyMod
		for _, part := range strings.Split(strings.TrimSuffix(m, "+"), "+") {
			mod |= modBits[part]
		}
		return mod, n, true
	}
	return 0, 0, false
}

// Press is the key message of one of RemapAll's keys (or of any key KeyPress knows).
func Press(k string) tea.KeyPressMsg {
	if mod, n, ok := fresh(k); ok {
		return tea.KeyPressMsg{Code: tea.KeyF1 + rune(n-1), Mod: mod}
	}
	return tuitest.KeyPress(k)
}

// Unmapped lists the bindings of a page's key table (its Keys(): every action of a tui.Actions,
// enabled now or not; the help's bindings otherwise) that hold a key, or show a key in the
// help, that is not one of RemapAll's: keys the page matches itself instead of taking them from
// the key map, which a user can neither remap nor trust the help about.
func Unmapped(keys help.KeyMap) []string {
	var bs []key.Binding
	if as, ok := keys.(tui.Actions); ok {
		for _, a := range as {
			bs = append(bs, a.Binding)
		}
	} else {
		for _, g := range keys.FullHelp() {
			bs = append(bs, g...)
		}
		bs = append(bs, keys.ShortHelp()...)
	}
	var out []string
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		for _, k := range b.Keys() {
			if !Fresh(k) {
				out = append(out, fmt.Sprintf("%q (%s)", k, b.Help().Desc))
			}
		}
		if label := b.Help().Key; label != "" {
			for _, part := range strings.Split(label, "/") {
				if !Fresh(part) {
					out = append(out, fmt.Sprintf("help label %q (%s)", label, b.Help().Desc))
					break
				}
			}
		}
	}
	return out
}
