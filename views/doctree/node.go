package doctree

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// kind is what a node holds, which decides how it is drawn and encoded.
type kind uint8

const (
	kindNull kind = iota
	kindString
	kindNumber
	kindBool
	kindTime  // text is RFC 3339; encoded as a string
	kindBytes // text is standard base64; encoded as a string
	kindObject
	kindArray
)

func (k kind) container() bool { return k == kindObject || k == kindArray }

// node is one value of the document. The tree of nodes is built once per document, so drawing
// and copying never look at the caller's values again.
type node struct {
	parent   *node
	children []*node
	// key is the member name (raw, as AWS sent it) when the parent is an object.
	key string
	// index is the position in the parent's children.
	index int
	// depth is 0 for the members of the root, -1 for the root itself.
	depth int
	kind  kind
	// text is the scalar in canonical form: the raw string, the number as JSON writes it,
	// "true"/"false", RFC 3339 time, base64 bytes. Never shown without textsafe.Clean.
	text string
	// size is the byte count of a kindBytes node.
	size int

	expanded bool
	// hit: the key or value contains the filter; keep: the node is shown while filtering
	// (it is a hit, inside a hit, or above one).
	hit, keep bool
}

// KeyOrder orders the member names of one object in place. path is the object's path as
// CursorPath writes it ("" for the root) and m the object itself, so that an order recorded per
// map (the server's, see document.Order) can be found. The default sorts by name.
type KeyOrder func(path string, m map[string]any, keys []string)

// SortKeys is the default KeyOrder: names in byte order.
func SortKeys(_ string, _ map[string]any, keys []string) { sort.Strings(keys) }

// build turns a generic document into nodes; a nil order is SortKeys.
func build(doc any, order KeyOrder) *node {
	root := &node{depth: -1}
	fill(root, doc, order)
	return root
}

func fill(n *node, v any, order KeyOrder) {
	switch v := v.(type) {
	case nil:
		n.kind = kindNull
	case string:
		n.kind, n.text = kindString, v
	case bool:
		n.kind, n.text = kindBool, strconv.FormatBool(v)
	case float64:
		n.kind, n.text = kindNumber, formatFloat(v, 64)
	case float32:
		n.kind, n.text = kindNumber, formatFloat(float64(v), 32)
	case int64:
		n.kind, n.text = kindNumber, strconv.FormatInt(v, 10)
	case int:
		n.kind, n.text = kindNumber, strconv.Itoa(v)
	case int32:
		n.kind, n.text = kindNumber, strconv.FormatInt(int64(v), 10)
	case uint64:
		n.kind, n.text = kindNumber, strconv.FormatUint(v, 10)
	case json.Number:
		n.kind, n.text = kindNumber, v.String()
	case time.Time:
		n.kind, n.text = kindTime, v.Format(time.RFC3339Nano)
	case *time.Time:
		if v == nil {
			n.kind = kindNull
			return
		}
		n.kind, n.text = kindTime, v.Format(time.RFC3339Nano)
	case []byte:
		n.kind, n.text, n.size = kindBytes, base64.StdEncoding.EncodeToString(v), len(v)
	case map[string]any:
		n.kind = kindObject
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		if order == nil {
			sort.Strings(keys) // SortKeys, without building a path per object
		} else {
			order(pathOf(n), v, keys)
		}
		n.children = make([]*node, len(keys))
		for i, k := range keys {
			c := &node{parent: n, key: k, index: i, depth: n.depth + 1}
			fill(c, v[k], order)
			n.children[i] = c
		}
	case []any:
		n.kind = kindArray
		n.children = make([]*node, len(v))
		for i, e := range v {
			c := &node{parent: n, index: i, depth: n.depth + 1}
			fill(c, e, order)
			n.children[i] = c
		}
	default:
		fillReflect(n, v, order)
	}
}

// fillReflect covers values the engine does not normally produce (typed maps and slices,
// other number types) so a caller's document never shows up as Go syntax.
func fillReflect(n *node, v any, order KeyOrder) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			n.kind = kindNull
			return
		}
		fill(n, rv.Elem().Interface(), order)
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			break
		}
		m := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			m[it.Key().String()] = it.Value().Interface()
		}
		fill(n, m, order)
		return
	case reflect.Slice, reflect.Array:
		s := make([]any, rv.Len())
		for i := range s {
			s[i] = rv.Index(i).Interface()
		}
		fill(n, s, order)
		return
	case reflect.String:
		n.kind, n.text = kindString, rv.String()
		return
	case reflect.Bool:
		n.kind, n.text = kindBool, strconv.FormatBool(rv.Bool())
		return
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n.kind, n.text = kindNumber, strconv.FormatInt(rv.Int(), 10)
		return
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n.kind, n.text = kindNumber, strconv.FormatUint(rv.Uint(), 10)
		return
	case reflect.Float32, reflect.Float64:
		n.kind, n.text = kindNumber, formatFloat(rv.Float(), rv.Type().Bits())
		return
	default:
	}
	if s, ok := v.(fmt.Stringer); ok {
		n.kind, n.text = kindString, s.String()
		return
	}
	n.kind, n.text = kindString, fmt.Sprint(v)
}

// formatFloat writes a number the way encoding/json does; NaN and ±Inf, which JSON cannot
// hold, are kept as their names (JSON encoding reports them as an error).
func formatFloat(f float64, bits int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, bits)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		format = 'e'
	}
	s := strconv.FormatFloat(f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		if n := len(s); n >= 4 && s[n-4] == 'e' && s[n-3] == '-' && s[n-2] == '0' {
			s = s[:n-2] + s[n-1:]
		}
	}
	return s
}

// isNumberToken reports whether a kindNumber's text is valid JSON (not NaN or Inf).
func isNumberToken(s string) bool {
	return s != "" && s != "NaN" && !strings.HasSuffix(s, "Inf")
}

// summary is what a container shows after its label: "{…} 12 keys" when collapsed,
// "12 keys" when open.
func (n *node) summary(open bool) string {
	count := len(n.children)
	var unit, mark string
	if n.kind == kindObject {
		unit, mark = "keys", "{…} "
		if count == 1 {
			unit = "key"
		}
		if count == 0 {
			return "{}"
		}
	} else {
		unit, mark = "items", "[…] "
		if count == 1 {
			unit = "item"
		}
		if count == 0 {
			return "[]"
		}
	}
	if open {
		mark = ""
	}
	return mark + strconv.Itoa(count) + " " + unit
}

// pathOf writes the JMESPath-like path of n: Reservations[0].Instances[0].State.Name.
// Member names that are not plain identifiers are quoted: Tags."aws:cloudformation:stack-id".
func pathOf(n *node) string {
	if n == nil || n.parent == nil {
		return ""
	}
	var segs []*node
	for p := n; p.parent != nil; p = p.parent {
		segs = append(segs, p)
	}
	var b strings.Builder
	for i := len(segs) - 1; i >= 0; i-- {
		s := segs[i]
		if s.parent.kind == kindArray {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if isIdentifier(s.key) {
			b.WriteString(s.key)
		} else {
			b.WriteString(quoteJSON(s.key))
		}
	}
	return b.String()
}

// isIdentifier reports whether JMESPath takes name unquoted.
func isIdentifier(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// walk calls fn for n and every node under it, parents first.
func walk(n *node, fn func(*node)) {
	fn(n)
	for _, c := range n.children {
		walk(c, fn)
	}
}
