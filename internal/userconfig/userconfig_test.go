package userconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestProfilesByNameAndGlob(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, Name, `
profiles:
  prod-sandbox:
    readonly: false
  prod-*:
    readonly: true
    color: red
  "*-eu":
    color: "#ff8800"
  staging:
    color: 214
`)
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]Profile{
		"prod-web":     {ReadOnly: true, Color: "1", ReadOnlyBy: "prod-* in " + filepath.Join(dir, Name)},
		"prod-eu":      {ReadOnly: true, Color: "#ff8800", ReadOnlyBy: "prod-* in " + filepath.Join(dir, Name)},
		"prod-sandbox": {ReadOnly: false, Color: "1"}, // the exact name wins over the glob
		"staging":      {Color: "214"},
		"dev":          {},
	} {
		if got := c.Profile(name); got != want {
			t.Errorf("Profile(%s) = %+v, want %+v", name, got, want)
		}
	}
}

// The old config.json is still read, and config.yaml wins where both set something.
func TestLegacyJSONIsStillRead(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, LegacyName, `{"mouse": false}`)
	c, err := Load(dir)
	if err != nil || c.MouseOn(false) {
		t.Fatalf("config.json alone: mouse should be off (%v)", err)
	}
	write(t, dir, Name, "profiles:\n  prod:\n    readonly: true\n")
	c, err = Load(dir)
	if err != nil || c.MouseOn(false) || !c.Profile("prod").ReadOnly {
		t.Fatalf("both files: mouse off from config.json, prod read-only from config.yaml (%v)", err)
	}
	write(t, dir, Name, "mouse: true\n")
	if c, err = Load(dir); err != nil || !c.MouseOn(false) || c.MouseOn(true) {
		t.Fatalf("config.yaml wins; --no-mouse wins over both (%v)", err)
	}
}

func TestMistakesAreReportedWithTheFile(t *testing.T) {
	for name, text := range map[string]string{
		"mosue":            "mosue: false\n",
		"readonyl":         "profiles:\n  prod:\n    readonyl: true\n",
		"not a colour":     "profiles:\n  prod:\n    color: reddish\n",
		"is not a profile": "profiles:\n  \"prod-[\":\n    readonly: true\n",
		"true or false":    "profiles:\n  prod:\n    readonly: yes please\n",
		"is a map":         "profiles: [prod]\n",
	} {
		dir := t.TempDir()
		write(t, dir, Name, text)
		_, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), filepath.Join(dir, Name)) {
			t.Errorf("%q: want an error naming %q and the file, got %v", text, name, err)
		}
	}
}

func TestNoFilesAreTheDefaults(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		c, err := Load(dir)
		if err != nil || !c.MouseOn(false) || c.Profile("prod") != (Profile{}) {
			t.Fatalf("%q: %+v %v", dir, c, err)
		}
	}
	dir := t.TempDir()
	write(t, dir, Name, "")
	if _, err := Load(dir); err != nil {
		t.Fatalf("an empty file is the defaults: %v", err)
	}
}
