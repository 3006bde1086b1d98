package model

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// OperationNames returns the service's operation names, sorted.
func (s *Service) OperationNames() []string {
	return sortedKeys(s.Operations)
}

// WaiterNames returns the service's waiter names, sorted.
func (s *Service) WaiterNames() []string {
	return sortedKeys(s.Waiters)
}

// Operation finds an operation by its model name ("DescribeInstances") or an AWS CLI spelling
// ("describe-instances"); case, dashes and underscores do not matter.
func (s *Service) Operation(name string) (*Operation, bool) {
	key, ok := s.OperationName(name)
	if !ok {
		return nil, false
	}
	return s.Operations[key], true
}

// OperationName returns the key in Operations (the API name that paginators and waiters use)
// of an operation given any spelling Operation accepts.
func (s *Service) OperationName(name string) (string, bool) {
	if _, ok := s.Operations[name]; ok {
		return name, true
	}
	folded := foldName(name)
	for key := range s.Operations {
		if foldName(key) == folded {
			return key, true
		}
	}
	return "", false
}

// Waiter finds a waiter by name ("InstanceRunning") or CLI spelling ("instance-running").
func (s *Service) Waiter(name string) (*Waiter, string, bool) {
	if w, ok := s.Waiters[name]; ok {
		return w, name, true
	}
	key := foldName(name)
	for n, w := range s.Waiters {
		if foldName(n) == key {
			return w, n, true
		}
	}
	return nil, "", false
}

// Paginator returns the paginator of an operation (model name or CLI spelling), if it has one.
func (s *Service) Paginator(operation string) (*Paginator, bool) {
	key, ok := s.OperationName(operation)
	if !ok {
		return nil, false
	}
	p, ok := s.Paginators[key]
	return p, ok
}

// Shape returns a shape by name, or nil.
func (s *Service) Shape(name string) *Shape {
	return s.Shapes[name]
}

// InputShape returns the input structure of an operation (model name or CLI spelling). An
// operation that takes no input gives an empty structure, so forms need no special case.
func (s *Service) InputShape(operation string) (*Shape, error) {
	op, ok := s.Operation(operation)
	if !ok {
		return nil, fmt.Errorf("%s has no operation %q", s.Name, operation)
	}
	if op.Input == nil {
		return &Shape{Type: "structure"}, nil
	}
	sh := s.Shapes[op.Input.Shape]
	if sh == nil {
		return nil, fmt.Errorf("%s %s: input shape %q is missing from the model", s.Name, op.Name, op.Input.Shape)
	}
	return sh, nil
}

// OutputShape returns the output structure of an operation, or an empty structure.
func (s *Service) OutputShape(operation string) (*Shape, error) {
	op, ok := s.Operation(operation)
	if !ok {
		return nil, fmt.Errorf("%s has no operation %q", s.Name, operation)
	}
	if op.Output == nil {
		return &Shape{Type: "structure"}, nil
	}
	sh := s.Shapes[op.Output.Shape]
	if sh == nil {
		return nil, fmt.Errorf("%s %s: output shape %q is missing from the model", s.Name, op.Name, op.Output.Shape)
	}
	return sh, nil
}

// Enum returns the allowed values of the shape a member refers to, or nil when it is not an enum.
func (s *Service) Enum(ref *ShapeRef) []string {
	if ref == nil {
		return nil
	}
	if sh := s.Shapes[ref.Shape]; sh != nil {
		return sh.Enum
	}
	return nil
}

// OrderedMembers returns a structure's member names in the model's order, falling back to sorted
// names when the order is unknown.
func (sh *Shape) OrderedMembers() []string {
	if len(sh.MemberOrder) == len(sh.Members) {
		return sh.MemberOrder
	}
	return sortedKeys(sh.Members)
}

// IsRequired reports whether a structure requires the member.
func (sh *Shape) IsRequired(member string) bool {
	return slices.Contains(sh.Required, member)
}

// FormMembers returns a structure's members as a form shows them: required ones first, each
// group in the model's order.
func (sh *Shape) FormMembers() []string {
	all := sh.OrderedMembers()
	out := make([]string, 0, len(all))
	for _, m := range all {
		if sh.IsRequired(m) {
			out = append(out, m)
		}
	}
	for _, m := range all {
		if !sh.IsRequired(m) {
			out = append(out, m)
		}
	}
	return out
}

// foldName reduces an operation or waiter name to lower-case letters and digits, so the model
// name and every CLI spelling of it compare equal.
func foldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c == '-' || c == '_' || c == ' ':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// cliRule holds botocore's xform_name regexps, compiled on first use: not at init, before
// every run's first frame.
var cliRule = sync.OnceValue(func() (r struct{ firstCap, endCap, pluralAbbr *regexp.Regexp }) {
	r.firstCap = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	r.endCap = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	r.pluralAbbr = regexp.MustCompile(`[A-Z]{2,}s$`)
	return r
})

// CLIName spells an operation or waiter name the way the AWS CLI does (botocore's xform_name
// with dashes): "DescribeInstances" → "describe-instances", "ListObjectsV2" → "list-objects-v2".
// It uses the embedded data's list of botocore's hand-made spellings; see Library.CLIName.
func CLIName(name string) string { return Default().CLIName(name) }

// CLIName spells a name the way the AWS CLI does, using this library's list of botocore's
// hand-made spellings ("ExecutePartiQLStatement" → "execute-partiql-statement").
func (l *Library) CLIName(name string) string {
	if idx, err := l.loadIndex(); err == nil {
		if special, ok := idx.CLINames[name]; ok {
			return special
		}
	}
	return cliNameByRule(name)
}

// cliNameByRule is botocore's xform_name rule without its table of exceptions.
func cliNameByRule(name string) string {
	if strings.Contains(name, "-") {
		return name
	}
	rule := cliRule()
	if m := rule.pluralAbbr.FindString(name); m != "" {
		// "ListARNs" → "list-arns", not "list-ar-ns".
		name = name[:len(name)-len(m)] + "-" + strings.ToLower(m)
	}
	s := rule.firstCap.ReplaceAllString(name, "${1}-${2}")
	return strings.ToLower(rule.endCap.ReplaceAllString(s, "${1}-${2}"))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
