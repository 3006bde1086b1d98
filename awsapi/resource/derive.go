package resource

import (
	"fmt"
	"sort"
	"strings"
)

// maxColumns is how many columns derived from the items a generic collection shows; the rest is
// one enter away.
const maxColumns = 6

// deriveColumns picks the columns of a collection from its first items: the scalar members (and
// the scalar Name/Value/Code inside a member such as EC2's State), ranked so names and ids come
// first, then states, then times, then the rest in the order the service sent them.
func deriveColumns(items []any) []string {
	seen := map[string]int{}
	var paths []string
	for i, it := range items {
		if i == 50 {
			break
		}
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, p := range scalarPaths(k, m[k]) {
				if _, ok := seen[p]; !ok {
					seen[p] = len(paths)
					paths = append(paths, p)
				}
			}
		}
	}
	sort.SliceStable(paths, func(i, j int) bool { return rank(paths[i]) < rank(paths[j]) })
	if len(paths) > maxColumns {
		paths = paths[:maxColumns]
	}
	return paths
}

func scalarPaths(key string, v any) []string {
	switch x := v.(type) {
	case map[string]any:
		for _, inner := range []string{"Name", "Value", "Code", "Status"} {
			if s, ok := x[inner]; ok && isScalar(s) {
				return []string{key + "." + inner}
			}
		}
		if len(x) == 1 { // a tagged value such as DynamoDB's {"S": "text"}
			for inner, s := range x {
				if isScalar(s) {
					return []string{key + "." + inner}
				}
			}
		}
		return nil
	case []any:
		return nil
	default:
		return []string{key}
	}
}

func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

func rank(path string) int {
	last := path
	if i := strings.Index(path, "."); i > 0 {
		last = path[:i] // State.Name ranks as a state, not as a name
	}
	switch {
	case strings.HasSuffix(last, "Name") || path == "Key" || path == "Name":
		return 0
	case strings.HasSuffix(last, "Id") || strings.HasSuffix(last, "ID"):
		return 1
	case strings.Contains(path, "State") || strings.Contains(path, "Status"):
		return 2
	case strings.Contains(last, "Time") || strings.Contains(last, "Date") || strings.HasPrefix(last, "Created") || strings.HasPrefix(last, "LastModified"):
		return 3
	case strings.HasSuffix(last, "Arn"):
		return 5
	}
	return 4
}

// columnTitle turns a path into a header: "State.Name" → "STATE", "InstanceId" → "INSTANCEID".
func columnTitle(path string) string {
	if i := strings.Index(path, "."); i > 0 {
		path = path[:i]
	}
	return strings.ToUpper(path)
}

// DerivesColumns reports whether the columns come from the items (ColumnsFrom): a generic
// collection whose item shape has no scalar members to show (DynamoDB's attribute maps).
func (d *Def) DerivesColumns() bool { return d.derive }

// ColumnsFrom returns d with columns picked from its first items (see deriveColumns), for a
// generic collection whose model says nothing about its items; d itself when there is nothing
// better than showing each item whole (strings, such as SQS queue URLs).
func (d *Def) ColumnsFrom(items []any) (*Def, error) {
	if !d.derive {
		return d, nil
	}
	paths := deriveColumns(items)
	if len(paths) == 0 {
		return d, nil
	}
	nd := *d
	nd.derive, nd.prog = false, nil
	nd.Columns = make([]Column, len(paths))
	for i, path := range paths {
		parts := strings.Split(path, ".")
		for k, part := range parts {
			parts[k] = quoteIdent(part)
		}
		nd.Columns[i] = Column{Title: columnTitle(path), Path: strings.Join(parts, "."), Flex: i == len(paths)-1}
	}
	if d.Identifier == "@" {
		nd.Identifier = nd.Columns[0].Path // a name or an id ranks first; the whole item is no name
	}
	p, err := nd.compile()
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", d.Type, err)
	}
	p.children = d.program().children
	nd.prog = p
	return &nd, nil
}
