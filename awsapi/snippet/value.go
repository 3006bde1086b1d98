package snippet

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"time"
)

// number is a normalised numeric value, kept as the text it is written with.
type number string

// normalize turns any JSON-like Go value into one of: nil, bool, string, number, []byte, []any,
// map[string]any, so the writers below handle a closed set of types whatever the caller built
// (typed slices, int64, json.Number, time.Time...).
func normalize(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bool, string, []byte:
		return x
	case json.Number:
		return number(x.String())
	case float64:
		return number(formatFloat(x))
	case float32:
		return number(formatFloat(float64(x)))
	case int:
		return number(strconv.Itoa(x))
	case int64:
		return number(strconv.FormatInt(x, 10))
	case int32:
		return number(strconv.FormatInt(int64(x), 10))
	case uint64:
		return number(strconv.FormatUint(x, 10))
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case *time.Time:
		if x == nil {
			return nil
		}
		return x.UTC().Format(time.RFC3339Nano)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return normalize(rv.Elem().Interface())
	case reflect.Bool:
		return rv.Bool()
	case reflect.String:
		return rv.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return number(strconv.FormatInt(rv.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return number(strconv.FormatUint(rv.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		return number(formatFloat(rv.Float()))
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = normalize(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		out := make(map[string]any, rv.Len())
		iter := rv.MapRange()
		for iter.Next() {
			out[fmt.Sprint(iter.Key().Interface())] = normalize(iter.Value().Interface())
		}
		return out
	}
	return fmt.Sprint(v)
}

// formatFloat writes a float without a needless exponent or trailing zeros: 5 → "5", 0.25 →
// "0.25". Values that do not fit plain notation keep an exponent, which Python and JSON read.
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return strconv.FormatFloat(f, 'g', -1, 64) // "NaN", "+Inf": callers spell these their own way
	case f != 0 && (math.Abs(f) >= 1e21 || math.Abs(f) < 1e-6):
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// sortedKeys returns a map's keys in order, so snippets are stable.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
