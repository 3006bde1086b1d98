// Package jmesquery compiles the JMESPath expressions users type (--query) so that their errors
// say which function and which argument went wrong. The library's own type error reads
// `invalid type for: 5, expected: []functions.JpType{"string", "array", "object"}`; here it reads
// `length(): argument 1 is a number (5), expected a string, an array or an object`.
package jmesquery

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/jmespath-community/go-jmespath"
	"github.com/jmespath-community/go-jmespath/pkg/functions"
	"github.com/jmespath-community/go-jmespath/pkg/util"
)

// Compile parses expr with the standard functions and extra ones (which replace standard ones of
// the same name), each wrapped to check its arguments itself. A syntax error says where it is:
// "SyntaxError: Incomplete expression at column 4".
func Compile(expr string, extra ...functions.FunctionEntry) (jmespath.JMESPath, error) {
	funcs := wrapped()
	if len(extra) > 0 {
		funcs = append([]functions.FunctionEntry(nil), funcs...)
		for _, f := range extra {
			funcs = append(funcs, wrap(f))
		}
	}
	q, err := jmespath.Compile(legacyLiterals(expr), funcs...)
	if err != nil {
		if se, ok := err.(jmespath.SyntaxError); ok {
			return nil, fmt.Errorf("%s at column %d", se.Error(), se.Offset+1)
		}
		return nil, err
	}
	return q, nil
}

// legacyLiterals rewrites the literals between backticks that are not JSON as the JSON strings
// jmespath.py makes of them (JEP 12's deprecated form, which the AWS CLI and the AWS docs use
// everywhere: Instances[?State.Name==`running`]); the library takes JSON only. Backticks
// inside quoted identifiers and raw strings are left alone.
func legacyLiterals(expr string) string {
	if !strings.Contains(expr, "`") {
		return expr
	}
	var b strings.Builder
	for i := 0; i < len(expr); {
		c := expr[i]
		if c != '"' && c != '\'' && c != '`' {
			b.WriteByte(c)
			i++
			continue
		}
		end, ok := closing(expr, i+1, c)
		if !ok {
			b.WriteString(expr[i:]) // unterminated: the library says where
			break
		}
		if c == '`' {
			b.WriteString("`" + asJSON(expr[i+1:end-1]) + "`")
		} else {
			b.WriteString(expr[i:end])
		}
		i = end
	}
	return b.String()
}

// closing is the index just past the quote that closes the one before from (a backslash escapes
// the next byte); ok is false when none does.
func closing(s string, from int, quote byte) (int, bool) {
	for j := from; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case quote:
			return j + 1, true
		}
	}
	return 0, false
}

// asJSON is a literal's text as the library should read it: itself when it is JSON, else the
// JSON string jmespath.py makes of it (its leading spaces dropped), backticks escaped again.
func asJSON(lit string) string {
	text := strings.ReplaceAll(lit, "\\`", "`")
	if json.Valid([]byte(text)) {
		return lit
	}
	var str string
	if json.Unmarshal([]byte(`"`+strings.TrimLeft(text, " \t\n\r")+`"`), &str) != nil {
		return lit // not a string either: the library's error names it
	}
	out, _ := json.Marshal(str)
	return strings.ReplaceAll(string(out), "`", "\\`")
}

// wrapped replaces every default function (later entries win in the library's table); built on
// first use, not at start-up.
var wrapped = sync.OnceValue(func() []functions.FunctionEntry {
	var out []functions.FunctionEntry
	for _, f := range functions.GetDefaultFunctions() {
		out = append(out, wrap(f))
	}
	return out
})

// wrap keeps the arity the library checks but accepts any type, checks the types itself with a
// message that names the function and the argument, and prefixes the handler's own errors
// ("invalid type, must be number of string") with the function's name.
func wrap(f functions.FunctionEntry) functions.FunctionEntry {
	loose := make([]functions.ArgSpec, len(f.Arguments))
	for i, a := range f.Arguments {
		loose[i] = functions.ArgSpec{Types: []functions.JpType{functions.JpAny}, Variadic: a.Variadic, Optional: a.Optional}
	}
	name, specs, handler := f.Name, f.Arguments, f.Handler
	return functions.FunctionEntry{Name: name, Arguments: loose, Handler: func(args []any) (any, error) {
		for i, arg := range args {
			spec, ok := specFor(specs, i)
			if ok && !accepts(spec, arg) {
				return nil, fmt.Errorf("%s(): argument %d is %s (%s), expected %s", name, i+1, article(typeOf(arg)), preview(arg), expected(spec))
			}
		}
		out, err := handler(args)
		if err != nil {
			if err.Error() == "invalid type, must be number of string" { // sort_by, max_by, min_by
				return nil, fmt.Errorf("%s(): the expression must give only numbers or only strings", name)
			}
			return nil, fmt.Errorf("%s(): %w", name, err)
		}
		return out, nil
	}}
}

func specFor(specs []functions.ArgSpec, i int) (functions.ArgSpec, bool) {
	switch {
	case len(specs) == 0:
		return functions.ArgSpec{}, false
	case i < len(specs):
		return specs[i], true
	case specs[len(specs)-1].Variadic:
		return specs[len(specs)-1], true
	}
	return functions.ArgSpec{}, false
}

// accepts mirrors the library's typeCheck.
func accepts(spec functions.ArgSpec, arg any) bool {
	for _, t := range spec.Types {
		switch t {
		case functions.JpAny:
			return true
		case functions.JpNumber:
			if _, ok := arg.(float64); ok {
				return true
			}
		case functions.JpString:
			if _, ok := arg.(string); ok {
				return true
			}
		case functions.JpArray:
			if util.IsSliceType(arg) {
				return true
			}
		case functions.JpObject:
			if _, ok := arg.(map[string]any); ok {
				return true
			}
		case functions.JpArrayArray:
			if _, ok := arg.([]any); ok {
				return true
			}
		case functions.JpArrayNumber:
			if _, ok := util.ToArrayNum(arg); ok {
				return true
			}
		case functions.JpArrayString:
			if _, ok := util.ToArrayStr(arg); ok {
				return true
			}
		case functions.JpExpref:
			if _, ok := arg.(functions.ExpRef); ok {
				return true
			}
		}
	}
	return false
}

// typeOf names a value's JMESPath type.
func typeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case map[string]any:
		return "object"
	case functions.ExpRef:
		return "expression"
	}
	if util.IsSliceType(v) {
		return "array"
	}
	return fmt.Sprintf("%T", v)
}

func article(t string) string {
	switch t {
	case "null":
		return "null"
	case "array", "object", "expression", "array of numbers", "array of strings", "array of arrays":
		return "an " + t
	}
	return "a " + t
}

func expected(spec functions.ArgSpec) string {
	var names []string
	for _, t := range spec.Types {
		var n string
		switch t {
		case functions.JpArrayNumber:
			n = "array of numbers"
		case functions.JpArrayString:
			n = "array of strings"
		case functions.JpArrayArray:
			n = "array of arrays"
		case functions.JpExpref:
			n = "expression (&field)"
		default:
			n = string(t)
		}
		if t == functions.JpExpref {
			names = append(names, "an "+n)
		} else {
			names = append(names, article(n))
		}
	}
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// preview is the value as JSON, cut to a few dozen characters.
func preview(v any) string {
	if _, ok := v.(functions.ExpRef); ok {
		return "&…"
	}
	b, err := json.Marshal(v)
	s := string(b)
	if err != nil {
		s = fmt.Sprint(v)
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	return s
}
