package doctree

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// textLine is one line of the JSON or YAML text mode. Lines are built once per document and
// mode; only the ones on screen are styled. n is the node the line belongs to, so the cursor,
// its path and copying work in text mode as in the tree.
type textLine struct {
	n      *node
	prefix string // indentation, and YAML's "- " marks
	key    string // encoded member name, "" when the line has none
	value  string // encoded scalar, or punctuation such as "{" or "]"
	vkind  kind   // style of value; a container kind means punctuation
	suffix string // "," between JSON members
	// closing marks a container's closing bracket, which is not where a match is.
	closing bool
}

// blanks backs indentation strings without allocating one per line.
const blanks = "                                                                                                                                "

func indent(n int) string {
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}

// quoteJSON writes s as a JSON string. Besides what JSON requires, DEL, the C1 controls and
// the line/paragraph separators are escaped too, so the text is also safe on a terminal.
// Invalid UTF-8 becomes U+FFFD, as encoding/json does.
func quoteJSON(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				fmt.Fprintf(&b, `\u%04x`, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r >= 0x80 && r < 0xa0, r == 0x2028, r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

// jsonScalar encodes a scalar node as JSON.
func jsonScalar(n *node) (string, error) {
	switch n.kind {
	case kindNull:
		return "null", nil
	case kindBool:
		return n.text, nil
	case kindNumber:
		if !isNumberToken(n.text) {
			return "", fmt.Errorf("%s is %s, which JSON cannot hold", displayPath(n), n.text)
		}
		return n.text, nil
	default: // strings, times and base64 bytes are all JSON strings
		return quoteJSON(n.text), nil
	}
}

func displayPath(n *node) string {
	if p := pathOf(n); p != "" {
		return p
	}
	return "the document"
}

// encodeJSON writes n as JSON indented by two spaces, with members in display order.
func encodeJSON(n *node) ([]byte, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, n, 0); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, n *node, depth int) error {
	if !n.kind.container() {
		s, err := jsonScalar(n)
		if err != nil {
			return err
		}
		b.WriteString(s)
		return nil
	}
	open, closing := byte('{'), byte('}')
	if n.kind == kindArray {
		open, closing = '[', ']'
	}
	b.WriteByte(open)
	if len(n.children) == 0 {
		b.WriteByte(closing)
		return nil
	}
	for i, c := range n.children {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		b.WriteString(indent(2 * (depth + 1)))
		if n.kind == kindObject {
			b.WriteString(quoteJSON(c.key))
			b.WriteString(": ")
		}
		if err := writeJSON(b, c, depth+1); err != nil {
			return err
		}
	}
	b.WriteByte('\n')
	b.WriteString(indent(2 * depth))
	b.WriteByte(closing)
	return nil
}

// jsonLines lays the document out as indented JSON, one textLine per line.
func jsonLines(root *node) []textLine {
	values, open := count(root)
	out := make([]textLine, 0, values+open)
	var emit func(n *node, depth int, key string, last bool)
	emit = func(n *node, depth int, key string, last bool) {
		comma := ","
		if last {
			comma = ""
		}
		pre := indent(2 * depth)
		if !n.kind.container() || len(n.children) == 0 {
			v, err := jsonScalar(n)
			if err != nil {
				v = n.text // NaN or Inf: shown as is; JSON() reports the error
			}
			if n.kind == kindObject {
				v = "{}"
			} else if n.kind == kindArray {
				v = "[]"
			}
			out = append(out, textLine{n: n, prefix: pre, key: key, value: v, vkind: n.kind, suffix: comma})
			return
		}
		open, closing := "{", "}"
		if n.kind == kindArray {
			open, closing = "[", "]"
		}
		out = append(out, textLine{n: n, prefix: pre, key: key, value: open, vkind: n.kind})
		for i, c := range n.children {
			k := ""
			if n.kind == kindObject {
				k = quoteJSON(c.key)
			}
			emit(c, depth+1, k, i == len(n.children)-1)
		}
		out = append(out, textLine{n: n, prefix: pre, value: closing, vkind: n.kind, suffix: comma, closing: true})
	}
	emit(root, 0, "", true)
	return out
}

// count returns how many values are in n, and how many of them are non-empty containers
// (which take a closing line in JSON), to size the line lists once.
func count(n *node) (values, open int) {
	values = 1
	if len(n.children) > 0 {
		open = 1
	}
	for _, c := range n.children {
		v, o := count(c)
		values += v
		open += o
	}
	return values, open
}

// yamlLines lays the document out as block YAML, one textLine per line. The layout is ours
// (so each line knows its node and every scalar stays on one line); whether a string may go
// unquoted is the YAML library's decision.
func yamlLines(root *node) []textLine {
	values, _ := count(root)
	y := yamlWriter{out: make([]textLine, 0, values), quoted: map[string]string{}}
	switch {
	case root.kind == kindObject && len(root.children) > 0:
		y.members(root, "", 0)
	case root.kind == kindArray && len(root.children) > 0:
		y.items(root, "", 0)
	default:
		v, vk := y.scalar(root)
		y.out = append(y.out, textLine{n: root, value: v, vkind: vk})
	}
	return y.out
}

type yamlWriter struct {
	out []textLine
	// quoted caches the library's answer per string: AWS documents repeat values a lot.
	quoted map[string]string
}

// members writes an object's members; the first line starts with first (which may hold
// "- " marks of enclosing list items), the others with ind spaces.
func (y *yamlWriter) members(n *node, first string, ind int) {
	for i, c := range n.children {
		pre := indent(ind)
		if i == 0 {
			pre = first
		}
		key := y.str(c.key)
		if c.kind.container() && len(c.children) > 0 {
			y.out = append(y.out, textLine{n: c, prefix: pre, key: key})
			if c.kind == kindObject {
				y.members(c, indent(ind+2), ind+2)
			} else {
				y.items(c, indent(ind), ind)
			}
			continue
		}
		v, vk := y.scalar(c)
		y.out = append(y.out, textLine{n: c, prefix: pre, key: key, value: v, vkind: vk})
	}
}

// items writes a list's items as "- " lines at indentation ind.
func (y *yamlWriter) items(n *node, first string, ind int) {
	for i, c := range n.children {
		pre := indent(ind)
		if i == 0 {
			pre = first
		}
		pre += "- "
		switch {
		case c.kind == kindObject && len(c.children) > 0:
			y.members(c, pre, ind+2)
		case c.kind == kindArray && len(c.children) > 0:
			y.items(c, pre, ind+2)
		default:
			v, vk := y.scalar(c)
			y.out = append(y.out, textLine{n: c, prefix: pre, value: v, vkind: vk})
		}
	}
}

func (y *yamlWriter) scalar(n *node) (string, kind) {
	switch n.kind {
	case kindObject:
		return "{}", kindObject
	case kindArray:
		return "[]", kindArray
	case kindNull:
		return "null", kindNull
	case kindNumber:
		switch n.text {
		case "NaN":
			return ".nan", kindNumber
		case "+Inf":
			return ".inf", kindNumber
		case "-Inf":
			return "-.inf", kindNumber
		}
		return n.text, kindNumber
	case kindBool:
		return n.text, kindBool
	case kindBytes:
		return "!!binary " + n.text, kindBytes
	case kindTime:
		return n.text, kindTime
	default:
		return y.str(n.text), kindString
	}
}

// str encodes a string for YAML on one line: plain when the library would write it plain,
// else the library's own quoting, else a JSON string (which YAML reads as double-quoted).
func (y *yamlWriter) str(s string) string {
	if plainSafe(s) {
		return s
	}
	if q, ok := y.quoted[s]; ok {
		return q
	}
	q := quoteJSON(s)
	if out, err := yaml.Marshal(s); err == nil {
		enc := strings.TrimSuffix(string(out), "\n")
		if !strings.Contains(enc, "\n") && !strings.HasPrefix(enc, "|") && !strings.HasPrefix(enc, ">") {
			q = enc
		}
	}
	y.quoted[s] = q
	return q
}

// plainSafe is a quick yes for the common case (names, ids, ARN-free words): it starts with a
// letter, holds only letters, digits and -_./, and is not one of YAML's words for booleans
// and null. Everything else goes to the library.
func plainSafe(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	c := s[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '/') {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "true", "false", "on", "off", "null":
		return false
	}
	return true
}
