package resource

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"time"

	jmespath "github.com/jmespath-community/go-jmespath"
	jpbinding "github.com/jmespath-community/go-jmespath/pkg/binding"
	"github.com/jmespath-community/go-jmespath/pkg/functions"
	"github.com/jmespath-community/go-jmespath/pkg/interpreter"
	"github.com/jmespath-community/go-jmespath/pkg/parsing"
)

// expr is a JMESPath expression compiled once. Documents from the engine hold int64, float64,
// time.Time and []byte, which the JMESPath interpreter does not compare or compute with, so an
// expression that compares, computes or calls a type-sensitive function is evaluated over a
// normalised copy (numbers as float64, times as RFC 3339 strings, blobs as base64); every other
// expression (field paths, projections, string filters) reads the document as it is.
type expr struct {
	src string
	// path is set when the expression is a plain chain of field names ("Placement.AvailabilityZone"),
	// evaluated by map lookups without the interpreter.
	path []string
	// match is set for the common "first element whose key equals a string" expression
	// (`Tags[?Key=='Name'].Value | [0]`), evaluated by a loop without the interpreter.
	match     *firstMatch
	prog      jmespath.JMESPath
	normalise bool
	ast       parsing.ASTNode
}

// firstMatch is `List[?Key=='literal'].Field | [0]`: the first non-null Field of the elements of
// List whose Key equals the literal.
type firstMatch struct {
	list, field []string
	key         []string
	literal     string
}

func compileExpr(src string) (*expr, error) {
	ast, err := parsing.NewParser().Parse(src)
	if err != nil {
		return nil, fmt.Errorf("JMESPath %q: %w", src, err)
	}
	prog, err := jmespath.Compile(src)
	if err != nil {
		return nil, fmt.Errorf("JMESPath %q: %w", src, err)
	}
	e := &expr{src: src, prog: prog, normalise: needsNormalising(ast), ast: ast}
	if p, ok := fieldChain(ast); ok {
		e.path = p
	}
	e.match = firstMatchOf(ast)
	return e, nil
}

// firstMatchOf recognises `List[?Key=='literal'].Field | [0]`.
func firstMatchOf(n parsing.ASTNode) *firstMatch {
	if n.NodeType != parsing.ASTPipe || len(n.Children) != 2 {
		return nil
	}
	proj, idx := n.Children[0], n.Children[1]
	if proj.NodeType != parsing.ASTFilterProjection || len(proj.Children) != 3 {
		return nil
	}
	if idx.NodeType != parsing.ASTIndexExpression || len(idx.Children) != 2 ||
		idx.Children[0].NodeType != parsing.ASTIdentity || idx.Children[1].NodeType != parsing.ASTIndex || idx.Children[1].Value != 0 {
		return nil
	}
	cmp := proj.Children[2]
	if cmp.NodeType != parsing.ASTComparator || cmp.Value != parsing.TOKEQ || len(cmp.Children) != 2 || !isStringLiteral(cmp.Children[1]) {
		return nil
	}
	list, ok1 := fieldChain(proj.Children[0])
	field, ok2 := fieldChain(proj.Children[1])
	key, ok3 := fieldChain(cmp.Children[0])
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	return &firstMatch{list: list, field: field, key: key, literal: cmp.Children[1].Value.(string)}
}

func lookupFields(v any, path []string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func (f *firstMatch) search(doc any) any {
	list, ok := lookupFields(doc, f.list).([]any)
	if !ok {
		return nil
	}
	for _, el := range list {
		if k, ok := lookupFields(el, f.key).(string); !ok || k != f.literal {
			continue
		}
		if v := lookupFields(el, f.field); v != nil {
			return v
		}
	}
	return nil
}

// search evaluates the expression over doc; a nil expression gives nil.
func (e *expr) search(doc any) (any, error) {
	if e == nil {
		return nil, nil
	}
	if e.path != nil {
		return lookupFields(doc, e.path), nil
	}
	if e.match != nil {
		return e.match.search(doc), nil
	}
	if e.normalise {
		doc = normalise(doc)
	}
	v, err := e.prog.Search(doc)
	if err != nil {
		return nil, fmt.Errorf("evaluating JMESPath %q: %w", e.src, err)
	}
	return v, nil
}

// searchWith evaluates the expression over doc with one variable bound ("$item"), for
// expressions that read a value beside the document.
func (e *expr) searchWith(doc any, name string, value any) (any, error) {
	if e == nil {
		return nil, nil
	}
	if e.normalise {
		doc, value = normalise(doc), normalise(value)
	}
	vars := jpbinding.NewBindings().Register(name, value)
	intr := interpreter.NewInterpreter(doc, interpreter.NewFunctionCaller(functions.GetDefaultFunctions()...), vars)
	v, err := intr.Execute(e.ast, doc)
	if err != nil {
		return nil, fmt.Errorf("evaluating JMESPath %q: %w", e.src, err)
	}
	return v, nil
}

// fieldChain returns the field names of an expression made only of field accesses.
func fieldChain(n parsing.ASTNode) ([]string, bool) {
	switch n.NodeType {
	case parsing.ASTField:
		s, ok := n.Value.(string)
		return []string{s}, ok
	case parsing.ASTSubexpression:
		if len(n.Children) != 2 {
			return nil, false
		}
		l, ok := fieldChain(n.Children[0])
		if !ok {
			return nil, false
		}
		r, ok := fieldChain(n.Children[1])
		if !ok {
			return nil, false
		}
		return append(l, r...), true
	}
	return nil, false
}

// typeBlindFunctions give the same answer whatever Go types the document's scalars have.
var typeBlindFunctions = map[string]bool{
	"length": true, "join": true, "keys": true, "values": true, "not_null": true,
	"starts_with": true, "ends_with": true, "contains": true, "to_array": true, "merge": true,
}

// needsNormalising reports whether the expression compares or computes with values, where int64
// versus float64 or time.Time would change the answer.
func needsNormalising(n parsing.ASTNode) bool {
	switch n.NodeType {
	case parsing.ASTArithmeticExpression, parsing.ASTArithmeticUnaryExpression:
		return true
	case parsing.ASTComparator:
		if n.Value != parsing.TOKEQ && n.Value != parsing.TOKNE {
			return true
		}
		// Equality with a string literal is decided the same way whatever the other side holds.
		if !isStringLiteral(n.Children[0]) && !isStringLiteral(n.Children[1]) {
			return true
		}
	case parsing.ASTFunctionExpression:
		if name, _ := n.Value.(string); !typeBlindFunctions[name] {
			return true
		}
	}
	for _, c := range n.Children {
		if needsNormalising(c) {
			return true
		}
	}
	return false
}

func isStringLiteral(n parsing.ASTNode) bool {
	if n.NodeType != parsing.ASTLiteral {
		return false
	}
	_, ok := n.Value.(string)
	return ok
}

// normalise returns doc with the types JMESPath knows: float64 numbers, RFC 3339 strings for
// times, base64 strings for blobs. Containers without such values are returned as they are.
func normalise(doc any) any {
	v, _ := normaliseValue(doc)
	return v
}

// normaliseValue returns the normalised value and whether it differs from v, so that unchanged
// maps and lists are shared rather than copied.
func normaliseValue(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		var out map[string]any
		for k, e := range x {
			n, changed := normaliseValue(e)
			if !changed {
				continue
			}
			if out == nil {
				out = make(map[string]any, len(x))
				for k2, e2 := range x {
					out[k2] = e2
				}
			}
			out[k] = n
		}
		if out == nil {
			return x, false
		}
		return out, true
	case []any:
		var out []any
		for i, e := range x {
			n, changed := normaliseValue(e)
			if !changed {
				continue
			}
			if out == nil {
				out = make([]any, len(x))
				copy(out, x)
			}
			out[i] = n
		}
		if out == nil {
			return x, false
		}
		return out, true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float32:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String(), true
		}
		return f, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Sprint(x), true
		}
		return x, false
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano), true
	case []byte:
		return base64.StdEncoding.EncodeToString(x), true
	}
	return v, false
}
