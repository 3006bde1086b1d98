package invoke

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	smithydoc "github.com/aws/smithy-go/document"
	smithytime "github.com/aws/smithy-go/time"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// response collects an operation's output as a generic document keyed by model member names. It
// plays the part of a generated output type for the protocol codecs.
type response struct {
	op     *opInfo
	doc    map[string]any
	header http.Header // the response's headers, for values the codec cannot parse
	// lenient reads the scalars of a JSON body whatever their JSON type (see reader.loose).
	lenient bool
	// jsonBody: the body is JSON (json, rest-json), whose timestamps are epoch seconds.
	jsonBody bool
	// wireTimes keeps timestamps as sent (Options.WireTimestamps).
	wireTimes bool
	// order records the member order of maps, when the caller asked (document.WithOrder).
	order *document.Order
}

// newResponse prepares the reading of one answer to oi.
func (inv *Invoker) newResponse(ctx context.Context, oi *opInfo, header http.Header, lenient bool) *response {
	return &response{op: oi, header: header, lenient: lenient,
		jsonBody:  inv.protocol == protoJSON || inv.protocol == protoRestJSON,
		wireTimes: inv.opts.WireTimestamps, order: document.OrderFrom(ctx)}
}

var (
	_ smithy.Deserializable  = (*response)(nil)
	_ smithy.StreamingOutput = (*streamingResponse)(nil)
)

// Deserialize implements smithy.Deserializable.
func (r *response) Deserialize(d smithy.ShapeDeserializer) error {
	out := r.op.output
	rd := &reader{d: d, header: r.header, lenient: r.lenient, jsonBody: r.jsonBody, wireTimes: r.wireTimes, order: r.order}
	doc, err := rd.structure(out.schema, out)
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

// reader walks a response with a codec's deserializer. Scalars are read into its scratch fields:
// a local passed by pointer to an interface method would escape to the heap on every value.
type reader struct {
	d   smithy.ShapeDeserializer
	str string
	i64 int64
	i32 int32
	i16 int16
	i8  int8
	f64 float64
	f32 float32
	b   bool
	t   time.Time
	raw []byte

	header http.Header

	// lenient is set for JSON protocols: scalars of the body are read with loose.
	lenient bool
	// jsonBody, wireTimes and order: see response.
	jsonBody  bool
	wireTimes bool
	order     *document.Order
	// inBody is true while the value being read is in the JSON body, not bound to a header, the
	// status code or a raw payload.
	inBody bool
	depth  int // structures entered; 0 is the output itself
}

func (r *reader) structure(schema *smithy.Schema, si *shapeInfo) (map[string]any, error) {
	top := r.depth == 0
	r.depth++
	defer func() { r.depth-- }()
	doc := make(map[string]any, min(len(si.members), 8))
	err := smithy.ReadStruct(r.d, schema, func(ms *smithy.Schema) error {
		mi := si.byWire[ms.MemberName()]
		if mi == nil {
			return fmt.Errorf("%s: unexpected member %q", si.name, ms.MemberName())
		}
		if top {
			r.inBody = inJSONBody(si, mi)
		}
		v, err := r.value(ms, mi.target, mi)
		if err != nil && mi.ref.Location == "header" && mi.target.shape.Type == "timestamp" {
			// A header that is not a valid date (S3 Expires often is not) must not fail the
			// whole call: keep its text as boto3 does (ExpiresString).
			doc[mi.name+"String"] = r.header.Get(mi.ref.LocationName)
			return nil
		}
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

// value reads one value of shape si; mi is the member holding it (nil inside lists and maps).
func (r *reader) value(schema *smithy.Schema, si *shapeInfo, mi *memberInfo) (any, error) {
	d := r.d
	sh := si.shape
	if r.lenient && r.inBody && scalarTypes[sh.Type] {
		return r.loose(schema, sh)
	}
	if sh.Type == "timestamp" {
		if v, ok, err := r.timestamp(schema, mi); ok {
			return v, err
		}
	}
	switch sh.Type {
	case "structure":
		switch {
		case sh.Document:
			var v smithydoc.Value
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
				v, err := r.value(ms, m.target, m)
				if err != nil {
					return fmt.Errorf("%s.%s: %w", si.name, m.name, err)
				}
				doc[m.name] = v
				return nil
			})
			return doc, err
		}
		return r.structure(schema, si)
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
			v, err := r.value(member, si.elem, nil)
			if err != nil {
				return fmt.Errorf("[%d]: %w", len(items), err)
			}
			items = append(items, v)
			return nil
		})
		return items, err
	case "map":
		m := map[string]any{}
		var keys []string // the server's order, which the AWS CLI keeps
		valSchema := schema.MapValue()
		err := smithy.ReadMap(d, schema, func(k string) error {
			if _, dup := m[k]; !dup && r.order != nil {
				keys = append(keys, k)
			}
			if isNil, err := d.ReadNil(valSchema); err != nil || isNil {
				if isNil {
					m[k] = nil
				}
				return err
			}
			v, err := r.value(valSchema, si.elem, nil)
			if err != nil {
				return fmt.Errorf("[%q]: %w", k, err)
			}
			m[k] = v
			return nil
		})
		r.order.Record(m, keys)
		return m, err
	case "string":
		r.str = ""
		if err := d.ReadString(schema, &r.str); err != nil {
			return nil, err
		}
		s := r.str
		if mi != nil && mi.ref.JSONValue && mi.ref.Location == "header" && s != "" {
			if v, err := document.DecodeJSON([]byte(s), r.order); err == nil {
				return v, nil
			}
		}
		return s, nil
	case "integer":
		err := d.ReadInt32(schema, &r.i32)
		return int64(r.i32), err
	case "long":
		err := d.ReadInt64(schema, &r.i64)
		return r.i64, err
	case "short":
		err := d.ReadInt16(schema, &r.i16)
		return int64(r.i16), err
	case "byte":
		err := d.ReadInt8(schema, &r.i8)
		return int64(r.i8), err
	case "float":
		err := d.ReadFloat32(schema, &r.f32)
		return float64(r.f32), err
	case "double":
		err := d.ReadFloat64(schema, &r.f64)
		return r.f64, err
	case "boolean":
		err := d.ReadBool(schema, &r.b)
		return r.b, err
	case "timestamp":
		r.t = time.Time{}
		err := d.ReadTime(schema, &r.t)
		return r.t, err
	case "blob":
		r.raw = nil
		if err := d.ReadBlob(schema, &r.raw); err != nil {
			return nil, err
		}
		// The codecs may hand back a view of a pooled buffer: keep our own copy.
		return append([]byte{}, r.raw...), nil
	}
	return nil, fmt.Errorf("shape %s has unsupported type %q", si.name, sh.Type)
}

// documentValue unwraps a smithy document into plain Go values.
func documentValue(v smithydoc.Value) any {
	switch x := v.(type) {
	case smithydoc.Opaque:
		return x.Value
	case *smithydoc.Opaque:
		return x.Value
	case nil:
		return nil
	}
	return v
}

// inJSONBody reports whether a member of the output structure si is read from the JSON body.
func inJSONBody(si *shapeInfo, mi *memberInfo) bool {
	if mi.ref.Location != "" || mi.ref.EventHeader {
		return false
	}
	if mi.ref.EventPayload {
		return mi.target.shape.Type == "structure" // a string or blob payload is the raw payload
	}
	// A string or blob payload is the raw body, not JSON.
	return si.shape.Payload != mi.name || mi.target.shape.Type == "structure"
}

// scalarTypes are the shape types loose reads; blobs stay strict (base64 strings only).
var scalarTypes = map[string]bool{"string": true, "boolean": true, "timestamp": true,
	"integer": true, "long": true, "short": true, "byte": true, "float": true, "double": true}

// loose reads a scalar of a JSON body whatever JSON value holds it, as botocore's JSON parsers
// do: they pass any value on unchanged, so a service (or moto) sending ECS Container.cpu as a
// number does not fail the whole response. A value of the modelled type is returned as the strict
// reader would (numbers as int64 or float64 by shape, timestamps as time.Time); any other value
// is kept as sent: a number as int64 (or float64 when it has a fraction or exponent), a string,
// a bool, or objects and arrays as map[string]any and []any.
func (r *reader) loose(schema *smithy.Schema, sh *model.Shape) (any, error) {
	var doc smithydoc.Value
	if err := r.d.ReadDocument(schema, &doc); err != nil {
		return nil, err
	}
	v := documentValue(doc)
	switch sh.Type {
	case "float", "double":
		switch x := v.(type) {
		case json.Number:
			if f, err := x.Float64(); err == nil {
				return f, nil
			}
		case string:
			switch strings.ToLower(x) { // the special values JSON cannot write as numbers
			case "nan":
				return math.NaN(), nil
			case "infinity":
				return math.Inf(1), nil
			case "-infinity":
				return math.Inf(-1), nil
			}
		}
	case "timestamp":
		if r.wireTimes {
			return plain(v), nil
		}
		if t, ok := looseTime(v); ok {
			return t, nil
		}
	}
	return plain(v), nil
}

// looseTime parses a timestamp sent as epoch seconds or in any of the formats AWS uses, as
// botocore's timestamp parser does whatever the model's format.
func looseTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return epochTime(f), true
		}
	case string:
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return epochTime(f), true
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t, true // in the offset it was written with, as dateutil reads it
		}
		if t, err := smithytime.ParseDateTime(x); err == nil {
			return t.UTC(), true
		}
		if t, err := smithytime.ParseHTTPDate(x); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// timestamp reads a timestamp where the codec would lose what botocore keeps, and reports
// whether it did: in a JSON body (the codecs round epoch seconds to milliseconds), and every
// timestamp when they are kept as sent (wireTimes).
func (r *reader) timestamp(schema *smithy.Schema, mi *memberInfo) (any, bool, error) {
	switch {
	case r.jsonBody && r.inBody:
		var doc smithydoc.Value
		if err := r.d.ReadDocument(schema, &doc); err != nil {
			return nil, true, err
		}
		v := documentValue(doc)
		if r.wireTimes {
			return plain(v), true, nil
		}
		if t, ok := looseTime(v); ok {
			return t, true, nil
		}
		return nil, true, fmt.Errorf("%v is not a timestamp", v)
	case !r.wireTimes:
		return nil, false, nil
	case mi != nil && mi.ref.Location == "header":
		return r.header.Get(mi.ref.LocationName), true, nil
	}
	r.str = ""
	err := r.d.ReadString(schema, &r.str)
	return r.str, true, err
}

// epochTime is the time sec seconds after the epoch as Python's datetime.fromtimestamp(sec,
// tzlocal()) makes it, which botocore returns and the AWS CLI prints: to the microsecond
// (rounded half to even) and in the local time zone (TZ).
func epochTime(sec float64) time.Time {
	whole, frac := math.Modf(sec)
	us := math.RoundToEven(frac * 1e6)
	if us >= 1e6 {
		whole, us = whole+1, us-1e6
	} else if us < 0 {
		whole, us = whole-1, us+1e6
	}
	return time.Unix(int64(whole), int64(us)*1000).In(time.Local)
}

// plain turns a JSON value read as a document into the output's Go types: json.Number becomes
// int64, or float64 when it is not an integer, through objects and arrays.
func plain(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return string(x)
	case map[string]any:
		for k, e := range x {
			x[k] = plain(e)
		}
	case []any:
		for i, e := range x {
			x[i] = plain(e)
		}
	}
	return v
}
