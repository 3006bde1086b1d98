package resources_test

import (
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/keymap"
)

// An action's own key (S starts an instance) used to win over a user's remap of the same key:
// IsReservedKey knew only the default keys. Now the user's key map wins, the action stays in
// the a menu, and the help offers S for what it does.
func TestAUsersRemapWinsOverAnActionKey(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-north-1", 2)
	km := keymap.Default()
	// S is also the S3 objects (and versions) pages' download key, which gives it up and says so.
	if err := km.Apply(map[string][]string{"table.down": {"S", "down"}}); err == nil || !strings.HasPrefix(err.Error(), "table.down takes S from objects.download") {
		t.Fatal(err)
	}
	d := startApp(t, srv, appConfig{region: "eu-north-1", keys: &km})
	d.WaitForText(wait, ids[0], ids[1])
	cursorRow := func() string {
		for _, l := range strings.Split(d.Screen(), "\n") {
			if strings.HasPrefix(l, "▸") {
				return l
			}
		}
		return ""
	}
	first := cursorRow()
	d.Key("S")
	d.WaitFor("the cursor to move", wait, func(string) bool { r := cursorRow(); return r != "" && r != first })
	if strings.Contains(d.Screen(), "confirm") {
		t.Fatalf("S started the instance instead of moving down:\n%s", d.Screen())
	}
	d.Key("?")
	d.WaitForText(wait, "keys")
	if s := d.Screen(); strings.Contains(s, "S  start") || strings.Contains(s, "S       start") {
		t.Errorf("the help still offers S as start:\n%s", s)
	}
}
