package paginate

import (
	"encoding/json"
	"github.com/nimbus-tui/nimbus/awsapi/document"
	"math"
	"strings"
)

// truthy is Python's truth test, which botocore applies to output tokens: None, False, 0, "",
// and empty lists and maps mean "no token".
func truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case bool:
		return t
	case string:
		return t != ""
	case []any:
		return len(t) > 0
	case map[string]any:
		return len(t) > 0
	case []byte:
		return len(t) > 0
	}
	if f, ok := document.ToFloat(v); ok {
		return f != 0
	}
	return true
}

// toInt reports the value of an integer of any number type, refusing fractions.
func toInt(v any) (int64, bool) {
	switch t := v.(type) {
	case int:
		return int64(t), true
	case int64:
		return t, true
	case int32:
		return int64(t), true
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i, true
		}
	}
	f, ok := document.ToFloat(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > document.MaxExactInt {
		return 0, false
	}
	return int64(f), true
}

// addNumbers sums two numbers, keeping integers exact when both are integers.
func addNumbers(a, b any) (any, bool) {
	ai, aInt := exactInt(a)
	bi, bInt := exactInt(b)
	if aInt && bInt {
		return ai + bi, true
	}
	af, ok1 := document.ToFloat(a)
	bf, ok2 := document.ToFloat(b)
	if !ok1 || !ok2 {
		return nil, false
	}
	return af + bf, true
}

func exactInt(v any) (int64, bool) {
	switch t := v.(type) {
	case int:
		return int64(t), true
	case int8:
		return int64(t), true
	case int16:
		return int64(t), true
	case int32:
		return int64(t), true
	case int64:
		return t, true
	case json.Number:
		i, err := t.Int64()
		return i, err == nil
	}
	return 0, false
}

// splitPath splits a result or non-aggregate key, which botocore restricts to dotted names
// (it sets them with a plain split on "."), into its parts.
func splitPath(path string) []string {
	return strings.Split(path, ".")
}

// getPath returns the value at a dotted path, or nil when any part is missing.
func getPath(doc map[string]any, parts []string) any {
	var cur any = doc
	for _, p := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// withPath returns doc with value set at a dotted path. Maps along the path are copied, never
// changed in place, so a document the caller still holds is left alone; missing maps are created.
func withPath(doc map[string]any, parts []string, value any) map[string]any {
	out := make(map[string]any, len(doc)+1)
	for k, v := range doc {
		out[k] = v
	}
	if len(parts) == 1 {
		out[parts[0]] = value
		return out
	}
	child, _ := doc[parts[0]].(map[string]any)
	out[parts[0]] = withPath(child, parts[1:], value)
	return out
}

// setPathInPlace sets value at a dotted path inside a map the caller owns, creating maps as needed.
func setPathInPlace(doc map[string]any, parts []string, value any) {
	for _, p := range parts[:len(parts)-1] {
		child, ok := doc[p].(map[string]any)
		if !ok {
			child = map[string]any{}
			doc[p] = child
		}
		doc = child
	}
	doc[parts[len(parts)-1]] = value
}
