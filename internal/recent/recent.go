// Package recent remembers the profiles used last, most recent first, in a small JSON file of
// nimbus's config directory, so the profile list can put them on top the next time too. It also
// keeps what opens the SSO roles used without a profile (from the account list), so that they
// are in the list again after a restart.
package recent

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Max is how many names the file keeps.
const Max = 50

// List is the recent-use file and the copy in memory that Names returns without reading the
// disk (the profile list opens on the UI goroutine). It is safe for concurrent use; every Touch
// reads the file again first, so two nimbus windows add to one list instead of overwriting each
// other's.
type List struct {
	path  string
	mu    sync.Mutex
	names []string
	roles map[string]Role
}

// Role is an SSO role used without a profile in the files: the profile whose SSO session opens
// it, the account and the role's name.
type Role struct {
	From    string `json:"from"`
	Account string `json:"account"`
	Role    string `json:"role"`
}

// file is the format on disk.
type file struct {
	Profiles []string `json:"profiles"`
	// Roles are the recent profiles that are SSO roles in no file, by profile name.
	Roles map[string]Role `json:"roles,omitempty"`
}

// Load reads the list kept at path ("" keeps it in memory only). A missing file is an empty list; a
// damaged one is reported and replaced by the next Touch.
func Load(path string) (*List, error) {
	l := &List{path: path}
	f, err := l.read()
	l.names, l.roles = f.Profiles, f.Roles
	return l, err
}

// Names returns the profiles, most recently used first, as last read or touched.
func (l *List) Names() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.names)
}

// Roles returns the SSO roles among the recent profiles, by profile name, as last read or
// touched.
func (l *List) Roles() map[string]Role {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.roles)
}

func (l *List) read() (file, error) {
	if l.path == "" {
		return file{}, nil
	}
	data, err := os.ReadFile(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return file{}, nil
	}
	if err != nil {
		return file{}, fmt.Errorf("reading the recent profiles: %w", err)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return file{}, fmt.Errorf("recent profiles file %s: %w", l.path, err)
	}
	return f, nil
}

// Touch puts name first and writes the file: a temporary file renamed over the old one, so a
// crash or a second window never leaves half a file.
func (l *List) Touch(name string) error { return l.touch(name, nil) }

// TouchRole is Touch for a profile that is an SSO role in no file: what opens it is kept with
// the name, as long as the name is in the list.
func (l *List) TouchRole(name string, r Role) error { return l.touch(name, &r) }

func (l *List) touch(name string, role *Role) error {
	if name == "" {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := l.read()
	if err != nil || l.path == "" {
		f = file{Profiles: l.names, Roles: l.roles} // a damaged file is replaced, not a reason to stop remembering
	}
	names := slices.DeleteFunc(slices.Clone(f.Profiles), func(n string) bool { return n == name })
	names = append([]string{name}, names...)
	if len(names) > Max {
		names = names[:Max]
	}
	roles := maps.Clone(f.Roles)
	if role != nil {
		if roles == nil {
			roles = map[string]Role{}
		}
		roles[name] = *role
	} else {
		delete(roles, name) // a profile of the files now has that name
	}
	maps.DeleteFunc(roles, func(n string, _ Role) bool { return !slices.Contains(names, n) })
	l.names, l.roles = names, roles
	if l.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(file{Profiles: names, Roles: roles}, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(l.path, append(data, '\n'))
}

// writeAtomic writes data to a temporary file beside path and renames it over path.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("saving the recent profiles: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".recent-*.tmp")
	if err != nil {
		return fmt.Errorf("saving the recent profiles: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the recent profiles: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the recent profiles: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving the recent profiles: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("saving the recent profiles: %w", err)
	}
	return nil
}

// Order returns names with the recent ones first, most recent first, and the others after them in
// their original order. Recent names that are not in names are left out.
func Order(names, recent []string) []string {
	rank := map[string]int{}
	for i, n := range recent {
		if _, seen := rank[n]; !seen {
			rank[n] = i
		}
	}
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return out
}
