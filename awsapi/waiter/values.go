package waiter

import (
	"encoding/json"
	"fmt"
	"github.com/nimbus-tui/nimbus/awsapi/document"
	"slices"
	"strings"
	"unicode/utf8"
)

// The number handling below mirrors awsapi/paginate's: both packages search documents whose
// numbers may be any Go type with a JMESPath library that only compares float64.

// equal compares an observed value with an acceptor's expected value as botocore's Python ==
// does for JSON values: numbers by value whatever their type, strings and booleans exactly,
// lists and maps element by element. Unlike Python, true does not equal 1.
func equal(a, b any) bool {
	if af, ok := document.ToFloat(a); ok {
		bf, ok := document.ToFloat(b)
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
