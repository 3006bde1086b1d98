package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// jsonIndent is the indentation of `aws --output json` (Python's json.dump(indent=4)).
const jsonIndent = "    "

// maxExactInt is the largest integer a float64 holds exactly (2^53).
const maxExactInt = 1 << 53

// jsonWriter prints response documents the way `aws --output json` does: members in the model's
// order, four-space indentation, timestamps in ISO 8601 (Python's isoformat), blobs in base64,
// integers as integers and doubles as Python prints them. Strings are escaped as Python's
// json.dump(ensure_ascii=False) does, and C1 control characters too, so that nothing from AWS
// can drive the terminal.
type jsonWriter struct {
	svc *model.Service // nil: no model, keys sorted
	buf bytes.Buffer
}

// document writes v, shaped by the named shape ("" for none), with keys listed in first first.
func (w *jsonWriter) document(v any, shape string, first []string) {
	w.value(v, w.shape(shape), 0, first)
	w.buf.WriteByte('\n')
}

func (w *jsonWriter) shape(name string) *model.Shape {
	if w.svc == nil || name == "" {
		return nil
	}
	return w.svc.Shape(name)
}

func (w *jsonWriter) ref(r *model.ShapeRef) *model.Shape {
	if r == nil {
		return nil
	}
	return w.shape(r.Shape)
}

// value writes v at depth (the indentation level of its first line). first lists keys of a
// structure to print before the model's order, for a merged pagination.
func (w *jsonWriter) value(v any, sh *model.Shape, depth int, first []string) {
	switch t := v.(type) {
	case nil:
		w.buf.WriteString("null")
	case map[string]any:
		w.object(t, sh, depth, first)
	case []any:
		var elem *model.Shape
		if sh != nil && sh.Type == "list" {
			elem = w.ref(sh.Member)
		}
		if len(t) == 0 {
			w.buf.WriteString("[]")
			return
		}
		w.buf.WriteString("[\n")
		for i, e := range t {
			w.indent(depth + 1)
			w.value(e, elem, depth+1, nil)
			if i < len(t)-1 {
				w.buf.WriteByte(',')
			}
			w.buf.WriteByte('\n')
		}
		w.indent(depth)
		w.buf.WriteByte(']')
	case string:
		writeJSONString(&w.buf, t)
	case bool:
		w.buf.WriteString(strconv.FormatBool(t))
	case time.Time:
		writeJSONString(&w.buf, isoTimestamp(t))
	case []byte:
		writeJSONString(&w.buf, base64.StdEncoding.EncodeToString(t))
	case json.Number:
		w.buf.WriteString(t.String())
	case float64:
		w.buf.WriteString(pythonFloat(t))
	case float32:
		w.buf.WriteString(pythonFloat(float64(t)))
	case int64:
		w.buf.WriteString(strconv.FormatInt(t, 10))
	case int:
		w.buf.WriteString(strconv.Itoa(t))
	default:
		w.other(v, sh, depth)
	}
}

// other writes the rarer Go types: other integer kinds, typed slices and maps.
func (w *jsonWriter) other(v any, sh *model.Shape, depth int) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.buf.WriteString(strconv.FormatInt(rv.Int(), 10))
		return
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.buf.WriteString(strconv.FormatUint(rv.Uint(), 10))
		return
	case reflect.Slice, reflect.Array:
		list := make([]any, rv.Len())
		for i := range list {
			list[i] = rv.Index(i).Interface()
		}
		w.value(list, sh, depth, nil)
		return
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			m := make(map[string]any, rv.Len())
			for it := rv.MapRange(); it.Next(); {
				m[it.Key().String()] = it.Value().Interface()
			}
			w.value(m, sh, depth, nil)
			return
		}
	}
	// Anything else is printed as encoding/json sees it.
	raw, err := json.Marshal(v)
	if err != nil {
		writeJSONString(&w.buf, fmt.Sprint(v))
		return
	}
	var generic any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&generic) != nil {
		writeJSONString(&w.buf, string(raw))
		return
	}
	w.value(generic, nil, depth, nil)
}

// object writes a structure in the model's member order (keys the model does not list, such as
// a merged pagination's NextToken, come last, sorted) or a map with sorted keys.
func (w *jsonWriter) object(m map[string]any, sh *model.Shape, depth int, first []string) {
	if len(m) == 0 {
		w.buf.WriteString("{}")
		return
	}
	keys := orderedKeys(m, sh, first)
	w.buf.WriteString("{\n")
	for i, k := range keys {
		w.indent(depth + 1)
		writeJSONString(&w.buf, k)
		w.buf.WriteString(": ")
		w.value(m[k], w.memberShape(sh, k), depth+1, nil)
		if i < len(keys)-1 {
			w.buf.WriteByte(',')
		}
		w.buf.WriteByte('\n')
	}
	w.indent(depth)
	w.buf.WriteByte('}')
}

// memberShape is the shape of a structure member or of a map's values.
func (w *jsonWriter) memberShape(sh *model.Shape, key string) *model.Shape {
	if sh == nil {
		return nil
	}
	switch sh.Type {
	case "structure":
		return w.ref(sh.Members[key])
	case "map":
		return w.ref(sh.Value)
	}
	return nil
}

// orderedKeys lists m's keys: first, then a structure's members in model order, then the rest
// sorted.
func orderedKeys(m map[string]any, sh *model.Shape, first []string) []string {
	keys := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	add := func(k string) {
		if _, ok := m[k]; ok && !seen[k] {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	for _, k := range first {
		add(k)
	}
	if sh != nil && sh.Type == "structure" {
		for _, k := range sh.OrderedMembers() {
			add(k)
		}
	}
	if len(keys) == len(m) {
		return keys
	}
	rest := make([]string, 0, len(m)-len(keys))
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

func (w *jsonWriter) indent(depth int) {
	for range depth {
		w.buf.WriteString(jsonIndent)
	}
}

// isoTimestamp formats t as Python's datetime.isoformat() does for the UTC datetimes botocore
// parses: microseconds only when there are any, and "+00:00".
func isoTimestamp(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s + "+00:00"
}

// pythonFloat formats f as Python's repr: the shortest digits that read back as f, fixed
// notation with ".0" for whole numbers between 1e-4 and 1e16, exponent notation outside.
func pythonFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	exp := int(math.Floor(math.Log10(math.Abs(f))))
	// Log10 may be off by one near powers of ten; the 'e' form knows the true exponent.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	if i := strings.LastIndexByte(e, 'e'); i >= 0 {
		if n, err := strconv.Atoi(e[i+1:]); err == nil {
			exp = n
		}
	}
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// writeJSONString writes s as a JSON string: Python's escapes (\" \\ \n \r \t \b \f, \u00XX for
// other C0 controls), plus \u00XX for DEL and C1 controls, and U+FFFD for invalid UTF-8.
func writeJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			buf.WriteString(`\ufffd`)
		case r == '"':
			buf.WriteString(`\"`)
		case r == '\\':
			buf.WriteString(`\\`)
		case r == '\n':
			buf.WriteString(`\n`)
		case r == '\r':
			buf.WriteString(`\r`)
		case r == '\t':
			buf.WriteString(`\t`)
		case r == '\b':
			buf.WriteString(`\b`)
		case r == '\f':
			buf.WriteString(`\f`)
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			fmt.Fprintf(buf, `\u%04x`, r)
		default:
			buf.WriteRune(r)
		}
	}
	buf.WriteByte('"')
}

// jsonLike turns a response document into what JMESPath searches: timestamps and blobs as the
// strings they print as, numbers as float64 (integers beyond 2^53 stay exact as json.Number).
func jsonLike(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = jsonLike(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = jsonLike(e)
		}
		return out
	case time.Time:
		return isoTimestamp(t)
	case []byte:
		return base64.StdEncoding.EncodeToString(t)
	case float64, string, bool, nil:
		return t
	case float32:
		return float64(t)
	case int64:
		return intLike(t)
	case int:
		return intLike(int64(t))
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return intLike(i)
		}
		if f, err := t.Float64(); err == nil {
			return f
		}
		return t
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return float64(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if u := rv.Uint(); u <= maxExactInt {
			return float64(u)
		}
		return json.Number(strconv.FormatUint(rv.Uint(), 10))
	}
	return v
}

func intLike(i int64) any {
	if i >= -maxExactInt && i <= maxExactInt {
		return float64(i)
	}
	return json.Number(strconv.FormatInt(i, 10))
}

// searchResultJSON prints a JMESPath result: keys sorted (the model's order is lost in a
// projection), whole numbers without a fraction, as the AWS CLI prints Python's ints.
func searchResultJSON(v any) []byte {
	w := jsonWriter{}
	w.document(wholeNumbers(v), "", nil)
	return w.buf.Bytes()
}

// wholeNumbers turns float64 values that hold whole numbers into int64, for printing.
func wholeNumbers(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = wholeNumbers(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = wholeNumbers(e)
		}
		return out
	case float64:
		if t == math.Trunc(t) && math.Abs(t) <= maxExactInt {
			return int64(t)
		}
	}
	return v
}
