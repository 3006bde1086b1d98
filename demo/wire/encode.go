package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Error is an AWS error answer: HTTP status, code and message, written in the service's protocol.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf builds a client error (HTTP 400).
func Errorf(code, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

func outputShape(svc *model.Service, op *model.Operation) *model.Shape {
	if op.Output == nil {
		return &model.Shape{Type: "structure"}
	}
	if sh := svc.Shapes[op.Output.Shape]; sh != nil {
		return sh
	}
	return &model.Shape{Type: "structure"}
}

// WriteOutput writes an operation's output document in the request's protocol.
func WriteOutput(w http.ResponseWriter, req *Request, out map[string]any, requestID string) {
	if out == nil {
		out = map[string]any{}
	}
	svc, op := req.Service, req.Operation
	sh := outputShape(svc, op)
	w.Header().Set("X-Amzn-Requestid", requestID)
	switch req.Protocol {
	case JSON:
		body, err := json.Marshal(toJSON(svc, sh, out))
		if err != nil {
			writeInternal(w, err)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-"+jsonVersion(svc))
		w.Write(body)
	case RestJSON, RestXML:
		writeREST(w, req, sh, out)
	case Query:
		var x xmlWriter
		x.svc = svc
		name := opWireName(op)
		x.open(name+"Response", `xmlns="https://`+svc.Metadata.EndpointPrefix+`.amazonaws.com/doc/`+svc.Metadata.APIVersion+`/"`)
		if op.Output != nil {
			wrapper := op.Output.ResultWrapper
			if wrapper == "" {
				wrapper = name + "Result"
			}
			x.open(wrapper, "")
			x.members(sh, out)
			x.close(wrapper)
		}
		x.open("ResponseMetadata", "")
		x.leaf("RequestId", requestID)
		x.close("ResponseMetadata")
		x.close(name + "Response")
		writeXMLBody(w, http.StatusOK, x.buf.Bytes())
	case EC2:
		x := xmlWriter{svc: svc, ec2: true}
		name := opWireName(op)
		x.open(name+"Response", `xmlns="http://ec2.amazonaws.com/doc/`+svc.Metadata.APIVersion+`/"`)
		x.leaf("requestId", requestID)
		x.members(sh, out)
		x.close(name + "Response")
		writeXMLBody(w, http.StatusOK, x.buf.Bytes())
	default:
		writeInternal(w, fmt.Errorf("protocol %s is not served", req.Protocol))
	}
}

func opWireName(op *model.Operation) string {
	if op.WireName != "" {
		return op.WireName
	}
	return op.Name
}

func jsonVersion(svc *model.Service) string {
	if svc.Metadata.JSONVersion != "" {
		return svc.Metadata.JSONVersion
	}
	return "1.0"
}

func writeInternal(w http.ResponseWriter, err error) {
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func writeXMLBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	w.Write([]byte(xml.Header))
	w.Write(body)
}

// WriteError writes err in the protocol of the service the request was for. protocol and svc
// may be empty/nil when the request could not be identified (then a generic XML error).
func WriteError(w http.ResponseWriter, svc *model.Service, protocol string, e *Error, requestID string) {
	w.Header().Set("X-Amzn-Requestid", requestID)
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	switch protocol {
	case JSON, RestJSON:
		w.Header().Set("X-Amzn-Errortype", e.Code)
		if svc != nil && svc.Metadata.AWSQueryCompatible != nil {
			fault := "Sender"
			if status >= 500 {
				fault = "Receiver"
			}
			w.Header().Set("X-Amzn-Query-Error", e.Code+";"+fault)
		}
		ct := "application/json"
		if protocol == JSON && svc != nil {
			ct = "application/x-amz-json-" + jsonVersion(svc)
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		body, _ := json.Marshal(map[string]string{"__type": e.Code, "message": e.Message})
		w.Write(body)
	case EC2:
		var x xmlWriter
		x.open("Response", "")
		x.open("Errors", "")
		x.open("Error", "")
		x.leaf("Code", e.Code)
		x.leaf("Message", e.Message)
		x.close("Error")
		x.close("Errors")
		x.leaf("RequestID", requestID)
		x.close("Response")
		writeXMLBody(w, status, x.buf.Bytes())
	default: // query, rest-xml
		var x xmlWriter
		x.open("ErrorResponse", "")
		x.open("Error", "")
		typ := "Sender"
		if status >= 500 {
			typ = "Receiver"
		}
		x.leaf("Type", typ)
		x.leaf("Code", e.Code)
		x.leaf("Message", e.Message)
		x.close("Error")
		x.leaf("RequestId", requestID)
		x.close("ErrorResponse")
		writeXMLBody(w, status, x.buf.Bytes())
	}
}

// timeFormat is the timestamp format of a member: its own trait, its shape's, else the
// protocol's default where it is written.
func timeFormat(ref *model.ShapeRef, sh *model.Shape, def string) string {
	if ref != nil && ref.TimestampFormat != "" {
		return ref.TimestampFormat
	}
	if sh != nil && sh.TimestampFormat != "" {
		return sh.TimestampFormat
	}
	return def
}

func formatTime(t time.Time, format string) any {
	t = t.UTC()
	switch format {
	case "unixTimestamp":
		return float64(t.UnixNano()) / 1e9
	case "rfc822":
		return t.Format(http.TimeFormat)
	}
	return t.Format("2006-01-02T15:04:05.000Z")
}

// toJSON turns a document value of shape sh into what json.Marshal writes for awsJson/restJson.
func toJSON(svc *model.Service, sh *model.Shape, v any) any {
	return toJSONRef(svc, nil, sh, v)
}

func toJSONRef(svc *model.Service, ref *model.ShapeRef, sh *model.Shape, v any) any {
	if v == nil || sh == nil {
		return v
	}
	switch sh.Type {
	case "structure":
		m, ok := v.(map[string]any)
		if !ok || sh.Document {
			return v
		}
		out := make(map[string]any, len(m))
		for name, val := range m {
			mref := sh.Members[name]
			if mref == nil || val == nil || (mref.Location != "" && mref.Location != "body") {
				continue
			}
			out[bodyName(name, mref)] = toJSONRef(svc, mref, svc.Shapes[mref.Shape], val)
		}
		return out
	case "list":
		items := asList(v)
		out := make([]any, len(items))
		for i, e := range items {
			out[i] = toJSONRef(svc, sh.Member, svc.Shapes[sh.Member.Shape], e)
		}
		return out
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		out := make(map[string]any, len(m))
		for k, e := range m {
			out[k] = toJSONRef(svc, sh.Value, svc.Shapes[sh.Value.Shape], e)
		}
		return out
	case "timestamp":
		if t, ok := v.(time.Time); ok {
			return formatTime(t, timeFormat(ref, sh, "unixTimestamp"))
		}
	case "blob":
		switch b := v.(type) {
		case []byte:
			return base64.StdEncoding.EncodeToString(b)
		case string:
			return base64.StdEncoding.EncodeToString([]byte(b))
		}
	}
	return v
}

// asList accepts []any or any other slice (handlers may build []map[string]any).
func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return nil
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

// writeREST writes a rest-json or rest-xml output: header members, the status code member, and
// the payload member or the body members.
func writeREST(w http.ResponseWriter, req *Request, sh *model.Shape, out map[string]any) {
	svc := req.Service
	status := req.Operation.HTTP.ResponseCode
	if status == 0 {
		status = http.StatusOK
	}
	body := map[string]any{}
	var payload any
	payloadName := sh.Payload
	for name, v := range out {
		ref := sh.Members[name]
		if ref == nil || v == nil {
			continue
		}
		target := svc.Shapes[ref.Shape]
		loc := ref.LocationName
		if loc == "" {
			loc = name
		}
		switch ref.Location {
		case "header":
			w.Header().Set(loc, headerValue(ref, target, v))
		case "headers":
			if m, ok := v.(map[string]any); ok {
				for k, e := range m {
					w.Header().Set(loc+k, fmt.Sprint(e))
				}
			}
		case "statusCode":
			if n, ok := toInt(v); ok {
				status = int(n)
			}
		case "":
			if name == payloadName {
				payload = v
			} else {
				body[name] = v
			}
		}
	}
	if payloadName != "" {
		ref := sh.Members[payloadName]
		target := svc.Shapes[ref.Shape]
		switch p := payload.(type) {
		case nil:
			w.WriteHeader(status)
			return
		case []byte:
			w.Header().Set("Content-Type", "application/octet-stream")
			w.WriteHeader(status)
			w.Write(p)
			return
		case string:
			if target.Type == "string" || target.Type == "blob" {
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(status)
				w.Write([]byte(p))
				return
			}
		}
		if req.Protocol == RestJSON {
			writeJSONBody(w, status, toJSONRef(svc, ref, target, payload))
			return
		}
		x := xmlWriter{svc: svc}
		root := ref.LocationName
		if root == "" {
			root = ref.Shape
		}
		x.value(root, ref, target, payload)
		writeXMLBody(w, status, x.buf.Bytes())
		return
	}
	if req.Protocol == RestJSON {
		writeJSONBody(w, status, toJSON(svc, sh, body))
		return
	}
	if len(body) == 0 {
		w.WriteHeader(status)
		return
	}
	x := xmlWriter{svc: svc}
	root := sh.LocationName
	if root == "" {
		root = req.Operation.Output.Shape
	}
	ns := ""
	if svc.Metadata.XMLNamespace != "" {
		ns = `xmlns="` + svc.Metadata.XMLNamespace + `"`
	}
	x.open(root, ns)
	x.members(sh, body)
	x.close(root)
	writeXMLBody(w, status, x.buf.Bytes())
}

func writeJSONBody(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeInternal(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func headerValue(ref *model.ShapeRef, sh *model.Shape, v any) string {
	if ref.JSONValue {
		b, _ := json.Marshal(v)
		return base64.StdEncoding.EncodeToString(b)
	}
	switch t := v.(type) {
	case time.Time:
		return fmt.Sprint(formatTime(t, timeFormat(ref, sh, "rfc822")))
	case []byte:
		return base64.StdEncoding.EncodeToString(t)
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ",")
	}
	return scalarText(v)
}

func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), true
	}
	return 0, false
}

func scalarText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(t), 'f', -1, 32)
	case []byte:
		return base64.StdEncoding.EncodeToString(t)
	}
	return fmt.Sprint(v)
}

// xmlWriter writes XML bodies for query, ec2 and rest-xml by the model.
type xmlWriter struct {
	buf bytes.Buffer
	svc *model.Service
	ec2 bool
}

func (x *xmlWriter) open(name, attrs string) {
	x.buf.WriteByte('<')
	x.buf.WriteString(name)
	if attrs != "" {
		x.buf.WriteByte(' ')
		x.buf.WriteString(attrs)
	}
	x.buf.WriteByte('>')
}

func (x *xmlWriter) close(name string) {
	x.buf.WriteString("</")
	x.buf.WriteString(name)
	x.buf.WriteByte('>')
}

func (x *xmlWriter) leaf(name, text string) {
	x.open(name, "")
	xml.EscapeText(&x.buf, []byte(text))
	x.close(name)
}

// members writes a structure's members in a stable order (the model's, else by name).
func (x *xmlWriter) members(sh *model.Shape, m map[string]any) {
	names := sh.MemberOrder
	if len(names) == 0 {
		for name := range sh.Members {
			names = append(names, name)
		}
		sort.Strings(names)
	}
	for _, name := range names {
		v, ok := m[name]
		ref := sh.Members[name]
		if !ok || v == nil || ref == nil || (ref.Location != "" && ref.Location != "body") {
			continue
		}
		target := x.svc.Shapes[ref.Shape]
		if target != nil && target.Type == "list" && (target.Flattened || ref.Flattened) {
			elem := target.Member.LocationName
			if elem == "" {
				elem = xmlName(name, ref)
			}
			for _, e := range asList(v) {
				x.value(elem, target.Member, x.svc.Shapes[target.Member.Shape], e)
			}
			continue
		}
		x.value(xmlName(name, ref), ref, target, v)
	}
}

func xmlName(name string, ref *model.ShapeRef) string {
	if ref.LocationName != "" {
		return ref.LocationName
	}
	return name
}

func (x *xmlWriter) value(name string, ref *model.ShapeRef, sh *model.Shape, v any) {
	if sh == nil {
		x.leaf(name, scalarText(v))
		return
	}
	switch sh.Type {
	case "structure":
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		x.open(name, "")
		x.members(sh, m)
		x.close(name)
	case "list":
		elem := sh.Member.LocationName
		if elem == "" {
			elem = "member"
		}
		x.open(name, "")
		for _, e := range asList(v) {
			x.value(elem, sh.Member, x.svc.Shapes[sh.Member.Shape], e)
		}
		x.close(name)
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		kname, vname := "key", "value"
		if sh.Key.LocationName != "" {
			kname = sh.Key.LocationName
		}
		if sh.Value.LocationName != "" {
			vname = sh.Value.LocationName
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		flat := sh.Flattened || (ref != nil && ref.Flattened)
		if !flat {
			x.open(name, "")
		}
		for _, k := range keys {
			entry := "entry"
			if flat {
				entry = name
			}
			x.open(entry, "")
			x.leaf(kname, k)
			x.value(vname, sh.Value, x.svc.Shapes[sh.Value.Shape], m[k])
			x.close(entry)
		}
		if !flat {
			x.close(name)
		}
	case "timestamp":
		if t, ok := v.(time.Time); ok {
			x.leaf(name, fmt.Sprint(formatTime(t, timeFormat(ref, sh, "iso8601"))))
			return
		}
		x.leaf(name, scalarText(v))
	default:
		x.leaf(name, scalarText(v))
	}
}
