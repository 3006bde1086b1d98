package keymap

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
)

// bindings names every binding as "context.action" (lower case), the names a user's key file uses.
func (k *KeyMap) bindings() map[string]*key.Binding {
	return map[string]*key.Binding{
		"global.command": &k.Global.Command, "global.filter": &k.Global.Filter,
		"global.help": &k.Global.Help, "global.back": &k.Global.Back, "global.quit": &k.Global.Quit,
		"global.profile": &k.Global.Profile, "global.region": &k.Global.Region,
		"table.up": &k.Table.Up, "table.down": &k.Table.Down,
		"table.pageup": &k.Table.PageUp, "table.pagedown": &k.Table.PageDown,
		"table.halfpageup": &k.Table.HalfPageUp, "table.halfpagedown": &k.Table.HalfPageDown,
		"table.top": &k.Table.Top, "table.bottom": &k.Table.Bottom, "table.open": &k.Table.Open,
		"table.sort": &k.Table.Sort, "table.refresh": &k.Table.Refresh,
		"input.submit": &k.Input.Submit, "input.cancel": &k.Input.Cancel, "input.complete": &k.Input.Complete,
		"viewer.up": &k.Viewer.Up, "viewer.down": &k.Viewer.Down, "viewer.pageup": &k.Viewer.PageUp,
		"viewer.pagedown": &k.Viewer.PageDown, "viewer.top": &k.Viewer.Top, "viewer.bottom": &k.Viewer.Bottom,
		"actions.waiters": &k.Actions.Waiters, "actions.run": &k.Actions.Run, "actions.snippet": &k.Actions.Snippet,
		"actions.describe": &k.Actions.Describe, "actions.copy": &k.Actions.Copy, "actions.cancel": &k.Actions.Cancel,
		"actions.menu": &k.Actions.Menu, "actions.children": &k.Actions.Children, "actions.select": &k.Actions.Select,
		"actions.wait": &k.Actions.Wait,
	}
}

// Apply remaps bindings from a map of "context.action" to keys, e.g. {"table.down": ["j", "n"]}.
// Unknown names are an error that lists them, so a typo does not pass silently.
func (k *KeyMap) Apply(overrides map[string][]string) error {
	all := k.bindings()
	var unknown []string
	for name, keys := range overrides {
		b, ok := all[strings.ToLower(name)]
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		if len(keys) == 0 {
			b.SetEnabled(false)
			continue
		}
		h := b.Help()
		b.SetHelp(strings.Join(keys, "/"), h.Desc)
		if b == &k.Input.Submit && slices.Contains(keys, "enter") && !slices.Contains(keys, "ctrl+j") {
			keys = append(slices.Clip(keys), "ctrl+j") // see Default: enter typed early is LF
		}
		b.SetKeys(keys...)
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("unknown key binding names %s (names look like table.down)", strings.Join(unknown, ", "))
	}
	return nil
}

// Load returns the defaults with the overrides of a JSON key file applied. A missing file is not
// an error: the defaults are returned.
func Load(path string) (KeyMap, error) {
	km := Default()
	if path == "" {
		return km, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return km, nil
	}
	if err != nil {
		return km, fmt.Errorf("reading key file: %w", err)
	}
	var overrides map[string][]string
	if err := json.Unmarshal(data, &overrides); err != nil {
		return km, fmt.Errorf("key file %s is not a JSON object of name to keys: %w", path, err)
	}
	if err := km.Apply(overrides); err != nil {
		return km, fmt.Errorf("key file %s: %w", path, err)
	}
	return km, nil
}
