package logtail

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// LiveTailServer serves StartLiveTail as real event-stream frames (the SDK's encoder): each
// session sends sessionStart, one sessionUpdate per message of its script entry, then ends with
// a SessionTimeoutException, as AWS does after 3 hours; a session past the script is refused
// with AccessDeniedException. Other operations answer an empty FilterLogEvents.
type liveTailServer struct {
	*httptest.Server
	sessions [][]string
	opened   atomic.Int32
}

func frame(t testing.TB, headers map[string]string, payload string) []byte {
	var msg eventstream.Message
	for k, v := range headers {
		msg.Headers.Set(k, eventstream.StringValue(v))
	}
	msg.Payload = []byte(payload)
	var buf bytes.Buffer
	if err := eventstream.NewEncoder().Encode(&buf, msg); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func newLiveTailServer(t testing.TB, sessions ...[]string) *liveTailServer {
	s := &liveTailServer{sessions: sessions}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".StartLiveTail") {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.Write([]byte(`{"events": []}`))
			return
		}
		n := int(s.opened.Add(1)) - 1
		if n >= len(s.sessions) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(400)
			w.Write([]byte(`{"__type": "AccessDeniedException", "message": "not allowed to live tail"}`))
			return
		}
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		ev := func(typ, payload string) []byte {
			return frame(t, map[string]string{":message-type": "event", ":event-type": typ, ":content-type": "application/json"}, payload)
		}
		w.Write(ev("initial-response", `{}`))
		w.Write(ev("sessionStart", `{"requestId":"r","sessionId":"s"}`))
		for i, m := range s.sessions[n] {
			w.Write(ev("sessionUpdate", `{"sessionMetadata":{"sampled":false},"sessionResults":[{"logStreamName":"web","logGroupIdentifier":"arn:aws:logs:us-east-1:1:log-group:app","message":"`+m+`","timestamp":`+
				strconv.FormatInt(1796400000000+int64(i), 10)+`,"ingestionTime":1796400000999}]}`))
		}
		w.Write(frame(t, map[string]string{":message-type": "exception", ":exception-type": "SessionTimeoutException", ":content-type": "application/json"}, `{"message":"session over"}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func liveInvoker(t testing.TB, url string) *invoke.Invoker {
	svc, err := model.Load("logs")
	if err != nil {
		t.Fatal(err)
	}
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""), BaseEndpoint: aws.String(url)}
	return invoke.New(cfg, svc, invoke.Options{})
}

// Live tail through the engine's event streams: events arrive decoded, a session that ends with
// SessionTimeoutException is opened again, and when the next open is refused the tail polls.
func TestLiveTailThroughTheEngine(t *testing.T) {
	srv := newLiveTailServer(t, []string{"one", "two"}, []string{"three"})
	inv := liveInvoker(t, srv.URL)
	tl, err := New(inv, Options{Groups: []string{"arn:aws:logs:us-east-1:1:log-group:app"}, Live: LiveFrom(inv), Since: time.UnixMilli(1796400000000),
		Sleep: make(ticker).Sleep})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var got []string
	for len(got) < 8 {
		b, err := tl.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(b.Mode)+":"+strings.Join(messages(b.Events), ""))
		if b.Mode == Polling {
			break
		}
	}
	// The second session's backfill (what arrived between the two), its start, its event.
	want := "live:,live:,live:one,live:two,live:,live:,live:three,polling:"
	if strings.Join(got, ",") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	if tl.reconnects != 1 || !strings.Contains(tl.Fallback(), "AccessDeniedException") {
		t.Errorf("reconnects %d, fallback %q", tl.reconnects, tl.Fallback())
	}
}

// moto has no StartLiveTail: the tail says why and polls.
func TestLiveTailFallsBackOnMoto(t *testing.T) {
	inv := logsInvoker(t)
	g := newGroup(t, inv, "s")
	put(t, inv, g, "s", time.Now().Add(-time.Minute), "polled")
	tl, _ := New(inv, Options{Groups: []string{g}, Live: LiveFrom(inv), Since: time.Now().Add(-time.Hour), Sleep: make(ticker).Sleep})
	b, err := tl.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b.Mode != Polling || b.Fallback == "" || strings.Join(messages(b.Events), "") != "polled" {
		t.Fatalf("mode %s, fallback %q, events %v", b.Mode, b.Fallback, messages(b.Events))
	}
	t.Logf("moto: %s", b.Fallback)
}
