package invoke

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
)

// response collects an operation's output as a generic document keyed by model member names. It
// plays the part of a generated output type for the protocol codecs.
type response struct {
	op  *opInfo
	doc map[string]any
}

var (
	_ smithy.Deserializable  = (*response)(nil)
	_ smithy.StreamingOutput = (*streamingResponse)(nil)
)

// Deserialize implements smithy.Deserializable.
func (r *response) Deserialize(d smithy.ShapeDeserializer) error {
	out := r.op.output
	doc, err := readStruct(d, out.schema, out)
	if err != nil {
		return err
	}
	r.doc = doc
	return nil
}

// streamingResponse is a response whose payload streams; the codecs hand it the body unread.
type streamingResponse struct {
	*response
	body io.ReadCloser
}

// SetPayloadStream implements smithy.StreamingOutput.
func (r *streamingResponse) SetPayloadStream(rc io.ReadCloser) { r.body = rc }

func readStruct(d smithy.ShapeDeserializer, schema *smithy.Schema, si *shapeInfo) (map[string]any, error) {
	doc := map[string]any{}
	err := smithy.ReadStruct(d, schema, func(ms *smithy.Schema) error {
		mi := si.byWire[ms.MemberName()]
		if mi == nil {
			return fmt.Errorf("%s: unexpected member %q", si.name, ms.MemberName())
		}
		v, err := readValue(d, ms, mi.target, mi)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", si.name, mi.name, err)
		}
		if v != nil {
			doc[mi.name] = v
		}
		return nil
	})
	return doc, err
}

func readValue(d smithy.ShapeDeserializer, schema *smithy.Schema, si *shapeInfo, mi *memberInfo) (any, error) {
	sh := si.shape
	switch sh.Type {
	case "structure":
		switch {
		case sh.Document:
			var v document.Value
			if err := d.ReadDocument(schema, &v); err != nil {
				return nil, err
			}
			return documentValue(v), nil
		case sh.Union:
			doc := map[string]any{}
			err := smithy.ReadUnion(d, schema, func(ms *smithy.Schema) error {
				m := si.byWire[ms.MemberName()]
				if m == nil {
					return fmt.Errorf("%s: unexpected member %q", si.name, ms.MemberName())
				}
				v, err := readValue(d, ms, m.target, m)
				if err != nil {
					return fmt.Errorf("%s.%s: %w", si.name, m.name, err)
				}
				doc[m.name] = v
				return nil
			})
			return doc, err
		}
		return readStruct(d, schema, si)
	case "list":
		items := []any{}
		member := schema.ListMember()
		err := smithy.ReadList(d, schema, func() error {
			if isNil, err := d.ReadNil(member); err != nil || isNil {
				if isNil {
					items = append(items, nil)
				}
				return err
			}
			v, err := readValue(d, member, si.elem, nil)
			if err != nil {
				return fmt.Errorf("[%d]: %w", len(items), err)
			}
			items = append(items, v)
			return nil
		})
		return items, err
	case "map":
		m := map[string]any{}
		valSchema := schema.MapValue()
		err := smithy.ReadMap(d, schema, func(k string) error {
			if isNil, err := d.ReadNil(valSchema); err != nil || isNil {
				if isNil {
					m[k] = nil
				}
				return err
			}
			v, err := readValue(d, valSchema, si.elem, nil)
			if err != nil {
				return fmt.Errorf("[%q]: %w", k, err)
			}
			m[k] = v
			return nil
		})
		return m, err
	case "string":
		var s string
		if err := d.ReadString(schema, &s); err != nil {
			return nil, err
		}
		if mi != nil && mi.ref.JSONValue && mi.ref.Location == "header" && s != "" {
			var v any
			if err := json.Unmarshal([]byte(s), &v); err == nil {
				return v, nil
			}
		}
		return s, nil
	case "integer":
		var v int32
		err := d.ReadInt32(schema, &v)
		return int64(v), err
	case "long":
		var v int64
		err := d.ReadInt64(schema, &v)
		return v, err
	case "short":
		var v int16
		err := d.ReadInt16(schema, &v)
		return int64(v), err
	case "byte":
		var v int8
		err := d.ReadInt8(schema, &v)
		return int64(v), err
	case "float":
		var v float32
		err := d.ReadFloat32(schema, &v)
		return float64(v), err
	case "double":
		var v float64
		err := d.ReadFloat64(schema, &v)
		return v, err
	case "boolean":
		var v bool
		err := d.ReadBool(schema, &v)
		return v, err
	case "timestamp":
		var v time.Time
		err := d.ReadTime(schema, &v)
		return v, err
	case "blob":
		var v []byte
		if err := d.ReadBlob(schema, &v); err != nil {
			return nil, err
		}
		// The codecs may hand back a view of a pooled buffer: keep our own copy.
		return append([]byte{}, v...), nil
	}
	return nil, fmt.Errorf("shape %s has unsupported type %q", si.name, sh.Type)
}

// documentValue unwraps a smithy document into plain Go values.
func documentValue(v document.Value) any {
	switch x := v.(type) {
	case document.Opaque:
		return x.Value
	case *document.Opaque:
		return x.Value
	case nil:
		return nil
	}
	return v
}
