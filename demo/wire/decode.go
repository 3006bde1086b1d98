package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// InputError is a request whose input does not fit the model: the handler never sees it and the
// client gets a validation error in its protocol.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func badInput(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

func inputShape(svc *model.Service, op *model.Operation) *model.Shape {
	if op.Input == nil {
		return &model.Shape{Type: "structure"}
	}
	if sh := svc.Shapes[op.Input.Shape]; sh != nil {
		return sh
	}
	return &model.Shape{Type: "structure"}
}

// decodeJSONInput reads an awsJson body.
func decodeJSONInput(svc *model.Service, op *model.Operation, body []byte) (map[string]any, error) {
	sh := inputShape(svc, op)
	if len(bytes.TrimSpace(body)) == 0 {
		return map[string]any{}, nil
	}
	var raw any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, badInput("the request body is not JSON: %v", err)
	}
	v, err := fromJSON(svc, sh, raw)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// bodyName is the name a member has in a JSON or XML body.
func bodyName(name string, ref *model.ShapeRef) string {
	if ref.LocationName != "" && ref.Location == "" {
		return ref.LocationName
	}
	return name
}

// fromJSON converts a decoded JSON value to a document value of shape sh.
func fromJSON(svc *model.Service, sh *model.Shape, v any) (any, error) {
	if v == nil || sh == nil {
		return v, nil
	}
	switch sh.Type {
	case "structure":
		in, ok := v.(map[string]any)
		if !ok {
			return nil, badInput("expected an object, got %T", v)
		}
		if sh.Document {
			return plainJSON(v), nil
		}
		out := make(map[string]any, len(in))
		for name, ref := range sh.Members {
			raw, ok := in[bodyName(name, ref)]
			if !ok {
				continue
			}
			val, err := fromJSON(svc, svc.Shapes[ref.Shape], raw)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			out[name] = val
		}
		return out, nil
	case "list":
		in, ok := v.([]any)
		if !ok {
			return nil, badInput("expected a list, got %T", v)
		}
		out := make([]any, len(in))
		for i, e := range in {
			val, err := fromJSON(svc, svc.Shapes[sh.Member.Shape], e)
			if err != nil {
				return nil, err
			}
			out[i] = val
		}
		return out, nil
	case "map":
		in, ok := v.(map[string]any)
		if !ok {
			return nil, badInput("expected an object, got %T", v)
		}
		out := make(map[string]any, len(in))
		for k, e := range in {
			val, err := fromJSON(svc, svc.Shapes[sh.Value.Shape], e)
			if err != nil {
				return nil, err
			}
			out[k] = val
		}
		return out, nil
	case "timestamp":
		switch t := v.(type) {
		case json.Number:
			f, err := t.Float64()
			if err != nil {
				return nil, badInput("bad timestamp %s", t)
			}
			return epoch(f), nil
		case string:
			return parseTime(t)
		}
		return nil, badInput("bad timestamp %v", v)
	case "blob":
		s, ok := v.(string)
		if !ok {
			return nil, badInput("expected base64, got %T", v)
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, badInput("bad base64: %v", err)
		}
		return b, nil
	case "integer", "long":
		if n, ok := v.(json.Number); ok {
			i, err := n.Int64()
			if err != nil {
				return nil, badInput("expected an integer, got %s", n)
			}
			return i, nil
		}
		return nil, badInput("expected an integer, got %T", v)
	case "float", "double":
		if n, ok := v.(json.Number); ok {
			f, err := n.Float64()
			if err != nil {
				return nil, badInput("expected a number, got %s", n)
			}
			return f, nil
		}
		return nil, badInput("expected a number, got %T", v)
	}
	return plainJSON(v), nil
}

// plainJSON turns json.Numbers into int64 or float64.
func plainJSON(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	case map[string]any:
		for k, e := range t {
			t[k] = plainJSON(e)
		}
	case []any:
		for i, e := range t {
			t[i] = plainJSON(e)
		}
	}
	return v
}

func epoch(f float64) time.Time {
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z", http.TimeFormat, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return epoch(f), nil
	}
	return time.Time{}, badInput("bad timestamp %q", s)
}

// scalarFromString reads a scalar sent as text (query, headers, URI, XML).
func scalarFromString(sh *model.Shape, s string) (any, error) {
	switch sh.Type {
	case "integer", "long":
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, badInput("expected an integer, got %q", s)
		}
		return i, nil
	case "float", "double":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, badInput("expected a number, got %q", s)
		}
		return f, nil
	case "boolean":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, badInput("expected true or false, got %q", s)
		}
		return b, nil
	case "timestamp":
		return parseTime(s)
	case "blob":
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, badInput("bad base64: %v", err)
		}
		return b, nil
	}
	return s, nil
}

// queryDecoder reads awsQuery and ec2 form parameters by the model, as botocore writes them.
type queryDecoder struct {
	svc      *model.Service
	values   url.Values
	prefixes map[string]bool // every dotted prefix of every key
	ec2      bool
}

func decodeQueryInput(svc *model.Service, op *model.Operation, values url.Values, ec2 bool) (map[string]any, error) {
	d := &queryDecoder{svc: svc, values: values, prefixes: map[string]bool{}, ec2: ec2}
	for k := range values {
		for i := 0; i < len(k); i++ {
			if k[i] == '.' {
				d.prefixes[k[:i]] = true
			}
		}
		d.prefixes[k] = true
	}
	v, err := d.structure(inputShape(svc, op), "")
	if err != nil {
		return nil, err
	}
	if v == nil {
		return map[string]any{}, nil
	}
	return v, nil
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// memberName is a member's parameter name: ec2 prefers queryName, then the locationName with its
// first letter upper-cased; awsQuery the locationName.
func (d *queryDecoder) memberName(name string, ref *model.ShapeRef) string {
	if d.ec2 {
		if ref.QueryName != "" {
			return ref.QueryName
		}
		if ref.LocationName != "" {
			return strings.ToUpper(ref.LocationName[:1]) + ref.LocationName[1:]
		}
		return name
	}
	if ref.LocationName != "" {
		return ref.LocationName
	}
	return name
}

func (d *queryDecoder) structure(sh *model.Shape, prefix string) (map[string]any, error) {
	var out map[string]any
	for name, ref := range sh.Members {
		key := join(prefix, d.memberName(name, ref))
		if !d.prefixes[key] {
			continue
		}
		v, err := d.value(d.svc.Shapes[ref.Shape], ref, key)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if v == nil {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		out[name] = v
	}
	if out == nil && prefix == "" {
		out = map[string]any{}
	}
	return out, nil
}

func (d *queryDecoder) value(sh *model.Shape, ref *model.ShapeRef, key string) (any, error) {
	if sh == nil {
		return d.values.Get(key), nil
	}
	switch sh.Type {
	case "structure":
		m, err := d.structure(sh, key)
		if m == nil && err == nil {
			return map[string]any{}, nil
		}
		return m, err
	case "list":
		if d.values.Has(key) && d.values.Get(key) == "" {
			return []any{}, nil // an empty list is sent as "Name="
		}
		prefix := key
		if !d.ec2 && !sh.Flattened && !ref.Flattened {
			elem := "member"
			if sh.Member.LocationName != "" {
				elem = sh.Member.LocationName
			}
			prefix = key + "." + elem
		}
		out := []any{}
		for i := 1; ; i++ {
			k := prefix + "." + strconv.Itoa(i)
			if !d.prefixes[k] {
				break
			}
			v, err := d.value(d.svc.Shapes[sh.Member.Shape], sh.Member, k)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case "map":
		prefix := key
		if !sh.Flattened && !ref.Flattened {
			prefix = key + ".entry"
		}
		kname, vname := "key", "value"
		if sh.Key.LocationName != "" {
			kname = sh.Key.LocationName
		}
		if sh.Value.LocationName != "" {
			vname = sh.Value.LocationName
		}
		out := map[string]any{}
		for i := 1; ; i++ {
			k := prefix + "." + strconv.Itoa(i)
			if !d.prefixes[k] {
				break
			}
			v, err := d.value(d.svc.Shapes[sh.Value.Shape], sh.Value, k+"."+vname)
			if err != nil {
				return nil, err
			}
			out[d.values.Get(k+"."+kname)] = v
		}
		return out, nil
	}
	return scalarFromString(sh, d.values.Get(key))
}

// decodeRESTInput reads a rest-json or rest-xml request: URI labels, query string, headers and
// the body (a JSON body, or the payload member). rest-xml bodies other than a payload blob are
// not read: no service of the demo world speaks rest-xml but S3, which gofakes3 answers.
func decodeRESTInput(svc *model.Service, op *model.Operation, protocol string, req *http.Request, labels map[string]string, body []byte) (map[string]any, error) {
	sh := inputShape(svc, op)
	out := map[string]any{}
	q := req.URL.Query()
	claimed := map[string]bool{}
	var queryMap string
	names := make([]string, 0, len(sh.Members))
	for name := range sh.Members {
		names = append(names, name)
	}
	sort.Strings(names)
	bodyMembers := false
	for _, name := range names {
		ref := sh.Members[name]
		target := svc.Shapes[ref.Shape]
		if target == nil {
			continue
		}
		loc := ref.LocationName
		if loc == "" {
			loc = name
		}
		switch ref.Location {
		case "uri":
			if s, ok := labels[loc]; ok {
				v, err := scalarFromString(target, s)
				if err != nil {
					return nil, err
				}
				out[name] = v
			}
		case "querystring":
			if target.Type == "map" {
				queryMap = name
				continue
			}
			vals, ok := q[loc]
			if !ok {
				continue
			}
			claimed[loc] = true
			if target.Type == "list" {
				list := []any{}
				for _, s := range vals {
					v, err := scalarFromString(svc.Shapes[target.Member.Shape], s)
					if err != nil {
						return nil, err
					}
					list = append(list, v)
				}
				out[name] = list
				continue
			}
			v, err := scalarFromString(target, vals[0])
			if err != nil {
				return nil, err
			}
			out[name] = v
		case "header":
			s := req.Header.Get(loc)
			if s == "" {
				continue
			}
			if target.Type == "list" {
				list := []any{}
				for _, part := range strings.Split(s, ",") {
					list = append(list, strings.TrimSpace(part))
				}
				out[name] = list
				continue
			}
			if ref.JSONValue {
				raw, err := base64.StdEncoding.DecodeString(s)
				if err == nil {
					var v any
					if json.Unmarshal(raw, &v) == nil {
						out[name] = v
						continue
					}
				}
			}
			v, err := scalarFromString(target, s)
			if err != nil {
				return nil, err
			}
			out[name] = v
		case "headers":
			m := map[string]any{}
			for k, vs := range req.Header {
				if strings.HasPrefix(strings.ToLower(k), strings.ToLower(loc)) && len(vs) > 0 {
					m[k[len(loc):]] = vs[0]
				}
			}
			out[name] = m
		case "":
			if sh.Payload == name {
				if len(body) == 0 {
					continue
				}
				if target.Type == "blob" || target.Type == "string" {
					if target.Type == "string" {
						out[name] = string(body)
					} else {
						out[name] = body
					}
					continue
				}
				if protocol == RestJSON {
					v, err := decodeBodyJSON(svc, target, body)
					if err != nil {
						return nil, err
					}
					out[name] = v
				}
				continue
			}
			bodyMembers = true
		}
	}
	if queryMap != "" {
		m := map[string]any{}
		for k, vs := range q {
			if !claimed[k] && len(vs) > 0 {
				m[k] = vs[0]
			}
		}
		out[queryMap] = m
	}
	if bodyMembers && sh.Payload == "" && protocol == RestJSON && len(bytes.TrimSpace(body)) > 0 {
		v, err := decodeBodyJSON(svc, sh, body)
		if err != nil {
			return nil, err
		}
		if m, ok := v.(map[string]any); ok {
			for name, ref := range sh.Members {
				if ref.Location == "" {
					if val, ok := m[name]; ok {
						out[name] = val
					}
				}
			}
		}
	}
	return out, nil
}

func decodeBodyJSON(svc *model.Service, sh *model.Shape, body []byte) (any, error) {
	var raw any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, badInput("the request body is not JSON: %v", err)
	}
	return fromJSON(svc, sh, raw)
}
