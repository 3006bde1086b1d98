package waiter

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The number handling below mirrors awsapi/paginate's: both packages search documents whose
// numbers may be any Go type with a JMESPath library that only compares float64.

// maxExactInt is the largest integer a float64 holds exactly (2^53).
const maxExactInt = 1 << 53

// searchable returns doc with every number as float64, the only number type the JMESPath
// library compares. It copies only the maps and lists that hold something to convert, so a
// document that is already JSON-like is returned as is. Integers too large for a float64 are
// left alone rather than silently rounded.
func searchable(v any) any {
	out, _ := normalize(v)
	return out
}

func normalize(v any) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		var copied map[string]any
		for k, e := range t {
			n, changed := normalize(e)
			if !changed {
				continue
			}
			if copied == nil {
				copied = make(map[string]any, len(t))
				for k2, e2 := range t {
					copied[k2] = e2
				}
			}
			copied[k] = n
		}
		if copied == nil {
			return t, false
		}
		return copied, true
	case []any:
		var copied []any
		for i, e := range t {
			n, changed := normalize(e)
			if !changed {
				continue
			}
			if copied == nil {
				copied = append([]any(nil), t...)
			}
			copied[i] = n
		}
		if copied == nil {
			return t, false
		}
		return copied, true
	case float64:
		return t, false
	case json.Number:
		if f, err := t.Float64(); err == nil {
			if i, err := t.Int64(); err == nil && (i > maxExactInt || i < -maxExactInt) {
				return t, false
			}
			return f, true
		}
		return t, false
	case float32:
		return float64(t), true
	case int:
		return intToFloat(int64(t))
	case int8:
		return float64(t), true
	case int16:
		return float64(t), true
	case int32:
		return float64(t), true
	case int64:
		return intToFloat(t)
	case uint8:
		return float64(t), true
	case uint16:
		return float64(t), true
	case uint32:
		return float64(t), true
	case uint:
		if t <= maxExactInt {
			return float64(t), true
		}
		return t, false
	case uint64:
		if t <= maxExactInt {
			return float64(t), true
		}
		return t, false
	}
	return v, false
}

func intToFloat(i int64) (any, bool) {
	if i > maxExactInt || i < -maxExactInt {
		return i, false
	}
	return float64(i), true
}

// toFloat reports the value of any number type.
func toFloat(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case float32:
		return float64(t), true
	case int:
		return float64(t), true
	case int8:
		return float64(t), true
	case int16:
		return float64(t), true
	case int32:
		return float64(t), true
	case int64:
		return float64(t), true
	case uint:
		return float64(t), true
	case uint8:
		return float64(t), true
	case uint16:
		return float64(t), true
	case uint32:
		return float64(t), true
	case uint64:
		return float64(t), true
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	}
	return 0, false
}

// equal compares an observed value with an acceptor's expected value as botocore's Python ==
// does for JSON values: numbers by value whatever their type, strings and booleans exactly,
// lists and maps element by element. Unlike Python, true does not equal 1.
func equal(a, b any) bool {
	if af, ok := toFloat(a); ok {
		bf, ok := toFloat(b)
		return ok && af == bf
	}
	switch at := a.(type) {
	case nil:
		return b == nil
	case string:
		bt, ok := b.(string)
		return ok && at == bt
	case bool:
		bt, ok := b.(bool)
		return ok && at == bt
	case []any:
		bt, ok := b.([]any)
		return ok && slices.EqualFunc(at, bt, equal)
	case map[string]any:
		bt, ok := b.(map[string]any)
		if !ok || len(at) != len(bt) {
			return false
		}
		for k, v := range at {
			w, found := bt[k]
			if !found || !equal(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

// maxDescription keeps a message to a line when a path gives a large value.
const maxDescription = 200

// describe renders an observed value for a message: a list by its distinct elements
// ("pending" for ["pending", "pending"]), other values as JSON, cut to maxDescription bytes.
func describe(v any) string {
	s := describeValue(v)
	if len(s) > maxDescription {
		cut := maxDescription
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func describeValue(v any) string {
	switch t := v.(type) {
	case nil:
		return "nothing"
	case string:
		return t
	case []any:
		var parts []string
		for _, e := range t {
			s := describeValue(e)
			if !slices.Contains(parts, s) {
				parts = append(parts, s)
			}
		}
		if len(parts) == 0 {
			return "[]"
		}
		return strings.Join(parts, ", ")
	}
	if raw, err := json.Marshal(v); err == nil {
		return string(raw)
	}
	return fmt.Sprint(v)
}
