package invoke

import (
	"context"
	"io"
	"net/http"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/wire"
)

// wireCall records one call's attempts into the Tap of its context (wire.With), through
// wire.Call (the typed clients' recorder, sdkwire, makes the same entries).
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
		tap = inv.opts.Tap
	}
	if tap == nil {
		return ctx
	}
	return context.WithValue(ctx, wireKey{}, &wireCall{tap: tap, inv: inv, service: inv.svc.Name, op: oi.op.Name, secret: secret})
}

func wireFrom(ctx context.Context) *wireCall {
	wc, _ := ctx.Value(wireKey{}).(*wireCall)
	return wc
}

// call is the recorder with a redactor that knows the session's own secrets, so that no
// literal copy of them is recorded.
func (wc *wireCall) call(ctx context.Context) *wire.Call {
	red := wire.NewRedactor()
	if wc.inv.creds != nil {
		if c, err := wc.inv.creds.Retrieve(ctx); err == nil {
			red = wire.NewRedactor(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
		}
	}
	return &wire.Call{Tap: wc.tap, Red: red, Service: wc.service, Op: wc.op, Secret: wc.secret}
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
	wc.call(ctx).Request(hreq, body, note, attempt, max)
}

// response records the status and headers, and wraps the body so that it is recorded once read.
func (wc *wireCall) response(ctx context.Context, resp *http.Response, sentAt time.Time, attempt, max int) {
	wc.call(ctx).Response(resp, sentAt, attempt, max)
}

// retry records the decision to try again after delay.
func (wc *wireCall) retry(attempt, max int, delay time.Duration, err error) {
	wc.call(context.Background()).Retry(attempt, max, delay, errString(err))
}

// giveUp records why no further attempt is made.
func (wc *wireCall) giveUp(attempt, max int, reason string) {
	wc.call(context.Background()).GiveUp(attempt, max, reason)
}
