package netpolicy

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
)

// Wrap returns a client that sends through inner with the policy's read timeout, reports each
// attempt to the Watch of its context, and turns the network's failures into *Failure. Wrap
// is idempotent in effect: a client already wrapped is returned as is.
func (p Policy) Wrap(inner aws.HTTPClient) aws.HTTPClient {
	if c, ok := inner.(*client); ok {
		return c
	}
	return &client{inner: inner, read: p.ReadTimeout, connect: p.ConnectTimeout}
}

type client struct {
	inner   aws.HTTPClient
	read    time.Duration
	connect time.Duration
}

// Do sends one attempt. A watchdog cancels the attempt when the network is waited on for longer
// than the read timeout: from the moment the connection is ready until the answer's headers
// arrive (request body reads excepted, which wait on the caller, not the network), then during
// each read of the body. The caller's own cancellation is passed through untouched.
func (c *client) Do(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	at := attemptOf(req)
	done := startAttempt(parent, at)
	ctx, cancel := context.WithCancelCause(parent)
	w := &watchdog{d: c.read, cancel: cancel, at: at}
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn:      func(httptrace.GotConnInfo) { w.arm() },
		WroteRequest: func(httptrace.WroteRequestInfo) { w.arm() },
	})
	out := req.Clone(ctx)
	if req.Body != nil && req.Body != http.NoBody {
		out.Body = &sendBody{ReadCloser: req.Body, w: w}
	}
	resp, err := c.inner.Do(out)
	w.disarm()
	if err != nil {
		cancel(nil)
		done()
		return nil, c.failure(parent, ctx, at, err)
	}
	resp.Body = &recvBody{ReadCloser: resp.Body, w: w, c: c, parent: parent, ctx: ctx, at: at, live: isLive(parent), done: func() {
		cancel(nil)
		done()
	}}
	return resp, nil
}

// failure explains err, an error of the attempt at: the watchdog's, a connection that could not
// be opened in time or that closed early. Anything else, and everything once the caller has
// cancelled, is returned as it is.
func (c *client) failure(parent, ctx context.Context, at attempt, err error) error {
	if parent.Err() != nil {
		return cancelled(parent, at, err)
	}
	var f *Failure
	if errors.As(context.Cause(ctx), &f) {
		return f
	}
	fail := func(kind Kind, after time.Duration) error {
		return &Failure{Kind: kind, Host: at.host, After: after, Attempt: at.n, Max: at.max, Err: err}
	}
	var opErr *net.OpError
	var netErr net.Error
	switch {
	case errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout():
		return fail(ConnectTimeout, c.connect)
	case strings.Contains(err.Error(), "TLS handshake timeout"):
		return fail(ConnectTimeout, c.connect)
	case strings.Contains(err.Error(), "timeout awaiting response headers"):
		return fail(Stalled, c.read)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed), strings.Contains(err.Error(), "connection reset"):
		return fail(Reset, 0)
	case errors.As(err, &netErr) && netErr.Timeout():
		return fail(Stalled, c.read)
	}
	return err
}

// cancelled is err, the error of an attempt whose caller cancelled it: a Cancelled failure when
// a person gave up (ErrCancelled), else err as it is.
func cancelled(parent context.Context, at attempt, err error) error {
	if errors.Is(context.Cause(parent), ErrCancelled) {
		return &Failure{Kind: Cancelled, Host: at.host, Attempt: at.n, Max: at.max, Err: err}
	}
	return err
}

// watchdog cancels an attempt's context when armed for longer than d.
type watchdog struct {
	d      time.Duration
	cancel context.CancelCauseFunc
	at     attempt

	mu    sync.Mutex
	timer *time.Timer
}

func (w *watchdog) arm() {
	if w.d <= 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer == nil {
		w.timer = time.AfterFunc(w.d, w.fire)
		return
	}
	w.timer.Reset(w.d)
}

func (w *watchdog) disarm() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.timer != nil {
		w.timer.Stop()
	}
}

func (w *watchdog) fire() {
	w.cancel(&Failure{Kind: Stalled, Host: w.at.host, After: w.d, Attempt: w.at.n, Max: w.at.max,
		Err: context.DeadlineExceeded})
}

// sendBody is the request body: while the transport reads it, it is the caller's stream that is
// waited on, not the network.
type sendBody struct {
	io.ReadCloser
	w *watchdog
}

func (b *sendBody) Read(p []byte) (int, error) {
	b.w.disarm()
	n, err := b.ReadCloser.Read(p)
	b.w.arm()
	return n, err
}

// recvBody is the answer's body: each read waits on the network, within the read timeout. A body
// that ends early becomes a *Failure (Truncated), which the retryer retries.
type recvBody struct {
	io.ReadCloser
	w           *watchdog
	c           *client
	parent, ctx context.Context
	at          attempt
	live        bool // an event stream: its reads wait on the service's events (LiveBody)
	done        func()
	once        sync.Once
}

func (b *recvBody) Read(p []byte) (int, error) {
	if !b.live {
		b.w.arm()
	}
	n, err := b.ReadCloser.Read(p)
	b.w.disarm()
	if err == nil {
		return n, nil
	}
	if err == io.EOF {
		b.finish()
		return n, err
	}
	if b.parent.Err() == nil {
		var f *Failure
		if errors.As(context.Cause(b.ctx), &f) {
			return n, f
		}
		err = &Failure{Kind: Truncated, Host: b.at.host, Attempt: b.at.n, Max: b.at.max, Err: err}
	} else {
		err = cancelled(b.parent, b.at, err)
	}
	b.finish()
	return n, err
}

func (b *recvBody) Close() error {
	err := b.ReadCloser.Close()
	b.finish()
	return err
}

func (b *recvBody) finish() {
	b.w.disarm()
	b.once.Do(b.done)
}

type liveKey struct{}

// LiveBody marks the calls made with ctx as answering with a live stream (an event stream:
// logs StartLiveTail, Kinesis SubscribeToShard): only the wait for the answer's headers is
// within the read timeout, as an idle stream is waiting for events, not for the network. The
// caller's context ends it.
func LiveBody(ctx context.Context) context.Context { return context.WithValue(ctx, liveKey{}, true) }

func isLive(ctx context.Context) bool { return ctx.Value(liveKey{}) != nil }

// attempt is what the request says of itself: its host, call and place among the attempts.
type attempt struct {
	host               string
	service, operation string
	n, max             int
}

// attemptOf reads the attempt number from the Amz-Sdk-Request header both the SDK's retryer and
// the engine send ("attempt=2; max=3"), and the call from the SDK's context metadata, which the
// engine sets too.
func attemptOf(req *http.Request) attempt {
	at := attempt{host: req.URL.Host}
	ctx := req.Context()
	at.service, at.operation = awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	for _, part := range strings.Split(req.Header.Get("Amz-Sdk-Request"), ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		n, _ := strconv.Atoi(v)
		switch k {
		case "attempt":
			at.n = n
		case "max":
			at.max = n
		}
	}
	return at
}
