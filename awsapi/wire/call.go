package wire

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Call records one call's attempts into Tap, redacted by Red: the engine's calls
// (awsapi/invoke) and the typed SDK clients' (sdkwire) make the same entries through it.
type Call struct {
	Tap     Tap
	Red     *Redactor
	Service string
	Op      string
	// Secret is set for a call that reveals a secret: neither body is recorded.
	Secret bool
}

const withheld = "withheld: the call reveals a secret"

func (c *Call) entry(kind Kind, attempt, max int) Entry {
	return Entry{Kind: kind, Time: time.Now(), Service: c.Service, Op: c.Op, Attempt: attempt, Max: max}
}

// Request records an attempt's request as signed, about to be sent. body is what could be read
// of its body without consuming it; note, when set, says why it is not shown.
func (c *Call) Request(hreq *http.Request, body []byte, note string, attempt, max int) {
	e := c.entry(Request, attempt, max)
	e.Method, e.URL, e.Header = hreq.Method, c.Red.URL(hreq.URL), c.Red.Header(hreq.Header)
	if hreq.Host != "" {
		e.Header.Set("Host", hreq.Host)
	} else {
		e.Header.Set("Host", hreq.URL.Host)
	}
	e.BodySize = hreq.ContentLength
	if c.Secret && note == "" && len(body) > 0 {
		body, note = nil, withheld
	}
	fillBody(&e, c.Red, body, note, hreq.Header.Get("Content-Type"))
	c.Tap.Record(e)
}

func fillBody(e *Entry, red *Redactor, body []byte, note, contentType string) {
	switch {
	case note != "":
		e.BodyNote = note
	case len(body) == 0:
	case !utf8.Valid(body) || strings.Contains(contentType, "octet-stream") || strings.Contains(contentType, "cbor"):
		e.BodyNote = "binary, not shown"
	default:
		if len(body) > MaxBody {
			body, e.Truncated = body[:MaxBody], true
		}
		e.Body = red.Body(body)
	}
}

// Response records the status and headers, and wraps resp.Body so that the body is recorded
// once read to its end or closed. An event stream's body is not recorded: its events are decoded.
func (c *Call) Response(resp *http.Response, sentAt time.Time, attempt, max int) {
	e := c.entry(Response, attempt, max)
	e.Status, e.Header, e.Elapsed = resp.StatusCode, c.Red.Header(resp.Header), time.Since(sentAt)
	c.Tap.Record(e)
	body := c.entry(Body, attempt, max)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/vnd.amazon.eventstream") {
		body.BodyNote, body.BodySize = "an event stream: its events are decoded, not recorded here", -1
		c.Tap.Record(body)
		return
	}
	if resp.Body == nil {
		body.Time, body.Elapsed, body.BodySize = time.Now(), time.Since(sentAt), 0
		c.Tap.Record(body)
		return
	}
	resp.Body = &recordedBody{ReadCloser: resp.Body, c: c, entry: body, sentAt: sentAt, keep: !c.Secret,
		contentType: resp.Header.Get("Content-Type")}
}

// recordedBody records the response body when it has been read to its end or closed.
type recordedBody struct {
	io.ReadCloser
	c           *Call
	entry       Entry
	sentAt      time.Time
	keep        bool
	contentType string
	buf         bytes.Buffer
	n           int64
	once        sync.Once
}

func (b *recordedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	if b.keep && b.buf.Len() <= MaxBody {
		b.buf.Write(p[:n])
	}
	if err != nil {
		b.done(err == io.EOF)
	}
	return n, err
}

func (b *recordedBody) Close() error {
	err := b.ReadCloser.Close()
	b.done(false)
	return err
}

func (b *recordedBody) done(complete bool) {
	b.once.Do(func() {
		e := b.entry
		e.Time, e.Elapsed, e.BodySize = time.Now(), time.Since(b.sentAt), b.n
		note := ""
		switch {
		case !b.keep:
			note = withheld
		case !complete && b.n == 0:
			note = "not read"
		}
		fillBody(&e, b.c.Red, b.buf.Bytes(), note, b.contentType)
		if !complete && note == "" {
			e.Truncated = true // closed before its end: what was read
		}
		b.c.Tap.Record(e)
	})
}

// Retry records the decision to try again after delay, because of err.
func (c *Call) Retry(attempt, max int, delay time.Duration, reason string) {
	e := c.entry(Retry, attempt, max)
	e.Delay, e.Reason = delay, c.Red.Text(reason)
	c.Tap.Record(e)
}

// GiveUp records why no further attempt is made.
func (c *Call) GiveUp(attempt, max int, reason string) {
	e := c.entry(GiveUp, attempt, max)
	e.Reason = c.Red.Text(reason)
	c.Tap.Record(e)
}
