package pyjson

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reindent is Python's json.dumps(json.loads(s), indent=indent): ok is false where json.loads
// raises (the CLI's `logs tail --format json` then prints the message as it is). It reads as
// json.loads reads, not as encoding/json does: NaN, Infinity and -Infinity are numbers (written
// back as such); a \uXXXX escape of a lone surrogate stays one (written back as the same escape,
// where encoding/json would read U+FFFD); a key given twice keeps its first place and its last
// value (a dict); integers are exact. Where Python raises something other than a decode error —
// an integer of more than 4300 digits, nesting past its recursion limit — the CLI stops with a
// traceback; here ok is false.
func Reindent(s string, indent int) (out string, ok bool) {
	p := parser{s: s}
	p.ws()
	v, err := p.value()
	if err != nil {
		return "", false
	}
	if p.ws(); p.i != len(s) { // "Extra data"
		return "", false
	}
	var b strings.Builder
	v.write(&b, strings.Repeat(" ", indent), 0)
	return b.String(), true
}

// maxDepth bounds the nesting read (Python's recursion limit is 1,000 frames, fewer levels).
const maxDepth = 1000

// maxIntDigits is Python's int_max_str_digits: a longer integer is a ValueError.
const maxIntDigits = 4300

var errSyntax = errors.New("not JSON as json.loads reads it")

// value is a document as json.dumps writes it back: a scalar already written, or an array or
// object of values.
type value struct {
	kind  byte   // 0 scalar, '[' or '{'
	text  string // a scalar as written
	keys  []string
	items []*value
}

type parser struct {
	s     string
	i     int
	depth int
}

func (p *parser) ws() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *parser) lit(word string) bool {
	if strings.HasPrefix(p.s[p.i:], word) {
		p.i += len(word)
		return true
	}
	return false
}

func (p *parser) value() (*value, error) {
	if p.i >= len(p.s) {
		return nil, errSyntax
	}
	switch c := p.s[p.i]; {
	case c == '"':
		t, err := p.str()
		return &value{text: t}, err
	case c == '{' || c == '[':
		return p.container(c)
	case c == '-' && p.lit("-Infinity"):
		return &value{text: "-Infinity"}, nil
	case c == '-' || c >= '0' && c <= '9':
		t, err := p.number()
		return &value{text: t}, err
	}
	for _, w := range []string{"null", "true", "false", "NaN", "Infinity"} {
		if p.lit(w) {
			return &value{text: w}, nil
		}
	}
	return nil, errSyntax
}

func (p *parser) container(open byte) (*value, error) {
	if p.depth++; p.depth > maxDepth {
		return nil, errSyntax
	}
	defer func() { p.depth-- }()
	end := byte(']')
	if open == '{' {
		end = '}'
	}
	v := &value{kind: open}
	var at map[string]int // a key's place, for a key given again
	p.i++
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == end {
		p.i++
		return v, nil
	}
	for {
		var key string
		if open == '{' {
			if p.i >= len(p.s) || p.s[p.i] != '"' {
				return nil, errSyntax
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			if p.ws(); p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, errSyntax
			}
			p.i++
			p.ws()
			key = k
		}
		item, err := p.value()
		if err != nil {
			return nil, err
		}
		if open == '{' {
			// Equal written keys are equal strings: the writing is one to one.
			if j, ok := at[key]; ok {
				v.items[j] = item
			} else {
				if at == nil {
					at = map[string]int{}
				}
				at[key] = len(v.keys)
				v.keys = append(v.keys, key)
				v.items = append(v.items, item)
			}
		} else {
			v.items = append(v.items, item)
		}
		p.ws()
		if p.i >= len(p.s) {
			return nil, errSyntax
		}
		switch p.s[p.i] {
		case ',':
			p.i++
			p.ws()
		case end:
			p.i++
			return v, nil
		default:
			return nil, errSyntax
		}
	}
}

// str reads a string at p.i and returns it as json.dumps writes it.
func (p *parser) str() (string, error) {
	var b strings.Builder
	b.WriteByte('"')
	p.i++
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			b.WriteByte('"')
			return b.String(), nil
		case c < 0x20: // strict: control characters must be escaped
			return "", errSyntax
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", errSyntax
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				writeUnit(&b, rune(e))
			case 'b':
				writeUnit(&b, '\b')
			case 'f':
				writeUnit(&b, '\f')
			case 'n':
				writeUnit(&b, '\n')
			case 'r':
				writeUnit(&b, '\r')
			case 't':
				writeUnit(&b, '\t')
			case 'u':
				if p.i+4 > len(p.s) {
					return "", errSyntax
				}
				u, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 16)
				if err != nil {
					return "", errSyntax
				}
				p.i += 4
				// A pair and its two halves are written alike (\ud83d\ude00), and a lone
				// surrogate as itself: each unit is written as it comes.
				writeUnit(&b, rune(u))
			default:
				return "", errSyntax
			}
		case c < utf8.RuneSelf:
			writeUnit(&b, rune(c))
			p.i++
		default:
			r, n := utf8.DecodeRuneInString(p.s[p.i:])
			writeUnit(&b, r)
			p.i += n
		}
	}
	return "", errSyntax
}

// number reads a number as json.loads does (-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?) and
// returns it as json.dumps writes it back: an int exactly, a float as repr.
func (p *parser) number() (string, error) {
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case digits() == 0:
		return "", errSyntax
	}
	intEnd, float := p.i, false
	if p.i+1 < len(p.s) && p.s[p.i] == '.' && p.s[p.i+1] >= '0' && p.s[p.i+1] <= '9' {
		p.i++
		digits()
		float = true
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		e := p.i
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			p.i = e // not an exponent: what follows is not JSON
		} else {
			float = true
		}
	}
	text := p.s[start:p.i]
	if !float {
		if strings.TrimLeft(text, "-0") == "" {
			return "0", nil // Python's ints: -0 is 0
		}
		if intEnd-start-strings.Count(text, "-") > maxIntDigits {
			return "", errSyntax
		}
		return text, nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !math.IsInf(f, 0) {
		return "", errSyntax
	}
	return Float(f), nil
}

func (v *value) write(b *strings.Builder, indent string, depth int) {
	if v.kind == 0 {
		b.WriteString(v.text)
		return
	}
	end := byte(']')
	if v.kind == '{' {
		end = '}'
	}
	b.WriteByte(v.kind)
	for i, item := range v.items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		for range depth + 1 {
			b.WriteString(indent)
		}
		if v.kind == '{' {
			b.WriteString(v.keys[i])
			b.WriteString(": ")
		}
		item.write(b, indent, depth+1)
	}
	if len(v.items) > 0 {
		b.WriteByte('\n')
		for range depth {
			b.WriteString(indent)
		}
	}
	b.WriteByte(end)
}

// Float is Python's repr of a float (json.dumps writes floats so): the shortest digits that
// read back the same, in fixed notation with at least one decimal while the exponent is in
// [-4, 16), else as d.ddde±XX; NaN, Infinity and -Infinity as json.dumps writes them.
func Float(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±XX
	mant, expS, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expS)
	neg := strings.HasPrefix(mant, "-")
	digits := strings.Replace(strings.TrimPrefix(mant, "-"), ".", "", 1)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if exp < -4 || exp >= 16 {
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteString("." + digits[1:])
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		es := strconv.Itoa(exp)
		if len(es) < 2 {
			es = "0" + es
		}
		b.WriteString("e" + sign + es)
		return b.String()
	}
	point := exp + 1 // digits before the point
	switch {
	case point <= 0:
		b.WriteString("0." + strings.Repeat("0", -point) + digits)
	case point >= len(digits):
		b.WriteString(digits + strings.Repeat("0", point-len(digits)) + ".0")
	default:
		b.WriteString(digits[:point] + "." + digits[point:])
	}
	return b.String()
}
