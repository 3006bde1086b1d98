package resource

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// segment is a piece of a template string: literal text, or a placeholder when kind is set.
type segment struct {
	text string // literal text, or the placeholder's argument (X of {input.X}, EXPR of {item:EXPR})
	kind string // "", "id", "ids", "name", "arn", "input", "item", "each", "output"
}

// parseTemplate splits s into literal text and placeholders. Braces that do not open a known
// placeholder are literal text, so a JSON policy document in an input stays as written.
func parseTemplate(s string) ([]segment, error) {
	var segs []segment
	lit := 0
	flush := func(end int) {
		if end > lit {
			segs = append(segs, segment{text: s[lit:end]})
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		rest := s[i+1:]
		var seg segment
		var n int // bytes of s the placeholder takes, braces included
		switch {
		case strings.HasPrefix(rest, "id}"):
			seg, n = segment{kind: "id"}, 4
		case strings.HasPrefix(rest, "ids}"):
			seg, n = segment{kind: "ids"}, 5
		case strings.HasPrefix(rest, "name}"):
			seg, n = segment{kind: "name"}, 6
		case strings.HasPrefix(rest, "arn}"):
			seg, n = segment{kind: "arn"}, 5
		case strings.HasPrefix(rest, "input."):
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return nil, fmt.Errorf("placeholder %q is not closed with }", s[i:])
			}
			member := rest[len("input."):end]
			if member == "" || strings.ContainsAny(member, " {") {
				return nil, fmt.Errorf("placeholder %q needs a member name: {input.Member}", s[i:i+end+2])
			}
			seg, n = segment{kind: "input", text: member}, end+2
		case strings.HasPrefix(rest, "item:"), strings.HasPrefix(rest, "each:"), strings.HasPrefix(rest, "output:"):
			kind, _, _ := strings.Cut(rest, ":")
			body := rest[len(kind)+1:]
			end, err := closingBrace(body)
			if err != nil {
				return nil, fmt.Errorf("placeholder %q: %w", s[i:], err)
			}
			src := body[:end]
			if strings.TrimSpace(src) == "" {
				return nil, fmt.Errorf("placeholder {%s:} needs a JMESPath expression", kind)
			}
			seg, n = segment{kind: kind, text: src}, len(kind)+2+end+1
		default:
			if end := strings.IndexByte(rest, '}'); end > 0 && looksLikePlaceholder(rest[:end]) {
				return nil, fmt.Errorf("unknown placeholder {%s}: use {id}, {ids}, {name}, {arn}, {input.X}, {item:EXPR}, {each:EXPR} or {output:EXPR}", rest[:end])
			}
			continue
		}
		flush(i)
		segs = append(segs, seg)
		i += n - 1
		lit = i + 1
	}
	flush(len(s))
	return segs, nil
}

// looksLikePlaceholder reports whether the text between braces is a bare word, a likely misspelt
// placeholder ({Id}, {bucket}) rather than JSON or other literal text.
func looksLikePlaceholder(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return false
		}
	}
	return s != ""
}

// closingBrace finds the } that closes a JMESPath expression, skipping nested braces (multi-select
// hashes) and quoted text ('raw', `literal`, "identifier").
func closingBrace(s string) (int, error) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '`', '"':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return 0, fmt.Errorf("unterminated %c quote", c)
			}
			i = j
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i, nil
			}
			depth--
		}
	}
	return 0, errors.New("not closed with }")
}

// binding evaluates placeholders for one or several rows of a Def.
type binding struct {
	def  *Def
	rows []Row
	// output is the action's output, which {output:EXPR} reads (nil outside a waiter's input).
	output map[string]any
}

// bindTemplate returns a copy of the template t with every placeholder replaced. A member whose
// whole-string placeholder gives nothing is left out, so optional members are not sent as null.
func (b binding) bindTemplate(t map[string]any) (map[string]any, error) {
	if t == nil {
		return map[string]any{}, nil
	}
	v, _, err := b.bindValue(t)
	if err != nil {
		return nil, err
	}
	return v.(map[string]any), nil
}

func (b binding) bindValue(v any) (out any, keep bool, err error) {
	switch x := v.(type) {
	case string:
		return b.bindString(x)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			bv, keep, err := b.bindValue(e)
			if err != nil {
				return nil, false, fmt.Errorf("%s: %w", k, err)
			}
			if keep {
				m[k] = bv
			}
		}
		return m, true, nil
	case []any:
		l := make([]any, 0, len(x))
		for i, e := range x {
			bv, keep, err := b.bindValue(e)
			if err != nil {
				return nil, false, fmt.Errorf("[%d]: %w", i, err)
			}
			if keep {
				l = append(l, bv)
			}
		}
		return l, true, nil
	}
	return v, true, nil
}

func (b binding) bindString(s string) (any, bool, error) {
	if !strings.Contains(s, "{") {
		return s, true, nil
	}
	segs, err := parseTemplate(s)
	if err != nil {
		return nil, false, err
	}
	if len(segs) == 1 && segs[0].kind != "" {
		v, err := b.value(segs[0])
		if err != nil {
			return nil, false, err
		}
		return v, v != nil, nil
	}
	var sb strings.Builder
	for _, seg := range segs {
		if seg.kind == "" {
			sb.WriteString(seg.text)
			continue
		}
		v, err := b.value(seg)
		if err != nil {
			return nil, false, err
		}
		sb.WriteString(text(v))
	}
	return sb.String(), true, nil
}

// value is what one placeholder stands for.
func (b binding) value(seg segment) (any, error) {
	switch seg.kind {
	case "output":
		if b.output == nil {
			return nil, fmt.Errorf("{output:%s} needs the action's output: use WaiterInputsWithOutputs", seg.text)
		}
		e, err := b.def.program().itemExpr(seg.text)
		if err != nil {
			return nil, err
		}
		v, err := e.search(b.output)
		if err != nil {
			return nil, fmt.Errorf("{output:%s}: %w", seg.text, err)
		}
		return v, nil
	case "each":
		e, err := b.def.program().itemExpr(seg.text)
		if err != nil {
			return nil, err
		}
		l := make([]any, 0, len(b.rows))
		for i, r := range b.rows {
			v, err := e.search(r.Item)
			if err != nil {
				return nil, fmt.Errorf("{each:%s} on row %d: %w", seg.text, i+1, err)
			}
			if v != nil {
				l = append(l, v)
			}
		}
		if len(l) == 0 {
			return nil, fmt.Errorf("{each:%s} gave nothing for the %d rows", seg.text, len(b.rows))
		}
		return l, nil
	}
	if len(b.rows) == 0 {
		return nil, fmt.Errorf("placeholder {%s} needs a row", seg.kind)
	}
	if seg.kind == "ids" {
		ids := make([]any, len(b.rows))
		for i, r := range b.rows {
			id := b.def.ID(r.Item)
			if id == "" {
				return nil, fmt.Errorf("{ids}: row %d has no identifier (%s)", i+1, b.def.Identifier)
			}
			ids[i] = id
		}
		return ids, nil
	}
	row := b.rows[0]
	if seg.kind == "input" {
		v, ok := lookupPath(row.ListInput, seg.text)
		if !ok {
			return nil, fmt.Errorf("{input.%s}: the row's collection was listed without %s", seg.text, seg.text)
		}
		return v, nil
	}
	if len(b.rows) > 1 {
		return nil, fmt.Errorf("placeholder {%s} stands for one row, but %d are selected: use {ids}", seg.kind, len(b.rows))
	}
	switch seg.kind {
	case "id":
		id := b.def.ID(row.Item)
		if id == "" {
			return nil, fmt.Errorf("{id}: the row has no identifier (%s)", b.def.Identifier)
		}
		return id, nil
	case "name":
		return b.def.DisplayName(row.Item), nil
	case "arn":
		arn := b.def.ARNOf(row.Item)
		if arn == "" {
			return nil, fmt.Errorf("{arn}: the row has no ARN")
		}
		return arn, nil
	case "item":
		e, err := b.def.program().itemExpr(seg.text)
		if err != nil {
			return nil, err
		}
		v, err := e.search(row.Item)
		if err != nil {
			return nil, fmt.Errorf("{item:%s}: %w", seg.text, err)
		}
		return v, nil
	}
	return nil, fmt.Errorf("unknown placeholder {%s}", seg.kind)
}

// lookupPath follows a dotted member path through maps.
func lookupPath(m map[string]any, path string) (any, bool) {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = mm[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

// text renders a scalar (or a list of them) as plain text: for interpolation and for cells.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		return x.UTC().Format(TimeLayout)
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = text(e)
		}
		return strings.Join(parts, ",")
	}
	return fmt.Sprint(v)
}
