package resources_test

import (
	"regexp"
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

// A resource action's key is the key map's resource.<type>.<action>: keys.json moves it, the
// help says the new key, the actions menu shows it, and the definition's key no longer acts.
// The key file used to refuse the name (unknown key binding names).
func TestAResourceActionIsRemappedInTheKeyFile(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "eu-north-1", 1)
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"resource.instance.stop": {"K"}, "resource.instance.console-output": {"ctrl+o"}}); err != nil {
		t.Fatal(err)
	}
	d := startApp(t, srv, appConfig{region: "eu-north-1", keys: &km})
	d.WaitForText(wait, ids[0])
	d.Key("X")
	d.Key("?")
	d.WaitForText(wait, "keys")
	help := d.Screen()
	if strings.Contains(help, "Stop") {
		t.Fatalf("X still stops:\n%s", help)
	}
	for _, want := range []string{"K", "stop", "ctrl+o", "console output"} {
		if !strings.Contains(help, want) {
			t.Errorf("the help lacks %q:\n%s", want, help)
		}
	}
	d.Key("esc")
	d.Key("a")
	d.WaitForText(wait, "OPERATION")
	if !regexp.MustCompile(`stop\s+K\s+StopInstances`).MatchString(d.Screen()) {
		t.Errorf("the actions menu should show K for stop:\n%s", d.Screen())
	}
	d.Key("esc")
	d.Key("K")
	d.WaitForText(wait, "StopInstances")
}
