package faultproxy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func upstream(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "<ok>hello from upstream</ok>")
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func get(t *testing.T, ctx context.Context, url string) (int, string, error) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/x?a=1", nil)
	resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestProxiesUnlessTheRuleSaysOtherwise(t *testing.T) {
	p := Start(t, upstream(t), OnRequest(2, Status(503)))
	ctx := context.Background()
	if code, body, err := get(t, ctx, p.URL); err != nil || code != 200 || body != "<ok>hello from upstream</ok>" {
		t.Fatalf("first request: %d %q %v", code, body, err)
	}
	if code, _, err := get(t, ctx, p.URL); err != nil || code != 503 {
		t.Fatalf("second request: %d %v, want 503", code, err)
	}
	if code, _, _ := get(t, ctx, p.URL); code != 200 {
		t.Fatalf("third request: %d, want 200", code)
	}
	if got := p.Requests(); len(got) != 3 || got[0] != "GET /x?a=1" {
		t.Fatalf("requests = %q", got)
	}
}

func TestTruncateBreaksTheBodyMidway(t *testing.T) {
	p := Start(t, upstream(t), Always(Truncate(5)))
	_, body, err := get(t, context.Background(), p.URL)
	if !errors.Is(err, io.ErrUnexpectedEOF) || body != "<ok>h" {
		t.Fatalf("body %q err %v, want 5 bytes then unexpected EOF", body, err)
	}
}

func TestResetAndGarbage(t *testing.T) {
	p := Start(t, upstream(t), FirstN(1, Reset()))
	if _, _, err := get(t, context.Background(), p.URL); err == nil {
		t.Fatal("reset: want a transport error")
	}
	g := Start(t, upstream(t), Always(Garbage()))
	if code, body, err := get(t, context.Background(), g.URL); err != nil || code != 200 || body == "<ok>hello from upstream</ok>" {
		t.Fatalf("garbage: %d %q %v", code, body, err)
	}
}

func TestStallHoldsUntilTheClientGivesUp(t *testing.T) {
	p := Start(t, upstream(t), Always(Stall()))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, _, err := get(t, ctx, p.URL); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want the client's deadline", err)
	}
}

func TestLatencyThenProxy(t *testing.T) {
	p := Start(t, upstream(t), Always(Latency(time.Millisecond, nil)))
	if code, _, err := get(t, context.Background(), p.URL); err != nil || code != 200 {
		t.Fatalf("%d %v", code, err)
	}
	th := Start(t, upstream(t), Always(Latency(time.Millisecond, Throttle())))
	if code, body, _ := get(t, context.Background(), th.URL); code != 400 || !strings.Contains(body, "Throttling") {
		t.Fatalf("%d %q", code, body)
	}
}
