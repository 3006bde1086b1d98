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

func TestThrottleSpeaksTheRequestsProtocol(t *testing.T) {
	p := Start(t, upstream(t), Always(Throttle()))
	for _, c := range []struct {
		name          string
		header        map[string]string
		code          int
		body, errType string
	}{
		{"awsJson", map[string]string{"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"},
			400, `{"__type":"ThrottlingException","message":"Rate exceeded"}`, "ThrottlingException"},
		{"s3", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request"},
			503, "<Error><Code>SlowDown</Code>", ""},
		{"query", map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>", ""},
	} {
		req, _ := http.NewRequest("POST", p.URL+"/", strings.NewReader("{}"))
		for k, v := range c.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code || !strings.Contains(string(b), c.body) || resp.Header.Get("X-Amzn-Errortype") != c.errType {
			t.Errorf("%s: %d %q (type %q)", c.name, resp.StatusCode, b, resp.Header.Get("X-Amzn-Errortype"))
		}
	}
}

func TestAttemptsCountTheSDKsAttemptsNotResends(t *testing.T) {
	var a Attempts
	req := func(attempt string) *http.Request {
		r, _ := http.NewRequest(http.MethodGet, "http://x/", nil)
		r.Header.Set("Amz-Sdk-Invocation-Id", "call-1")
		r.Header.Set("Amz-Sdk-Request", attempt)
		return r
	}
	a.Add(req("attempt=1; max=3"))
	a.Add(req("attempt=1; max=3")) // net/http's resend of the same attempt
	a.Add(req("attempt=2; max=3"))
	if a.N() != 2 || a.Requests() != 3 {
		t.Fatalf("attempts %d, requests %d; want 2 and 3", a.N(), a.Requests())
	}
}
