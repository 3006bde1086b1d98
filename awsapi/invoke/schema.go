package invoke

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/traits"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Protocol names as botocore spells them in metadata.protocol(s).
const (
	protoJSON     = "json"
	protoRestJSON = "rest-json"
	protoRestXML  = "rest-xml"
	protoQuery    = "query"
	protoEC2      = "ec2"
	protoCBOR     = "smithy-rpc-v2-cbor"
)

// protocolPriority is botocore's order of preference when a model offers several protocols
// (CloudWatch offers smithy-rpc-v2-cbor, json and query; botocore and moto speak json to it).
var protocolPriority = []string{protoJSON, protoRestJSON, protoRestXML, protoCBOR, protoQuery, protoEC2}

// pickProtocol returns the protocol botocore would use for the model.
func pickProtocol(md model.Metadata) (string, error) {
	offered := md.Protocols
	if len(offered) == 0 {
		offered = []string{md.Protocol}
	}
	for _, p := range protocolPriority {
		for _, o := range offered {
			if o == p {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("no supported protocol among %v", offered)
}

// shapeInfo pairs a model shape with the smithy schema built for it.
type shapeInfo struct {
	name   string
	shape  *model.Shape
	schema *smithy.Schema

	members []*memberInfo          // structures: sorted by model member name (the typed clients' order)
	byName  map[string]*memberInfo // model member name -> member
	byWire  map[string]*memberInfo // schema member name -> member (what deserializers hand back)

	elem *shapeInfo // list member, map value
	key  *shapeInfo // map key
}

// memberInfo is one member of a structure.
type memberInfo struct {
	name     string // model (boto3) member name
	ref      *model.ShapeRef
	schema   *smithy.Schema // member schema
	target   *shapeInfo
	required bool
}

// schemaSet builds and caches the smithy schemas of one service, lazily, one shape at a time.
type schemaSet struct {
	svc       *model.Service
	protocol  string
	namespace string

	mu     sync.Mutex
	shapes map[string]*shapeInfo
	ops    map[string]*opInfo
}

func newSchemaSet(svc *model.Service, protocol string) *schemaSet {
	return &schemaSet{
		svc:       svc,
		protocol:  protocol,
		namespace: "com.amazonaws." + strings.ReplaceAll(svc.Name, "-", ""),
		shapes:    map[string]*shapeInfo{},
		ops:       map[string]*opInfo{},
	}
}

// usesWireMemberNames is true for protocols whose codecs take JSON keys from the schema member name
// itself rather than from a trait.
func (ss *schemaSet) usesWireMemberNames() bool {
	return ss.protocol == protoJSON || ss.protocol == protoCBOR
}

// shape returns the schema of a named shape, building it (and what it refers to) on first use.
// Callers hold ss.mu.
func (ss *schemaSet) shape(name string) (*shapeInfo, error) {
	if si, ok := ss.shapes[name]; ok {
		return si, nil
	}
	sh, ok := ss.svc.Shapes[name]
	if !ok || sh == nil {
		return nil, fmt.Errorf("model has no shape %q", name)
	}
	si := &shapeInfo{name: name, shape: sh}
	typ, err := shapeType(sh)
	if err != nil {
		return nil, fmt.Errorf("shape %s: %w", name, err)
	}
	si.schema = smithy.NewSchema(smithy.ShapeID{Namespace: ss.namespace, Name: name}, typ, len(sh.Members), ss.shapeTraits(sh)...)
	// Register before building members: shapes may refer to themselves.
	ss.shapes[name] = si
	if err := ss.fillMembers(si, si.schema); err != nil {
		delete(ss.shapes, name)
		return nil, err
	}
	return si, nil
}

// fillMembers adds the members of si's shape to schema (si.schema, or an operation's root schema).
func (ss *schemaSet) fillMembers(si *shapeInfo, schema *smithy.Schema) error {
	sh := si.shape
	switch sh.Type {
	case "list":
		if sh.Member == nil {
			return fmt.Errorf("list %s has no member", si.name)
		}
		elem, err := ss.shape(sh.Member.Shape)
		if err != nil {
			return err
		}
		si.elem = elem
		schema.AddMember("member", elem.schema, ss.nestedTraits(sh.Member)...)
	case "map":
		if sh.Key == nil || sh.Value == nil {
			return fmt.Errorf("map %s lacks key or value", si.name)
		}
		key, err := ss.shape(sh.Key.Shape)
		if err != nil {
			return err
		}
		val, err := ss.shape(sh.Value.Shape)
		if err != nil {
			return err
		}
		si.key, si.elem = key, val
		schema.AddMember("key", key.schema, ss.nestedTraits(sh.Key)...)
		schema.AddMember("value", val.schema, ss.nestedTraits(sh.Value)...)
	case "structure":
		if sh.Document {
			return nil
		}
		names := make([]string, 0, len(sh.Members))
		for n := range sh.Members {
			names = append(names, n)
		}
		sort.Strings(names)
		required := map[string]bool{}
		for _, r := range sh.Required {
			required[r] = true
		}
		members := make([]*memberInfo, 0, len(names))
		byName := make(map[string]*memberInfo, len(names))
		byWire := make(map[string]*memberInfo, len(names))
		for _, n := range names {
			ref := sh.Members[n]
			target, err := ss.shape(ref.Shape)
			if err != nil {
				return fmt.Errorf("%s.%s: %w", si.name, n, err)
			}
			wire := n
			if ss.usesWireMemberNames() && ref.LocationName != "" && ref.Location == "" {
				wire = ref.LocationName
			}
			mi := &memberInfo{name: n, ref: ref, target: target, required: required[n]}
			mi.schema = schema.AddMember(wire, target.schema, ss.memberTraits(sh, n, ref, target.shape)...)
			members = append(members, mi)
			byName[n] = mi
			byWire[wire] = mi
		}
		si.members, si.byName, si.byWire = members, byName, byWire
	}
	return nil
}

func shapeType(sh *model.Shape) (smithy.ShapeType, error) {
	switch sh.Type {
	case "structure":
		switch {
		case sh.Document:
			return smithy.ShapeTypeDocument, nil
		case sh.Union, sh.EventStream: // an event stream is a union of its events, streamed
			return smithy.ShapeTypeUnion, nil
		}
		return smithy.ShapeTypeStructure, nil
	case "list":
		return smithy.ShapeTypeList, nil
	case "map":
		return smithy.ShapeTypeMap, nil
	case "string":
		return smithy.ShapeTypeString, nil
	case "integer":
		return smithy.ShapeTypeInteger, nil
	case "long":
		return smithy.ShapeTypeLong, nil
	case "float":
		return smithy.ShapeTypeFloat, nil
	case "double":
		return smithy.ShapeTypeDouble, nil
	case "boolean":
		return smithy.ShapeTypeBoolean, nil
	case "timestamp":
		return smithy.ShapeTypeTimestamp, nil
	case "blob":
		return smithy.ShapeTypeBlob, nil
	case "byte":
		return smithy.ShapeTypeByte, nil
	case "short":
		return smithy.ShapeTypeShort, nil
	}
	return 0, fmt.Errorf("unsupported shape type %q", sh.Type)
}

// timestampTrait maps botocore's timestampFormat to smithy's.
func timestampTrait(format string) smithy.Trait {
	switch format {
	case "iso8601":
		return &traits.TimestampFormat{Format: "date-time"}
	case "unixTimestamp":
		return &traits.TimestampFormat{Format: "epoch-seconds"}
	case "rfc822":
		return &traits.TimestampFormat{Format: "http-date"}
	}
	return nil
}

// shapeTraits are the traits of a shape itself (inherited by every member that targets it).
func (ss *schemaSet) shapeTraits(sh *model.Shape) []smithy.Trait {
	var ts []smithy.Trait
	if t := timestampTrait(sh.TimestampFormat); t != nil {
		ts = append(ts, t)
	}
	if sh.Streaming || sh.EventStream {
		ts = append(ts, &traits.Streaming{}) // how the codecs know an event stream
	}
	if sh.Sensitive {
		ts = append(ts, &traits.Sensitive{})
	}
	if sh.Exception {
		ts = append(ts, &traits.Error{Type: "client"})
	}
	if sh.Flattened && ss.isXMLish() {
		ts = append(ts, &traits.XMLFlattened{})
	}
	return ts
}

func (ss *schemaSet) isXMLish() bool {
	return ss.protocol == protoRestXML || ss.protocol == protoQuery || ss.protocol == protoEC2
}

// nestedTraits are the traits of a list member or a map key/value reference.
func (ss *schemaSet) nestedTraits(ref *model.ShapeRef) []smithy.Trait {
	var ts []smithy.Trait
	if ref.LocationName != "" && ss.isXMLish() {
		ts = append(ts, &traits.XMLName{Name: ref.LocationName})
	}
	if ns := refNamespace(ref, ss.svc.Shapes[ref.Shape]); ns != nil && ss.protocol == protoRestXML {
		ts = append(ts, ns)
	}
	return ts
}

// refNamespace is the XML namespace of a reference, else of the shape it targets (S3's Grantee
// declares xmlns:xsi for its xsi:type attribute). The serializer only writes namespaces declared
// on the member itself, so the shape's is copied onto each reference.
func refNamespace(ref *model.ShapeRef, target *model.Shape) *traits.XMLNamespace {
	if ns := xmlNamespace(ref.XMLNamespace); ns != nil {
		return ns
	}
	if target != nil {
		return xmlNamespace(target.XMLNamespace)
	}
	return nil
}

// xmlNamespace reads botocore's xmlNamespace, which is either a URI or {"uri":…, "prefix":…}.
func xmlNamespace(v any) *traits.XMLNamespace {
	switch ns := v.(type) {
	case string:
		if ns != "" {
			return &traits.XMLNamespace{URI: ns}
		}
	case map[string]any:
		uri, _ := ns["uri"].(string)
		prefix, _ := ns["prefix"].(string)
		if uri != "" {
			return &traits.XMLNamespace{URI: uri, Prefix: prefix}
		}
	}
	return nil
}

// memberTraits translates a botocore member reference into smithy traits for the current protocol.
func (ss *schemaSet) memberTraits(parent *model.Shape, name string, ref *model.ShapeRef, target *model.Shape) []smithy.Trait {
	var ts []smithy.Trait
	wireName := ref.LocationName
	if wireName == "" {
		wireName = name
	}
	switch ref.Location {
	case "header":
		ts = append(ts, &traits.HTTPHeader{Name: wireName})
		if ref.JSONValue {
			ts = append(ts, &traits.MediaType{Type: "application/json"})
		}
	case "headers":
		ts = append(ts, &traits.HTTPPrefixHeaders{Prefix: ref.LocationName})
	case "querystring":
		if target.Type == "map" {
			ts = append(ts, &traits.HTTPQueryParams{})
		} else {
			ts = append(ts, &traits.HTTPQuery{Name: wireName})
		}
	case "uri":
		ts = append(ts, &traits.HTTPLabel{})
	case "statusCode":
		ts = append(ts, &traits.HTTPResponseCode{})
	case "":
		if parent.Payload == name {
			ts = append(ts, &traits.HTTPPayload{})
		}
		switch ss.protocol {
		case protoRestJSON:
			if ref.LocationName != "" {
				ts = append(ts, &traits.JSONName{Name: ref.LocationName})
			}
		case protoRestXML, protoQuery, protoEC2:
			xmlName := ref.LocationName
			flat := ref.Flattened || target.Flattened
			if target.Type == "list" && flat && target.Member != nil && target.Member.LocationName != "" {
				// botocore names the items of a flattened list after the list member.
				xmlName = target.Member.LocationName
			}
			if xmlName != "" {
				ts = append(ts, &traits.XMLName{Name: xmlName})
			}
			if flat {
				ts = append(ts, &traits.XMLFlattened{})
			}
			if ref.XMLAttribute {
				ts = append(ts, &traits.XMLAttribute{})
			}
			if ns := refNamespace(ref, target); ns != nil && ss.protocol == protoRestXML {
				ts = append(ts, ns)
			}
			if ss.protocol == protoEC2 && ref.QueryName != "" {
				ts = append(ts, &traits.EC2QueryName{Name: ref.QueryName})
			}
		}
	}
	if ref.HostLabel {
		ts = append(ts, &traits.HostLabel{})
	}
	if ref.Streaming {
		ts = append(ts, &traits.Streaming{})
	}
	if ref.EventPayload {
		ts = append(ts, &traits.EventPayload{})
	}
	if ref.EventHeader {
		ts = append(ts, &traits.EventHeader{})
	}
	if t := timestampTrait(ref.TimestampFormat); t != nil {
		ts = append(ts, t)
	}
	return ts
}

// opInfo is everything needed to serialize one operation's request and read its response.
type opInfo struct {
	op        *model.Operation
	schema    *smithy.OperationSchema
	input     *shapeInfo // root input, with operation-level traits; nil when the operation has none
	output    *shapeInfo
	streamOut *memberInfo // output payload member that streams, if any
	streamIn  *memberInfo // input payload member that streams, if any
	// eventStream is true when the input or output carries an event stream (Kinesis
	// SubscribeToShard, S3 SelectObjectContent…); eventIn and eventOut are the members that do.
	eventStream       bool
	eventIn, eventOut *memberInfo

	xmlOnce sync.Once
	xmlPlan *xmlStruct // restXml: the fast reader's plan of the output body; nil: the codec reads it
}

// xmlBodyPlan returns the fast reader's plan of the operation's output body, built on first use.
func (oi *opInfo) xmlBodyPlan() *xmlStruct {
	oi.xmlOnce.Do(func() { oi.xmlPlan = xmlPlanFor(oi) })
	return oi.xmlPlan
}

// operation returns the schemas of one operation.
func (ss *schemaSet) operation(name string) (*opInfo, error) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if oi, ok := ss.ops[name]; ok {
		return oi, nil
	}
	op, ok := ss.svc.Operations[name]
	if !ok || op == nil {
		return nil, fmt.Errorf("%s has no operation %q", ss.svc.Name, name)
	}
	oi := &opInfo{op: op}
	var inSchema, outSchema *smithy.Schema
	if op.Input != nil {
		in, err := ss.rootInput(op)
		if err != nil {
			return nil, fmt.Errorf("%s input: %w", name, err)
		}
		oi.input, inSchema = in, in.schema
		oi.streamIn = streamingPayload(in)
	}
	if op.Output != nil {
		out, err := ss.shape(op.Output.Shape)
		if err != nil {
			return nil, fmt.Errorf("%s output: %w", name, err)
		}
		oi.output, outSchema = out, out.schema
		oi.streamOut = streamingPayload(out)
	}
	oi.eventIn, oi.eventOut = eventStreamMember(oi.input), eventStreamMember(oi.output)
	oi.eventStream = oi.eventIn != nil || oi.eventOut != nil
	method, uri := op.HTTP.Method, op.HTTP.RequestURI
	if method == "" {
		method = "POST"
	}
	if uri == "" {
		uri = "/"
	}
	if oi.input != nil {
		uri = relabelURI(uri, oi.input)
	}
	wireName := name // what awsJson targets, query actions and rpcv2 paths carry
	if op.WireName != "" {
		wireName = op.WireName
	}
	opSchema := smithy.NewSchema(smithy.ShapeID{Namespace: ss.namespace, Name: wireName}, smithy.ShapeTypeOperation, 0,
		&traits.HTTP{Method: method, URI: uri, Code: op.HTTP.ResponseCode})
	oi.schema = smithy.NewOperationSchema(opSchema, inSchema, outSchema)
	ss.ops[name] = oi
	return oi, nil
}

// rootInput builds a private copy of an operation's input structure carrying the traits botocore
// puts on the input reference (the XML root element name and namespace).
func (ss *schemaSet) rootInput(op *model.Operation) (*shapeInfo, error) {
	shared, err := ss.shape(op.Input.Shape)
	if err != nil {
		return nil, err
	}
	if shared.shape.Type != "structure" {
		return nil, fmt.Errorf("input %s is not a structure", op.Input.Shape)
	}
	ts := ss.shapeTraits(shared.shape)
	if ss.protocol == protoRestXML {
		if op.Input.LocationName != "" {
			ts = append(ts, &traits.XMLName{Name: op.Input.LocationName})
		}
		if ns := xmlNamespace(op.Input.XMLNamespace); ns != nil {
			ts = append(ts, ns)
		}
	}
	root := &shapeInfo{name: shared.name, shape: shared.shape}
	root.schema = smithy.NewSchema(smithy.ShapeID{Namespace: ss.namespace, Name: shared.name}, smithy.ShapeTypeStructure, len(shared.shape.Members), ts...)
	if err := ss.fillMembers(root, root.schema); err != nil {
		return nil, err
	}
	return root, nil
}

// eventStreamMember is the member of si that carries an event stream, if any.
func eventStreamMember(si *shapeInfo) *memberInfo {
	if si == nil {
		return nil
	}
	for _, mi := range si.members {
		if mi.target.shape.EventStream {
			return mi
		}
	}
	return nil
}

func streamingPayload(si *shapeInfo) *memberInfo {
	if si.shape.Payload == "" {
		return nil
	}
	mi := si.byName[si.shape.Payload]
	if mi == nil {
		return nil
	}
	if mi.ref.Streaming || mi.target.shape.Streaming {
		return mi
	}
	return nil
}

// relabelURI rewrites {locationName} labels of a request URI to the schema member names, which is
// what the HTTP binding serializer looks labels up by.
func relabelURI(uri string, in *shapeInfo) string {
	for _, mi := range in.members {
		if mi.ref.Location != "uri" || mi.ref.LocationName == "" || mi.ref.LocationName == mi.schema.MemberName() {
			continue
		}
		uri = strings.ReplaceAll(uri, "{"+mi.ref.LocationName+"}", "{"+mi.schema.MemberName()+"}")
		uri = strings.ReplaceAll(uri, "{"+mi.ref.LocationName+"+}", "{"+mi.schema.MemberName()+"+}")
	}
	return uri
}
