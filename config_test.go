package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

func TestMouseIsOnUnlessTheFlagOrTheConfigTurnsItOff(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	none, err := loadConfig(filepath.Join(dir, "missing.json"))
	if err != nil || !mouseOn(false, none) || mouseOn(true, none) {
		t.Fatalf("no config file: mouse on unless --no-mouse (%v)", err)
	}
	off, err := loadConfig(write("off.json", `{"mouse": false}`))
	if err != nil || mouseOn(false, off) {
		t.Fatalf(`"mouse": false should turn the mouse off (%v)`, err)
	}
	on, err := loadConfig(write("on.json", `{"mouse": true}`))
	if err != nil || !mouseOn(false, on) || mouseOn(true, on) {
		t.Fatalf("--no-mouse wins over the file (%v)", err)
	}
	if _, err := loadConfig(write("typo.json", `{"mosue": false}`)); err == nil || !strings.Contains(err.Error(), "mosue") {
		t.Errorf("an unknown key should be reported by name: %v", err)
	}
	var c flags
	parser, err := kong.New(&c, parserOptions("")...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.Parse([]string{"--no-mouse"}); err != nil || !c.NoMouse {
		t.Errorf("--no-mouse: %v, %v", err, c.NoMouse)
	}
}
