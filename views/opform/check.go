package opform

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// checker validates a JSON value against a shape and converts its numbers to the types the
// invoker takes (int64 for integers, float64 for floats). Problems and warnings start with the
// path of the value, e.g. "Filters[0].Values: expected a list, got a string".
type checker struct {
	svc      *model.Service
	problems []string
	warnings []string
}

func (c *checker) fail(path, format string, args ...any) {
	c.problems = append(c.problems, path+": "+fmt.Sprintf(format, args...))
}

func (c *checker) value(name string, v any, path string) any {
	sh := c.svc.Shape(name)
	if sh == nil || v == nil {
		return v
	}
	if sh.Document {
		return v
	}
	switch sh.Type {
	case "structure":
		m, ok := v.(map[string]any)
		if !ok {
			c.fail(path, "expected an object, got %s", describe(v))
			return nil
		}
		out := make(map[string]any, len(m))
		for _, k := range sortedKeys(m) {
			ref := sh.Members[k]
			if ref == nil {
				c.fail(path+"."+k, "unknown member (%s has: %s)", name, strings.Join(sh.OrderedMembers(), ", "))
				continue
			}
			if m[k] == nil {
				continue
			}
			out[k] = c.value(ref.Shape, m[k], path+"."+k)
		}
		for _, r := range sh.Required {
			if _, set := out[r]; !set && !sh.Members[r].IdempotencyToken {
				c.fail(path+"."+r, "required")
			}
		}
		return out
	case "list":
		l, ok := v.([]any)
		if !ok {
			c.fail(path, "expected a list, got %s", describe(v))
			return nil
		}
		c.bounds(sh, float64(len(l)), path, "items")
		out := make([]any, len(l))
		for i, e := range l {
			if sh.Member != nil {
				out[i] = c.value(sh.Member.Shape, e, fmt.Sprintf("%s[%d]", path, i))
			}
		}
		return out
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			c.fail(path, "expected an object, got %s", describe(v))
			return nil
		}
		out := make(map[string]any, len(m))
		for _, k := range sortedKeys(m) {
			if sh.Key != nil {
				c.value(sh.Key.Shape, k, fmt.Sprintf("%s[%q] (key)", path, k))
			}
			if sh.Value != nil {
				out[k] = c.value(sh.Value.Shape, m[k], fmt.Sprintf("%s[%q]", path, k))
			}
		}
		return out
	case "string":
		s, ok := v.(string)
		if !ok {
			c.fail(path, "expected a string, got %s", describe(v))
			return nil
		}
		c.bounds(sh, float64(utf8.RuneCountInString(s)), path, "characters")
		if len(sh.Enum) > 0 && !contains(sh.Enum, s) {
			c.warnings = append(c.warnings, fmt.Sprintf("%s: %q is not one of %s (sent anyway)", path, s, strings.Join(sh.Enum, ", ")))
		}
		return s
	case "integer", "long":
		n, err := toInt(v)
		if err != nil {
			c.fail(path, "%v", err)
			return nil
		}
		c.bounds(sh, float64(n), path, "")
		return n
	case "float", "double":
		f, err := toFloat(v)
		if err != nil {
			c.fail(path, "%v", err)
			return nil
		}
		c.bounds(sh, f, path, "")
		return f
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			c.fail(path, "expected true or false, got %s", describe(v))
			return nil
		}
		return b
	case "timestamp":
		switch x := v.(type) {
		case string:
			t, err := parseTime(x)
			if err != nil {
				c.fail(path, "%v", err)
				return nil
			}
			return t.UTC().Format(time.RFC3339Nano) // one spelling that every consumer reads
		case json.Number, float64, int64:
			f, err := toFloat(x)
			if err != nil {
				c.fail(path, "%v", err)
				return nil
			}
			return f
		}
		c.fail(path, "expected a time (RFC 3339, e.g. 2024-05-01T12:00:00Z, or epoch seconds), got %s", describe(v))
		return nil
	case "blob":
		s, ok := v.(string)
		if !ok {
			c.fail(path, "expected a string, got %s", describe(v))
			return nil
		}
		return s
	}
	return v
}

// bounds checks the model's min and max: a length for strings and lists, a value for numbers.
func (c *checker) bounds(sh *model.Shape, got float64, path, unit string) {
	what := "a value"
	if unit != "" {
		what = "a length"
	}
	if sh.Min != nil && got < *sh.Min {
		c.fail(path, "%s of at least %s%s is needed", what, fmtNum(*sh.Min), suffix(unit))
	}
	if sh.Max != nil && got > *sh.Max {
		c.fail(path, "%s of at most %s%s is allowed", what, fmtNum(*sh.Max), suffix(unit))
	}
}

func suffix(unit string) string {
	if unit == "" {
		return ""
	}
	return " " + unit
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func toInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
			return int64(x), nil
		}
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return n, nil
		}
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return n, nil
		}
	}
	return 0, fmt.Errorf("expected a whole number, got %s", describe(v))
}

func toFloat(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	case int:
		return float64(x), nil
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return f, nil
		}
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, nil
		}
	}
	return 0, fmt.Errorf("expected a number, got %s", describe(v))
}

// timeLayouts are the forms a timestamp may be typed in; epoch seconds are accepted too.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use RFC 3339 (2024-05-01T12:00:00Z) or epoch seconds", s)
}

// describe names a JSON value's kind for an error message.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", truncate(x, 40))
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case json.Number, float64, int64, int:
		return fmt.Sprintf("the number %v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
