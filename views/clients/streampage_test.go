package clients

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/docpage"
)

func liveTailEvent(t *testing.T, typ, payload string) []byte {
	t.Helper()
	var msg eventstream.Message
	msg.Headers.Set(":message-type", eventstream.StringValue("event"))
	msg.Headers.Set(":event-type", eventstream.StringValue(typ))
	msg.Headers.Set(":content-type", eventstream.StringValue("application/json"))
	msg.Payload = []byte(payload)
	var buf bytes.Buffer
	if err := eventstream.NewEncoder().Encode(&buf, msg); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The stream page shows events as they arrive with their count; esc stops the stream and keeps
// them, esc again goes back. The server holds each event until the test lets it go.
func TestStreamPageAppendsEventsAndEscStops(t *testing.T) {
	gate := make(chan struct{})
	chunks := [][]byte{
		liveTailEvent(t, "initial-response", `{}`),
		liveTailEvent(t, "sessionStart", `{"sessionId":"s-1"}`),
		liveTailEvent(t, "sessionUpdate", `{"sessionResults":[{"message":"first \u001b[31mline"}]}`),
		liveTailEvent(t, "sessionUpdate", `{"sessionResults":[{"message":"second line"}]}`),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		for i, c := range chunks {
			if i > 1 {
				select {
				case <-gate:
				case <-r.Context().Done():
					return
				}
			}
			w.Write(c)
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done() // a live tail stays open until the client goes
	}))
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	catalog := NewCatalog(env, model.Default())
	svc, err := model.Default().Load("logs")
	if err != nil {
		t.Fatal(err)
	}
	load := func(context.Context, string, string) (aws.Config, error) {
		return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret-example", "")}, nil
	}
	input := map[string]any{"logGroupIdentifiers": []any{"arn:aws:logs:us-east-1:123456789012:log-group:app"}}
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles,
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load},
		Start: func(s tui.Session) tui.Page {
			return newStreamPage(catalog, s, svc, "StartLiveTail", input, docpage.Snippet{})
		}})
	d := tuitest.New(t, app, 100, 20)
	const wait = 15 * time.Second
	d.WaitForText(wait, "StartLiveTail stream", "streaming · 1 events", `sessionStart {"sessionId":"s-1"}`)
	gate <- struct{}{}
	d.WaitForText(wait, "streaming · 2 events", `first \u001b[31mline`)
	if strings.Contains(d.Screen(), "second line") {
		t.Fatal("an event the server has not sent is shown")
	}
	d.Key("esc")
	d.WaitForText(wait, "stopped · 2 events")
	d.Key("ctrl+w") // the stream's request and response
	d.WaitForText(wait, "StartLiveTail wire", "POST ", "X-Amz-Target: Logs_20140328.StartLiveTail",
		"Credential=<redacted>/", "HTTP 200 OK", "event stream")
	if strings.Contains(d.Screen(), "AKIDEXAMPLE") {
		t.Error("the wire view shows the access key")
	}
	d.Key("esc")
	d.Key("enter") // the newest event as a document
	d.WaitForText(wait, "StartLiveTail sessionUpdate", "event 2")
}
