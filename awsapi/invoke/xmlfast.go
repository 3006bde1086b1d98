package invoke

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// A fast reader for restXml response bodies.
//
// smithy-go's XML shape deserializer spends most of a large listing (S3 ListObjectsV2, 1,000
// objects a page) in encoding/xml's namespace-translating Token, in a heap copy of every start
// element and in looking members up by their traits for every element. This reader walks the
// same body with RawToken against a plan of the output shape built once per operation, and
// produces the same document as reading the body through the codec would.
//
// It covers the shapes a listing is made of: structures (with attribute members), wrapped and
// flattened lists and scalars. Whenever it meets anything else, or anything it would have to
// judge as the codec does (a malformed value, an element bound to a header, a comment inside a
// value…), it gives up with errXMLFallback and the caller reads the body with the codec, so
// every answer and every error stay the codec's.

// errXMLFallback means: read this body with the codec instead.
var errXMLFallback = errors.New("fast XML reader: use the codec")

// xmlStruct is the plan of one structure shape.
type xmlStruct struct {
	members []*xmlMember
	byName  map[string]*xmlMember // exact XML name -> the member whose XML name folds to it
	attrs   []*xmlMember          // members read from attributes of the structure's element
	bound   int                   // the output: how many members the codec reads from the response
}

// xmlMember is one structure member as the codec finds it in a body.
type xmlMember struct {
	mi   *memberInfo
	name string // element name, or attribute name without its prefix
	attr bool
	// bound members (headers, the status code) are read by the codec from the response; one met
	// in the body sends the body to the codec too.
	bound bool
	val   *xmlValue
}

// xmlValue is how to read a value held by one schema (a member, a list member).
type xmlValue struct {
	typ       string // the model's shape type
	format    string // timestamps: smithy's format name
	flattened bool   // lists: items are repeated elements named itemName, without a wrapper
	itemName  string
	item      *xmlValue  // lists
	strct     *xmlStruct // structures
	// enum holds a string shape's values, so that the many equal ones of a listing (every
	// object's StorageClass) share one string.
	enum map[string]string
}

// xmlPlanFor returns the plan of an operation's output body, or nil when the fast reader does not
// cover it (the codec then reads every answer).
func xmlPlanFor(oi *opInfo) *xmlStruct {
	out := oi.output
	if out == nil || oi.streamOut != nil || out.shape.Payload != "" || out.shape.Type != "structure" ||
		out.shape.Union || out.shape.Document {
		return nil
	}
	b := &xmlPlanBuilder{structs: map[*shapeInfo]*xmlStruct{}}
	st := b.structure(out, true)
	if b.unsupported {
		return nil
	}
	return st
}

type xmlPlanBuilder struct {
	structs     map[*shapeInfo]*xmlStruct
	unsupported bool
}

// xmlMemberName is the element name the codec matches a member by: its own XML name trait, else
// its member name.
func xmlMemberName(s *smithy.Schema) string {
	if t, ok := smithy.SchemaDirectTrait[*traits.XMLName](s); ok {
		return t.Name
	}
	return s.MemberName()
}

func (b *xmlPlanBuilder) structure(si *shapeInfo, top bool) *xmlStruct {
	if st, ok := b.structs[si]; ok {
		return st // a shape that refers to itself
	}
	st := &xmlStruct{byName: map[string]*xmlMember{}}
	b.structs[si] = st
	for wire, ms := range si.schema.Members() {
		mi := si.byWire[wire]
		if mi == nil {
			b.unsupported = true
			return st
		}
		m := &xmlMember{mi: mi, name: xmlMemberName(ms)}
		_, m.attr = smithy.SchemaTrait[*traits.XMLAttribute](ms)
		if m.attr {
			if _, after, ok := strings.Cut(m.name, ":"); ok {
				m.name = after
			}
		}
		if top && mi.ref.Location != "" {
			m.bound = true // never read from the body: no need to plan its value
			st.bound++
		} else {
			m.val = b.value(ms, mi.target)
			if m.attr && !isXMLScalar(m.val.typ) {
				b.unsupported = true
			}
		}
		st.members = append(st.members, m)
	}
	// The codec picks the first member (in map order) whose name folds to the element's: two
	// members whose names fold together make that choice random, so leave them to it.
	for i, m := range st.members {
		for _, o := range st.members[i+1:] {
			if strings.EqualFold(m.name, o.name) {
				b.unsupported = true
			}
		}
		st.byName[m.name] = m
		if m.attr {
			st.attrs = append(st.attrs, m)
		}
	}
	return st
}

func isXMLScalar(typ string) bool {
	switch typ {
	case "string", "boolean", "timestamp", "blob", "integer", "long", "short", "byte", "float", "double":
		return true
	}
	return false
}

func (b *xmlPlanBuilder) value(s *smithy.Schema, si *shapeInfo) *xmlValue {
	v := &xmlValue{typ: si.shape.Type}
	switch {
	case v.typ == "structure":
		if si.shape.Union || si.shape.Document {
			b.unsupported = true
			return v
		}
		v.strct = b.structure(si, false)
	case v.typ == "list":
		_, v.flattened = smithy.SchemaTrait[*traits.XMLFlattened](s)
		v.itemName = xmlMemberName(s)
		member := s.ListMember()
		if member == nil || si.elem == nil {
			b.unsupported = true
			return v
		}
		v.item = b.value(member, si.elem)
		if v.item.typ == "list" && v.item.flattened {
			b.unsupported = true // a flattened list as a list item: rare, left to the codec
		}
	case v.typ == "timestamp":
		v.format = "date-time"
		if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](s); ok {
			v.format = t.Format
		}
	case v.typ == "string" && len(si.shape.Enum) > 0:
		v.enum = make(map[string]string, len(si.shape.Enum))
		for _, e := range si.shape.Enum {
			v.enum[e] = e
		}
	case isXMLScalar(v.typ):
	default:
		b.unsupported = true // maps and anything else
	}
	return v
}

// xmlBodyReader reads one body with a plan.
type xmlBodyReader struct {
	dec    *xml.Decoder
	peeked xml.Token // a start or end element read one token too far (end of a flattened list)
	open   []xml.Name
	text   []byte
}

// readXMLBody reads a restXml body into the members of the output document it holds, or fails
// with errXMLFallback (or a decoder error) when the codec must read it.
func readXMLBody(plan *xmlStruct, body []byte) (doc map[string]any, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, errXMLFallback
		}
	}()
	r := &xmlBodyReader{dec: xml.NewDecoder(bytes.NewReader(body))}
	for { // the codec reads the first element as the output, whatever its name
		tok, err := r.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return r.structure(plan, t)
		case xml.EndElement:
			return nil, errXMLFallback
		}
	}
}

// token returns the next token, checking that elements nest as encoding/xml's Token does.
func (r *xmlBodyReader) token() (xml.Token, error) {
	if tok := r.peeked; tok != nil {
		r.peeked = nil
		return tok, nil
	}
	tok, err := r.dec.RawToken()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		r.open = append(r.open, t.Name)
	case xml.EndElement:
		if len(r.open) == 0 || r.open[len(r.open)-1] != t.Name {
			return nil, errXMLFallback
		}
		r.open = r.open[:len(r.open)-1]
	}
	return tok, nil
}

func (r *xmlBodyReader) structure(st *xmlStruct, start xml.StartElement) (map[string]any, error) {
	doc := make(map[string]any, min(len(st.members), 8))
	if len(st.attrs) > 0 {
		for _, a := range start.Attr {
			for _, m := range st.attrs {
				if strings.EqualFold(m.name, a.Name.Local) {
					v, err := scalar(m.val, []byte(a.Value))
					if err != nil {
						return nil, err
					}
					doc[m.mi.name] = v
					break
				}
			}
		}
	}
	for {
		tok, err := r.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return doc, nil
		case xml.StartElement:
			m := st.lookup(t.Name.Local)
			switch {
			case m == nil || m.attr:
				if err := r.skip(); err != nil {
					return nil, err
				}
			case m.bound:
				return nil, errXMLFallback
			default:
				v, err := r.value(m.val, t)
				if err != nil {
					return nil, err
				}
				doc[m.mi.name] = v
			}
		}
	}
}

func (st *xmlStruct) lookup(name string) *xmlMember {
	if m := st.byName[name]; m != nil {
		return m
	}
	for _, m := range st.members {
		if strings.EqualFold(m.name, name) {
			return m
		}
	}
	return nil
}

// skip reads up to the end of the element just started.
func (r *xmlBodyReader) skip() error {
	for depth := 1; depth > 0; {
		tok, err := r.token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// value reads the value whose element start has just been read.
func (r *xmlBodyReader) value(v *xmlValue, start xml.StartElement) (any, error) {
	switch v.typ {
	case "structure":
		return r.structure(v.strct, start)
	case "list":
		if v.flattened {
			return r.flatList(v, start)
		}
		return r.wrappedList(v)
	}
	text, err := r.chardata()
	if err != nil {
		return nil, err
	}
	return scalar(v, text)
}

// wrappedList reads items (any element, as the codec does) up to the list's end.
func (r *xmlBodyReader) wrappedList(v *xmlValue) (any, error) {
	items := []any{}
	for {
		tok, err := r.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return items, nil
		case xml.StartElement:
			item, err := r.value(v.item, t)
			if err != nil {
				return nil, err
			}
			items = append(items, item)
		}
	}
}

// flatList reads the run of sibling elements named after the list, starting with the one just
// read; the element that ends the run is left for the structure to read.
func (r *xmlBodyReader) flatList(v *xmlValue, start xml.StartElement) (any, error) {
	items := []any{}
	for {
		item, err := r.value(v.item, start)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	next:
		tok, err := r.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !strings.EqualFold(t.Name.Local, v.itemName) {
				r.peeked = t
				return items, nil
			}
			start = t
		case xml.EndElement:
			r.peeked = t
			return items, nil
		default:
			goto next
		}
	}
}

// chardata reads the text of a scalar element and its end. The text is valid until the next call.
func (r *xmlBodyReader) chardata() ([]byte, error) {
	r.text = r.text[:0]
	for {
		tok, err := r.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			r.text = append(r.text, t...) // t is only valid until the next token
		case xml.EndElement:
			return r.text, nil
		default:
			return nil, errXMLFallback // the codec refuses anything else inside a value
		}
	}
}

// scalar converts a value's text as the codec's reader does, and as reader.value then types it.
// Numbers and booleans are parsed from a string that does not outlive the call, which the
// compiler keeps off the heap.
func scalar(v *xmlValue, raw []byte) (any, error) {
	switch v.typ {
	case "string":
		if s, ok := v.enum[string(raw)]; ok {
			return s, nil
		}
		return string(raw), nil
	case "boolean":
		b, err := strconv.ParseBool(string(raw))
		if err != nil {
			return nil, errXMLFallback
		}
		return b, nil
	case "integer", "long", "short", "byte":
		bits := 64
		switch v.typ {
		case "integer":
			bits = 32
		case "short":
			bits = 16
		case "byte":
			bits = 8
		}
		n, err := strconv.ParseInt(string(raw), 10, bits)
		if err != nil {
			return nil, errXMLFallback
		}
		return n, nil
	case "float", "double":
		var f float64
		switch text := string(raw); {
		case strings.EqualFold(text, "NaN"):
			f = math.NaN()
		case strings.EqualFold(text, "Infinity"):
			f = math.Inf(1)
		case strings.EqualFold(text, "-Infinity"):
			f = math.Inf(-1)
		default:
			var err error
			if f, err = strconv.ParseFloat(text, 64); err != nil {
				return nil, errXMLFallback
			}
		}
		if v.typ == "float" {
			return float64(float32(f)), nil
		}
		return f, nil
	case "timestamp":
		t, err := parseXMLTime(v.format, string(raw))
		if err != nil {
			return nil, errXMLFallback
		}
		return t, nil
	case "blob":
		b := make([]byte, base64.StdEncoding.DecodedLen(len(raw)))
		n, err := base64.StdEncoding.Decode(b, raw)
		if err != nil {
			return nil, errXMLFallback
		}
		return b[:n], nil
	}
	return nil, errXMLFallback
}

func parseXMLTime(format, text string) (time.Time, error) {
	switch format {
	case "date-time":
		return smithytime.ParseDateTime(text)
	case "http-date":
		return smithytime.ParseHTTPDate(text)
	case "epoch-seconds":
		n, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return time.Time{}, err
		}
		return smithytime.ParseEpochSeconds(n), nil
	}
	return time.Time{}, errXMLFallback
}
