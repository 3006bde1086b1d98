package keymap

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// An empty key file, or --keys /dev/null (scripts/firstframe passes it), remaps nothing and is no
// error: it used to put "not a JSON object" on the first frame.
func TestLoadEmptyFile(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{empty, os.DevNull} {
		km, err := Load(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
		if !slices.Equal(km.Table.Up.Keys(), Default().Table.Up.Keys()) {
			t.Errorf("%s: the defaults changed", path)
		}
	}
}
