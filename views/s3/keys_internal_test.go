package s3

import (
	"context"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/keymap/keymaptest"
	"github.com/nimbus-tui/nimbus/tui"
)

// The S3 pages' keys all come from the key map (buckets.*, objects.*, versions.* and the shared
// contexts): with every binding remapped in keys.json, no page keeps a key of its own.
func TestS3PagesTakeEveryKeyFromTheKeyMap(t *testing.T) {
	r := keymaptest.RemapAll(t)
	b := NewBrowser(tui.Env{Ctx: context.Background(), Keys: r.Keys, Styles: tui.NewStyles(true)})
	s := tui.Session{Profile: "dev", Region: "eu-west-1"}
	for name, p := range map[string]tui.Page{
		"buckets":  newBucketsPage(b, s),
		"objects":  newObjectsPage(b, s, "bucket", ""),
		"versions": newVersionsPage(b, s, "bucket", ""),
		"object":   newObjectPage(b, s, "bucket", "key.txt"),
	} {
		if bad := keymaptest.Unmapped(p.Keys()); len(bad) > 0 {
			t.Errorf("%s: keys not from the key map: %s", name, strings.Join(bad, ", "))
		}
	}
}
