package docs

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/keymap"
)

// TestReadmeKeyNamesAreInTheKeyMap loads every keys.json example of the README into the key map
// and checks every binding name it quotes (`tail.wrap`, `resource.instance.stop`): a user who
// copies one must not get "unknown key name".
func TestReadmeKeyNamesAreInTheKeyMap(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "keys.json")
	if start < 0 {
		t.Fatal("the README no longer mentions keys.json: update this test")
	}
	section := readme[start:]
	if end := strings.Index(section, "\n## "); end > 0 {
		section = section[:end]
	}
	examples := regexp.MustCompile("`(\\{\"[^`]+\\})`").FindAllStringSubmatch(section, -1)
	if len(examples) == 0 {
		t.Fatal("no keys.json example found near its mention: update this test")
	}
	for _, m := range examples {
		var overrides map[string][]string
		if err := json.Unmarshal([]byte(m[1]), &overrides); err != nil {
			t.Errorf("example %s is not a key file: %v", m[1], err)
			continue
		}
		km := keymap.Default()
		if err := km.Apply(overrides); err != nil {
			t.Errorf("example %s: %v", m[1], err)
		}
	}
	names := regexp.MustCompile("`((?:global|table|tree|tail|form|confirm|conflict|bar|resource)\\.[a-z0-9.-]+)`").FindAllStringSubmatch(section, -1)
	for _, m := range names {
		km := keymap.Default()
		if err := km.Apply(map[string][]string{m[1]: {"ctrl+]"}}); err != nil {
			t.Errorf("`%s`: %v", m[1], err)
		}
	}
}
