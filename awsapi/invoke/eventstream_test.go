package invoke

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	brtypes "github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kintypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// Event streams are served by an httptest server writing real frames with the SDK's event-stream
// encoder; the engine's events are compared with what the typed clients decode from the same bytes.

// frame is one event-stream message as the service writes it.
type frame struct {
	headers map[string]string
	payload []byte
}

func event(typ, contentType string, payload string) frame {
	h := map[string]string{":message-type": "event", ":event-type": typ}
	if contentType != "" {
		h[":content-type"] = contentType
	}
	return frame{headers: h, payload: []byte(payload)}
}

func exception(typ, payload string) frame {
	return frame{headers: map[string]string{":message-type": "exception", ":exception-type": typ,
		":content-type": "application/json"}, payload: []byte(payload)}
}

func (f frame) encode(t testing.TB) []byte {
	t.Helper()
	var msg eventstream.Message
	for _, k := range []string{":message-type", ":event-type", ":exception-type", ":error-code", ":error-message", ":content-type"} {
		if v, ok := f.headers[k]; ok {
			msg.Headers.Set(k, eventstream.StringValue(v))
		}
	}
	msg.Payload = f.payload
	var buf bytes.Buffer
	if err := eventstream.NewEncoder().Encode(&buf, msg); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// streamServer answers every request with the same HTTP headers and stream of chunks, flushed
// one by one. When gate is set, the server waits on it before each chunk after the first, so a
// test sees what the client does between events without any timing.
type streamServer struct {
	*httptest.Server
	header http.Header
	chunks [][]byte
	gate   chan struct{}
}

func newStreamServer(t testing.TB, header http.Header, chunks ...[]byte) *streamServer {
	s := &streamServer{header: header, chunks: chunks}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range s.header {
			w.Header()[k] = v
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		}
		w.WriteHeader(http.StatusOK)
		for i, c := range s.chunks {
			if i > 0 && s.gate != nil {
				select {
				case <-s.gate:
				case <-r.Context().Done():
					return
				}
			}
			w.Write(c)
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// client sends every request to the server, whatever host it names (host prefixes such as
// "streaming-" stay on the wire).
func (s *streamServer) client() *http.Client {
	addr := s.Listener.Addr().String()
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
}

func (s *streamServer) config() aws.Config {
	return aws.Config{Region: "us-west-2", HTTPClient: s.client(), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret-example", "")}
}

func frames(t testing.TB, fs ...frame) [][]byte {
	out := make([][]byte, len(fs))
	for i, f := range fs {
		out[i] = f.encode(t)
	}
	return out
}

// drain reads every event of a stream.
func drain(t testing.TB, s *Stream) []Event {
	t.Helper()
	var evs []Event
	for ev := range s.Events {
		evs = append(evs, ev)
	}
	return evs
}

func engineStream(t *testing.T, srv *streamServer, service, op string, input map[string]any) *Stream {
	t.Helper()
	inv := New(srv.config(), loadModel(t, service), Options{EndpointURL: srv.URL})
	s, err := inv.Stream(context.Background(), op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", service, op, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// norm makes a document comparable with a typed value: keys in lower case, timestamps in UTC,
// blobs in base64, numbers as float64, and empty values (nil, false, 0, "", empty lists and
// maps, which typed structs cannot tell from absent) dropped.
func norm(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			if n := norm(e); n != nil {
				m[strings.ToLower(k)] = n
			}
		}
		if len(m) == 0 {
			return nil
		}
		return m
	case []any:
		if len(x) == 0 {
			return nil
		}
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = norm(e)
		}
		return l
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		if len(x) == 0 {
			return nil
		}
		return base64.StdEncoding.EncodeToString(x)
	case int64:
		if x == 0 {
			return nil
		}
		return float64(x)
	case float64:
		if x == 0 {
			return nil
		}
		return x
	case string:
		if x == "" {
			return nil
		}
		return x
	case bool:
		if !x {
			return nil
		}
		return x
	}
	return v
}

// typedDoc turns a typed client's value into the document form norm compares: structs by their
// field names, union members (…MemberX{Value}) as {X: value}.
func typedDoc(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if v.Kind() == reflect.Interface {
			return typedDoc(v.Elem())
		}
		return typedDoc(v.Elem())
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			return t
		}
		name := v.Type().Name()
		if i := strings.Index(name, "Member"); i > 0 && v.NumField() >= 1 && v.Type().Field(0).Name == "Value" {
			return map[string]any{name[i+len("Member"):]: typedDoc(v.Field(0))}
		}
		m := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() {
				m[f.Name] = typedDoc(v.Field(i))
			}
		}
		return m
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Bytes()
		}
		l := make([]any, v.Len())
		for i := range l {
			l[i] = typedDoc(v.Index(i))
		}
		return l
	case reflect.Map:
		m := map[string]any{}
		for _, k := range v.MapKeys() {
			m[k.String()] = typedDoc(v.MapIndex(k))
		}
		return m
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	}
	return nil
}

// compareEvents checks the engine's events against the typed client's, one for one.
func compareEvents[T any](t *testing.T, got []Event, typed []T) {
	t.Helper()
	if len(got) != len(typed) {
		t.Fatalf("engine read %d events, the typed client %d", len(got), len(typed))
	}
	for i := range got {
		g := norm(map[string]any{got[i].Type: got[i].Doc})
		w := norm(typedDoc(reflect.ValueOf(typed[i])))
		if !reflect.DeepEqual(g, w) {
			t.Errorf("event %d:\n engine %v\n  typed %v", i, g, w)
		}
		if i == len(got)-1 {
			t.Logf("last event: %v", g)
		}
	}
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

const liveTailGroup = "arn:aws:logs:us-west-2:123456789012:log-group:app"

func liveTailFrames(t testing.TB, updates int) [][]byte {
	fs := []frame{
		event("initial-response", "application/json", `{}`),
		event("sessionStart", "application/json", `{"requestId":"r-1","sessionId":"s-1","logGroupIdentifiers":["`+liveTailGroup+`"],"logEventFilterPattern":"ERROR"}`),
	}
	for i := range updates {
		fs = append(fs, event("sessionUpdate", "application/json", `{"sessionMetadata":{"sampled":true},"sessionResults":[`+
			`{"logStreamName":"web","logGroupIdentifier":"`+liveTailGroup+`","message":"ERROR line `+string(rune('a'+i%26))+` \u00e9","timestamp":1733300000123,"ingestionTime":1733300000456}]}`))
	}
	return frames(t, fs...)
}

func TestStreamLiveTailMatchesTypedClient(t *testing.T) {
	chunks := append(liveTailFrames(t, 3), exception("SessionTimeoutException", `{"message":"session over"}`).encode(t))
	srv := newStreamServer(t, nil, chunks...)
	input := map[string]any{"logGroupIdentifiers": []any{liveTailGroup}, "logEventFilterPattern": "ERROR"}

	s := engineStream(t, srv, "logs", "StartLiveTail", input)
	got := drain(t, s)
	var ae *APIError
	if !errors.As(s.Err(), &ae) || ae.Code != "SessionTimeoutException" || ae.Message != "session over" {
		t.Fatalf("Err = %v, want the SessionTimeoutException event", s.Err())
	}
	if s.Member != "responseStream" || s.StatusCode != 200 {
		t.Errorf("Member %q, status %d", s.Member, s.StatusCode)
	}
	if n, b := s.Count(); n != 4 || b == 0 {
		t.Errorf("Count = %d events, %d bytes", n, b)
	}
	if tail := got[1].Doc["sessionResults"].([]any)[0].(map[string]any); tail["timestamp"] != int64(1733300000123) {
		t.Errorf("sessionUpdate result %v", tail)
	}

	client := cloudwatchlogs.NewFromConfig(srv.config(), func(o *cloudwatchlogs.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	out, err := client.StartLiveTail(context.Background(), &cloudwatchlogs.StartLiveTailInput{
		LogGroupIdentifiers: []string{liveTailGroup}, LogEventFilterPattern: aws.String("ERROR")})
	if err != nil {
		t.Fatal(err)
	}
	stream := out.GetStream()
	var typed []any
	for ev := range stream.Events() {
		typed = append(typed, ev)
	}
	compareEvents(t, got, typed)
	if apiCode(stream.Err()) != "SessionTimeoutException" {
		t.Errorf("typed client's error %v", stream.Err())
	}
}

func TestStreamKinesisSubscribeToShardMatchesTypedClient(t *testing.T) {
	srv := newStreamServer(t, nil, frames(t,
		event("initial-response", "application/json", `{}`),
		event("SubscribeToShardEvent", "application/json", `{"Records":[{"SequenceNumber":"4961","ApproximateArrivalTimestamp":1.733300000123E9,"Data":"aGVsbG8=","PartitionKey":"pk"}],"ContinuationSequenceNumber":"4962","MillisBehindLatest":0}`),
		event("SubscribeToShardEvent", "application/json", `{"Records":[],"ContinuationSequenceNumber":"4963","MillisBehindLatest":250,"ChildShards":[{"ShardId":"shardId-1","ParentShards":["shardId-0"],"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"9"}}]}`),
		exception("ResourceInUseException", `{"message":"another consumer"}`),
	)...)
	input := map[string]any{"ConsumerARN": "arn:aws:kinesis:us-west-2:123456789012:stream/s/consumer/c:1",
		"ShardId": "shardId-0", "StartingPosition": map[string]any{"Type": "LATEST"}}
	s := engineStream(t, srv, "kinesis", "SubscribeToShard", input)
	got := drain(t, s)
	if apiCode(s.Err()) != "ResourceInUseException" {
		t.Fatalf("Err = %v", s.Err())
	}
	if rec := got[0].Doc["Records"].([]any)[0].(map[string]any); string(rec["Data"].([]byte)) != "hello" {
		t.Errorf("record %v", rec)
	}

	client := kinesis.NewFromConfig(srv.config(), func(o *kinesis.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	out, err := client.SubscribeToShard(context.Background(), &kinesis.SubscribeToShardInput{
		ConsumerARN: aws.String(input["ConsumerARN"].(string)), ShardId: aws.String("shardId-0"),
		StartingPosition: &kintypes.StartingPosition{Type: kintypes.ShardIteratorTypeLatest}})
	if err != nil {
		t.Fatal(err)
	}
	var typed []any
	for ev := range out.GetStream().Events() {
		typed = append(typed, ev)
	}
	compareEvents(t, got, typed)
	if apiCode(out.GetStream().Err()) != "ResourceInUseException" {
		t.Errorf("typed client's error %v", out.GetStream().Err())
	}
}

func TestStreamS3SelectMatchesTypedClient(t *testing.T) {
	srv := newStreamServer(t, nil, frames(t,
		event("Records", "application/octet-stream", "a,1\nb,2\n"),
		event("Cont", "", ""),
		event("Progress", "text/xml", `<Progress xmlns=""><BytesScanned>512</BytesScanned><BytesProcessed>512</BytesProcessed><BytesReturned>8</BytesReturned></Progress>`),
		event("Records", "application/octet-stream", "c,3\n"),
		event("Stats", "text/xml", `<Stats xmlns=""><BytesScanned>1024</BytesScanned><BytesProcessed>1024</BytesProcessed><BytesReturned>12</BytesReturned></Stats>`),
		event("End", "", ""),
	)...)
	input := map[string]any{"Bucket": "b", "Key": "k.csv", "Expression": "select * from s3object", "ExpressionType": "SQL",
		"InputSerialization": map[string]any{"CSV": map[string]any{}}, "OutputSerialization": map[string]any{"CSV": map[string]any{}}}
	s := engineStream(t, srv, "s3", "SelectObjectContent", input)
	got := drain(t, s)
	if s.Err() != nil {
		t.Fatal(s.Err())
	}
	if len(got) != 6 || string(got[0].Doc["Payload"].([]byte)) != "a,1\nb,2\n" ||
		got[4].Doc["Details"].(map[string]any)["BytesReturned"] != int64(12) || got[5].Type != "End" {
		t.Fatalf("events %v", got)
	}

	client := s3.NewFromConfig(srv.config(), func(o *s3.Options) { o.BaseEndpoint = aws.String(srv.URL); o.UsePathStyle = true })
	out, err := client.SelectObjectContent(context.Background(), &s3.SelectObjectContentInput{
		Bucket: aws.String("b"), Key: aws.String("k.csv"), Expression: aws.String("select * from s3object"),
		ExpressionType: s3types.ExpressionTypeSql, InputSerialization: &s3types.InputSerialization{CSV: &s3types.CSVInput{}},
		OutputSerialization: &s3types.OutputSerialization{CSV: &s3types.CSVOutput{}}})
	if err != nil {
		t.Fatal(err)
	}
	var typed []any
	for ev := range out.GetStream().Events() {
		typed = append(typed, ev)
	}
	if err := out.GetStream().Err(); err != nil {
		t.Fatal(err)
	}
	compareEvents(t, got, typed)
}

func TestStreamLambdaResponseStreamMatchesTypedClient(t *testing.T) {
	srv := newStreamServer(t, http.Header{"X-Amz-Executed-Version": {"$LATEST"}}, frames(t,
		event("PayloadChunk", "application/octet-stream", `{"partial":`),
		event("PayloadChunk", "application/octet-stream", `"yes"}`),
		event("InvokeComplete", "application/json", `{"LogResult":"U1RBUlQ="}`),
	)...)
	s := engineStream(t, srv, "lambda", "InvokeWithResponseStream", map[string]any{"FunctionName": "f", "Payload": "{}"})
	got := drain(t, s)
	if s.Err() != nil {
		t.Fatal(s.Err())
	}
	if s.Output["ExecutedVersion"] != "$LATEST" || s.Output["StatusCode"] != int64(200) {
		t.Errorf("initial output %v", s.Output)
	}

	client := lambda.NewFromConfig(srv.config(), func(o *lambda.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	out, err := client.InvokeWithResponseStream(context.Background(), &lambda.InvokeWithResponseStreamInput{
		FunctionName: aws.String("f"), Payload: []byte("{}")})
	if err != nil {
		t.Fatal(err)
	}
	var typed []any
	for ev := range out.GetStream().Events() {
		typed = append(typed, ev)
	}
	compareEvents(t, got, typed)
	if aws.ToString(out.ExecutedVersion) != "$LATEST" {
		t.Errorf("typed ExecutedVersion %q", aws.ToString(out.ExecutedVersion))
	}
}

func TestStreamBedrockConverseStreamMatchesTypedClient(t *testing.T) {
	srv := newStreamServer(t, nil, frames(t,
		event("messageStart", "application/json", `{"role":"assistant"}`),
		event("contentBlockDelta", "application/json", `{"contentBlockIndex":0,"delta":{"text":"Hel"}}`),
		event("contentBlockDelta", "application/json", `{"contentBlockIndex":0,"delta":{"text":"lo"}}`),
		event("contentBlockStop", "application/json", `{"contentBlockIndex":0}`),
		event("messageStop", "application/json", `{"stopReason":"end_turn"}`),
		event("metadata", "application/json", `{"usage":{"inputTokens":3,"outputTokens":2,"totalTokens":5},"metrics":{"latencyMs":12}}`),
	)...)
	input := map[string]any{"modelId": "anthropic.claude", "messages": []any{map[string]any{"role": "user", "content": []any{map[string]any{"text": "hi"}}}}}
	s := engineStream(t, srv, "bedrock-runtime", "ConverseStream", input)
	got := drain(t, s)
	if s.Err() != nil {
		t.Fatal(s.Err())
	}

	client := bedrockruntime.NewFromConfig(srv.config(), func(o *bedrockruntime.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	out, err := client.ConverseStream(context.Background(), &bedrockruntime.ConverseStreamInput{
		ModelId: aws.String("anthropic.claude"), Messages: []brtypes.Message{{Role: brtypes.ConversationRoleUser,
			Content: []brtypes.ContentBlock{&brtypes.ContentBlockMemberText{Value: "hi"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	var typed []any
	for ev := range out.GetStream().Events() {
		typed = append(typed, ev)
	}
	compareEvents(t, got, typed)
}

func TestStreamBedrockInvokeModelWithResponseStream(t *testing.T) {
	srv := newStreamServer(t, http.Header{"X-Amzn-Bedrock-Content-Type": {"application/json"}}, frames(t,
		event("chunk", "application/json", `{"bytes":"eyJ0ZXh0IjoiaGkifQ=="}`),
	)...)
	s := engineStream(t, srv, "bedrock-runtime", "InvokeModelWithResponseStream", map[string]any{"modelId": "m", "body": "{}"})
	got := drain(t, s)
	if s.Err() != nil || len(got) != 1 || string(got[0].Doc["bytes"].([]byte)) != `{"text":"hi"}` {
		t.Fatalf("events %v, err %v", got, s.Err())
	}
	if s.Output["contentType"] != "application/json" {
		t.Errorf("initial output %v", s.Output)
	}
}

func TestStreamBrokenChecksum(t *testing.T) {
	for _, where := range []struct {
		name string
		at   func(n int) int
	}{{"prelude", func(int) int { return 5 }}, {"message", func(n int) int { return n - 6 }}} {
		t.Run(where.name, func(t *testing.T) {
			chunks := liveTailFrames(t, 2)
			bad := bytes.Clone(chunks[3])
			bad[where.at(len(bad))] ^= 0x20
			chunks[3] = bad
			srv := newStreamServer(t, nil, chunks...)
			s := engineStream(t, srv, "logs", "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{liveTailGroup}})
			got := drain(t, s)
			var se *StreamError
			if !errors.As(s.Err(), &se) || len(got) != 2 || se.Events != 2 {
				t.Fatalf("events %d, Err %v: want the 2 good events then a StreamError", len(got), s.Err())
			}
			if where.name == "message" && !strings.Contains(s.Err().Error(), "checksum") {
				t.Errorf("Err = %v, want a checksum mismatch", s.Err())
			}
		})
	}
}

func TestStreamCutMidEvent(t *testing.T) {
	chunks := liveTailFrames(t, 2)
	chunks[3] = chunks[3][:len(chunks[3])/2] // the connection ends inside the last event
	srv := newStreamServer(t, nil, chunks...)
	s := engineStream(t, srv, "logs", "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{liveTailGroup}})
	got := drain(t, s)
	var se *StreamError
	if !errors.As(s.Err(), &se) || !errors.Is(s.Err(), errCutMidEvent) || len(got) != 2 {
		t.Fatalf("events %d, Err %v: want 2 events then a cut", len(got), s.Err())
	}
}

func TestStreamErrorMessage(t *testing.T) {
	chunks := append(liveTailFrames(t, 1), frame{headers: map[string]string{":message-type": "error",
		":error-code": "InternalFailure", ":error-message": "try again"}}.encode(t))
	srv := newStreamServer(t, nil, chunks...)
	s := engineStream(t, srv, "logs", "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{liveTailGroup}})
	drain(t, s)
	var ae *APIError
	if !errors.As(s.Err(), &ae) || ae.Code != "InternalFailure" || ae.Message != "try again" {
		t.Fatalf("Err = %v", s.Err())
	}
}

func TestStreamUnknownEventIsKept(t *testing.T) {
	chunks := append(liveTailFrames(t, 0), event("sessionFuture", "application/json", `{"x":1}`).encode(t))
	srv := newStreamServer(t, nil, chunks...)
	s := engineStream(t, srv, "logs", "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{liveTailGroup}})
	got := drain(t, s)
	if s.Err() != nil || len(got) != 2 || !got[1].Unknown || got[1].Type != "sessionFuture" || len(got[1].Raw) == 0 {
		t.Fatalf("events %+v, Err %v", got, s.Err())
	}
}

// A slow stream delivers each event as it arrives: the first is read while the server holds
// the second back; Close then ends the stream with no error, and the server sees the client go.
func TestStreamDeliversEventsAsTheyArrive(t *testing.T) {
	srv := newStreamServer(t, nil, liveTailFrames(t, 3)...)
	srv.gate = make(chan struct{})
	s := engineStream(t, srv, "logs", "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{liveTailGroup}})
	// initial-response was chunk 0; the server holds chunk 1 until the gate opens.
	srv.gate <- struct{}{}
	if ev := <-s.Events; ev.Type != "sessionStart" {
		t.Fatalf("first event %q", ev.Type)
	}
	srv.gate <- struct{}{}
	if ev := <-s.Events; ev.Type != "sessionUpdate" {
		t.Fatalf("second event %q", ev.Type)
	}
	if n, _ := s.Count(); n != 2 {
		t.Errorf("Count = %d before the third event was sent", n)
	}
	s.Close()
	if _, open := <-s.Events; open || s.Err() != nil {
		t.Fatalf("after Close: channel open %v, Err %v", open, s.Err())
	}
}

func TestStreamEndsWithItsContext(t *testing.T) {
	srv := newStreamServer(t, nil, liveTailFrames(t, 2)...)
	srv.gate = make(chan struct{})
	inv := New(srv.config(), loadModel(t, "logs"), Options{EndpointURL: srv.URL})
	ctx, cancel := context.WithCancel(context.Background())
	s, err := inv.Stream(ctx, "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{liveTailGroup}})
	if err != nil {
		t.Fatal(err)
	}
	srv.gate <- struct{}{}
	<-s.Events
	cancel()
	for range s.Events {
	}
	if !errors.Is(s.Err(), context.Canceled) {
		t.Fatalf("Err = %v, want context.Canceled", s.Err())
	}
}

func TestStreamRefusals(t *testing.T) {
	rec := &recorder{}
	for _, c := range []struct{ service, op, want string }{
		{"lexv2-runtime", "StartConversation", "input event stream (HTTP/2"},
		{"bedrock-runtime", "InvokeModelWithBidirectionalStream", "input event stream (HTTP/2"},
	} {
		inv := New(goldenConfig(rec), loadModel(t, c.service), Options{})
		_, err := inv.Stream(context.Background(), c.op, map[string]any{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: %v, want %q", c.service, c.op, err, c.want)
		}
	}
	inv := New(goldenConfig(rec), loadModel(t, "sts"), Options{})
	if _, err := inv.Stream(context.Background(), "GetCallerIdentity", nil); err == nil || !strings.Contains(err.Error(), "does not answer with an event stream") {
		t.Errorf("GetCallerIdentity: %v", err)
	}
	if rec.count() != 0 {
		t.Errorf("%d requests sent", rec.count())
	}
}

// A stream that is refused before it starts is an API error like any other.
func TestStreamHTTPErrorBeforeTheStream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(400)
		w.Write([]byte(`{"__type":"AccessDeniedException","message":"no tail for you"}`))
	}))
	defer srv.Close()
	inv := New(goldenConfig(http.DefaultClient), loadModel(t, "logs"), Options{EndpointURL: srv.URL})
	_, err := inv.Stream(context.Background(), "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{liveTailGroup}})
	if apiCode(err) != "AccessDeniedException" {
		t.Fatalf("err = %v", err)
	}
}

// cannedStream answers every request with the same event-stream body from memory, so the
// benchmark measures decoding, not the loopback network.
type cannedStream []byte

func (c cannedStream) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/vnd.amazon.eventstream"}},
		Body: io.NopCloser(bytes.NewReader(c)), ContentLength: -1, Request: req, ProtoMajor: 1, ProtoMinor: 1}, nil
}

// BenchmarkStreamDecode reads 1,000 StartLiveTail sessionUpdate events (one log line each,
// ~330 bytes a frame) per op through Stream, from memory.
func BenchmarkStreamDecode(b *testing.B) {
	const perStream = 1000
	var all []byte
	for _, c := range liveTailFrames(b, perStream) {
		all = append(all, c...)
	}
	inv := New(goldenConfig(cannedStream(all)), loadModel(b, "logs"), Options{})
	input := map[string]any{"logGroupIdentifiers": []any{liveTailGroup}}
	b.ReportAllocs()
	b.ResetTimer()
	var events, size int64
	for range b.N {
		s, err := inv.Stream(context.Background(), "StartLiveTail", input)
		if err != nil {
			b.Fatal(err)
		}
		for range s.Events {
		}
		if s.Err() != nil {
			b.Fatal(s.Err())
		}
		n, by := s.Count()
		events += n
		size += by
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(events)/sec, "events/s")
	b.ReportMetric(float64(size)/sec/(1<<20), "MiB/s")
}
