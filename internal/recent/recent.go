// Package recent remembers the profiles used last, most recent first, in a small JSON file of
// nimbus's config directory, so the profile list can put them on top the next time too.
package recent

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
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
}

// file is the format on disk.
type file struct {
	Profiles []string `json:"profiles"`
}

// Load reads the list kept at path ("" keeps it in memory only). A missing file is an empty list; a
// damaged one is reported and replaced by the next Touch.
func Load(path string) (*List, error) {
	l := &List{path: path}
	names, err := l.read()
	l.names = names
	return l, err
}

// Names returns the profiles, most recently used first, as last read or touched.
func (l *List) Names() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.names)
}

func (l *List) read() ([]string, error) {
	if l.path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the recent profiles: %w", err)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("recent profiles file %s: %w", l.path, err)
	}
	return f.Profiles, nil
}

// Touch puts name first and writes the file: a temporary file renamed over the old one, so a
// crash or a second window never leaves half a file.
func (l *List) Touch(name string) error {
	if name == "" {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	names, err := l.read()
	if err != nil || l.path == "" {
		names = l.names // a damaged file is replaced, not a reason to stop remembering
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == name })
	names = append([]string{name}, names...)
	if len(names) > Max {
		names = names[:Max]
	}
	l.names = names
	if l.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(file{Profiles: names}, "", "  ")
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
