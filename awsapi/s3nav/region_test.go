package s3nav

import (
	"regexp"
	"strings"
	"testing"
)

// validRegion replaced this pattern (its compilation cost start-up time): they must agree.
func TestValidRegionMatchesThePattern(t *testing.T) {
	pattern := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,48}[a-z0-9]$`)
	samples := []string{"", "a", "ab", "a-", "-a", "a-b", "us-east-1", "US-EAST-1", "eu_west", "a.b",
		strings.Repeat("a", 49), strings.Repeat("a", 50), strings.Repeat("a", 51), "a" + strings.Repeat("-", 48) + "a"}
	for _, a := range "aZ9-_." {
		for _, b := range "aZ9-_." {
			for _, c := range "aZ9-_." {
				samples = append(samples, string(a)+string(b), string(a)+string(b)+string(c))
			}
		}
	}
	for _, s := range samples {
		if got, want := validRegion(s), pattern.MatchString(s); got != want {
			t.Errorf("validRegion(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
