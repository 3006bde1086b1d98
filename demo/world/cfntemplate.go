package world

import (
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// What the demo reads of a CloudFormation template (JSON or YAML): its parameters, the
// resources' logical ids and types, and the outputs. It does not evaluate intrinsic functions
// beyond an output's Ref.

type tmplParam struct {
	key, def string
	hasDef   bool
	noEcho   bool
}

type tmplResource struct {
	logical, typ string
	// props is the resource's Properties as canonical JSON: an update that changes them
	// updates the resource. refs are the names its properties Ref (parameters, resources, pseudo
	// parameters, ${X} in a Sub); atts the resources whose attributes they read (GetAtt, ${X.Y}).
	props      string
	refs, atts []string
}

type tmplOutput struct {
	key, desc, export string
	ref               string // the logical id an output's Value refers to ("" : value)
	value             string
}

type template struct {
	description string
	params      []tmplParam
	resources   []tmplResource
	outputs     []tmplOutput
}

func templateError(format string, args ...any) error {
	return invalid("ValidationError", "Template format error: "+format, args...)
}

// parseTemplate reads a template body. YAML's short forms of the intrinsic functions (!Ref X,
// !GetAtt A.B, !Sub …) read as their long forms ({Ref: X}, {Fn::GetAtt: …}).
func parseTemplate(body string) (*template, error) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(body), &root); err != nil {
		return nil, templateError("%v", oneLine(err.Error()))
	}
	if len(root.Content) == 0 {
		return nil, templateError("the template is empty")
	}
	doc, ok := nodeValue(root.Content[0]).(map[string]any)
	if !ok {
		return nil, templateError("the template is not a JSON or YAML object")
	}
	order := func(section string) []string { return sectionKeys(root.Content[0], section) }
	t := &template{}
	t.description, _ = doc["Description"].(string)
	params, _ := doc["Parameters"].(map[string]any)
	for _, k := range order("Parameters") {
		p, _ := params[k].(map[string]any)
		tp := tmplParam{key: k}
		if d, ok := p["Default"]; ok && d != nil {
			tp.def, tp.hasDef = fmt.Sprint(d), true
		}
		tp.noEcho = fmt.Sprint(p["NoEcho"]) == "true"
		t.params = append(t.params, tp)
	}
	res, _ := doc["Resources"].(map[string]any)
	if len(res) == 0 {
		return nil, templateError("At least one Resources member must be defined.")
	}
	for _, k := range order("Resources") {
		r, _ := res[k].(map[string]any)
		typ, _ := r["Type"].(string)
		if typ == "" {
			return nil, templateError("[/Resources/%s] Every Resources object must contain a Type member.", k)
		}
		tr := tmplResource{logical: k, typ: typ}
		if p, ok := r["Properties"]; ok {
			b, _ := json.Marshal(p) // sorted keys: equal properties, equal text
			tr.props = string(b)
			tr.refs, tr.atts = references(p, nil, nil)
		}
		t.resources = append(t.resources, tr)
	}
	outs, _ := doc["Outputs"].(map[string]any)
	for _, k := range order("Outputs") {
		o, _ := outs[k].(map[string]any)
		to := tmplOutput{key: k}
		to.desc, _ = o["Description"].(string)
		if ex, ok := o["Export"].(map[string]any); ok {
			to.export = fmt.Sprint(ex["Name"])
		}
		switch v := o["Value"].(type) {
		case map[string]any:
			if ref, ok := v["Ref"].(string); ok {
				to.ref = ref
			} else {
				to.value = fmt.Sprint(v)
			}
		default:
			to.value = fmt.Sprint(v)
		}
		t.outputs = append(t.outputs, to)
	}
	return t, nil
}

// subVars are the names in a Sub string's ${…} (not ${!literal}).
func subVars(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return out
		}
		if j > 0 && s[0] != '!' {
			out = append(out, s[:j])
		}
		s = s[j+1:]
	}
}

// references collects what v refers to: Ref targets into refs, GetAtt resources into atts.
func references(v any, refs, atts []string) ([]string, []string) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			if r, ok := v["Ref"].(string); ok {
				return append(refs, r), atts
			}
			if a, ok := v["Fn::GetAtt"]; ok {
				switch a := a.(type) {
				case []any:
					if len(a) > 0 {
						return refs, append(atts, fmt.Sprint(a[0]))
					}
				case []string: // the short form's !GetAtt A.B
					if len(a) > 0 {
						return refs, append(atts, a[0])
					}
				case string:
					return refs, append(atts, strings.SplitN(a, ".", 2)[0])
				}
			}
			if sub, ok := v["Fn::Sub"]; ok {
				text := sub
				if l, ok := sub.([]any); ok && len(l) > 0 {
					text = l[0]
					if len(l) > 1 {
						refs, atts = references(l[1], refs, atts)
					}
				}
				if s, ok := text.(string); ok {
					for _, name := range subVars(s) {
						if res, _, attr := strings.Cut(name, "."); attr {
							atts = append(atts, res)
						} else {
							refs = append(refs, name)
						}
					}
				}
				return refs, atts
			}
		}
		for _, x := range v {
			refs, atts = references(x, refs, atts)
		}
	case []any:
		for _, x := range v {
			refs, atts = references(x, refs, atts)
		}
	}
	return refs, atts
}

// nodeValue turns a YAML node into a document, the short-form tags into their long forms.
func nodeValue(n *yaml.Node) any {
	var v any
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return nodeValue(n.Content[0])
		}
		return nil
	case yaml.AliasNode:
		return nodeValue(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = nodeValue(n.Content[i+1])
		}
		v = m
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			l[i] = nodeValue(c)
		}
		v = l
	default:
		switch n.Tag {
		case "!!null":
			v = nil
		case "!!bool":
			v = n.Value == "true"
		default:
			v = n.Value
		}
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		fn := n.Tag[1:]
		if fn == "Ref" || fn == "Condition" {
			return map[string]any{fn: v}
		}
		if s, ok := v.(string); ok && fn == "GetAtt" {
			v = strings.SplitN(s, ".", 2)
		}
		return map[string]any{"Fn::" + fn: v}
	}
	return v
}

// sectionKeys are the keys of a top-level section in the template's order (as CloudFormation
// lists parameters and creates independent resources).
func sectionKeys(doc *yaml.Node, section string) []string {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != section {
			continue
		}
		sec := doc.Content[i+1]
		var out []string
		for j := 0; j+1 < len(sec.Content); j += 2 {
			out = append(out, sec.Content[j].Value)
		}
		return out
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
