package logtail

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// stepClock is a tail's clock whose Sleep passes at once and moves the time on by d.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) Sleep(ctx context.Context, d time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return ctx.Err() == nil
}

// liveAnswer is how the scripted server answers one StartLiveTail: an error status and code, or
// a stream of events ending as end says ("timeout": SessionTimeoutException, "cut": inside a
// frame, "crc": a frame whose checksum is wrong, "": a clean end).
type liveAnswer struct {
	status int
	code   string
	events []string
	end    string
}

// scriptServer serves StartLiveTail from a script of answers (past its end: AccessDenied) and
// FilterLogEvents from a store of events, honouring startTime and endTime. It notes the clock's
// time of every StartLiveTail.
type scriptServer struct {
	*httptest.Server
	mu      sync.Mutex
	answers []liveAnswer
	store   []map[string]any
	opens   []time.Time
	clock   *stepClock
}

func newScriptServer(t *testing.T, clock *stepClock, answers ...liveAnswer) *scriptServer {
	s := &scriptServer{answers: answers, clock: clock}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// put adds an event at ms to the store FilterLogEvents reads.
func (s *scriptServer) put(ms int64, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store = append(s.store, map[string]any{"eventId": fmt.Sprint(len(s.store)), "timestamp": ms, "message": msg, "logStreamName": "web"})
}

func (s *scriptServer) openCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.opens)
}

func (s *scriptServer) serve(w http.ResponseWriter, r *http.Request) {
	var in map[string]any
	json.NewDecoder(r.Body).Decode(&in)
	if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".FilterLogEvents") {
		start, _ := in["startTime"].(float64)
		end, hasEnd := in["endTime"].(float64)
		s.mu.Lock()
		var evs []any
		for _, e := range s.store {
			ms := float64(e["timestamp"].(int64))
			if ms >= start && (!hasEnd || ms <= end) {
				evs = append(evs, e)
			}
		}
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		json.NewEncoder(w).Encode(map[string]any{"events": evs})
		return
	}
	s.mu.Lock()
	s.opens = append(s.opens, s.clock.Now())
	a := liveAnswer{status: 400, code: "AccessDeniedException"}
	if len(s.answers) > 0 {
		a, s.answers = s.answers[0], s.answers[1:]
	}
	s.mu.Unlock()
	if a.status != 0 {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(a.status)
		fmt.Fprintf(w, `{"__type": %q, "message": "scripted"}`, a.code)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	ev := func(typ, payload string) []byte {
		return frame(s.tb(), map[string]string{":message-type": "event", ":event-type": typ, ":content-type": "application/json"}, payload)
	}
	w.Write(ev("initial-response", `{}`))
	w.Write(ev("sessionStart", `{"requestId":"r","sessionId":"s"}`))
	for _, m := range a.events {
		ms := s.clock.Now().UnixMilli()
		w.Write(ev("sessionUpdate", fmt.Sprintf(`{"sessionMetadata":{"sampled":false},"sessionResults":[{"logStreamName":"web","logGroupIdentifier":"arn:aws:logs:us-east-1:1:log-group:app","message":%q,"timestamp":%d,"ingestionTime":%d}]}`, m, ms, ms)))
	}
	switch a.end {
	case "timeout":
		w.Write(frame(s.tb(), map[string]string{":message-type": "exception", ":exception-type": "SessionTimeoutException", ":content-type": "application/json"}, `{"message":"session over"}`))
	case "cut":
		f := ev("sessionUpdate", `{"sessionResults":[]}`)
		w.Write(f[:len(f)/2])
	case "crc":
		f := ev("sessionUpdate", `{"sessionResults":[]}`)
		f[len(f)-1] ^= 0xff
		w.Write(f)
	}
}

func (s *scriptServer) tb() testing.TB { return nopTB{} }

// nopTB lets frame run in the server's goroutine (the encoder does not fail on these inputs).
type nopTB struct{ testing.TB }

func (nopTB) Fatal(...any) {}

func scriptInvoker(t *testing.T, url string) *invoke.Invoker {
	svc, err := model.Load("logs")
	if err != nil {
		t.Fatal(err)
	}
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""), BaseEndpoint: aws.String(url)}
	// One attempt per call: the tail's own retry of live tail is under test, not the engine's.
	return invoke.New(cfg, svc, invoke.Options{Retryer: retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 1 })})
}

const appARN = "arn:aws:logs:us-east-1:1:log-group:app"

// A live tail that fails for a passing reason (a stream cut mid-frame, a broken checksum, a 503,
// throttling) polls, and tries live tail again between polls after a wait that doubles with
// every failure in a row; once live again it first reads what was written since the last poll,
// none of it twice. A refusal (AccessDenied) polls for good. Every batch says which mode it is
// in and, while polling after a passing failure, when live tail is tried next.
func TestLiveTailComesBackAfterPassingFailure(t *testing.T) {
	t0 := time.UnixMilli(1_796_400_000_000)
	clock := &stepClock{now: t0}
	srv := newScriptServer(t, clock,
		liveAnswer{events: []string{"live-1"}, end: "cut"},
		liveAnswer{status: 503, code: "ServiceUnavailableException"},
		liveAnswer{status: 400, code: "ThrottlingException"},
		liveAnswer{events: []string{"live-2"}, end: "crc"},
		liveAnswer{events: []string{"live-3"}, end: "timeout"},
		// then AccessDenied: a refusal
	)
	inv := scriptInvoker(t, srv.URL)
	tl, err := New(inv, Options{Groups: []string{appARN}, Live: LiveFrom(inv), Since: t0.Add(-time.Minute),
		Sleep: clock.Sleep, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var trace []string
	var last Batch
	step := func() {
		t.Helper()
		b, err := tl.Next(ctx)
		if err != nil {
			t.Fatalf("after %v: %v", trace, err)
		}
		last = b
		if msgs := messages(b.Events); len(msgs) > 0 || len(trace) == 0 || !strings.HasPrefix(trace[len(trace)-1], string(b.Mode)) {
			trace = append(trace, string(b.Mode)+":"+strings.Join(msgs, "+"))
		}
		if b.Mode == Live && (b.Fallback != "" || !b.RetryLive.IsZero()) {
			t.Fatalf("a live batch says %q, retry at %v", b.Fallback, b.RetryLive)
		}
	}
	stepUntil := func(what string, done func() bool) {
		t.Helper()
		for i := 0; !done(); i++ {
			if i > 500 {
				t.Fatalf("%s never happened: %v", what, trace)
			}
			step()
		}
	}

	// Live, then the stream is cut mid-frame: polling, live tail again in 30 s.
	stepUntil("the cut", func() bool { return last.Mode == Polling })
	cutAt := clock.Now()
	if !strings.HasPrefix(last.Fallback, "live tail interrupted: ") || !last.RetryLive.Equal(cutAt.Add(30*time.Second)) {
		t.Fatalf("after the cut: fallback %q, retry at %v (now %v)", last.Fallback, last.RetryLive, cutAt)
	}
	srv.put(cutAt.Add(time.Second).UnixMilli(), "polled-1")
	// The 503 at 30 s, the throttle 60 s later, then a session 120 s later, which first reads
	// what was written after the last poll (its backfill), then its events.
	stepUntil("the throttle", func() bool { return srv.openCount() == 3 })
	stepUntil("the last poll before the session", func() bool { return clock.Now().Equal(srv.opens[2].Add(115 * time.Second)) })
	srv.put(clock.Now().Add(2*time.Second).UnixMilli(), "backfilled")
	stepUntil("the session", func() bool { return srv.openCount() == 4 })
	if o := srv.opens; !o[1].Equal(cutAt.Add(30*time.Second)) || !o[2].Equal(o[1].Add(60*time.Second)) || !o[3].Equal(o[2].Add(120*time.Second)) {
		t.Fatalf("live tail tried again at %v after the cut at %v: want +30 s, then +60 s, then +120 s", o[1:], cutAt)
	}
	stepUntil("the broken checksum", func() bool { return last.Mode == Polling })
	if !strings.HasPrefix(last.Fallback, "live tail interrupted: ") || !last.RetryLive.Equal(clock.Now().Add(30*time.Second)) {
		t.Fatalf("after the broken checksum (the session was up: the wait starts again): %q, retry at %v, now %v", last.Fallback, last.RetryLive, clock.Now())
	}
	// The last session ends after its 3 hours; opening it again is refused: polling for good.
	stepUntil("the refusal", func() bool { return strings.HasPrefix(last.Fallback, "live tail unavailable: ") })
	if !last.RetryLive.IsZero() || !strings.Contains(last.Fallback, "AccessDeniedException") {
		t.Fatalf("after the refusal: %q, retry at %v", last.Fallback, last.RetryLive)
	}
	opens := srv.openCount()
	for i := 0; i < 400; i++ { // over half an hour of polls
		step()
	}
	if srv.openCount() != opens || last.Mode != Polling {
		t.Fatalf("live tail tried again after a refusal: %d opens, was %d", srv.openCount(), opens)
	}
	want := "live:,live:live-1,polling:,polling:polled-1,live:backfilled,live:live-2,polling:,live:,live:live-3,polling:"
	if got := strings.Join(trace, ","); got != want {
		t.Fatalf("trace\n got %s\nwant %s", got, want)
	}
}

// Which failures are retried and which are not.
func TestLiveRefused(t *testing.T) {
	api := func(status int, code string) error {
		return &invoke.APIError{StatusCode: status, Code: code, Service: "logs", Operation: "StartLiveTail"}
	}
	cases := []struct {
		err     error
		refused bool
	}{
		{api(400, "AccessDeniedException"), true},
		{api(400, "UnrecognizedClientException"), true},
		{api(400, "InvalidParameterException"), true},
		{api(400, "ResourceNotFoundException"), true},
		{api(500, "500"), true}, // moto's HTML page: an endpoint without live tail
		{api(404, "404"), true},
		{api(501, "501"), true},
		{api(400, "ThrottlingException"), false},
		{api(400, "LimitExceededException"), false},
		{api(429, "429"), false},
		{api(503, "ServiceUnavailableException"), false},
		{api(500, "InternalFailure"), false},
		{api(502, "502"), false},
		{api(504, "504"), false},
		{&invoke.StreamError{Err: fmt.Errorf("cut")}, false},
		{fmt.Errorf("dial tcp: connection refused"), false},
		{codedErr("AccessDeniedException"), true},
		{codedErr("ThrottlingException"), false},
	}
	for _, c := range cases {
		if got := liveRefused(c.err); got != c.refused {
			t.Errorf("liveRefused(%v) = %v, want %v", c.err, got, c.refused)
		}
	}
}

type codedErr string

func (c codedErr) Error() string     { return string(c) }
func (c codedErr) ErrorCode() string { return string(c) }
