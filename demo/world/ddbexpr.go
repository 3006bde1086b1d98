package world

import (
	"bytes"
	"fmt"
	"math/big"
	"strings"
	"unicode"
)

// A small DynamoDB condition-expression evaluator: comparisons, BETWEEN, IN, AND/OR/NOT,
// parentheses, and the functions attribute_exists, attribute_not_exists, begins_with, contains,
// size. It serves key conditions, filters and conditions alike; what it does not know is a
// ValidationException saying so.

type exprCtx struct {
	names  map[string]any // ExpressionAttributeNames
	values map[string]any // ExpressionAttributeValues
}

type ddbExpr struct {
	toks []string
	pos  int
	ctx  exprCtx
}

func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case strings.ContainsRune("(),", rune(c)):
			toks = append(toks, string(c))
			i++
		case c == '<' || c == '>' || c == '=':
			if i+1 < len(s) && (s[i+1] == '=' || (c == '<' && s[i+1] == '>')) {
				toks = append(toks, s[i:i+2])
				i += 2
			} else {
				toks = append(toks, string(c))
				i++
			}
		default:
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || strings.ContainsRune("_#:.-[]", rune(s[j]))) {
				j++
			}
			if j == i {
				return nil, invalid("ValidationException", "Invalid expression: unexpected %q", string(c))
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}

// evalExpr evaluates expr on item.
func evalExpr(expr string, item map[string]any, ctx exprCtx) (bool, error) {
	toks, err := tokenize(expr)
	if err != nil {
		return false, err
	}
	p := &ddbExpr{toks: toks, ctx: ctx}
	ok, err := p.or(item)
	if err != nil {
		return false, err
	}
	if p.pos != len(p.toks) {
		return false, invalid("ValidationException", "Invalid expression: unexpected %q", p.toks[p.pos])
	}
	return ok, nil
}

func (p *ddbExpr) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *ddbExpr) next() string {
	t := p.peek()
	p.pos++
	return t
}

func (p *ddbExpr) expect(t string) error {
	if got := p.next(); !strings.EqualFold(got, t) {
		return invalid("ValidationException", "Invalid expression: expected %q, got %q", t, got)
	}
	return nil
}

func (p *ddbExpr) or(item map[string]any) (bool, error) {
	l, err := p.and(item)
	for err == nil && strings.EqualFold(p.peek(), "OR") {
		p.next()
		var r bool
		r, err = p.and(item)
		l = l || r
	}
	return l, err
}

func (p *ddbExpr) and(item map[string]any) (bool, error) {
	l, err := p.not(item)
	for err == nil && strings.EqualFold(p.peek(), "AND") {
		p.next()
		var r bool
		r, err = p.not(item)
		l = l && r
	}
	return l, err
}

func (p *ddbExpr) not(item map[string]any) (bool, error) {
	if strings.EqualFold(p.peek(), "NOT") {
		p.next()
		v, err := p.not(item)
		return !v, err
	}
	return p.primary(item)
}

func (p *ddbExpr) primary(item map[string]any) (bool, error) {
	if p.peek() == "(" {
		p.next()
		v, err := p.or(item)
		if err != nil {
			return false, err
		}
		return v, p.expect(")")
	}
	switch fn := strings.ToLower(p.peek()); fn {
	case "attribute_exists", "attribute_not_exists", "begins_with", "contains", "attribute_type":
		p.next()
		if err := p.expect("("); err != nil {
			return false, err
		}
		a, err := p.operand(item)
		if err != nil {
			return false, err
		}
		var b any
		if fn != "attribute_exists" && fn != "attribute_not_exists" {
			if err := p.expect(","); err != nil {
				return false, err
			}
			if b, err = p.operand(item); err != nil {
				return false, err
			}
		}
		if err := p.expect(")"); err != nil {
			return false, err
		}
		switch fn {
		case "attribute_exists":
			return a != nil, nil
		case "attribute_not_exists":
			return a == nil, nil
		case "begins_with":
			as, bs := scalarOf(a), scalarOf(b)
			return a != nil && b != nil && strings.HasPrefix(as, bs), nil
		case "contains":
			return containsAV(a, b), nil
		case "attribute_type":
			m, _ := a.(map[string]any)
			want := scalarOf(b)
			_, ok := m[want]
			return ok, nil
		}
	}
	l, err := p.operand(item)
	if err != nil {
		return false, err
	}
	op := strings.ToUpper(p.next())
	switch op {
	case "=", "<>", "<", "<=", ">", ">=":
		r, err := p.operand(item)
		if err != nil {
			return false, err
		}
		c, ok := compareAV(l, r)
		if op == "<>" {
			return !ok || c != 0, nil
		}
		if !ok {
			return false, nil
		}
		switch op {
		case "=":
			return c == 0, nil
		case "<":
			return c < 0, nil
		case "<=":
			return c <= 0, nil
		case ">":
			return c > 0, nil
		}
		return c >= 0, nil
	case "BETWEEN":
		lo, err := p.operand(item)
		if err != nil {
			return false, err
		}
		if err := p.expect("AND"); err != nil {
			return false, err
		}
		hi, err := p.operand(item)
		if err != nil {
			return false, err
		}
		c1, ok1 := compareAV(l, lo)
		c2, ok2 := compareAV(l, hi)
		return ok1 && ok2 && c1 >= 0 && c2 <= 0, nil
	case "IN":
		if err := p.expect("("); err != nil {
			return false, err
		}
		hit := false
		for {
			r, err := p.operand(item)
			if err != nil {
				return false, err
			}
			if c, ok := compareAV(l, r); ok && c == 0 {
				hit = true
			}
			if p.peek() != "," {
				break
			}
			p.next()
		}
		return hit, p.expect(")")
	}
	return false, invalid("ValidationException", "Invalid expression: %q is not in the demo's expressions", op)
}

// operand is an attribute path (item value, nil when absent), a :value, or size(path).
func (p *ddbExpr) operand(item map[string]any) (any, error) {
	t := p.next()
	if t == "" {
		return nil, invalid("ValidationException", "Invalid expression: it ends too early")
	}
	if strings.EqualFold(t, "size") && p.peek() == "(" {
		p.next()
		v, err := p.operand(item)
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return map[string]any{"N": fmt.Sprint(sizeAV(v))}, nil
	}
	if strings.HasPrefix(t, ":") {
		v, ok := p.ctx.values[t]
		if !ok {
			return nil, invalid("ValidationException", "An expression attribute value used in expression is not defined; attribute value: %s", t)
		}
		return v, nil
	}
	var cur any = map[string]any{"M": item}
	for _, part := range strings.Split(t, ".") {
		name := part
		if strings.HasPrefix(name, "#") {
			n, ok := p.ctx.names[name].(string)
			if !ok {
				return nil, invalid("ValidationException", "An expression attribute name used in the document path is not defined; attribute name: %s", name)
			}
			name = n
		}
		m, _ := cur.(map[string]any)
		inner, _ := m["M"].(map[string]any)
		cur = inner[name]
		if cur == nil {
			return nil, nil
		}
	}
	return cur, nil
}

// scalarOf is an AttributeValue's S or N as text ("" otherwise).
func scalarOf(v any) string {
	m, _ := v.(map[string]any)
	if s, ok := m["S"].(string); ok {
		return s
	}
	if s, ok := m["N"].(string); ok {
		return s
	}
	if b, ok := m["B"].([]byte); ok {
		return string(b)
	}
	return ""
}

// compareAV orders two AttributeValues of the same scalar type.
func compareAV(a, b any) (int, bool) {
	am, _ := a.(map[string]any)
	bm, _ := b.(map[string]any)
	if am == nil || bm == nil {
		return 0, false
	}
	if as, ok := am["S"].(string); ok {
		bs, ok := bm["S"].(string)
		return strings.Compare(as, bs), ok
	}
	if an, ok := am["N"].(string); ok {
		bn, ok := bm["N"].(string)
		if !ok {
			return 0, false
		}
		x, ok1 := new(big.Float).SetString(an)
		y, ok2 := new(big.Float).SetString(bn)
		if !ok1 || !ok2 {
			return 0, false
		}
		return x.Cmp(y), true
	}
	if ab, ok := am["B"].([]byte); ok {
		bb, ok := bm["B"].([]byte)
		return bytes.Compare(ab, bb), ok
	}
	if ab, ok := am["BOOL"].(bool); ok {
		bb, ok := bm["BOOL"].(bool)
		if ab == bb {
			return 0, ok
		}
		return 1, ok
	}
	return 0, false
}

func containsAV(a, b any) bool {
	am, _ := a.(map[string]any)
	if am == nil {
		return false
	}
	if s, ok := am["S"].(string); ok {
		return strings.Contains(s, scalarOf(b))
	}
	for _, k := range []string{"SS", "NS"} {
		for _, e := range strs(am, k) {
			if e == scalarOf(b) {
				return true
			}
		}
	}
	if l, ok := am["L"].([]any); ok {
		for _, e := range l {
			if c, ok := compareAV(e, b); ok && c == 0 {
				return true
			}
		}
	}
	return false
}

func sizeAV(v any) int {
	m, _ := v.(map[string]any)
	switch {
	case m == nil:
		return 0
	case m["S"] != nil:
		return len(m["S"].(string))
	case m["B"] != nil:
		b, _ := m["B"].([]byte)
		return len(b)
	case m["L"] != nil:
		l, _ := m["L"].([]any)
		return len(l)
	case m["M"] != nil:
		mm, _ := m["M"].(map[string]any)
		return len(mm)
	}
	for _, k := range []string{"SS", "NS", "BS"} {
		if l, ok := m[k].([]any); ok {
			return len(l)
		}
	}
	return 0
}
