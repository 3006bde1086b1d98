// Package plural turns the plural nouns that name rows ("repositories", "KMS aliases") into the
// singular a count of one needs.
package plural

import "strings"

// irregular are plurals the suffix rules get wrong (AWS member names included).
var irregular = map[string]string{
	"aliases": "alias", "statuses": "status", "buses": "bus", "analyses": "analysis",
	"indices": "index", "matrices": "matrix", "criteria": "criterion", "people": "person",
	"children": "child", "series": "series", "species": "species", "news": "news",
}

// Singular is the singular of a plural noun phrase; only its last word changes, in its own case
// ("KMS aliases" → "KMS alias", "VPCs" → "VPC"). Words that are not plurals stay as they are
// ("history", "status", "access").
func Singular(phrase string) string {
	i := strings.LastIndexAny(phrase, " -") + 1
	head, word := phrase[:i], phrase[i:]
	lower := strings.ToLower(word)
	if s, ok := irregular[lower]; ok {
		return head + matchCase(word, s)
	}
	n := len(word)
	switch {
	case n < 3 || !strings.HasSuffix(lower, "s"):
		return phrase
	case strings.HasSuffix(lower, "ss"), strings.HasSuffix(lower, "us"), strings.HasSuffix(lower, "is"):
		return phrase // class, status, analysis: already singular
	case strings.HasSuffix(lower, "ies") && n > 4:
		return head + word[:n-3] + matchCase(word[n-3:], "y")
	case strings.HasSuffix(lower, "sses"), strings.HasSuffix(lower, "xes"), strings.HasSuffix(lower, "zzes"),
		strings.HasSuffix(lower, "ches"), strings.HasSuffix(lower, "shes"):
		return head + word[:n-2]
	}
	return head + word[:n-1]
}

// Noun is the plural phrase for any count but one, the singular for one.
func Noun(n int, plural string) string {
	if n == 1 {
		return Singular(plural)
	}
	return plural
}

// matchCase spells s in capitals when like is all capitals ("ALIASES" → "ALIAS"), with a capital
// first letter when like has one ("Aliases" → "Alias").
func matchCase(like, s string) string {
	switch {
	case like == strings.ToUpper(like) && like != strings.ToLower(like):
		return strings.ToUpper(s)
	case like != "" && s != "" && like[0] >= 'A' && like[0] <= 'Z':
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}
