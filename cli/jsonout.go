package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/jmespath-community/go-jmespath"
	"github.com/jmespath-community/go-jmespath/pkg/parsing"
	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/pyjson"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
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
	svc   *model.Service  // nil: no model, keys sorted
	view  *searchView     // set when printing a JMESPath result
	order *document.Order // the server's member order of maps; nil: maps sorted
	// compact writes json.dumps(separators=(',', ':')) with ensure_ascii, as JMESPath's
	// to_string does in Python.
	compact bool
	buf     bytes.Buffer
}

// document writes v, shaped by the named shape ("" for none), with keys listed in first first.
func (w *jsonWriter) document(v any, shape string, first []string) {
	w.value(v, w.shape(shape), 0, first)
	w.buf.WriteByte('\n')
}

func (w *jsonWriter) shape(name string) *model.Shape { return shapeNamed(w.svc, name) }

func shapeNamed(svc *model.Service, name string) *model.Shape {
	if svc == nil || name == "" {
		return nil
	}
	return svc.Shape(name)
}

func refShape(svc *model.Service, r *model.ShapeRef) *model.Shape {
	if r == nil {
		return nil
	}
	return shapeNamed(svc, r.Shape)
}

// elemShape is the shape of a list's elements.
func elemShape(svc *model.Service, sh *model.Shape) *model.Shape { return svc.ElemShape(sh) }

// value writes v at depth (the indentation level of its first line). first lists keys of a
// structure to print before the model's order, for a merged pagination.
func (w *jsonWriter) value(v any, sh *model.Shape, depth int, first []string) {
	switch t := v.(type) {
	case nil:
		w.buf.WriteString("null")
	case map[string]any:
		if w.view != nil {
			id := mapID(t)
			if known := w.view.shapes[id]; known != nil {
				sh = known
			}
			if f := w.view.first[id]; f != nil {
				first = f
			} else if sh == nil {
				first = w.view.hashOrder(t)
			}
		}
		w.object(t, sh, depth, first)
	case []any:
		elem := elemShape(w.svc, sh)
		if len(t) == 0 {
			w.buf.WriteString("[]")
			return
		}
		w.buf.WriteByte('[')
		w.newline()
		for i, e := range t {
			w.indent(depth + 1)
			w.value(e, elem, depth+1, nil)
			if i < len(t)-1 {
				w.buf.WriteByte(',')
			}
			w.newline()
		}
		w.indent(depth)
		w.buf.WriteByte(']')
	case string:
		w.str(t)
	case bool:
		w.buf.WriteString(strconv.FormatBool(t))
	case time.Time:
		w.str(isoTimestamp(t))
	case []byte:
		w.str(base64.StdEncoding.EncodeToString(t))
	case json.Number:
		w.buf.WriteString(t.String())
	case float64:
		if w.view != nil && t == math.Trunc(t) && math.Abs(t) <= maxExactInt && !isFloatShape(sh) {
			w.buf.WriteString(strconv.FormatInt(int64(t), 10)) // an integer JMESPath made a float64
			return
		}
		w.buf.WriteString(pyjson.Float(t))
	case float32:
		w.buf.WriteString(pyjson.Float(float64(t)))
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
	keys := orderedKeys(m, sh, first, w.order.Keys(m))
	w.buf.WriteByte('{')
	w.newline()
	for i, k := range keys {
		w.indent(depth + 1)
		w.str(k)
		if w.compact {
			w.buf.WriteByte(':')
		} else {
			w.buf.WriteString(": ")
		}
		w.value(m[k], memberShape(w.svc, sh, k), depth+1, nil)
		if i < len(keys)-1 {
			w.buf.WriteByte(',')
		}
		w.newline()
	}
	w.indent(depth)
	w.buf.WriteByte('}')
}

func (w *jsonWriter) newline() {
	if !w.compact {
		w.buf.WriteByte('\n')
	}
}

func (w *jsonWriter) str(s string) {
	if w.compact {
		writeASCIIJSONString(&w.buf, s)
		return
	}
	writeJSONString(&w.buf, s)
}

// memberShape is the shape of a structure member or of a map's values.
func memberShape(svc *model.Service, sh *model.Shape, key string) *model.Shape {
	return svc.MemberShape(sh, key)
}

func isFloatShape(sh *model.Shape) bool {
	return sh != nil && (sh.Type == "float" || sh.Type == "double")
}

// orderedKeys lists m's keys as the AWS CLI prints them (see model.OrderedKeys).
func orderedKeys(m map[string]any, sh *model.Shape, first, server []string) []string {
	return model.OrderedKeys(m, sh, first, server)
}

func (w *jsonWriter) indent(depth int) {
	if w.compact {
		return
	}
	for range depth {
		w.buf.WriteString(jsonIndent)
	}
}

// isoTimestamp formats t as Python's datetime.isoformat() does for the datetimes botocore parses:
// microseconds only when there are any, in t's own offset (the local zone for epoch seconds, the
// written one for dates), "+00:00" for UTC.
func isoTimestamp(t time.Time) string {
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	_, offset := t.Zone()
	sign := '+'
	if offset < 0 {
		sign, offset = '-', -offset
	}
	s += fmt.Sprintf("%c%02d:%02d", sign, offset/3600, offset/60%60)
	if offset%60 != 0 {
		s += fmt.Sprintf(":%02d", offset%60)
	}
	return s
}

// writeJSONString writes s as a JSON string: Python's escapes (\" \\ \n \r \t \b \f, \u00XX for
// other C0 controls), plus \u00XX for DEL and C1 controls, \u202e for bidi controls, and U+FFFD
// for invalid UTF-8.
func writeJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			buf.WriteString(`\ufffd`)
		case writeShortEscape(buf, r):
		case r < 0x20 || r >= 0x7f && r <= 0x9f || textsafe.IsBidi(r):
			// bidi controls too: printed raw they reorder the line on the terminal
			fmt.Fprintf(buf, `\u%04x`, r)
		default:
			buf.WriteRune(r)
		}
	}
	buf.WriteByte('"')
}

// writeShortEscape writes r's two-character escape, as Python's json module writes it, if r has
// one, and says whether it did.
func writeShortEscape(buf *bytes.Buffer, r rune) bool {
	var e string
	switch r {
	case '"':
		e = `\"`
	case '\\':
		e = `\\`
	case '\n':
		e = `\n`
	case '\r':
		e = `\r`
	case '\t':
		e = `\t`
	case '\b':
		e = `\b`
	case '\f':
		e = `\f`
	default:
		return false
	}
	buf.WriteString(e)
	return true
}

// writeASCIIJSONString writes s as Python's json.dumps does with ensure_ascii: everything outside
// printable ASCII as \uXXXX (surrogate pairs beyond the BMP), invalid UTF-8 as U+FFFD.
func writeASCIIJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for _, r := range s {
		switch {
		case writeShortEscape(buf, r):
		case r >= 0x20 && r < 0x7f:
			buf.WriteRune(r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(buf, `\u%04x\u%04x`, r1, r2)
		default:
			fmt.Fprintf(buf, `\u%04x`, r)
		}
	}
	buf.WriteByte('"')
}

// searchView is a response document made ready for JMESPath: timestamps and blobs as the
// strings they print as, numbers as float64 (integers beyond 2^53 stay exact as json.Number).
// It remembers the shape of every object it made, so that what a query selects still prints in
// the model's order with the model's number types, as the AWS CLI prints it.
type searchView struct {
	svc    *model.Service
	shapes map[uintptr]*model.Shape
	first  map[uintptr][]string
	hashes [][]string // the keys of the query's multi-select hashes, in the query's order
	// order holds the server's member order of the document's maps, and of their copies here.
	order *document.Order
}

// learnQuery records the key order of the multi-select hashes ({a: X, b: Y}) in a query, which
// the AWS CLI prints in the order they are written.
func (v *searchView) learnQuery(expr string) {
	ast, err := parsing.NewParser().Parse(expr)
	if err != nil {
		return
	}
	var walk func(n parsing.ASTNode)
	walk = func(n parsing.ASTNode) {
		if n.NodeType == parsing.ASTMultiSelectHash {
			var keys []string
			for _, kv := range n.Children {
				if k, ok := kv.Value.(string); ok {
					keys = append(keys, k)
				}
			}
			v.hashes = append(v.hashes, keys)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(ast)
}

// hashOrder returns the query's key order for an object a multi-select hash built, or nil.
func (v *searchView) hashOrder(m map[string]any) []string {
	for _, keys := range v.hashes {
		if len(keys) != len(m) {
			continue
		}
		all := true
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				all = false
				break
			}
		}
		if all {
			return keys
		}
	}
	return nil
}

// newSearchView converts doc, an output of the named shape whose keys first are printed first.
func newSearchView(svc *model.Service, doc map[string]any, shape string, first []string, order *document.Order) (*searchView, any) {
	if order == nil {
		order = document.NewOrder()
	}
	v := &searchView{svc: svc, shapes: map[uintptr]*model.Shape{}, first: map[uintptr][]string{}, order: order}
	root := v.convert(doc, shapeNamed(svc, shape))
	if m, ok := root.(map[string]any); ok && len(first) > 0 {
		v.first[mapID(m)] = first
	}
	return v, root
}

func (v *searchView) convert(doc any, sh *model.Shape) any {
	switch t := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = v.convert(e, memberShape(v.svc, sh, k))
		}
		if sh != nil {
			v.shapes[mapID(out)] = sh
		}
		v.order.Record(out, v.order.Keys(t))
		return out
	case []any:
		out := make([]any, len(t))
		elem := elemShape(v.svc, sh)
		for i, e := range t {
			out[i] = v.convert(e, elem)
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
	rv := reflect.ValueOf(doc)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return float64(rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if u := rv.Uint(); u <= maxExactInt {
			return float64(u)
		}
		return json.Number(strconv.FormatUint(rv.Uint(), 10))
	}
	return doc
}

func intLike(i int64) any {
	if i >= -maxExactInt && i <= maxExactInt {
		return float64(i)
	}
	return json.Number(strconv.FormatInt(i, 10))
}

// mapID identifies a map by its header, which JMESPath hands back unchanged when it selects it.
func mapID(m map[string]any) uintptr { return reflect.ValueOf(m).Pointer() }

// print writes a JMESPath result. Objects the query selected whole print in the model's order;
// objects it built (multi-select hashes) in the query's order. Whole numbers print without a
// fraction unless the model says they are floats, as the AWS CLI prints Python's ints.
func (v *searchView) print(result any) []byte {
	w := jsonWriter{svc: v.svc, view: v, order: v.order}
	w.document(result, "", nil)
	return w.buf.Bytes()
}

// keys lists an object's keys in the order the AWS CLI holds them: a merged pagination's first,
// a structure's in the model's order, a map's in the server's, a multi-select hash's in the
// query's; sorted when none is known, so that a query prints the same every time.
func (v *searchView) keys(m map[string]any) []string {
	id := mapID(m)
	first := v.first[id]
	sh := v.shapes[id]
	if first == nil && sh == nil {
		first = v.hashOrder(m)
	}
	return orderedKeys(m, sh, first, v.order.Keys(m))
}

// functions replaces JMESPath's functions whose answer depends on the order of an object's
// members (keys, values, to_string) with ones that follow the view's order, as the AWS CLI's
// Python dicts do.
func (v *searchView) functions() []jmespath.FunctionEntry {
	object := []jmespath.ArgSpec{{Types: []jmespath.JpType{jmespath.JpObject}}}
	return []jmespath.FunctionEntry{
		{Name: "keys", Arguments: object, Handler: func(args []any) (any, error) {
			m := args[0].(map[string]any)
			out := []any{}
			for _, k := range v.keys(m) {
				out = append(out, k)
			}
			return out, nil
		}},
		{Name: "values", Arguments: object, Handler: func(args []any) (any, error) {
			m := args[0].(map[string]any)
			out := []any{}
			for _, k := range v.keys(m) {
				out = append(out, m[k])
			}
			return out, nil
		}},
		{Name: "to_string", Arguments: []jmespath.ArgSpec{{Types: []jmespath.JpType{jmespath.JpAny}}},
			Handler: func(args []any) (any, error) {
				if s, ok := args[0].(string); ok {
					return s, nil
				}
				w := jsonWriter{svc: v.svc, view: v, order: v.order, compact: true}
				w.value(args[0], nil, 0, nil)
				return w.buf.String(), nil
			}},
	}
}
