package snippet

import (
	"strings"
	"sync"
)

// pyWidth is the line width the boto3 snippet tries to keep to (black's default).
const pyWidth = 88

// Boto3 returns Python code that makes the call op of service (botocore's name, e.g. "ec2")
// with input through boto3: a session with the profile and region of opts, a client (with the
// endpoint URL of opts) and the call, its keyword arguments written as Python literals in
// sorted order. Members whose names are not Python identifiers are passed with **{...}.
func Boto3(service, op string, input map[string]any, opts Options) string {
	var b strings.Builder
	b.WriteString("import boto3\n\n")
	var session []string
	if opts.Profile != "" {
		session = append(session, "profile_name="+pyString(opts.Profile))
	}
	if opts.Region != "" {
		session = append(session, "region_name="+pyString(opts.Region))
	}
	b.WriteString("session = boto3.Session(" + strings.Join(session, ", ") + ")\n")
	client := []string{pyString(service)}
	if opts.EndpointURL != "" {
		client = append(client, "endpoint_url="+pyString(opts.EndpointURL))
	}
	b.WriteString("client = session.client(" + strings.Join(client, ", ") + ")\n")

	var args []string
	odd := map[string]any{}
	for _, k := range sortedKeys(input) {
		v := normalize(input[k])
		if v == nil {
			continue
		}
		if !isPyIdentifier(k) {
			odd[k] = v
			continue
		}
		args = append(args, k+"="+pyValue(v, 1, len(k)+2))
	}
	if len(odd) > 0 {
		args = append(args, "**"+pyValue(odd, 1, 3))
	}
	call := "response = client." + XformName(op, "_") + "("
	oneLine := call + strings.Join(args, ", ") + ")"
	if len(args) == 0 || (len(oneLine) <= pyWidth && !strings.Contains(oneLine, "\n")) {
		b.WriteString(oneLine + "\n")
		return b.String()
	}
	b.WriteString(call + "\n")
	for _, a := range args {
		b.WriteString("    " + a + ",\n")
	}
	b.WriteString(")\n")
	return b.String()
}

// pyValue writes a normalised value as a Python literal at the given indent level, after
// extra characters on its line (a "Key=" before it, a comma after): on one line when it fits,
// otherwise one element per line.
func pyValue(v any, level, extra int) string {
	flat := pyFlat(v)
	indent := strings.Repeat("    ", level)
	if len(indent)+extra+len(flat) <= pyWidth {
		return flat
	}
	inner := indent + "    "
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return flat
		}
		var b strings.Builder
		b.WriteString("[\n")
		for _, e := range x {
			b.WriteString(inner + pyValue(e, level+1, 1) + ",\n")
		}
		b.WriteString(indent + "]")
		return b.String()
	case map[string]any:
		if len(x) == 0 {
			return flat
		}
		var b strings.Builder
		b.WriteString("{\n")
		for _, k := range sortedKeys(x) {
			key := pyString(k)
			b.WriteString(inner + key + ": " + pyValue(x[k], level+1, len(key)+3) + ",\n")
		}
		b.WriteString(indent + "}")
		return b.String()
	}
	return flat
}

// pyFlat writes a normalised value as a one-line Python literal.
func pyFlat(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case number:
		switch string(x) {
		case "NaN":
			return `float("nan")`
		case "+Inf":
			return `float("inf")`
		case "-Inf":
			return `float("-inf")`
		}
		return string(x)
	case string:
		return pyString(x)
	case []byte:
		return pyBytes(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyFlat(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := sortedKeys(x)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyString(k) + ": " + pyFlat(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "None"
}

// pyString writes a Python str literal in double quotes. Printable Unicode stays as it is (a
// Python 3 source file is UTF-8); control and format characters are escaped.
func pyString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x` + hex2(byte(r)))
		case isUnprintable(r):
			b.WriteString(unicodeEscape(r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// pyBytes writes a Python bytes literal: printable ASCII as is, everything else as \xNN.
func pyBytes(p []byte) string {
	var b strings.Builder
	b.WriteString(`b"`)
	for _, c := range p {
		switch {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			b.WriteString(`\x` + hex2(c))
		}
	}
	b.WriteByte('"')
	return b.String()
}

// pyKeywords are Python's reserved words, which cannot be keyword-argument names.
var pyKeywords = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
		"async": true, "await": true, "break": true, "class": true, "continue": true, "def": true,
		"del": true, "elif": true, "else": true, "except": true, "finally": true, "for": true,
		"from": true, "global": true, "if": true, "import": true, "in": true, "is": true,
		"lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true, "raise": true,
		"return": true, "try": true, "while": true, "with": true, "yield": true,
	}
})

func isPyIdentifier(s string) bool {
	if s == "" || pyKeywords()[s] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
