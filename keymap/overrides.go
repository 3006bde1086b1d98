package keymap

import (
	"bytes"
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
	m := map[string]*key.Binding{
		"global.command": &k.Global.Command, "global.filter": &k.Global.Filter,
		"global.help": &k.Global.Help, "global.back": &k.Global.Back, "global.quit": &k.Global.Quit,
		"global.profile": &k.Global.Profile, "global.region": &k.Global.Region, "global.aliases": &k.Global.Aliases,
		"global.login": &k.Global.Login, "global.console": &k.Global.Console,
		"table.up": &k.Table.Up, "table.down": &k.Table.Down,
		"table.pageup": &k.Table.PageUp, "table.pagedown": &k.Table.PageDown,
		"table.halfpageup": &k.Table.HalfPageUp, "table.halfpagedown": &k.Table.HalfPageDown,
		"table.top": &k.Table.Top, "table.bottom": &k.Table.Bottom, "table.open": &k.Table.Open,
		"table.sort": &k.Table.Sort, "table.sortby": &k.Table.SortBy, "table.refresh": &k.Table.Refresh,
		"input.submit": &k.Input.Submit, "input.cancel": &k.Input.Cancel, "input.complete": &k.Input.Complete,
		"viewer.up": &k.Viewer.Up, "viewer.down": &k.Viewer.Down, "viewer.pageup": &k.Viewer.PageUp,
		"viewer.pagedown": &k.Viewer.PageDown, "viewer.top": &k.Viewer.Top, "viewer.bottom": &k.Viewer.Bottom,
		"viewer.wrap":     &k.Viewer.Wrap,
		"actions.waiters": &k.Actions.Waiters, "actions.run": &k.Actions.Run, "actions.snippet": &k.Actions.Snippet,
		"actions.describe": &k.Actions.Describe, "actions.copy": &k.Actions.Copy, "actions.cancel": &k.Actions.Cancel,
		"actions.menu": &k.Actions.Menu, "actions.children": &k.Actions.Children, "actions.select": &k.Actions.Select,
		"actions.wait": &k.Actions.Wait, "actions.wire": &k.Actions.Wire, "actions.metrics": &k.Actions.Metrics,
		"accounts.writeprofile": &k.Accounts.WriteProfile,
		"buckets.create":        &k.Buckets.Create, "buckets.empty": &k.Buckets.Empty,
		"buckets.properties": &k.Buckets.Properties, "buckets.edit": &k.Buckets.Edit,
		"objects.delete": &k.Objects.Delete, "objects.presign": &k.Objects.Presign, "objects.copy": &k.Objects.Copy,
		"objects.move": &k.Objects.Move, "objects.metadata": &k.Objects.Metadata, "objects.tags": &k.Objects.Tags,
		"objects.restore": &k.Objects.Restore, "objects.edit": &k.Objects.Edit, "objects.versions": &k.Objects.Versions,
		"objects.download": &k.Objects.Download, "objects.upload": &k.Objects.Upload,
		"versions.restore": &k.Versions.Restore, "versions.delete": &k.Versions.Delete,
		"versions.download": &k.Versions.Download,
	}
	k.pageBindings(m)
	k.Resource.add(m)
	return m
}

// Apply remaps bindings from a map of "context.action" to keys, e.g. {"table.down": ["j", "n"]}.
// Unknown names are an error that lists them, so a typo does not pass silently. A remapped key
// that another binding of the same screen also holds would reach only one of them: the user's
// choice wins (the key leaves the default binding) and the error names both bindings.
func (k *KeyMap) Apply(overrides map[string][]string) error {
	k.Resource = k.Resource.clone() // copies of the key map share it until now
	all := k.bindings()
	names := make([]string, 0, len(overrides))
	for name := range overrides {
		names = append(names, name)
	}
	sort.Strings(names)
	var unknown []string
	remapped := map[string]bool{}
	for _, name := range names {
		keys := overrides[name]
		b, ok := all[strings.ToLower(name)]
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		remapped[strings.ToLower(name)] = true
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
	var problems []string
	if len(unknown) > 0 {
		problems = append(problems, fmt.Sprintf("unknown key binding names %s (names look like table.down)", strings.Join(unknown, ", ")))
	}
	problems = append(problems, resolveConflicts(all, remapped, k.allScreens())...)
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// screens are the contexts (or single bindings, "actions.run") whose bindings are live at the same time: a table page answers to the
// global, table and action keys (the SSO accounts page: its own instead of the actions; the S3
// buckets, objects and versions pages: their own beside them); a document to the global and
// viewer keys; a text input to its own.
var screens = [][]string{{"global", "table", "actions"}, {"global", "table", "accounts"},
	{"global", "table", "actions", "buckets"}, {"global", "table", "actions", "objects"},
	{"global", "table", "actions", "versions"}, {"global", "viewer"}, {"input"}}

// allScreens are screens, the page contexts' pageScreens and the resource types' screens.
func (k *KeyMap) allScreens() [][]string {
	return append(append(append([][]string(nil), screens...), pageScreens...), k.Resource.screens()...)
}

// onScreen reports whether the binding called name is live on screen: its context (global), a
// name (actions.copy) or a prefix of names (resource.instance) is listed.
func onScreen(screen []string, name string) bool {
	for _, s := range screen {
		if name == s || strings.HasPrefix(name, s+".") {
			return true
		}
	}
	return false
}

// resolveConflicts finds keys that two bindings of one screen hold. When only one of them was
// remapped, the key leaves the other; when both were, both keep it and only the message says so.
// The bindings one remap takes a key from are named in one message ("table.down takes S from
// objects.download, resource.instance.start"). Defaults never conflict (a test holds them to it).
func resolveConflicts(all map[string]*key.Binding, remapped map[string]bool, screens [][]string) []string {
	var problems []string
	seen := map[string]bool{}
	taken := map[string]int{} // "taker key" → its message's index in problems
	victims := map[int][]string{}
	take := func(taker, k, from string) {
		id := taker + " " + k
		i, ok := taken[id]
		if !ok {
			i = len(problems)
			taken[id] = i
			problems = append(problems, fmt.Sprintf("%s takes %s from ", taker, k))
		}
		if !seen[id+" "+from] {
			seen[id+" "+from] = true
			victims[i] = append(victims[i], from)
		}
	}

	for _, screen := range screens {
		var names []string
		for name := range all {
			if onScreen(screen, name) {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for i, a := range names {
			for _, b := range names[i+1:] {
				if !remapped[a] && !remapped[b] {
					continue
				}
				for _, k := range shared(*all[a], *all[b]) {
					switch {
					case remapped[a] && remapped[b]:
						if msg := fmt.Sprintf("%s and %s both use %s", a, b, k); !seen[msg] {
							seen[msg] = true
							problems = append(problems, msg)
						}
					case remapped[a]:
						take(a, k, b)
						drop(all[b], k)
					default:
						take(b, k, a)
						drop(all[a], k)
					}
				}
			}
		}
	}
	// A key taken from many types' actions names the first two and counts the rest, so the one
	// message line still shows who took what.
	for i, vs := range victims {
		if len(vs) > 3 {
			vs = append(vs[:2:2], fmt.Sprintf("%d more", len(vs)-2))
		}
		problems[i] += strings.Join(vs, ", ")
	}
	return problems
}

// shared lists the keys two enabled bindings both hold.
func shared(a, b key.Binding) []string {
	if !a.Enabled() || !b.Enabled() {
		return nil
	}
	var out []string
	for _, k := range a.Keys() {
		if slices.Contains(b.Keys(), k) {
			out = append(out, k)
		}
	}
	return out
}

// drop takes k from b, and from its help text when the help names it ("↑/k" becomes "↑"); a
// binding left with no key is disabled.
func drop(b *key.Binding, k string) {
	keys := slices.DeleteFunc(slices.Clone(b.Keys()), func(s string) bool { return s == k })
	if len(keys) == 0 {
		b.SetEnabled(false)
		return
	}
	h := b.Help()
	shown := slices.DeleteFunc(strings.Split(h.Key, "/"), func(s string) bool { return s == k })
	if len(shown) == 0 {
		shown = keys[:1]
	}
	b.SetKeys(keys...)
	b.SetHelp(strings.Join(shown, "/"), h.Desc)
}

// Load returns the defaults with the overrides of a JSON key file applied. A missing or empty file
// is not an error: the defaults are returned.
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
	if len(bytes.TrimSpace(data)) == 0 {
		return km, nil // an empty file (or --keys /dev/null) remaps nothing, like a missing one
	}
	var overrides map[string][]string
	if err := json.Unmarshal(data, &overrides); err != nil {
		return km, fmt.Errorf("key file %s is not a JSON object of name to keys: %w", path, err)
	}
	if err := km.Apply(overrides); err != nil {
		// The names first: a long path would push them past the edge of the one-line message.
		return km, fmt.Errorf("%w (key file %s)", err, path)
	}
	return km, nil
}
