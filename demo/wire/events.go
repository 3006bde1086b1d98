package wire

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// EventStream is the member of an operation's output that carries an event stream (logs
// StartLiveTail's responseStream) and the stream's union shape; ok is false for a plain output.
func EventStream(req *Request) (member string, union *model.Shape, ok bool) {
	sh := outputShape(req.Service, req.Operation)
	for name, ref := range sh.Members {
		if u := req.Service.Shapes[ref.Shape]; u != nil && u.EventStream {
			return name, u, true
		}
	}
	return "", nil, false
}

// EventWriter writes an event-stream answer (application/vnd.amazon.eventstream) frame by frame,
// flushing each, as AWS does: the engine reads the events as they come.
type EventWriter struct {
	w     http.ResponseWriter
	svc   *model.Service
	union *model.Shape
	enc   *eventstream.Encoder
}

// StartEvents begins an event-stream answer to req: status 200 and, on awsJson, the
// initial-response event holding the output's other members (initial). Only awsJson services
// are served (CloudWatch Logs is the one the world streams from).
func StartEvents(w http.ResponseWriter, req *Request, initial map[string]any, requestID string) (*EventWriter, error) {
	member, union, ok := EventStream(req)
	if !ok {
		return nil, fmt.Errorf("%s %s does not answer with an event stream", req.Service.Name, req.Operation.Name)
	}
	if req.Protocol != JSON {
		return nil, fmt.Errorf("the demo streams events on awsJson only, not %s", req.Protocol)
	}
	ew := &EventWriter{w: w, svc: req.Service, union: union, enc: eventstream.NewEncoder()}
	w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	w.Header().Set("X-Amzn-Requestid", requestID)
	w.WriteHeader(http.StatusOK)
	rest := map[string]any{}
	for k, v := range initial {
		if k != member {
			rest[k] = v
		}
	}
	body, err := json.Marshal(toJSON(req.Service, outputShape(req.Service, req.Operation), rest))
	if err != nil {
		return nil, err
	}
	return ew, ew.frame("event", "initial-response", body)
}

// Event writes one event: member is the stream's member ("sessionUpdate"), doc its structure.
func (ew *EventWriter) Event(member string, doc map[string]any) error {
	body, err := ew.payload(member, doc)
	if err != nil {
		return err
	}
	return ew.frame("event", member, body)
}

// Exception writes an exception event, which ends the stream (SessionTimeoutException).
func (ew *EventWriter) Exception(member string, doc map[string]any) error {
	body, err := ew.payload(member, doc)
	if err != nil {
		return err
	}
	return ew.frame("exception", member, body)
}

// payload is an event's body: the JSON of its structure. (Events with an eventpayload member,
// a raw blob or string, are not served: no world operation sends one.)
func (ew *EventWriter) payload(member string, doc map[string]any) ([]byte, error) {
	ref := ew.union.Members[member]
	if ref == nil {
		return nil, fmt.Errorf("%s is not an event of the stream", member)
	}
	return json.Marshal(toJSON(ew.svc, ew.svc.Shapes[ref.Shape], doc))
}

func (ew *EventWriter) frame(kind, name string, body []byte) error {
	var msg eventstream.Message
	msg.Headers.Set(":message-type", eventstream.StringValue(kind))
	if kind == "exception" {
		msg.Headers.Set(":exception-type", eventstream.StringValue(name))
	} else {
		msg.Headers.Set(":event-type", eventstream.StringValue(name))
	}
	msg.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	msg.Payload = body
	if err := ew.enc.Encode(ew.w, msg); err != nil {
		return err
	}
	if f, ok := ew.w.(http.Flusher); ok {
		f.Flush()
	}
	return nil
}
