package invoke

import (
	"io"
	"sort"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
)

// request is a normalized input ready for a protocol codec. It plays the part of a generated input
// type: it describes itself to a smithy.ShapeSerializer.
type request struct {
	op     *opInfo
	values map[string]any
	stream io.Reader // a streaming payload member given as a reader, if any
}

var (
	_ smithy.Serializable   = (*request)(nil)
	_ smithy.StreamingInput = (*streamingRequest)(nil)
)

// Serialize implements smithy.Serializable.
func (r *request) Serialize(s smithy.ShapeSerializer) {
	writeStruct(s, r.op.input.schema, r.op.input, r.values, r.op.streamIn)
}

// streamingRequest is a request whose payload member is an io.Reader. The HTTP binding codecs only
// look for smithy.StreamingInput, so it is a distinct type.
type streamingRequest struct{ *request }

// GetPayloadStream implements smithy.StreamingInput.
func (r *streamingRequest) GetPayloadStream() io.Reader { return r.stream }

func writeStruct(s smithy.ShapeSerializer, schema *smithy.Schema, si *shapeInfo, v map[string]any, skip *memberInfo) {
	s.WriteStruct(schema)
	for _, mi := range si.members { // sorted by name, as the typed clients write them
		val, ok := v[mi.name]
		if !ok || mi == skip && isReader(val) {
			continue
		}
		writeValue(s, mi.schema, mi.target, val)
	}
	s.CloseStruct()
}

func isReader(v any) bool {
	_, ok := v.(io.Reader)
	return ok
}

func writeValue(s smithy.ShapeSerializer, schema *smithy.Schema, si *shapeInfo, v any) {
	sh := si.shape
	switch sh.Type {
	case "structure":
		if sh.Document {
			s.WriteDocument(schema, document.Opaque{Value: v})
			return
		}
		m := v.(map[string]any)
		if sh.Union {
			for _, mi := range si.members {
				if val, ok := m[mi.name]; ok {
					s.WriteUnion(schema, mi.schema)
					writeValue(s, mi.schema, mi.target, val)
					s.CloseUnion()
					return
				}
			}
			return
		}
		writeStruct(s, schema, si, m, nil)
	case "list":
		items := v.([]any)
		s.WriteList(schema)
		member := schema.ListMember()
		for _, item := range items {
			writeValue(s, member, si.elem, item)
		}
		s.CloseList()
	case "map":
		m := v.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s.WriteMap(schema)
		keySchema, valSchema := schema.MapKey(), schema.MapValue()
		for _, k := range keys {
			s.WriteKey(keySchema, k)
			writeValue(s, valSchema, si.elem, m[k])
		}
		s.CloseMap()
	case "string":
		s.WriteString(schema, v.(string))
	case "integer":
		s.WriteInt32(schema, int32(v.(int64)))
	case "long":
		s.WriteInt64(schema, v.(int64))
	case "short":
		s.WriteInt16(schema, int16(v.(int64)))
	case "byte":
		s.WriteInt8(schema, int8(v.(int64)))
	case "float":
		s.WriteFloat32(schema, float32(v.(float64)))
	case "double":
		s.WriteFloat64(schema, v.(float64))
	case "boolean":
		s.WriteBool(schema, v.(bool))
	case "timestamp":
		s.WriteTime(schema, v.(time.Time))
	case "blob":
		if b, ok := v.([]byte); ok {
			s.WriteBlob(schema, b)
		}
	}
}
