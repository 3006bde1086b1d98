package invoke

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	smithyrand "github.com/aws/smithy-go/rand"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// ValidationError lists every problem found in an input before anything was sent. Each problem
// starts with the path of the field, e.g. "Input.KeySchema[0].AttributeName: required".
type ValidationError struct {
	Operation string
	Problems  []string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid input for %s (nothing was sent; fix the fields named): %s",
		e.Operation, strings.Join(e.Problems, "; "))
}

// normalizer checks an input against the model and converts it to the Go types the serializer
// writes: map[string]any, []any, string, int64, float64, bool, time.Time, []byte, io.Reader
// (streaming blobs only) and any (documents).
type normalizer struct {
	problems []string
	warnings []string
	newToken func() (string, error)
}

func (n *normalizer) fail(path, format string, args ...any) {
	n.problems = append(n.problems, path+": "+fmt.Sprintf(format, args...))
}

func (n *normalizer) structure(si *shapeInfo, v any, path string) map[string]any {
	in, ok := asMap(v)
	if !ok {
		n.fail(path, "expected an object, got %s", typeName(v))
		return nil
	}
	out := make(map[string]any, len(in))
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		mi := si.byName[k]
		if mi == nil {
			n.fail(path+"."+k, "unknown field (%s has: %s)", si.name, memberList(si))
			continue
		}
		val := in[k]
		if val == nil {
			continue // boto3 refuses None; treating it as absent is friendlier for JSON input
		}
		if nv, ok := n.value(mi, mi.target, val, path+"."+k); ok {
			out[k] = nv
		}
	}
	for _, mi := range si.members {
		if _, set := out[mi.name]; set {
			continue
		}
		if mi.ref.IdempotencyToken {
			tok, err := n.newToken()
			if err != nil {
				n.fail(path+"."+mi.name, "generating an idempotency token: %v", err)
				continue
			}
			out[mi.name] = tok
			continue
		}
		if mi.required {
			if _, given := in[mi.name]; !given || in[mi.name] == nil {
				n.fail(path+"."+mi.name, "required")
			}
		}
	}
	if si.shape.Union {
		if len(out) != 1 {
			n.fail(path, "exactly one member of %s must be set, got %d", si.name, len(out))
		}
	}
	return out
}

func memberList(si *shapeInfo) string {
	names := make([]string, 0, len(si.members))
	for _, mi := range si.members {
		names = append(names, mi.name)
	}
	const maxShown = 12
	if len(names) > maxShown {
		return strings.Join(names[:maxShown], ", ") + ", …"
	}
	return strings.Join(names, ", ")
}

// value normalizes one value of shape si; mi is the member holding it (nil inside lists and maps).
func (n *normalizer) value(mi *memberInfo, si *shapeInfo, v any, path string) (any, bool) {
	before := len(n.problems)
	out := n.convert(mi, si, v, path)
	return out, len(n.problems) == before
}

func (n *normalizer) convert(mi *memberInfo, si *shapeInfo, v any, path string) any {
	sh := si.shape
	switch sh.Type {
	case "structure":
		if sh.Document {
			return v
		}
		return n.structure(si, v, path)
	case "list":
		items, ok := asList(v)
		if !ok {
			n.fail(path, "expected a list, got %s", typeName(v))
			return nil
		}
		n.checkMin(sh.Min, float64(len(items)), path, "items")
		out := make([]any, 0, len(items))
		for i, item := range items {
			p := fmt.Sprintf("%s[%d]", path, i)
			if item == nil {
				n.fail(p, "null is not allowed in a list")
				continue
			}
			nv, _ := n.value(nil, si.elem, item, p)
			out = append(out, nv)
		}
		return out
	case "map":
		m, ok := asMap(v)
		if !ok {
			n.fail(path, "expected an object, got %s", typeName(v))
			return nil
		}
		out := make(map[string]any, len(m))
		for k, item := range m {
			p := fmt.Sprintf("%s[%q]", path, k)
			if item == nil {
				n.fail(p, "null is not allowed as a map value")
				continue
			}
			nv, _ := n.value(nil, si.elem, item, p)
			out[k] = nv
		}
		return out
	case "string":
		if mi != nil && mi.ref.JSONValue {
			// A jsonvalue header carries any JSON value, always encoded (a string too), as
			// botocore does; in a body it is a string holding JSON.
			if s, ok := v.(string); ok && mi.ref.Location != "header" {
				return s
			}
			b, err := json.Marshal(v)
			if err != nil {
				n.fail(path, "cannot encode as JSON: %v", err)
				return nil
			}
			return string(b)
		}
		s, ok := v.(string)
		if !ok {
			n.fail(path, "expected a string, got %s", typeName(v))
			return nil
		}
		n.checkMin(sh.Min, float64(len(s)), path, "characters")
		if len(sh.Enum) > 0 && !contains(sh.Enum, s) {
			n.warnings = append(n.warnings, fmt.Sprintf("%s: %q is not a known value of %s (known: %s); sending it anyway",
				path, s, si.name, strings.Join(sh.Enum, ", ")))
		}
		return s
	case "integer", "long", "byte", "short":
		i, ok := asInt(v)
		if !ok {
			n.fail(path, "expected an integer, got %s", describe(sh, v))
			return nil
		}
		if sh.Type == "integer" && (i > math.MaxInt32 || i < math.MinInt32) {
			n.fail(path, "%d does not fit a 32-bit integer", i)
			return nil
		}
		n.checkMin(sh.Min, float64(i), path, "")
		return i
	case "float", "double":
		f, ok := asFloat(v)
		if !ok {
			n.fail(path, "expected a number, got %s", describe(sh, v))
			return nil
		}
		n.checkMin(sh.Min, f, path, "")
		return f
	case "boolean":
		b, ok := v.(bool)
		if !ok {
			n.fail(path, "expected true or false, got %s", describe(sh, v))
			return nil
		}
		return b
	case "timestamp":
		t, ok := asTime(v)
		if !ok {
			n.fail(path, "expected a time (RFC 3339 string, epoch seconds or time.Time), got %s", describe(sh, v))
			return nil
		}
		return t
	case "blob":
		switch b := v.(type) {
		case []byte:
			return b
		case string:
			return []byte(b) // as boto3: a str is sent as its UTF-8 bytes, not base64-decoded
		case io.Reader:
			if mi != nil && (mi.ref.Streaming || sh.Streaming) {
				return b
			}
			data, err := io.ReadAll(b)
			if err != nil {
				n.fail(path, "reading: %v", err)
				return nil
			}
			return data
		}
		n.fail(path, "expected bytes or a string, got %s", typeName(v))
		return nil
	}
	n.fail(path, "shape %s has unsupported type %q", si.name, sh.Type)
	return nil
}

func (n *normalizer) checkMin(min *float64, got float64, path, unit string) {
	if min == nil || got >= *min {
		return
	}
	if unit == "" {
		n.fail(path, "%v is below the minimum %v", got, *min)
		return
	}
	n.fail(path, "needs at least %v %s, got %v", *min, unit, got)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, float32, int, int64, int32, json.Number:
		return "a number"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}

// describe names a wrong value for an error message, without showing a sensitive one.
func describe(sh *model.Shape, v any) string {
	if sh.Sensitive {
		return typeName(v) + " (value hidden: the field is sensitive)"
	}
	s := fmt.Sprintf("%v", v)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%s (%s)", typeName(v), s)
}

func asMap(v any) (map[string]any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	out := make(map[string]any, rv.Len())
	it := rv.MapRange()
	for it.Next() {
		out[it.Key().String()] = it.Value().Interface()
	}
	return out, true
}

func asList(v any) ([]any, bool) {
	if l, ok := v.([]any); ok {
		return l, true
	}
	if _, isBytes := v.([]byte); isBytes {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint:
		if uint64(x) <= math.MaxInt64 {
			return int64(x), true
		}
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), true
		}
	case float32:
		return asInt(float64(x))
	case json.Number:
		i, err := x.Int64()
		return i, err == nil
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	if i, ok := asInt(v); ok {
		return float64(i), true
	}
	return 0, false
}

func asTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, x); err == nil {
				return t, true
			}
		}
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return epoch(f), true
		}
		return time.Time{}, false
	}
	if f, ok := asFloat(v); ok {
		return epoch(f), true
	}
	return time.Time{}, false
}

func epoch(f float64) time.Time {
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e3))*int64(time.Millisecond)).UTC()
}

// newUUID returns a random version 4 UUID for idempotency tokens.
func newUUID(r io.Reader) (string, error) {
	return smithyrand.NewUUID(r).GetUUID()
}
