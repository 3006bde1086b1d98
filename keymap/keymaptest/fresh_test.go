package keymaptest

import (
	"fmt"
	"testing"
)

// Every fresh key is one a key message writes the same way, so a page sees the key the file names.
func TestFreshRoundTrip(t *testing.T) {
	for _, m := range freshMods {
		for _, n := range []int{1, 17, 63} {
			k := m + "f" + itoa(n)
			if !Fresh(k) {
				t.Errorf("%s not fresh", k)
			}
			if got := Press(k).String(); got != k {
				t.Errorf("Press(%s).String() = %s", k, got)
			}
		}
	}
	for _, k := range []string{"f64", "f0", "x", "ctrl+x", "shift+ctrl+f1", "f1x"} {
		if Fresh(k) {
			t.Errorf("%s fresh", k)
		}
	}
}
func itoa(n int) string { return fmt.Sprint(n) }
