package opform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// kind is the editor a field uses.
type kind int

const (
	kindText       kind = iota // strings, numbers, timestamps, blobs: a text input
	kindEnum                   // a string with allowed values: a text input whose value left/right cycle
	kindBool                   // a toggle: unset, true, false
	kindStringList             // a list of strings: comma-separated text (or a JSON list)
	kindJSON                   // structures, maps, other lists, documents: JSON text
)

// boolState is a toggle's value; unset leaves the member out of the input.
type boolState int

const (
	boolUnset boolState = iota
	boolTrue
	boolFalse
)

// field is one top-level member of the input.
type field struct {
	name     string
	ref      *model.ShapeRef
	shape    *model.Shape
	kind     kind
	required bool
	token    bool   // an idempotency token: may be left empty, the engine fills it
	typeName string // as shown: "string", "list<string>", "Filter list", "enum"…
	doc      string
	input    textinput.Model
	toggle   boolState
	// verbatim holds a string the one-line input cannot show as it is (newlines, tabs, control
	// characters: a template body, a multi-line message). It is sent unchanged; the field shows
	// a summary and is edited in $EDITOR or cleared.
	verbatim    string
	hasVerbatim bool

	// Rendered once per size by Form.layout.
	nameCell [2]string // without and with focus
	typeCell string
	hintCell string // the placeholder, dimmed
}

func newField(svc *model.Service, in *model.Shape, name string) *field {
	ref := in.Members[name]
	sh := svc.Shape(ref.Shape)
	if sh == nil {
		sh = &model.Shape{Type: "string"}
	}
	f := &field{name: name, ref: ref, shape: sh, token: ref.IdempotencyToken}
	f.required = in.IsRequired(name) && !f.token
	f.doc = ref.Doc
	if f.doc == "" {
		f.doc = sh.Doc
	}
	f.kind, f.typeName = classify(svc, ref.Shape, sh)
	f.input = textinput.New()
	f.input.Prompt = ""
	// A steady cursor: blinking would re-render the page twice a second for nothing.
	st := f.input.Styles()
	st.Cursor.Blink = false
	f.input.SetStyles(st)
	f.input.Placeholder = fieldPlaceholder(f)
	return f
}

// classify picks the editor and the type label of a member's shape.
func classify(svc *model.Service, name string, sh *model.Shape) (kind, string) {
	if sh.Document {
		return kindJSON, "document (JSON)"
	}
	switch sh.Type {
	case "boolean":
		return kindBool, "boolean"
	case "string":
		if len(sh.Enum) > 0 {
			return kindEnum, "enum"
		}
		return kindText, "string"
	case "integer", "long", "float", "double", "timestamp", "blob":
		return kindText, sh.Type
	case "list":
		if sh.Member != nil {
			if el := svc.Shape(sh.Member.Shape); el != nil && el.Type == "string" {
				return kindStringList, "list<string>"
			}
			if el := svc.Shape(sh.Member.Shape); el != nil && el.Type == "structure" {
				return kindJSON, "list<" + sh.Member.Shape + ">"
			}
			return kindJSON, "list<" + memberType(svc, sh.Member.Shape) + ">"
		}
		return kindJSON, "list"
	case "map":
		return kindJSON, "map"
	case "structure":
		return kindJSON, name
	}
	return kindText, sh.Type
}

func memberType(svc *model.Service, name string) string {
	if sh := svc.Shape(name); sh != nil && sh.Type != "structure" {
		return sh.Type
	}
	return name
}

// fieldPlaceholder is the hint an empty field shows.
func fieldPlaceholder(f *field) string {
	switch f.kind {
	case kindEnum:
		return "←/→ " + strings.Join(firstN(f.shape.Enum, 4), " | ")
	case kindStringList:
		return "a, b, c"
	case kindJSON:
		switch f.shape.Type {
		case "list":
			return "[…] JSON"
		default:
			return "{…} JSON"
		}
	}
	switch {
	case f.token:
		return "(filled in when empty)"
	case f.shape.Type == "timestamp":
		return "2024-05-01T12:00:00Z"
	}
	return ""
}

func firstN(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(append([]string{}, list[:n]...), "…")
}

// empty reports whether the field leaves its member out of the input.
func (f *field) empty() bool {
	if f.hasVerbatim {
		return false
	}
	if f.kind == kindBool {
		return f.toggle == boolUnset
	}
	return strings.TrimSpace(f.input.Value()) == ""
}

// value parses the field into the member's value, checked against the model. Problems name the
// field (and the path inside it for JSON).
func (f *field) value(svc *model.Service) (v any, problems, warnings []string) {
	c := &checker{svc: svc}
	text := strings.TrimSpace(f.input.Value())
	if f.hasVerbatim {
		return c.value(f.ref.Shape, f.verbatim, f.name), c.problems, c.warnings
	}
	switch f.kind {
	case kindBool:
		return f.toggle == boolTrue, nil, nil
	case kindJSON:
		doc, err := decodeJSON(text)
		if err != nil {
			return nil, []string{f.name + ": " + err.Error()}, nil
		}
		v = c.value(f.ref.Shape, doc, f.name)
	case kindStringList:
		var list []any
		if strings.HasPrefix(text, "[") {
			doc, err := decodeJSON(text)
			if err != nil {
				return nil, []string{f.name + ": " + err.Error()}, nil
			}
			v = c.value(f.ref.Shape, doc, f.name)
			break
		}
		for _, part := range strings.Split(text, ",") {
			if p := strings.TrimSpace(part); p != "" {
				list = append(list, p)
			}
		}
		v = c.value(f.ref.Shape, list, f.name)
	default:
		v = c.value(f.ref.Shape, f.scalar(text), f.name)
	}
	return v, c.problems, c.warnings
}

// scalar turns a text field into the JSON value the checker expects for its type.
func (f *field) scalar(text string) any {
	switch f.shape.Type {
	case "integer", "long", "float", "double":
		return text // the checker parses it, and names it if it is not a number
	case "timestamp":
		if _, err := strconv.ParseFloat(text, 64); err == nil {
			return json.Number(text)
		}
	case "string", "blob":
		return f.input.Value() // spaces may matter: keep them
	}
	return text
}

// setValue shows a member's value in the field, as it would be typed.
func (f *field) setValue(v any) {
	if f.kind == kindBool {
		switch v {
		case true:
			f.toggle = boolTrue
		case false:
			f.toggle = boolFalse
		default:
			f.toggle = boolUnset
		}
		return
	}
	f.hasVerbatim, f.verbatim = false, ""
	if s, ok := v.(string); ok && (f.kind == kindText || f.kind == kindEnum) && !oneLine(s) {
		f.hasVerbatim, f.verbatim = true, s
		f.input.SetValue("")
		return
	}
	f.input.SetValue(formatValue(f.kind, v))
}

// clearVerbatim drops a verbatim value, leaving the field empty.
func (f *field) clearVerbatim() {
	f.hasVerbatim, f.verbatim = false, ""
}

// insertVerbatim pastes text the input cannot hold at the cursor, turning the field's value
// into a verbatim one.
func (f *field) insertVerbatim(text string) {
	cur := []rune(f.input.Value())
	pos := min(f.input.Position(), len(cur))
	f.hasVerbatim, f.verbatim = true, string(cur[:pos])+text+string(cur[pos:])
	f.input.SetValue("")
}

// oneLine reports whether a one-line text input can hold s unchanged.
func oneLine(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// formatValue writes a value the way its field's editor reads it back.
func formatValue(k kind, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if k != kindJSON {
			return x
		}
	case []any:
		if k == kindStringList {
			parts := make([]string, 0, len(x))
			plain := true
			for _, e := range x {
				s, ok := e.(string)
				if !ok || s != strings.TrimSpace(s) || s == "" || strings.Contains(s, ",") || !oneLine(s) {
					plain = false
					break
				}
				parts = append(parts, s)
			}
			if plain && len(parts) > 0 && !strings.HasPrefix(parts[0], "[") {
				return strings.Join(parts, ", ")
			}
		}
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// decodeJSON parses JSON text keeping numbers exact.
func decodeJSON(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %v", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("not valid JSON: more than one value")
	}
	return v, nil
}

// enumCycles reports whether cycleEnum can move: the value is unset or one of the allowed ones
// (a value typed by hand is edited as text).
func (f *field) enumCycles() bool {
	cur := f.input.Value()
	return cur == "" || slices.Contains(f.shape.Enum, cur)
}

// cycleEnum moves an enum field to the next (step 1) or previous (step -1) allowed value. It only
// acts when the field is empty or holds an allowed value, so left/right still move the cursor in
// a value typed by hand.
func (f *field) cycleEnum(step int) bool {
	enum := f.shape.Enum
	cur := f.input.Value()
	i := -1
	for j, e := range enum {
		if e == cur {
			i = j
		}
	}
	if cur != "" && i < 0 {
		return false
	}
	// -1 stands for "unset", between the last value and the first.
	n := len(enum) + 1
	next := ((i+1+step)%n+n)%n - 1
	if next < 0 {
		f.input.SetValue("")
	} else {
		f.input.SetValue(enum[next])
	}
	f.input.CursorEnd()
	return true
}

// cycleBool moves a toggle through unset → true → false.
func (f *field) cycleBool(step int) {
	f.toggle = boolState(((int(f.toggle)+step)%3 + 3) % 3)
}
