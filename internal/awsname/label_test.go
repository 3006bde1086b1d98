package awsname

import (
	"regexp"
	"strings"
	"testing"
)

// The label checks replaced these patterns (their compilation cost start-up time): they must
// agree on every string.
func TestLabelChecksMatchThePatterns(t *testing.T) {
	region := regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
	host := regexp.MustCompile(`^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$`)
	for _, s := range labelSamples() {
		if got, want := isRegionLabel(s), region.MatchString(s); got != want {
			t.Errorf("isRegionLabel(%q) = %v, the pattern says %v", s, got, want)
		}
		if got, want := isHostLabel(s), host.MatchString(s); got != want {
			t.Errorf("isHostLabel(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

func labelSamples() []string {
	out := []string{"", "-", "a", "A", "_", "a-", "-a", "a-b", "us-east-1", "US-EAST-1", "a_b", "a.b", "é", "a b",
		strings.Repeat("a", 62), strings.Repeat("a", 63), strings.Repeat("a", 64), "a" + strings.Repeat("-", 61) + "a", "a\n"}
	chars := "aZ9-_.!"
	for _, a := range chars {
		for _, b := range chars {
			for _, c := range chars {
				out = append(out, string(a), string(a)+string(b), string(a)+string(b)+string(c))
			}
		}
	}
	return out
}
