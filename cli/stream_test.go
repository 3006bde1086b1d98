package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
)

func esFrame(t *testing.T, headers map[string]string, payload string) []byte {
	t.Helper()
	var msg eventstream.Message
	for _, k := range []string{":message-type", ":event-type", ":exception-type", ":content-type"} {
		if v, ok := headers[k]; ok {
			msg.Headers.Set(k, eventstream.StringValue(v))
		}
	}
	msg.Payload = []byte(payload)
	var buf bytes.Buffer
	if err := eventstream.NewEncoder().Encode(&buf, msg); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func esEvent(t *testing.T, typ, payload string) []byte {
	return esFrame(t, map[string]string{":message-type": "event", ":event-type": typ, ":content-type": "application/json"}, payload)
}

// lineWriter hands each flushed line to the test as it is written.
type lineWriter struct {
	buf     bytes.Buffer
	lines   chan string
	flushes int
}

func (w *lineWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }

func (w *lineWriter) Flush() error {
	w.flushes++
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			return nil
		}
		w.lines <- strings.TrimSuffix(line, "\n")
	}
}

// `nimbus call logs start-live-tail` prints each event as a JSON line the moment it arrives:
// the server holds the next event back until the test has read the line of the one before.
func TestCallStreamPrintsJSONLinesAsEventsArrive(t *testing.T) {
	gate := make(chan struct{})
	chunks := [][]byte{
		esEvent(t, "initial-response", `{}`),
		esEvent(t, "sessionStart", `{"sessionId":"s-1","logGroupIdentifiers":["g"]}`),
		esEvent(t, "sessionUpdate", `{"sessionResults":[{"message":"caf\u00e9 \u001b[31m","timestamp":1733300000123}]}`),
		esFrame(t, map[string]string{":message-type": "exception", ":exception-type": "SessionTimeoutException",
			":content-type": "application/json"}, `{"message":"session over"}`),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		for i, c := range chunks {
			if i > 1 {
				<-gate
			}
			w.Write(c)
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-west-2", HTTPClient: srv.Client(), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret-example", "")}
	inv := invoke.New(cfg, loadService(t, "logs"), invoke.Options{EndpointURL: srv.URL})

	out := &lineWriter{lines: make(chan string, 10)}
	var errOut bytes.Buffer
	code := make(chan int)
	go func() {
		code <- Call(context.Background(), inv, "start-live-tail", map[string]any{"logGroupIdentifiers": []any{"g"}},
			CallOptions{}, out, &errOut)
	}()
	if got := <-out.lines; got != `{"sessionStart":{"sessionId":"s-1","logGroupIdentifiers":["g"]}}` {
		t.Errorf("line 1 = %s", got)
	}
	gate <- struct{}{}
	if got := <-out.lines; !strings.HasPrefix(got, `{"sessionUpdate":{"sessionResults":[{"message":"caf\u00e9 \u001b[31m","timestamp":1733300000123}]}}`) {
		t.Errorf("line 2 = %s", got)
	}
	gate <- struct{}{}
	if c := <-code; c != ExitService || !strings.Contains(errOut.String(), "SessionTimeoutException") {
		t.Errorf("exit %d, stderr %q", c, errOut.String())
	}
	if out.flushes != 2 {
		t.Errorf("%d flushes, want one per event", out.flushes)
	}
}

func TestCallStreamRefusesInputStreamsAndQuery(t *testing.T) {
	cfg := aws.Config{Region: "us-west-2", Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")}
	inv := invoke.New(cfg, loadService(t, "lexv2-runtime"), invoke.Options{EndpointURL: "http://127.0.0.1:1"})
	_, errOut, code := call(t, inv, "StartConversation", `{"botId":"b","botAliasId":"a","localeId":"en_US","sessionId":"s"}`, CallOptions{})
	if code == ExitOK || !strings.Contains(errOut, "input event stream (HTTP/2") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	inv = invoke.New(cfg, loadService(t, "logs"), invoke.Options{EndpointURL: "http://127.0.0.1:1"})
	_, errOut, code = call(t, inv, "StartLiveTail", `{"logGroupIdentifiers":["g"]}`, CallOptions{Query: "x"})
	if code != ExitUsage || !strings.Contains(errOut, "--query") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
