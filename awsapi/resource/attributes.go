package resource

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// DefaultAttributeColumns is Attributes.Max when it gives none.
const DefaultAttributeColumns = 12

// KeyAttributes calls Attributes.Keys for a collection listed with listInput and returns the key
// attribute names in order (a DynamoDB table's partition key, then its sort key).
func (d *Def) KeyAttributes(ctx context.Context, caller Caller, listInput map[string]any) ([]string, error) {
	a := d.Attributes
	if a == nil || a.Keys == nil {
		return nil, nil
	}
	in, err := binding{def: d, rows: []Row{{ListInput: listInput}}}.bindTemplate(a.Keys.Input)
	if err != nil {
		return nil, fmt.Errorf("key attributes of %s: %w", d.Type, err)
	}
	out, err := caller.Call(ctx, a.Keys.Operation, in)
	if err != nil {
		return nil, fmt.Errorf("key attributes of %s: %w", d.Type, err)
	}
	v, err := d.program().attrKeys.search(out)
	if err != nil {
		return nil, fmt.Errorf("key attributes of %s: %w", d.Type, err)
	}
	list, _ := v.([]any)
	var names []string
	for _, n := range list {
		if s, ok := n.(string); ok && s != "" {
			names = append(names, s)
		}
	}
	return names, nil
}

// AttributeColumns chooses the attribute columns for items (maps of attribute name to typed
// value): the key attributes first, then the others by how many items have them (ties by name),
// up to Attributes.Max in all. more reports whether some item has an attribute left out.
func (d *Def) AttributeColumns(keys []string, items []any) (names []string, more bool) {
	seen := map[string]int{}
	CountAttributes(seen, items)
	return d.AttributeColumnsOf(keys, seen)
}

// CountAttributes adds to seen how many of items have each attribute.
func CountAttributes(seen map[string]int, items []any) {
	for _, it := range items {
		m, _ := it.(map[string]any)
		for k := range m {
			seen[k]++
		}
	}
}

// AttributeColumnsOf is AttributeColumns from counts of attributes (CountAttributes), for a
// listing that chooses again as its pages come.
func (d *Def) AttributeColumnsOf(keys []string, seen map[string]int) (names []string, more bool) {
	limit := DefaultAttributeColumns
	if d.Attributes != nil && d.Attributes.Max > 0 {
		limit = d.Attributes.Max
	}
	names = slices.Clone(keys)
	var rest []string
	for k := range seen {
		if !slices.Contains(keys, k) {
			rest = append(rest, k)
		}
	}
	sort.Slice(rest, func(i, j int) bool {
		if c := cmp.Compare(seen[rest[j]], seen[rest[i]]); c != 0 {
			return c < 0
		}
		return rest[i] < rest[j]
	})
	room := max(limit-len(names), 0)
	more = len(rest) > room
	names = append(names, rest[:min(room, len(rest))]...)
	return names, more
}

// AttributeText shows one typed attribute value: strings and numbers as they are, booleans,
// null, sets as comma-separated lists, lists and maps as compact JSON of their plain values,
// binary as its size; control characters escaped. A value that is not typed is shown as is.
func AttributeText(v any) string {
	if m, ok := v.(map[string]any); ok && len(m) == 1 && m["NULL"] != nil {
		return "null"
	}
	return textsafe.Clean(plain(Untyped(v)))
}

// OtherAttributes shows the attributes of item not in names, as name=value pairs in name order,
// for the column that gathers them.
func OtherAttributes(item any, names []string) string {
	m, _ := item.(map[string]any)
	var ks []string
	for k := range m {
		if !slices.Contains(names, k) {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks)
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = textsafe.Clean(k) + "=" + AttributeText(m[k])
	}
	return strings.Join(parts, " ")
}

// Untyped turns a DynamoDB typed value ({"S": "x"}, {"N": "1"}, {"L": [...]}, {"M": {...}})
// into a plain one ("x", 1, [...], {...}), recursively; other values are returned as they are.
func Untyped(v any) any {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return v
	}
	for t, x := range m {
		switch t {
		case "S", "BOOL", "SS", "BS":
			return x
		case "N":
			if s, ok := x.(string); ok {
				return json.Number(s)
			}
			return x
		case "NS":
			if l, ok := x.([]any); ok {
				out := make([]any, len(l))
				for i, e := range l {
					if s, ok := e.(string); ok {
						out[i] = json.Number(s)
					} else {
						out[i] = e
					}
				}
				return out
			}
			return x
		case "NULL":
			return nil
		case "B":
			return x
		case "L":
			l, _ := x.([]any)
			out := make([]any, len(l))
			for i, e := range l {
				out[i] = Untyped(e)
			}
			return out
		case "M":
			mm, _ := x.(map[string]any)
			out := make(map[string]any, len(mm))
			for k, e := range mm {
				out[k] = Untyped(e)
			}
			return out
		}
	}
	return v
}
