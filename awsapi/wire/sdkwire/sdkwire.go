// Package sdkwire records the calls of the typed SDK clients — the S3 browser's s3nav client,
// the transfers built on it — into the wire view (awsapi/wire), as the engine records its own
// calls: each attempt's signed request, the response's status and headers, its body once read,
// the retry decisions. Entries go through wire.Call, so they are redacted the same way.
//
// Record is an API option for an aws.Config or a client's Options; a call is recorded only when
// its context carries a Tap (wire.With), or the client was given one with Into.
package sdkwire

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
)

// The middlewares' ids: Record adds them once per stack, whoever asks.
const (
	callID    = "nimbus.WireCall"
	attemptID = "nimbus.WireAttempt"
	sendID    = "nimbus.WireSend"
	intoID    = "nimbus.WireInto"
)

// Record returns the API option that records the calls of a client built with it. creds are the
// session's credentials: no literal copy of them is recorded (nil: only what credentials look
// like on the wire is removed).
func Record(creds aws.CredentialsProvider) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		if _, ok := stack.Initialize.Get(callID); ok {
			return nil
		}
		if err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc(callID, func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return handleCall(ctx, creds, in, next)
		}), middleware.After); err != nil {
			return err
		}
		attempt := middleware.FinalizeMiddlewareFunc(attemptID, handleAttempt)
		var err error
		if _, ok := stack.Finalize.Get("Retry"); ok {
			err = stack.Finalize.Insert(attempt, "Retry", middleware.After)
		} else {
			err = stack.Finalize.Add(attempt, middleware.Before)
		}
		if err != nil {
			return err
		}
		// Last of the Deserialize step: the request as it leaves, the response as it comes,
		// before any deserializer reads the body.
		return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc(sendID, handleSend), middleware.After)
	}
}

// Into returns the API option that records a client's calls into tap when their context has no
// Tap of its own (the S3 browser's log of a session). Use it with Record.
func Into(tap wire.Tap) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		if _, ok := stack.Initialize.Get(intoID); ok {
			stack.Initialize.Remove(intoID) // the client's own tap wins over the config's
		}
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc(intoID, func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if wire.From(ctx) == nil {
				ctx = wire.With(ctx, tap)
			}
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
	}
}

// state is one call's record: its recorder and what the attempts so far left.
type state struct {
	call     *wire.Call
	attempt  int
	max      int
	lastErr  error
	lastEnd  time.Time
	attempts int // attempts sent (Deserialize reached)
}

type stateKey struct{}

func handleCall(ctx context.Context, creds aws.CredentialsProvider, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	tap := wire.From(ctx)
	if tap == nil {
		return next.HandleInitialize(ctx, in)
	}
	service := name(awsmiddleware.GetServiceID(ctx))
	op := awsmiddleware.GetOperationName(ctx)
	red := wire.NewRedactor()
	if creds != nil {
		if c, err := creds.Retrieve(ctx); err == nil {
			red = wire.NewRedactor(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
		}
	}
	st := &state{call: &wire.Call{Tap: tap, Red: red, Service: service, Op: op,
		Secret: readonly.Reveals(service, op, in.Parameters)}}
	out, md, err := next.HandleInitialize(context.WithValue(ctx, stateKey{}, st), in)
	if err != nil && st.attempts > 0 {
		st.call.GiveUp(st.attempt, st.max, giveUpReason(err))
	}
	return out, md, err
}

// name is the service's name in entries, as the engine writes it ("S3" → "s3").
func name(serviceID string) string {
	return strings.ReplaceAll(strings.ToLower(serviceID), " ", "-")
}

func giveUpReason(err error) string {
	var max *retry.MaxAttemptsError
	if errors.As(err, &max) {
		return "no attempt left: " + oneLine(err)
	}
	return oneLine(err)
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// handleAttempt runs once per attempt, inside the retry loop: a failed attempt followed by
// another was a decision to retry, after the time between them.
func handleAttempt(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	st, _ := ctx.Value(stateKey{}).(*state)
	if st == nil {
		return next.HandleFinalize(ctx, in)
	}
	st.attempt++
	if st.lastErr != nil {
		st.call.Retry(st.attempt-1, st.max, time.Since(st.lastEnd), oneLine(st.lastErr))
	}
	out, md, err := next.HandleFinalize(ctx, in)
	st.lastErr, st.lastEnd = err, time.Now()
	return out, md, err
}

// handleSend records the request as signed and the response as it arrives.
func handleSend(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	st, _ := ctx.Value(stateKey{}).(*state)
	req, ok := in.Request.(*smithyhttp.Request)
	if st == nil || !ok {
		return next.HandleDeserialize(ctx, in)
	}
	attempt, max := attemptOf(req.Header.Get("Amz-Sdk-Request"))
	if attempt == 0 {
		attempt = max1(st.attempt)
	}
	st.max, st.attempts = max, st.attempts+1
	body, note := requestBody(req, st.call.Secret)
	hreq := *req.Request
	if n, ok, _ := req.StreamLength(); ok {
		hreq.ContentLength = n
	}
	st.call.Request(&hreq, body, note, attempt, max)
	sentAt := time.Now()
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil && resp.Response != nil {
		st.call.Response(resp.Response, sentAt, attempt, max)
	}
	return out, md, err
}

func max1(n int) int { return max(n, 1) }

// attemptOf reads the SDK's "amz-sdk-request: attempt=2; max=3" header.
func attemptOf(h string) (attempt, max int) {
	for _, part := range strings.Split(h, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		n, _ := strconv.Atoi(v)
		switch k {
		case "attempt":
			attempt = n
		case "max":
			max = n
		}
	}
	return attempt, max
}

// requestBody reads a seekable request body for the record and rewinds it; a one-shot stream
// (an upload's aws-chunked body) is only named.
func requestBody(req *smithyhttp.Request, secret bool) ([]byte, string) {
	stream := req.GetStream()
	switch {
	case stream == nil || stream == http.NoBody:
		return nil, ""
	case secret:
		return nil, "withheld: the call reveals a secret"
	case !req.IsStreamSeekable():
		return nil, "streamed, not recorded"
	}
	data, err := io.ReadAll(io.LimitReader(stream, wire.MaxBody+1))
	if rerr := req.RewindStream(); err != nil || rerr != nil {
		return nil, "not readable"
	}
	return data, ""
}
