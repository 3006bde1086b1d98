// Package faultproxy is a test helper: an HTTP reverse proxy in front of a real AWS-compatible
// server (moto, gofakes3) that injects the faults real networks and services produce — 5xx,
// throttling, connection resets, truncated or garbage bodies, stalls and latency — so tests can
// check how nimbus behaves when AWS misbehaves, on the real wire protocol.
//
//	p := faultproxy.Start(t, moto.URL, faultproxy.OnRequest(3, faultproxy.Status(500)))
//	// point the client at p.URL; the third request answers 500, every other one is proxied.
//
// The rule sees every request in order (n counts from 1) and returns the fault for it, or nil to
// proxy it unchanged. Requests are counted per proxy, so a test can assert how many attempts a
// command made (Requests).
package faultproxy

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is what the proxy does with one request instead of (or around) proxying it.
type Fault interface {
	serve(w http.ResponseWriter, r *http.Request, upstream http.Handler)
}

// Rule picks the fault for the n-th request (n counts from 1); nil proxies it unchanged.
type Rule func(n int, r *http.Request) Fault

// Proxy is a running fault-injecting proxy.
type Proxy struct {
	// URL is the proxy's base URL: use it as the client's endpoint.
	URL string

	server   *httptest.Server
	upstream *httputil.ReverseProxy
	rule     Rule
	release  chan struct{} // closed on Close: stalled requests end

	mu       sync.Mutex
	requests []string // "METHOD path?query" of every request seen, in order
}

// Start starts a proxy in front of target (a base URL such as moto's) and closes it in t.Cleanup.
func Start(t testing.TB, target string, rule Rule) *Proxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatalf("faultproxy: bad target %q: %v", target, err)
	}
	p := &Proxy{upstream: httputil.NewSingleHostReverseProxy(u), rule: rule, release: make(chan struct{})}
	p.upstream.ErrorLog = nil
	p.server = httptest.NewServer(http.HandlerFunc(p.serveHTTP))
	p.URL = p.server.URL
	t.Cleanup(p.Close)
	return p
}

// Close stops the proxy; requests held by Stall are let go first.
func (p *Proxy) Close() {
	select {
	case <-p.release:
	default:
		close(p.release)
	}
	p.server.CloseClientConnections()
	p.server.Close()
}

// Requests returns "METHOD path?query" for every request the proxy received, in order.
func (p *Proxy) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Count returns how many requests the proxy received.
func (p *Proxy) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.requests)
}

func (p *Proxy) serveHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests = append(p.requests, r.Method+" "+r.URL.RequestURI())
	n := len(p.requests)
	p.mu.Unlock()
	var f Fault
	if p.rule != nil {
		f = p.rule(n, r)
	}
	if f == nil {
		p.upstream.ServeHTTP(w, r)
		return
	}
	if s, ok := f.(stall); ok {
		s.release = p.release
		f = s
	}
	f.serve(w, r, p.upstream)
}

// --- rules ---

// Always applies f to every request.
func Always(f Fault) Rule { return func(int, *http.Request) Fault { return f } }

// OnRequest applies f to the n-th request only.
func OnRequest(n int, f Fault) Rule {
	return func(i int, _ *http.Request) Fault {
		if i == n {
			return f
		}
		return nil
	}
}

// FromRequest applies f to the n-th request and every one after it.
func FromRequest(n int, f Fault) Rule {
	return func(i int, _ *http.Request) Fault {
		if i >= n {
			return f
		}
		return nil
	}
}

// FirstN applies f to the first n requests, then proxies: a fault that retries recover from.
func FirstN(n int, f Fault) Rule {
	return func(i int, _ *http.Request) Fault {
		if i <= n {
			return f
		}
		return nil
	}
}

// When applies f to the requests match accepts (for example those whose query holds a page token).
func When(match func(*http.Request) bool, f Fault) Rule {
	return func(_ int, r *http.Request) Fault {
		if match(r) {
			return f
		}
		return nil
	}
}

// --- faults ---

type status struct {
	code    int
	errCode string // the AWS error code; "" sends body as it is
	message string
	body    string
	// s3Code and s3Status replace errCode and code for S3, which throttles with 503 SlowDown.
	s3Code   string
	s3Status int
}

// Status answers with the HTTP status code and an AWS-shaped error (code InternalError) in the
// request's protocol: a JSON body and x-amzn-ErrorType for JSON protocols, S3's bare <Error>
// for S3, the query protocols' <ErrorResponse> otherwise, so that every client decodes it as
// it would decode AWS's own.
func Status(code int) Fault {
	return status{code: code, errCode: "InternalError", message: "injected by faultproxy"}
}

// Throttle answers as AWS does when it throttles, in the request's protocol: 400 Throttling
// (query, XML), 400 ThrottlingException (JSON protocols), 503 SlowDown (S3).
func Throttle() Fault {
	return status{code: 400, errCode: "Throttling", message: "Rate exceeded", s3Code: "SlowDown", s3Status: 503}
}

// StatusBody answers with the status code and body given, as text/xml.
func StatusBody(code int, body string) Fault { return status{code: code, body: body} }

func (s status) serve(w http.ResponseWriter, r *http.Request, _ http.Handler) {
	w.Header().Set("x-amzn-RequestId", "fault")
	if s.errCode == "" {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(s.code)
		io.WriteString(w, s.body)
		return
	}
	code, errCode := s.code, s.errCode
	switch protocolOf(r) {
	case protoJSON:
		if errCode == "Throttling" {
			errCode = "ThrottlingException"
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("x-amzn-ErrorType", errCode)
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"__type":%q,"message":%q}`, errCode, s.message)
	case protoS3:
		if s.s3Code != "" {
			code, errCode = s.s3Status, s.s3Code
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<Error><Code>%s</Code><Message>%s</Message><RequestId>fault</RequestId></Error>", errCode, s.message)
	default:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"+
			"<RequestId>fault</RequestId></ErrorResponse>", errCode, s.message)
	}
}

const (
	protoQuery = iota // awsQuery, ec2Query and anything unknown: <ErrorResponse>
	protoJSON         // awsJson and restJson
	protoS3           // restXml S3
)

// protocolOf guesses the protocol of a request from what AWS clients send: awsJson names its
// operation in X-Amz-Target, restJson sends JSON, and S3 requests are signed for service s3.
func protocolOf(r *http.Request) int {
	ct := r.Header.Get("Content-Type")
	switch {
	case r.Header.Get("X-Amz-Target") != "" || strings.Contains(ct, "json"):
		return protoJSON
	case strings.Contains(r.Header.Get("Authorization"), "/s3/aws4_request"),
		r.Header.Get("X-Amz-Content-Sha256") != "" && !strings.Contains(ct, "x-www-form-urlencoded"):
		return protoS3
	}
	return protoQuery
}

type reset struct{}

// Reset closes the connection without answering (the client sees a reset or EOF).
func Reset() Fault { return reset{} }

func (reset) serve(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
	hijackAndClose(w, nil)
}

type truncate struct{ keep int }

// Truncate proxies the request, then sends the real status and headers (Content-Length included)
// but only the first keep bytes of the body before closing the connection.
func Truncate(keep int) Fault { return truncate{keep: keep} }

func (t truncate) serve(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
	rec := httptest.NewRecorder()
	upstream.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	keep := min(t.keep, len(body))
	var head bytes.Buffer
	head.WriteString("HTTP/1.1 " + strconv.Itoa(rec.Code) + " " + http.StatusText(rec.Code) + "\r\n")
	rec.Header().Set("Content-Length", strconv.Itoa(len(body)))
	rec.Header().Del("Transfer-Encoding")
	rec.Header().Write(&head)
	head.WriteString("\r\n")
	head.Write(body[:keep])
	hijackAndClose(w, head.Bytes())
}

type garbage struct{ body string }

// Garbage answers 200 with a body that no protocol can decode.
func Garbage() Fault { return garbage{body: "\x00\xff<<not a response>>\x1b[2J"} }

func (g garbage) serve(w http.ResponseWriter, r *http.Request, _ http.Handler) {
	ct := "text/xml"
	if strings.Contains(r.Header.Get("Content-Type"), "json") {
		ct = "application/x-amz-json-1.0"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(200)
	io.WriteString(w, g.body)
}

type stall struct{ release chan struct{} }

// Stall accepts the request and never answers, until the client gives up or the proxy is closed.
func Stall() Fault { return stall{} }

func (s stall) serve(w http.ResponseWriter, r *http.Request, _ http.Handler) {
	select {
	case <-r.Context().Done():
	case <-s.release:
	}
}

type latency struct {
	d    time.Duration
	then Fault
}

// Latency waits d before proxying the request (or before applying then, when it is not nil).
func Latency(d time.Duration, then Fault) Fault { return latency{d: d, then: then} }

func (l latency) serve(w http.ResponseWriter, r *http.Request, upstream http.Handler) {
	select {
	case <-time.After(l.d):
	case <-r.Context().Done():
		return
	}
	if l.then != nil {
		l.then.serve(w, r, upstream)
		return
	}
	upstream.ServeHTTP(w, r)
}

// hijackAndClose writes raw (if any) straight to the connection and closes it: the only way to
// send a response that breaks HTTP's own framing.
func hijackAndClose(w http.ResponseWriter, raw []byte) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("faultproxy: response writer cannot be hijacked")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	if raw != nil {
		buf.Write(raw)
		buf.Flush()
	}
	if tc, ok := conn.(*net.TCPConn); ok && raw == nil {
		tc.SetLinger(0) // an RST, not a clean FIN
	}
	conn.Close()
}
