package s3xfer

import (
	"fmt"
	"regexp"
	"strings"
)

// Rule is one --include or --exclude pattern.
type Rule struct {
	Include bool
	Pattern string
}

// Rules makes the Filter of `aws s3`'s --include and --exclude, in command-line order: every file
// takes part unless excluded, and the last rule that matches decides. Patterns are fnmatch's,
// matched against the path relative to the source: "*" matches any run of characters, "/"
// included; "?" one character; "[seq]" and "[!seq]" a set.
func Rules(rules []Rule) (Filter, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	type compiled struct {
		include bool
		re      *regexp.Regexp
	}
	cs := make([]compiled, len(rules))
	for i, r := range rules {
		re, err := fnmatch(r.Pattern)
		if err != nil {
			return nil, err
		}
		cs[i] = compiled{r.Include, re}
	}
	return func(rel string) bool {
		keep := true
		for _, c := range cs {
			if c.re.MatchString(rel) {
				keep = c.include
			}
		}
		return keep
	}, nil
}

// fnmatch translates a pattern as Python's fnmatch.translate does.
func fnmatch(pat string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			j := i + 1
			if j < len(pat) && pat[j] == '!' {
				j++
			}
			if j < len(pat) && pat[j] == ']' {
				j++
			}
			for j < len(pat) && pat[j] != ']' {
				j++
			}
			if j >= len(pat) {
				b.WriteString(`\[`) // no closing bracket: a literal "["
				continue
			}
			set := pat[i+1 : j]
			i = j
			neg := strings.HasPrefix(set, "!")
			if neg {
				set = set[1:]
			}
			set = strings.ReplaceAll(set, `\`, `\\`)
			if neg {
				b.WriteString(`[^` + set + `]`)
			} else {
				b.WriteString(`[` + set + `]`)
			}
		default:
			b.WriteString(regexp.QuoteMeta(pat[i : i+1])) // a byte: multibyte characters re-form
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("the pattern %q: %w", pat, err)
	}
	return re, nil
}
