package resource

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// simplePath is an identifier that reads one field, maybe falling back to the item itself.
var simplePath = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]*\.)*([A-Za-z][A-Za-z0-9_]*)( \|\| @)?$`)
})

// IdentifierLabel says in words what the identifier is ("instance ID" for InstanceId, "log group
// name" for logGroupName), for prompts that ask the user to type it; "identifier" when it is
// computed.
func (d *Def) IdentifierLabel() string {
	m := simplePath().FindStringSubmatch(strings.TrimSpace(d.Identifier))
	if m == nil {
		return "identifier"
	}
	return fieldWords(m[2])
}

// acronyms are field-name words written in capitals in prose.
var acronyms = map[string]string{"id": "ID", "arn": "ARN", "url": "URL", "uuid": "UUID", "db": "DB"}

// fieldWords splits a camelCase field name into lower-case words, keeping acronyms in capitals.
func fieldWords(field string) string {
	rs := []rune(field)
	var words []string
	start := 0
	for i := 1; i <= len(rs); i++ {
		boundary := i == len(rs) || rs[i] == '_' ||
			unicode.IsUpper(rs[i]) && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
				i+1 < len(rs) && unicode.IsUpper(rs[i-1]) && unicode.IsLower(rs[i+1]))
		if !boundary {
			continue
		}
		w := strings.Trim(string(rs[start:i]), "_")
		start = i
		if w == "" {
			continue
		}
		if a, ok := acronyms[strings.ToLower(w)]; ok {
			w = a
		} else if strings.ToUpper(w) != w || len(w) == 1 {
			w = strings.ToLower(w)
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}
