package keymap

import (
	"os"
	"path/filepath"
	"slices"
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
	if err := km.Apply(map[string][]string{"table.down": {"Z"}}); err != nil {
		t.Fatal(err)
	}
	if !key.Matches(press('Z', "Z"), km.Table.Down) || key.Matches(press('j', "j"), km.Table.Down) {
		t.Error("table.down should now be X only")
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

// Issue 8 #19: {"table.down": ["k"]} used to take k from table.up without a word.
func TestRemapThatTakesAKeyIsReportedByName(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{"table.down": {"k"}})
	if err == nil || !strings.Contains(err.Error(), "table.down takes k from table.up") {
		t.Fatalf("want the conflict named, got %v", err)
	}
	if !key.Matches(press('k', "k"), km.Table.Down) || key.Matches(press('k', "k"), km.Table.Up) {
		t.Error("k should move down only: the user's remap wins")
	}
	if !key.Matches(tea.KeyPressMsg{Code: tea.KeyUp}, km.Table.Up) || km.Table.Up.Help().Key != "↑" {
		t.Errorf("table.up keeps ↑ and says so, got help %q", km.Table.Up.Help().Key)
	}
}

func TestTwoRemapsOnOneKeyAreReported(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{"actions.copy": {"n"}, "table.refresh": {"n"}})
	if err == nil || !strings.Contains(err.Error(), "actions.copy and table.refresh both use n") {
		t.Fatalf("want both names, got %v", err)
	}
	// Bindings of screens never shown together may share a key.
	km = Default()
	if err := km.Apply(map[string][]string{"viewer.down": {"Z"}, "table.down": {"Z"}}); err != nil {
		t.Errorf("viewer and table keys are never live together: %v", err)
	}
}

// The defaults are conflict-free, which is what lets a conflict be blamed on the user's file.
func TestDefaultsHaveNoConflicts(t *testing.T) {
	km := Default()
	all := km.bindings()
	everything := map[string]bool{}
	for name := range all {
		everything[name] = true
	}
	if problems := resolveConflicts(all, everything, km.allScreens()); len(problems) > 0 {
		t.Errorf("default bindings conflict: %v", problems)
	}
}

// A long --keys path used to come first and push the binding's name past the message line.
func TestKeyFileErrorNamesTheBindingFirst(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("very-long-directory-name/", 8))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "keys.json")
	os.WriteFile(path, []byte(`{"tabel.down": ["x"]}`), 0o600)
	_, err := Load(path)
	if err == nil {
		t.Fatal("want an error")
	}
	if i := strings.Index(err.Error(), "tabel.down"); i < 0 || i > 60 {
		t.Errorf("the name should be within the first 60 characters: %q", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("the file should still be named: %q", err)
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

// TakenOnTables replaces resource.IsReservedKey's copy of the defaults: with the default map it
// reserves every global, table and action key, and it follows a remap.
func TestTakenOnTablesFollowsTheKeyMap(t *testing.T) {
	km := Default()
	for _, b := range []key.Binding{km.Global.Quit, km.Global.Help, km.Table.Down, km.Table.Bottom, km.Actions.Describe, km.Actions.Wait, km.Actions.Select} {
		for _, k := range b.Keys() {
			if !km.TakenOnTables(k) {
				t.Errorf("%q (%s) is not taken", k, b.Help().Desc)
			}
		}
	}
	for _, free := range []string{"S", "X", "B", "D", "m", "v", "i"} {
		if km.TakenOnTables(free) {
			t.Errorf("%q taken by default", free)
		}
	}
	if !km.TakenOnTables("ctrl+x") || !km.TakenOnTables("left") {
		t.Error("ctrl combinations and the arrows stay the app's")
	}
	if err := km.Apply(map[string][]string{"table.down": {"Z"}}); err != nil {
		t.Fatal(err)
	}
	if !km.TakenOnTables("Z") || km.TakenOnTables("j") {
		t.Error("after table.down = X, X is taken and j is free")
	}
}

// The S3 pages' own keys are bindings of the key map like any other: a user's remap onto one of
// them takes the key from the page's action and says so, instead of the page keeping it silently
// (table.down = n did not move the cursor on the buckets page: n created a bucket).
func TestRemapTakesAKeyFromTheS3PagesOwnActions(t *testing.T) {
	km := Default()
	err := km.Apply(map[string][]string{"table.down": {"n"}, "objects.download": {"ctrl+g"}})
	if err == nil || !strings.Contains(err.Error(), "table.down takes n from buckets.create") {
		t.Fatalf("Apply = %v, want the conflict named", err)
	}
	if km.Buckets.Create.Enabled() || !slices.Contains(km.Table.Down.Keys(), "n") {
		t.Errorf("buckets.create keeps %v, table.down has %v", km.Buckets.Create.Keys(), km.Table.Down.Keys())
	}
	if got := km.Objects.Download.Keys(); !slices.Equal(got, []string{"ctrl+g"}) {
		t.Errorf("objects.download = %v", got)
	}
}

// The page contexts have screens too: a remap onto a key the same page uses is reported by name
// and wins, and a key of another page's context is no conflict.
func TestPageContextConflictsAreReportedByName(t *testing.T) {
	for _, c := range []struct {
		remap map[string][]string
		want  string
	}{
		{map[string][]string{"tail.wrap": {"n"}}, "tail.wrap takes n from tail.next"},
		{map[string][]string{"form.next": {"ctrl+s"}}, "form.next takes ctrl+s from actions.run"},
		{map[string][]string{"tree.mode": {"y"}}, "tree.mode takes y from actions.copy"},
		{map[string][]string{"conflict.skip": {"esc"}}, "conflict.skip takes esc from input.cancel"},
		{map[string][]string{"bar.next": {"tab"}}, "bar.next takes tab from input.complete"},
	} {
		km := Default()
		if err := km.Apply(c.remap); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.remap, err, c.want)
		}
	}
	km := Default()
	if err := km.Apply(map[string][]string{"tail.wrap": {"t"}, "confirm.yes": {"w"}}); err != nil {
		t.Errorf("keys of pages never shown together: %v", err)
	}
}
