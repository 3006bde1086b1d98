package logview

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

	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
)

func esFrame(t testing.TB, headers map[string]string, payload string) []byte {
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

// The page on a live tail (StartLiveTail as real event-stream frames): the header says live,
// lines arrive, a session that times out is opened again and counted, and when the next open is
// refused the page polls and says why.
func TestTailPageLiveReconnectFallback(t *testing.T) {
	release := make(chan struct{})
	var opened atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".StartLiveTail") {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.Write([]byte(`{"events": []}`))
			return
		}
		n := opened.Add(1)
		if n > 2 {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(400)
			w.Write([]byte(`{"__type": "AccessDeniedException", "message": "no live tail for you"}`))
			return
		}
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		ev := func(typ, payload string) {
			w.Write(esFrame(t, map[string]string{":message-type": "event", ":event-type": typ, ":content-type": "application/json"}, payload))
			w.(http.Flusher).Flush()
		}
		ev("initial-response", `{}`)
		ev("sessionStart", `{"requestId":"r","sessionId":"s"}`)
		msgs := []string{"one", "two"}
		if n == 2 {
			msgs = []string{"three"}
		}
		for i, m := range msgs {
			ev("sessionUpdate", `{"sessionMetadata":{"sampled":false},"sessionResults":[{"logStreamName":"web","logGroupIdentifier":"arn:aws:logs:us-east-1:1:log-group:app","message":"live `+m+`","timestamp":`+
				strconv.FormatInt(start.UnixMilli()+int64(i), 10)+`,"ingestionTime":1}]}`)
		}
		if n == 2 {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		w.Write(esFrame(t, map[string]string{":message-type": "exception", ":exception-type": "SessionTimeoutException", ":content-type": "application/json"}, `{"message":"3 hours"}`))
	}))
	defer srv.Close()
	defer close(release)

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := testEnv(ctx, tuitest.NewClock(start))
	catalog := clients.NewCatalog(env, model.Default())
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		return (&motoserver.Server{URL: srv.URL}).AWSConfig(region), nil
	}
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load},
		Start: func(s tui.Session) tui.Page {
			return NewTail(env, catalog, s, Target{Groups: []string{"arn:aws:logs:us-east-1:1:log-group:app:*"}},
				Options{Location: time.UTC, Live: logtail.LiveFrom})
		}})
	d := tuitest.New(t, app, 120, 12)
	d.WaitForText(wait, "● live tail (reconnected 1×)", "live one", "live two", "live three", "3 lines")
	release <- struct{}{}
	d.WaitForText(wait, "◌ polling every 5s", "no live tail: AccessDeniedException", "live three")
}

// moto has no StartLiveTail: the page polls and says why.
func TestTailPageFallsBackOnMoto(t *testing.T) {
	srv := motoserver.StartShared(t)
	logs := invokerFor(t, srv, "logs")
	g := "/nimbus/logview/fallback/" + strconv.FormatInt(time.Now().UnixNano(), 10)
	call(t, logs, "CreateLogGroup", map[string]any{"logGroupName": g})
	call(t, logs, "CreateLogStream", map[string]any{"logGroupName": g, "logStreamName": "web"})
	putEvents(t, logs, g, "web", time.Now().Add(-time.Minute), "polled anyway")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := testEnv(ctx, tuitest.NewClock(time.Now()))
	catalog := clients.NewCatalog(env, model.Default())
	load := func(_ context.Context, _, region string) (aws.Config, error) { return srv.AWSConfig(region), nil }
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load},
		Start: func(s tui.Session) tui.Page {
			return NewTail(env, catalog, s, Target{Groups: []string{g}}, Options{Location: time.UTC, Live: logtail.LiveFrom})
		}})
	d := tuitest.New(t, app, 160, 12)
	d.WaitForText(wait, "◌ polling every 5s", "no live tail: 500", "polled anyway")
}

// A live session cut mid-frame is a passing failure: the page polls, says why and when it tries
// live tail again (30 s on its clock), and is live again once that time has come.
func TestTailPageLiveAgainAfterCut(t *testing.T) {
	var opened atomic.Int32
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".StartLiveTail") {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.Write([]byte(`{"events": []}`))
			return
		}
		n := opened.Add(1)
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		ev := func(typ, payload string) []byte {
			return esFrame(t, map[string]string{":message-type": "event", ":event-type": typ, ":content-type": "application/json"}, payload)
		}
		w.Write(ev("initial-response", `{}`))
		w.Write(ev("sessionStart", `{"requestId":"r","sessionId":"s"}`))
		w.Write(ev("sessionUpdate", `{"sessionMetadata":{"sampled":false},"sessionResults":[{"logStreamName":"web","logGroupIdentifier":"arn:aws:logs:us-east-1:1:log-group:app","message":"live `+strconv.Itoa(int(n))+`","timestamp":`+
			strconv.FormatInt(start.UnixMilli()+int64(n), 10)+`,"ingestionTime":1}]}`))
		w.(http.Flusher).Flush()
		if n == 1 {
			f := ev("sessionUpdate", `{"sessionResults":[]}`)
			w.Write(f[:len(f)/2]) // cut inside the frame
			return
		}
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	defer srv.Close()
	defer close(done)

	clock := tuitest.NewClock(start)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := testEnv(ctx, clock)
	catalog := clients.NewCatalog(env, model.Default())
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		return (&motoserver.Server{URL: srv.URL}).AWSConfig(region), nil
	}
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load},
		Start: func(s tui.Session) tui.Page {
			return NewTail(env, catalog, s, Target{Groups: []string{"arn:aws:logs:us-east-1:1:log-group:app:*"}},
				Options{Location: time.UTC, Live: logtail.LiveFrom})
		}})
	d := tuitest.New(t, app, 160, 12)
	d.WaitForText(wait, "◌ polling every 5s", "live again in 30s", "live tail failed:", "live 1")
	for i := 0; i < 6 && opened.Load() < 2; i++ {
		clock.WaitSleepers(t, 1, wait)
		clock.Advance(5 * time.Second)
		d.Pump(100 * time.Millisecond)
	}
	d.WaitForText(wait, "● live tail", "live 1", "live 2", "2 lines")
	if opened.Load() != 2 {
		t.Fatalf("%d sessions opened, want 2", opened.Load())
	}
}
