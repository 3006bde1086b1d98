package plural

import "testing"

func TestSingular(t *testing.T) {
	cases := map[string]string{
		"repositories":         "repository",
		"KMS aliases":          "KMS alias",
		"aliases":              "alias",
		"policies":             "policy",
		"AWS-managed policies": "AWS-managed policy",
		"DB instances":         "DB instance",
		"VPCs":                 "VPC",
		"access keys":          "access key",
		"dead-letter sources":  "dead-letter source",
		"addresses":            "address",
		"prefixes":             "prefix",
		"branches":             "branch",
		"statuses":             "status",
		"databases":            "database",
		"services":             "service",
		"history":              "history",
		"status":               "status",
		"sub-resources":        "sub-resource",
		"ALIASES":              "ALIAS",
		"Entries":              "Entry",
		"Aliases":              "Alias",
		"keys":                 "key",
		"objects":              "object",
		"":                     "",
	}
	for in, want := range cases {
		if got := Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNoun(t *testing.T) {
	for n, want := range map[int]string{0: "repositories", 1: "repository", 2: "repositories"} {
		if got := Noun(n, "repositories"); got != want {
			t.Errorf("Noun(%d) = %q, want %q", n, got, want)
		}
	}
}
