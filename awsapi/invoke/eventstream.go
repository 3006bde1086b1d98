package invoke

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/eventstream"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
)

// Event is one event of an output event stream.
type Event struct {
	// Type is the member of the stream the event is: "sessionUpdate" (logs StartLiveTail),
	// "Records" (S3 SelectObjectContent), "PayloadChunk" (Lambda InvokeWithResponseStream).
	Type string
	// Doc holds the event's members, decoded as any output document (payload members as the
	// model says: a blob as []byte, a structure as a map); nil for an Unknown event.
	Doc map[string]any
	// Unknown is an event type the model does not know (a newer service than the model);
	// Raw holds its whole frame.
	Unknown bool
	Raw     []byte
	// Size is the bytes the event took on the wire, its frame.
	Size int
}

// Document is the event as boto3 yields it: {Type: Doc}.
func (e Event) Document() map[string]any { return map[string]any{e.Type: e.Doc} }

// Stream is the answer of an operation whose output is an event stream. Its Result holds the
// output without the stream (the members bound to HTTP headers; on JSON protocols the
// initial-response event) and the answer's metadata; Events delivers the events as they arrive.
type Stream struct {
	Result
	// Member is the output member that carries the events, e.g. "responseStream".
	Member string
	// Shape is the model's shape of the stream (the union of its events), e.g.
	// "StartLiveTailResponseStream".
	Shape string
	// Events is closed when the stream ends, fails, is closed or its context is cancelled;
	// Err then says which.
	Events <-chan Event

	cancel context.CancelFunc
	done   chan struct{}
	closed atomic.Bool
	err    error // set before done is closed
	events atomic.Int64
	bytes  atomic.Int64
}

// Err is why the stream ended, once Events is closed: nil at the stream's end or after Close,
// an *APIError for an exception or error event, a *StreamError when the frames could not be
// read (a checksum mismatch, a stream cut mid-event), the context's error when it was cancelled.
func (s *Stream) Err() error {
	select {
	case <-s.done:
		return s.err
	default:
		return nil
	}
}

// Done is closed when the stream has ended and Err is set.
func (s *Stream) Done() <-chan struct{} { return s.done }

// Close stops reading, releases the connection and waits for the reader to end. It is safe to
// call more than once and from any goroutine.
func (s *Stream) Close() error {
	s.closed.Store(true)
	s.cancel()
	<-s.done
	return nil
}

// Count is how many events and bytes of frames have been read so far.
func (s *Stream) Count() (events, bytes int64) { return s.events.Load(), s.bytes.Load() }

// StreamError is an event stream whose frames could not be read.
type StreamError struct {
	Service, Operation string
	Events             int64 // events read before it broke
	Err                error
}

func (e *StreamError) Error() string {
	return fmt.Sprintf("%s %s: the event stream broke after %d events: %v", e.Service, e.Operation, e.Events, e.Err)
}

func (e *StreamError) Unwrap() error { return e.Err }

// errCutMidEvent is a stream that ended inside a frame.
var errCutMidEvent = errors.New("the stream ended in the middle of an event")

// Stream calls an operation whose output is an event stream (logs StartLiveTail, Kinesis
// SubscribeToShard, S3 SelectObjectContent, Lambda InvokeWithResponseStream, Bedrock
// ConverseStream…) and returns once the answer's headers (and, on JSON protocols, its
// initial-response event) are read; the events follow on Stream.Events as they arrive. The
// request is retried like any call; the stream, once open, is not. Cancelling ctx or Close ends
// it. Only the wait for the answer is within the read timeout: an idle stream waits for events.
func (inv *Invoker) Stream(ctx context.Context, operation string, input map[string]any) (*Stream, error) {
	ctx, cancel := context.WithCancel(netpolicy.LiveBody(ctx))
	res, err := inv.invoke(ctx, operation, input, true)
	if err != nil {
		cancel()
		return nil, err
	}
	src := res.events
	res.events = nil
	ch := make(chan Event)
	s := &Stream{Result: *res, Member: src.oi.eventOut.name, Shape: src.oi.eventOut.target.name,
		Events: ch, cancel: cancel, done: make(chan struct{})}
	go s.read(ctx, inv.svc.Name, src, ch)
	return s, nil
}

// IsEventStream reports whether an operation answers with an event stream (read it with
// Stream) and whether it sends one (which nimbus does not speak).
func (inv *Invoker) IsEventStream(operation string) (output, input bool) {
	name, ok := inv.svc.OperationName(operation)
	if !ok {
		return false, false
	}
	oi, err := inv.schemas.operation(name)
	if err != nil {
		return false, false
	}
	return oi.eventOut != nil, oi.eventIn != nil
}

// eventSource is an open event stream: the answer's body and the codec reading it.
type eventSource struct {
	oi       *opInfo
	codec    smithyhttp.ClientProtocol // its own: a codec's event decoder keeps state
	body     *frameReader
	closer   io.Closer
	registry *smithy.TypeRegistry
	status   int
	request  string
}

// read delivers the events until the stream ends.
func (s *Stream) read(ctx context.Context, service string, src *eventSource, ch chan<- Event) {
	// Deferred calls run last-first: Events closes only after Done, so whoever ranges over
	// Events until it closes finds Err already set.
	defer close(ch)
	defer close(s.done)
	defer src.closer.Close()
	defer s.cancel()
	for {
		ev, err := src.next()
		if err != nil {
			s.err = s.explain(ctx, service, src, err)
			return
		}
		s.events.Add(1)
		s.bytes.Add(int64(ev.Size))
		select {
		case ch <- ev:
		case <-ctx.Done():
			s.err = s.explain(ctx, service, src, ctx.Err())
			return
		}
	}
}

// explain turns what ended the stream into Err's value.
func (s *Stream) explain(ctx context.Context, service string, src *eventSource, err error) error {
	op := src.oi.op.Name
	switch {
	case s.closed.Load():
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case err == io.EOF && src.body.n > 0:
		err = errCutMidEvent
	case err == io.EOF && src.body.err != nil:
		err = src.body.err // the connection failed between events
	case err == io.EOF:
		return nil
	}
	var exc *eventException
	var generic *smithy.GenericAPIError
	switch {
	case errors.As(err, &exc):
		return exc.apiError(service, op, src)
	case errors.As(err, &generic):
		// An error message (:message-type error), or an exception the model does not know.
		return &APIError{Code: generic.Code, Message: generic.Message, Service: service, Operation: op,
			StatusCode: src.status, RequestID: src.request}
	}
	return &StreamError{Service: service, Operation: op, Events: s.events.Load(), Err: err}
}

// next reads one event.
func (src *eventSource) next() (ev Event, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed event: %v", p) // a bad answer must never bring the UI down
		}
	}()
	src.body.n = 0
	got, err := src.codec.DeserializeEventMessage(src.oi.eventOut.target.schema, src.registry, src.body)
	if err != nil {
		return Event{}, err
	}
	switch v := got.(type) {
	case *eventDoc:
		return Event{Type: v.name, Doc: v.doc, Size: src.body.n}, nil
	case *eventstream.UnknownUnionMember:
		return Event{Type: v.Tag, Unknown: true, Raw: v.Value, Size: src.body.n}, nil
	}
	return Event{}, fmt.Errorf("unexpected event %T", got)
}

// frameReader counts the bytes read since the last event, to tell a stream that ended between
// events from one cut inside an event (the codec reports both as io.EOF), and keeps the
// connection's own failure.
type frameReader struct {
	r   io.Reader
	n   int
	err error
}

func (f *frameReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	f.n += n
	if err != nil && err != io.EOF {
		f.err = err
	}
	return n, err
}

// openEventStream reads the start of an event stream answer: the output members bound to HTTP
// headers and, on JSON protocols, the initial-response event. The body stays open for the events.
func (inv *Invoker) openEventStream(ctx context.Context, oi *opInfo, resp *http.Response, res *Result) (*Result, error) {
	codec := newCodec(inv.protocol, inv.svc)
	out := inv.newResponse(ctx, oi, resp.Header, false)
	sresp := &smithyhttp.Response{Response: resp}
	if err := deserializeWith(ctx, codec, oi, sresp, out); err != nil {
		resp.Body.Close()
		return nil, undecodable(resp, err)
	}
	// Buffered: the decoder reads a frame in small pieces (prelude, each header), each of
	// which would otherwise be a read through the HTTP stack.
	body := &frameReader{r: bufio.NewReaderSize(resp.Body, 32<<10)}
	if codec.HasInitialEventMessage() {
		if err := initialResponse(codec, oi, body, out); err != nil {
			resp.Body.Close()
			if body.err != nil {
				err = body.err // the connection's failure, which the retryer may retry
			}
			return nil, undecodable(resp, err)
		}
	}
	res.Output = out.doc
	if res.Output == nil {
		res.Output = map[string]any{}
	}
	res.events = &eventSource{oi: oi, codec: codec, body: body, closer: resp.Body,
		registry: inv.eventRegistry(ctx, oi), status: resp.StatusCode, request: res.RequestID}
	return res, nil
}

func initialResponse(codec smithyhttp.ClientProtocol, oi *opInfo, body io.Reader, out *response) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed initial response: %v", p)
		}
	}()
	return codec.DeserializeInitialResponse(oi.output.schema, body, out)
}

// eventRegistry is what the codec builds events with: each member of the stream's union, by
// the shape it targets, makes an eventDoc, or an eventException for the members that are errors.
func (inv *Invoker) eventRegistry(ctx context.Context, oi *opInfo) *smithy.TypeRegistry {
	reg := &smithy.TypeRegistry{Entries: map[string]*smithy.TypeRegistryEntry{}}
	opts := readerOptions{jsonBody: inv.protocol == protoJSON || inv.protocol == protoRestJSON,
		wireTimes: inv.opts.WireTimestamps, order: document.OrderFrom(ctx)}
	for _, mi := range oi.eventOut.target.members {
		mi := mi
		id := mi.target.schema.ID().String()
		var newValue func() any
		if mi.target.shape.Exception {
			newValue = func() any { return &eventException{eventDoc: eventDoc{name: mi.name, si: mi.target, opts: opts}} }
		} else {
			newValue = func() any { return &eventDoc{name: mi.name, si: mi.target, opts: opts} }
		}
		reg.Entries[id] = &smithy.TypeRegistryEntry{Schema: mi.target.schema, New: newValue}
	}
	return reg
}

type readerOptions struct {
	jsonBody, wireTimes bool
	order               *document.Order
}

// eventDoc is one event decoded into a document; it plays the part of a generated event type
// for the codec.
type eventDoc struct {
	name string // the stream's member: the event's type
	si   *shapeInfo
	opts readerOptions
	doc  map[string]any
}

// Deserialize implements smithy.Deserializable.
func (e *eventDoc) Deserialize(d smithy.ShapeDeserializer) error {
	r := &reader{d: d, jsonBody: e.opts.jsonBody, wireTimes: e.opts.wireTimes, order: e.opts.order}
	doc, err := r.structure(e.si.schema, e.si)
	if err != nil {
		return err
	}
	e.doc = doc
	return nil
}

// eventException is an exception event (:message-type exception) of a type the model declares.
type eventException struct{ eventDoc }

func (e *eventException) Error() string { return e.name }

func (e *eventException) apiError(service, op string, src *eventSource) *APIError {
	ae := &APIError{Code: e.name, Service: service, Operation: op, StatusCode: src.status,
		RequestID: src.request, Details: e.doc, Fault: "client"}
	for _, k := range []string{"message", "Message"} {
		if m, ok := e.doc[k].(string); ok {
			ae.Message = m
			break
		}
	}
	if sh := e.si.shape; sh.Fault || sh.Error != nil && !sh.Error.SenderFault && sh.Error.HTTPStatusCode >= 500 {
		ae.Fault = "server"
	}
	return ae
}
