// Package opform is the form that fills in the input of any AWS operation, built from the
// operation's input shape in the service model: one field per top-level member, with the
// editor its type calls for, validation against the model, and a JSON skeleton of the whole
// input to edit in $EDITOR.
package opform

import (
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// skeletonDepth bounds how deep a skeleton goes: botocore shapes can be recursive (a structure
// that holds a list of itself) and some are deep and wide enough to explode.
const skeletonDepth = 6

// skeletonBudget bounds the number of values in one skeleton, for the few models whose shapes
// branch widely at every level.
const skeletonBudget = 4000

// Skeleton returns a JSON-like skeleton of a shape, like `aws … --generate-cli-skeleton`:
// structures with every member, lists with one element, maps with one "<string>" key, and a
// placeholder string for every scalar ("<string>", "<integer>", "<A|B|C>" for enums). A shape
// already being expanded above (recursion), or one deeper than a few levels, stays a placeholder
// too ("<structure>", "<list>", "<map>"). Placeholders left in an edited skeleton count as unset.
func Skeleton(svc *model.Service, shapeName string) any {
	budget := skeletonBudget
	return skeleton(svc, shapeName, nil, 0, &budget)
}

func skeleton(svc *model.Service, name string, stack []string, depth int, budget *int) any {
	sh := svc.Shape(name)
	if sh == nil {
		return nil
	}
	*budget--
	expand := depth < skeletonDepth && *budget > 0 && !contains(stack, name)
	switch sh.Type {
	case "structure":
		if !expand || sh.Document {
			return placeholder(sh)
		}
		out := map[string]any{}
		stack = append(stack, name)
		for _, m := range sh.OrderedMembers() {
			out[m] = skeleton(svc, sh.Members[m].Shape, stack, depth+1, budget)
		}
		return out
	case "list":
		if !expand || sh.Member == nil {
			return placeholder(sh)
		}
		return []any{skeleton(svc, sh.Member.Shape, append(stack, name), depth+1, budget)}
	case "map":
		if !expand || sh.Value == nil {
			return placeholder(sh)
		}
		key := "<string>"
		if sh.Key != nil {
			if k, ok := skeleton(svc, sh.Key.Shape, stack, depth+1, budget).(string); ok {
				key = k
			}
		}
		return map[string]any{key: skeleton(svc, sh.Value.Shape, append(stack, name), depth+1, budget)}
	}
	return placeholder(sh)
}

// placeholder is the text a skeleton holds for a scalar shape, or for a structure, list or map
// it does not expand.
func placeholder(sh *model.Shape) string {
	if sh.Document {
		return "<document>"
	}
	if len(sh.Enum) > 0 {
		if len(sh.Enum) <= 6 {
			return "<" + strings.Join(sh.Enum, "|") + ">"
		}
		return "<" + strings.Join(sh.Enum[:5], "|") + "|…>"
	}
	return "<" + sh.Type + ">"
}

// stripPlaceholders removes from an edited skeleton the values still equal to their
// placeholder, and the structures, lists and maps that held nothing else, so what is left is
// what the person wrote.
func stripPlaceholders(svc *model.Service, name string, v any) (any, bool) {
	sh := svc.Shape(name)
	if sh == nil || v == nil {
		return v, v != nil
	}
	switch x := v.(type) {
	case string:
		if x == placeholder(sh) {
			return nil, false
		}
		return x, true
	case map[string]any:
		if len(x) == 0 {
			return x, true
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			var target string
			switch {
			case sh.Type == "structure" && sh.Members[k] != nil:
				target = sh.Members[k].Shape
			case sh.Type == "map" && sh.Value != nil:
				if sh.Key != nil && svc.Shape(sh.Key.Shape) != nil && k == placeholder(svc.Shape(sh.Key.Shape)) {
					if _, keep := stripPlaceholders(svc, sh.Value.Shape, e); !keep {
						continue
					}
				}
				target = sh.Value.Shape
			}
			if target == "" {
				out[k] = e // unknown member: kept, so validation names it
				continue
			}
			if s, keep := stripPlaceholders(svc, target, e); keep {
				out[k] = s
			}
		}
		return out, len(out) > 0
	case []any:
		if len(x) == 0 {
			return x, true
		}
		out := make([]any, 0, len(x))
		for _, e := range x {
			if sh.Type == "list" && sh.Member != nil {
				if s, keep := stripPlaceholders(svc, sh.Member.Shape, e); keep {
					out = append(out, s)
				}
				continue
			}
			out = append(out, e)
		}
		return out, len(out) > 0
	}
	return v, true
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
