package invoke

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/wire"
)

// wireCall records one call's attempts into the Tap of its context (wire.With).
type wireCall struct {
	tap     wire.Tap
	inv     *Invoker
	service string
	op      string
	secret  bool // the call reveals a secret: neither body is recorded
}

type wireKey struct{}

// withWire returns ctx carrying the call's recorder when ctx has a Tap.
func (inv *Invoker) withWire(ctx context.Context, oi *opInfo, secret bool) context.Context {
	tap := wire.From(ctx)
	if tap == nil {
		return ctx
	}
	return context.WithValue(ctx, wireKey{}, &wireCall{tap: tap, inv: inv, service: inv.svc.Name, op: oi.op.Name, secret: secret})
}

func wireFrom(ctx context.Context) *wireCall {
	wc, _ := ctx.Value(wireKey{}).(*wireCall)
	return wc
}

// redactor knows the session's own secrets, so that no literal copy of them is recorded.
func (wc *wireCall) redactor(ctx context.Context) *wire.Redactor {
	if wc.inv.creds == nil {
		return wire.NewRedactor()
	}
	c, err := wc.inv.creds.Retrieve(ctx)
	if err != nil {
		return wire.NewRedactor()
	}
	return wire.NewRedactor(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
}

func (wc *wireCall) entry(kind wire.Kind, attempt, max int) wire.Entry {
	return wire.Entry{Kind: kind, Time: time.Now(), Service: wc.service, Op: wc.op, Attempt: attempt, Max: max}
}

// requestBody reads a seekable request body for the record and rewinds it; a one-shot stream
// is only named.
func (wc *wireCall) requestBody(sreq *smithyhttp.Request) ([]byte, string) {
	if wc.secret {
		return nil, "withheld: the call reveals a secret"
	}
	stream := sreq.GetStream()
	if stream == nil {
		return nil, ""
	}
	if !sreq.IsStreamSeekable() {
		return nil, "streamed, not recorded"
	}
	data, err := io.ReadAll(io.LimitReader(stream, wire.MaxBody+1))
	if rerr := sreq.RewindStream(); err != nil || rerr != nil {
		return nil, "not readable"
	}
	return data, ""
}

// request records the request as signed, about to be sent.
func (wc *wireCall) request(ctx context.Context, hreq *http.Request, body []byte, note string, attempt, max int) {
	red := wc.redactor(ctx)
	e := wc.entry(wire.Request, attempt, max)
	e.Method, e.URL, e.Header = hreq.Method, red.URL(hreq.URL), red.Header(hreq.Header)
	if hreq.Host != "" {
		e.Header.Set("Host", hreq.Host)
	} else {
		e.Header.Set("Host", hreq.URL.Host)
	}
	e.BodySize = hreq.ContentLength
	fillBody(&e, red, body, note, hreq.Header.Get("Content-Type"))
	wc.tap.Record(e)
}

func fillBody(e *wire.Entry, red *wire.Redactor, body []byte, note, contentType string) {
	switch {
	case note != "":
		e.BodyNote = note
	case len(body) == 0:
	case !utf8.Valid(body) || strings.Contains(contentType, "octet-stream") || strings.Contains(contentType, "cbor"):
		e.BodyNote = "binary, not shown"
	default:
		if len(body) > wire.MaxBody {
			body, e.Truncated = body[:wire.MaxBody], true
		}
		e.Body = red.Body(body)
	}
}

// response records the status and headers, and wraps the body so that it is recorded once read.
func (wc *wireCall) response(ctx context.Context, resp *http.Response, sentAt time.Time, attempt, max int) {
	red := wc.redactor(ctx)
	e := wc.entry(wire.Response, attempt, max)
	e.Status, e.Header, e.Elapsed = resp.StatusCode, red.Header(resp.Header), time.Since(sentAt)
	wc.tap.Record(e)
	body := wc.entry(wire.Body, attempt, max)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/vnd.amazon.eventstream") {
		body.BodyNote, body.BodySize = "an event stream: its events are decoded, not recorded here", -1
		wc.tap.Record(body)
		return
	}
	resp.Body = &wireBody{ReadCloser: resp.Body, wc: wc, red: red, entry: body, sentAt: sentAt,
		keep: !wc.secret, contentType: resp.Header.Get("Content-Type")}
}

// wireBody records the response body when it has been read to its end or closed.
type wireBody struct {
	io.ReadCloser
	wc          *wireCall
	red         *wire.Redactor
	entry       wire.Entry
	sentAt      time.Time
	keep        bool
	contentType string
	buf         bytes.Buffer
	n           int64
	once        sync.Once
}

func (b *wireBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	if b.keep && b.buf.Len() <= wire.MaxBody {
		b.buf.Write(p[:n])
	}
	if err != nil {
		b.done(err == io.EOF)
	}
	return n, err
}

func (b *wireBody) Close() error {
	err := b.ReadCloser.Close()
	b.done(false)
	return err
}

func (b *wireBody) done(complete bool) {
	b.once.Do(func() {
		e := b.entry
		e.Time, e.Elapsed, e.BodySize = time.Now(), time.Since(b.sentAt), b.n
		note := ""
		switch {
		case !b.keep:
			note = "withheld: the call reveals a secret"
		case !complete && b.n == 0:
			note = "not read"
		}
		fillBody(&e, b.red, b.buf.Bytes(), note, b.contentType)
		if !complete && note == "" {
			e.Truncated = true // closed before its end: what was read
		}
		b.wc.tap.Record(e)
	})
}

// retry records the decision to try again after delay.
func (wc *wireCall) retry(attempt, max int, delay time.Duration, err error) {
	e := wc.entry(wire.Retry, attempt, max)
	e.Delay, e.Reason = delay, wc.redactor(context.Background()).Text(errString(err))
	wc.tap.Record(e)
}

// giveUp records why no further attempt is made.
func (wc *wireCall) giveUp(attempt, max int, reason string) {
	e := wc.entry(wire.GiveUp, attempt, max)
	e.Reason = wc.redactor(context.Background()).Text(reason)
	wc.tap.Record(e)
}
