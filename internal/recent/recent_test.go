package recent

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTouchPutsTheNameFirstAndKeepsTheFileWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nimbus", "recent.json")
	l, err := Load(path)
	if names := l.Names(); err != nil || len(names) != 0 {
		t.Fatalf("a missing file is an empty list: %v %v", names, err)
	}
	for _, n := range []string{"dev", "prod", "staging", "dev"} {
		if err := l.Touch(n); err != nil {
			t.Fatal(err)
		}
	}
	if names := l.Names(); !slices.Equal(names, []string{"dev", "staging", "prod"}) {
		t.Fatalf("names = %v", names)
	}
	// A second window's list (another List on the same file) adds to it.
	other, _ := Load(path)
	if err := other.Touch("ci"); err != nil {
		t.Fatal(err)
	}
	if err := l.Touch("prod"); err != nil {
		t.Fatal(err)
	}
	if names := l.Names(); !slices.Equal(names, []string{"prod", "ci", "dev", "staging"}) {
		t.Fatalf("after another window: %v", names)
	}
	if again, err := Load(path); err != nil || !slices.Equal(again.Names(), l.Names()) {
		t.Fatalf("the file holds %v (%v), memory %v", again.Names(), err, l.Names())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

func TestTouchReplacesADamagedFileAndCapsTheList(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recent.json")
	os.WriteFile(path, []byte("{not json"), 0o600)
	l, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("a damaged file should be reported with its name, got %v", err)
	}
	for i := 0; i < Max+5; i++ {
		if err := l.Touch(strings.Repeat("p", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	names := l.Names()
	if len(names) != Max || names[0] != strings.Repeat("p", Max+5) {
		t.Fatalf("len %d first %q", len(names), names[0])
	}
}

func TestOrderPutsRecentFirstAndKeepsTheRest(t *testing.T) {
	got := Order([]string{"default", "(env)", "a", "b", "prod"}, []string{"prod", "gone", "a"})
	if want := []string{"prod", "a", "default", "(env)", "b"}; !slices.Equal(got, want) {
		t.Fatalf("Order = %v, want %v", got, want)
	}
}

func TestNoPathKeepsTheListInMemory(t *testing.T) {
	l, _ := Load("")
	if err := l.Touch("x"); err != nil {
		t.Fatal(err)
	}
	if names := l.Names(); len(names) != 1 {
		t.Fatal(names)
	}
}

// An SSO role used without a profile is kept with what opens it while its name is in the list,
// through a reload of the file; used again as a profile of the files it loses it.
func TestRolesAreKeptWithTheirNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recent.json")
	l, _ := Load(path)
	admin := Role{From: "sso", Account: "111122223333", Role: "Admin"}
	if err := l.TouchRole("Admin-111122223333", admin); err != nil {
		t.Fatal(err)
	}
	if err := l.Touch("dev"); err != nil {
		t.Fatal(err)
	}
	again, err := Load(path)
	if err != nil || again.Roles()["Admin-111122223333"] != admin || len(again.Roles()) != 1 {
		t.Fatalf("after a restart: %v %v", again.Roles(), err)
	}
	if !slices.Equal(again.Names(), []string{"dev", "Admin-111122223333"}) {
		t.Fatalf("names %v", again.Names())
	}
	if err := again.Touch("Admin-111122223333"); err != nil { // written to ~/.aws/config meanwhile
		t.Fatal(err)
	}
	if len(again.Roles()) != 0 {
		t.Fatalf("a profile of the files kept its role: %v", again.Roles())
	}
	// A role whose name falls off the list goes with it.
	if err := l.TouchRole("Ops-1", Role{From: "sso", Account: "1", Role: "Ops"}); err != nil {
		t.Fatal(err)
	}
	for i := range Max {
		if err := l.Touch(strings.Repeat("p", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if len(l.Roles()) != 0 {
		t.Fatalf("roles of names no longer listed stay: %v", l.Roles())
	}
}
