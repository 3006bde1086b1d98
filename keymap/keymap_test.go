package keymap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func press(code rune, text string) tea.KeyPressMsg {
	return tea.KeyPressMsg{Code: code, Text: text}
}

func TestDefaultsMatchVimKeys(t *testing.T) {
	km := Default()
	if !key.Matches(press('j', "j"), km.Table.Down) {
		t.Error("j should move down")
	}
	if !key.Matches(press('G', "G"), km.Table.Bottom) {
		t.Error("G should go to the bottom")
	}
	if key.Matches(press('j', "j"), km.Table.Up) {
		t.Error("j must not move up")
	}
}

func TestApplyRemapsAndRejectsUnknownNames(t *testing.T) {
	km := Default()
	if err := km.Apply(map[string][]string{"table.down": {"n"}}); err != nil {
		t.Fatal(err)
	}
	if !key.Matches(press('n', "n"), km.Table.Down) || key.Matches(press('j', "j"), km.Table.Down) {
		t.Error("table.down should now be n only")
	}
	err := km.Apply(map[string][]string{"tabel.down": {"x"}})
	if err == nil || !strings.Contains(err.Error(), "tabel.down") {
		t.Errorf("want an error naming the typo, got %v", err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	km, err := Load(filepath.Join(dir, "missing.json"))
	if err != nil || !key.Matches(press('q', "q"), km.Global.Quit) {
		t.Fatalf("missing file should give defaults, got %v", err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{not json"), 0o600)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("malformed file should name itself, got %v", err)
	}
	good := filepath.Join(dir, "keys.json")
	os.WriteFile(good, []byte(`{"global.quit": ["ctrl+q"]}`), 0o600)
	km, err = Load(good)
	if err != nil || key.Matches(press('q', "q"), km.Global.Quit) {
		t.Errorf("q should no longer quit: %v", err)
	}
}

func TestSubmitTakesLFEvenWhenRemapped(t *testing.T) {
	km := Default()
	lf := tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}
	if !key.Matches(lf, km.Input.Submit) {
		t.Fatal("input.submit should take ctrl+j, which is enter typed before the UI is up")
	}
	if err := km.Apply(map[string][]string{"input.submit": {"enter", "ctrl+o"}}); err != nil {
		t.Fatal(err)
	}
	if !key.Matches(lf, km.Input.Submit) || km.Input.Submit.Help().Key != "enter/ctrl+o" {
		t.Errorf("a remapped enter should keep ctrl+j: keys %v, help %q", km.Input.Submit.Keys(), km.Input.Submit.Help().Key)
	}
}
