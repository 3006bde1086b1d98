package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// InputSkeleton returns an indented JSON template of an operation's input, like the AWS CLI's
// --generate-cli-skeleton: members in the model's order (required ones first), placeholder
// values ("" for strings, the first value of an enum, 0, false, one list element, one map entry
// under "KeyName"), and {} where a structure recurses into itself. With requiredOnly, optional
// members are left out at every level. A person edits it in $EDITOR and sends it as the input.
func (s *Service) InputSkeleton(operation string, requiredOnly bool) ([]byte, error) {
	in, err := s.InputShape(operation)
	if err != nil {
		return nil, err
	}
	g := skeletonWriter{svc: s, requiredOnly: requiredOnly}
	g.structure(in)
	var out bytes.Buffer
	if err := json.Indent(&out, g.buf.Bytes(), "", "  "); err != nil {
		return nil, fmt.Errorf("%s %s: skeleton: %w", s.Name, operation, err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

type skeletonWriter struct {
	svc          *Service
	requiredOnly bool
	buf          bytes.Buffer
	stack        []string // shapes being written, to stop at recursion
}

func (g *skeletonWriter) value(shapeName string) {
	sh := g.svc.Shapes[shapeName]
	if sh == nil {
		g.buf.WriteString("null")
		return
	}
	if slices.Contains(g.stack, shapeName) {
		// A recursive shape (a JSON tree, a nested filter): one level is enough to show it.
		g.buf.WriteString(emptyOf(sh.Type))
		return
	}
	g.stack = append(g.stack, shapeName)
	defer func() { g.stack = g.stack[:len(g.stack)-1] }()

	switch sh.Type {
	case "structure":
		if sh.Document {
			g.buf.WriteString("{}")
			return
		}
		g.structure(sh)
	case "list":
		g.buf.WriteByte('[')
		if sh.Member != nil {
			g.value(sh.Member.Shape)
		}
		g.buf.WriteByte(']')
	case "map":
		g.buf.WriteString(`{"KeyName":`)
		if sh.Value != nil {
			g.value(sh.Value.Shape)
		} else {
			g.buf.WriteString("null")
		}
		g.buf.WriteByte('}')
	case "string":
		first := ""
		if len(sh.Enum) > 0 {
			first = sh.Enum[0]
		}
		writeJSONString(&g.buf, first)
	case "integer", "long":
		g.buf.WriteString("0")
	case "float", "double":
		g.buf.WriteString("0.0")
	case "boolean":
		g.buf.WriteString("false")
	case "timestamp":
		g.buf.WriteString(`"1970-01-01T00:00:00Z"`)
	case "blob":
		g.buf.WriteString(`""`)
	default:
		g.buf.WriteString("null")
	}
}

func (g *skeletonWriter) structure(sh *Shape) {
	g.buf.WriteByte('{')
	n := 0
	for _, name := range sh.FormMembers() {
		if g.requiredOnly && !sh.IsRequired(name) {
			continue
		}
		ref := sh.Members[name]
		if ref == nil || isHTTPOnly(ref) {
			continue
		}
		if n > 0 {
			g.buf.WriteByte(',')
		}
		n++
		writeJSONString(&g.buf, name)
		g.buf.WriteByte(':')
		g.value(ref.Shape)
	}
	g.buf.WriteByte('}')
}

// isHTTPOnly is true for members a caller never sets: the response status code.
func isHTTPOnly(ref *ShapeRef) bool {
	return ref.Location == "statusCode"
}

func emptyOf(shapeType string) string {
	switch shapeType {
	case "list":
		return "[]"
	case "structure", "map":
		return "{}"
	}
	return "null"
}

func writeJSONString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s) // a string always marshals
	buf.Write(b)
}
