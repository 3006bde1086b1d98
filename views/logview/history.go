package logview

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxHistory is how many recent queries are kept.
const maxHistory = 50

// history is the recent Logs Insights queries, newest first, kept in a JSON file in the config
// directory. A file that cannot be read starts an empty history (and says why); saving replaces
// the file atomically (a temporary file renamed over it), readable by its owner only.
type history struct {
	path    string
	Queries []string `json:"queries"`
}

func loadHistory(path string) (*history, error) {
	h := &history{path: path}
	if path == "" {
		return h, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, fmt.Errorf("query history: %w", err)
	}
	if err := json.Unmarshal(data, h); err != nil {
		h.Queries = nil
		return h, fmt.Errorf("query history %s: %w", path, err)
	}
	return h, nil
}

// add puts q first (once) and saves.
func (h *history) add(q string) error {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	out := []string{q}
	for _, old := range h.Queries {
		if old != q && len(out) < maxHistory {
			out = append(out, old)
		}
	}
	h.Queries = out
	return h.save()
}

func (h *history) save() error {
	if h.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(h.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("saving the query history: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".insights-history-*")
	if err != nil {
		return fmt.Errorf("saving the query history: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing left to remove
	_, werr := tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o600)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), h.path)
	}
	if werr != nil {
		return fmt.Errorf("saving the query history: %w", werr)
	}
	return nil
}
