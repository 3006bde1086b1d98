package invoke

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"

	"github.com/nimbus-tui/nimbus/internal/ctxsleep"
)

// send signs and sends the request with retries, and decodes the answer.
func (inv *Invoker) send(ctx context.Context, oi *opInfo, req *smithyhttp.Request, ep endpoint) (*Result, error) {
	op := oi.op.Name
	invocationID, _ := newUUID(rand.Reader)
	// Named as the typed clients name their calls, for netpolicy's Watch.
	ctx = awsmiddleware.SetOperationName(awsmiddleware.SetServiceID(ctx, inv.svc.Metadata.ServiceID), op)
	maxAttempts := inv.retryer.MaxAttempts()
	wc := wireFrom(ctx)
	release, err := inv.retryer.GetAttemptToken(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", inv.svc.Name, op, err)
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			delay, derr := inv.retryer.RetryDelay(attempt, lastErr)
			if derr != nil {
				if wc != nil {
					wc.giveUp(attempt-1, maxAttempts, "no delay for another attempt: "+derr.Error())
				}
				return nil, fmt.Errorf("%s %s: %w", inv.svc.Name, op, lastErr)
			}
			if wc != nil {
				wc.retry(attempt-1, maxAttempts, delay, lastErr)
			}
			if err := ctxsleep.Sleep(ctx, delay); err != nil {
				return nil, fmt.Errorf("%s %s: %w (while waiting to retry after: %v)", inv.svc.Name, op, err, lastErr)
			}
		}
		start := time.Now()
		res, err := inv.attempt(ctx, oi, req, ep, attempt, maxAttempts, invocationID)
		inv.log.Debug("aws attempt", "service", inv.svc.Name, "operation", op, "attempt", attempt,
			"status", statusOf(res, err), "elapsed", time.Since(start), "error", errString(err))
		_ = release(err)
		if err == nil {
			res.Attempts = attempt
			return res, nil
		}
		lastErr = err
		if ctx.Err() != nil || !inv.retryer.IsErrorRetryable(err) || attempt >= maxAttempts {
			if wc != nil {
				wc.giveUp(attempt, maxAttempts, giveUpReason(ctx, err, attempt >= maxAttempts))
			}
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				apiErr.Retries = attempt - 1
				apiErr.MaxAttemptsReached = ctx.Err() == nil && attempt >= maxAttempts && inv.retryer.IsErrorRetryable(err)
			}
			return nil, wrapCallErr(inv.svc.Name, op, err)
		}
		release, err = inv.retryer.GetRetryToken(ctx, err)
		if err != nil {
			if wc != nil {
				wc.giveUp(attempt, maxAttempts, "the retry quota is spent: "+err.Error())
			}
			return nil, fmt.Errorf("%s %s: not retrying (%v): %w", inv.svc.Name, op, err, lastErr)
		}
	}
}

// giveUpReason says why the engine makes no further attempt after err.
func giveUpReason(ctx context.Context, err error, last bool) string {
	switch {
	case ctx.Err() != nil:
		return "cancelled: " + errString(err)
	case last:
		return "no attempt left: " + errString(err)
	}
	return "not a retryable error: " + errString(err)
}

func wrapCallErr(service, op string, err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return err // already says which call failed
	}
	var f *netpolicy.Failure
	if errors.As(err, &f) {
		return fmt.Errorf("%s %s: %w", service, op, f) // plainly, without the transport's wording
	}
	return fmt.Errorf("%s %s: %w", service, op, err)
}

// undecodable is the error of a successful answer the codec could not read: a body cut off on
// the way is retried (netpolicy's Failure says so), anything else is told plainly and not retried.
func undecodable(resp *http.Response, err error) error {
	var f *netpolicy.Failure
	if errors.As(err, &f) {
		return err
	}
	host := ""
	if resp.Request != nil && resp.Request.URL != nil {
		host = resp.Request.URL.Host
	}
	return &netpolicy.Failure{Kind: netpolicy.Garbled, Host: host, Err: err}
}

func statusOf(res *Result, err error) int {
	var apiErr *APIError
	switch {
	case res != nil:
		return res.StatusCode
	case errors.As(err, &apiErr):
		return apiErr.StatusCode
	}
	return 0
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// attempt signs and sends the request once and decodes the response.
func (inv *Invoker) attempt(ctx context.Context, oi *opInfo, sreq *smithyhttp.Request, ep endpoint, attempt, maxAttempts int, invocationID string) (*Result, error) {
	if err := sreq.RewindStream(); err != nil {
		if attempt > 1 {
			return nil, fmt.Errorf("cannot retry: %w", err)
		}
	}
	wc := wireFrom(ctx)
	var wireBody []byte
	var wireNote string
	if wc != nil {
		wireBody, wireNote = wc.requestBody(sreq)
	}
	hreq := sreq.Build(ctx)
	if hreq.Body != nil && hreq.ContentLength < 0 && sreq.ContentLength > 0 {
		// A one-shot stream (a pipe) of a size the caller stated (ContentLength): send it with
		// that length rather than chunked, which S3 refuses for uploads.
		hreq.ContentLength = sreq.ContentLength
	}
	hreq.Header.Set("Amz-Sdk-Invocation-Id", invocationID)
	hreq.Header.Set("Amz-Sdk-Request", fmt.Sprintf("attempt=%d; max=%d", attempt, maxAttempts))
	hreq.Header.Set("User-Agent", inv.userAgent)
	if err := inv.sign(ctx, oi, sreq, hreq, ep); err != nil {
		return nil, err
	}
	if wc != nil {
		wc.request(ctx, hreq, wireBody, wireNote, attempt, maxAttempts)
	}
	sentAt := time.Now()
	resp, err := inv.http.Do(hreq)
	if err != nil {
		return nil, &smithyhttp.RequestSendError{Err: err}
	}
	if wc != nil {
		wc.response(ctx, resp, sentAt, attempt, maxAttempts)
	}
	observed, used, measured := inv.observeSkew(resp, sentAt, time.Now())
	res, err := inv.decode(ctx, oi, resp)
	return res, asClockSkew(err, observed, used, measured)
}

// sign adds the SigV4 signature, unless the session is anonymous.
func (inv *Invoker) sign(ctx context.Context, oi *opInfo, sreq *smithyhttp.Request, hreq *http.Request, ep endpoint) error {
	if inv.creds == nil || aws.IsCredentialsProvider(inv.creds, aws.AnonymousCredentials{}) || unauthenticated(oi) {
		return nil
	}
	creds, err := inv.creds.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("getting credentials: %w", err)
	}
	hash, err := inv.payloadHash(sreq, oi)
	if err != nil {
		return err
	}
	if inv.isS3() {
		hreq.Header.Set("X-Amz-Content-Sha256", hash)
	}
	return inv.signer.SignHTTP(ctx, creds, hreq, hash, ep.signingName, ep.signingRegion, inv.signingTime())
}

const unsignedPayload = "UNSIGNED-PAYLOAD"

// unauthenticated operations are sent unsigned, as botocore does (STS AssumeRoleWithWebIdentity,
// Cognito Identity GetId, SSO OIDC CreateToken…): a signature from other credentials could only
// get in the way.
func unauthenticated(oi *opInfo) bool {
	if oi.op.AuthType == "none" {
		return true
	}
	return len(oi.op.Auth) == 1 && oi.op.Auth[0] == "smithy.api#noAuth"
}

// payloadHash hashes a seekable body (rewinding it after). S3 streaming uploads over TLS are sent
// unsigned, as the typed client does, and so is a one-shot stream, which S3 accepts.
func (inv *Invoker) payloadHash(sreq *smithyhttp.Request, oi *opInfo) (string, error) {
	if inv.isS3() && oi.streamIn != nil && sreq.IsHTTPS() || oi.op.UnsignedPayload || oi.op.AuthType == "v4-unsigned-body" {
		return unsignedPayload, nil
	}
	stream := sreq.GetStream()
	if stream == nil {
		return emptyHash, nil
	}
	if !sreq.IsStreamSeekable() {
		if inv.isS3() {
			return unsignedPayload, nil
		}
		return "", fmt.Errorf("a non-seekable body can only be sent to S3")
	}
	sum, err := hashStream(stream)
	if err != nil {
		return "", fmt.Errorf("hashing the request body: %w", err)
	}
	if err := sreq.RewindStream(); err != nil {
		return "", err
	}
	return sum, nil
}

// decode turns the HTTP response into a Result or an error.
func (inv *Invoker) decode(ctx context.Context, oi *opInfo, resp *http.Response) (*Result, error) {
	res := &Result{StatusCode: resp.StatusCode, RequestID: requestID(resp.Header, nil)}
	sresp := &smithyhttp.Response{Response: resp}
	var raw []byte // the body, kept for the answers the model cannot describe
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && inv.needsRawBody(oi) {
		var err error
		if raw, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20)); err != nil {
			resp.Body.Close()
			return nil, &smithyhttp.RequestSendError{Err: fmt.Errorf("reading the response: %w", err)}
		}
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		if inv.isErrorIn200(oi, raw) {
			resp.StatusCode = http.StatusInternalServerError // as the SDKs do, so it is retried
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return nil, &smithyhttp.RequestSendError{Err: fmt.Errorf("reading the error response: %w", err)}
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		codecErr := inv.deserializeSafely(ctx, oi, sresp, nil)
		return nil, inv.newAPIError(oi.op.Name, codecErr, resp, body)
	}
	if oi.eventOut != nil {
		return inv.openEventStream(ctx, oi, resp, res)
	}
	if oi.output == nil {
		resp.Body.Close()
		res.Output = map[string]any{}
		return res, nil
	}
	out := inv.newResponse(ctx, oi, resp.Header, false)
	var target smithy.Deserializable = out
	var streaming *streamingResponse
	var body []byte // a JSON body, kept for a lenient second reading
	if oi.streamOut != nil {
		streaming = &streamingResponse{response: out}
		target = streaming
	} else {
		defer resp.Body.Close()
		if inv.protocol == protoJSON || inv.protocol == protoRestJSON {
			var err error
			buf := inv.bodyBuffer() // the codec copies what it keeps: buf is free again after decoding
			defer inv.putBodyBuffer(buf)
			if body, err = readBody(resp, buf); err != nil {
				return nil, &smithyhttp.RequestSendError{Err: fmt.Errorf("reading the response: %w", err)}
			}
			resp.Body = io.NopCloser(bytes.NewReader(body))
		}
	}
	var err error
	fast := false
	if streaming == nil && raw == nil && inv.protocol == protoRestXML && !inv.codecOnlyXML && !inv.opts.WireTimestamps {
		if plan := oi.xmlBodyPlan(); plan != nil {
			if fast, err = inv.decodeXMLFast(ctx, oi, sresp, plan, out); err != nil {
				return nil, &smithyhttp.RequestSendError{Err: fmt.Errorf("reading the response: %w", err)}
			}
		}
	}
	if !fast {
		err = inv.deserializeSafely(ctx, oi, sresp, target)
	}
	if err != nil && body != nil {
		// The strict reading failed; botocore's JSON parsers would pass a value of another JSON
		// type than the model's on (moto's ECS Container.cpu is a number). Read again, leniently:
		// this costs nothing on the usual, well-typed answer.
		out = inv.newResponse(ctx, oi, resp.Header, true)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		err = inv.deserializeSafely(ctx, oi, sresp, out)
	}
	if err != nil {
		if streaming != nil {
			resp.Body.Close()
		}
		return nil, undecodable(resp, err)
	}
	res.Output = out.doc
	if res.Output == nil {
		res.Output = map[string]any{}
	}
	inv.customizeOutput(oi, raw, res.Output, document.OrderFrom(ctx))
	if streaming != nil {
		res.Body, res.BodyMember = streaming.body, oi.streamOut.name
		if res.Body == nil {
			res.Body = resp.Body
		}
		res.Body = validatedBody(oi, resp.Header, res.Body)
	}
	return res, nil
}

// readBody reads a whole response body into buf, growing it at most once when its length is known.
func readBody(resp *http.Response, buf *bytes.Buffer) ([]byte, error) {
	if resp.ContentLength > 0 && resp.ContentLength <= 64<<20 {
		// ReadFrom keeps bytes.MinRead free before each read: with that much spare it reads the
		// body and its EOF without growing again.
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(resp.Body)
	return buf.Bytes(), err
}

// deserializeSafely runs the codec over a response, turning a panic on a malformed answer into an
// error: a bad response must never bring the UI down.
func (inv *Invoker) deserializeSafely(ctx context.Context, oi *opInfo, resp *smithyhttp.Response, out smithy.Deserializable) (err error) {
	return deserializeWith(ctx, inv.codec, oi, resp, out)
}

func deserializeWith(ctx context.Context, codec smithyhttp.ClientProtocol, oi *opInfo, resp *smithyhttp.Response, out smithy.Deserializable) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &smithy.DeserializationError{Err: fmt.Errorf("malformed response: %v", p)}
		}
	}()
	return codec.DeserializeResponse(ctx, oi.schema, &smithy.TypeRegistry{}, resp, out)
}

// decodeXMLFast reads a restXml answer with the fast body reader (xmlfast.go) into out, and
// reports whether it could. When it could not, resp.Body holds the whole body again for the
// codec; err is only a failure to read the body.
func (inv *Invoker) decodeXMLFast(ctx context.Context, oi *opInfo, resp *smithyhttp.Response, plan *xmlStruct, out *response) (bool, error) {
	buf := inv.bodyBuffer()
	defer inv.putBodyBuffer(buf)
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return false, err
	}
	data := buf.Bytes()
	var body map[string]any
	if len(data) > 0 {
		var err error
		if body, err = readXMLBody(plan, data); err != nil {
			// Copied: the codec may keep slices of the payload it reads, and buf is reused.
			resp.Body = io.NopCloser(bytes.NewReader(bytes.Clone(data)))
			return false, nil
		}
	}
	if plan.bound == 0 {
		out.doc = body
		if out.doc == nil {
			out.doc = map[string]any{}
		}
		return true, nil
	}
	// The members bound to headers and the status code are the codec's to read: it gets the
	// answer without its body, which it reads as an empty output.
	resp.Body = http.NoBody
	if err := inv.deserializeSafely(ctx, oi, resp, out); err != nil {
		resp.Body = io.NopCloser(bytes.NewReader(bytes.Clone(data)))
		return false, nil
	}
	for k, v := range body {
		out.doc[k] = v
	}
	return true, nil
}

// maxPooledBody is the largest response buffer kept for the next answer.
const maxPooledBody = 4 << 20

func (inv *Invoker) bodyBuffer() *bytes.Buffer {
	if b, ok := inv.bodyBufs.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func (inv *Invoker) putBodyBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBody {
		b.Reset()
		inv.bodyBufs.Put(b)
	}
}
