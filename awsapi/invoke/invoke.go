// Package invoke calls any operation of any AWS service from its model, as botocore does: the
// request is built from the service's JSON model through smithy-go's schema API and protocol codecs
// (awsJson 1.0/1.1, awsQuery, ec2Query, restJson1, restXml, rpcv2Cbor), signed with the SDK's SigV4
// signer, sent through the SDK's HTTP client and standard retryer, and decoded into a generic
// document keyed by member names, as boto3 returns it.
//
// Output documents hold: map[string]any for structures and maps, []any for lists, string, int64
// (integer and long), float64, bool, time.Time for timestamps, []byte for blobs. Streaming output
// bodies (S3 GetObject Body, Lambda InvokeWithResponseStream is not supported) are returned unread
// by Invoke, and read into []byte up to Options.MaxBodyBytes by Call.
package invoke

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// Defaults sized for an interactive UI.
const (
	// DefaultRetryTokens is the retry budget of one Invoker: a retry costs 14 tokens (5 when
	// throttled) and a first-attempt success refunds 1. The SDK's 500 runs dry after ~35 retries in
	// a burst, which a UI listing many pages can reach; 2,000 still stops a retry storm.
	DefaultRetryTokens = 2000
	// DefaultMaxAttempts is the number of attempts per call, as the SDK's standard mode.
	DefaultMaxAttempts = 3
	// DefaultMaxBackoff caps the wait between attempts so a UI never looks frozen.
	DefaultMaxBackoff = 5 * time.Second
	// DefaultMaxBodyBytes is how much of a streaming output body Call reads into memory.
	DefaultMaxBodyBytes = 8 << 20
)

// Options tune an Invoker.
type Options struct {
	ReadOnly     bool         // refuse operations that may change state, before a byte is sent
	EndpointURL  string       // --endpoint-url: overrides every configured endpoint
	Logger       *slog.Logger // attempts at Debug, input warnings at Warn; nil: silent
	S3PathStyle  bool         // S3: always put the bucket in the path, never in the host
	MaxBodyBytes int64        // Call: how much of a streaming output body to read (default 8 MiB)
	// Retryer replaces the standard retryer (MaxAttempts 3, DefaultRetryTokens, DefaultMaxBackoff).
	Retryer aws.RetryerV2
}

// Invoker calls the operations of one service. It is safe for concurrent use; build one per
// (session, service) and keep it, as its schemas and retry budget are per Invoker.
type Invoker struct {
	cfg      aws.Config
	svc      *model.Service
	opts     Options
	log      *slog.Logger
	protocol string
	schemas  *schemaSet
	codec    smithyhttp.ClientProtocol
	signer   *v4.Signer
	retryer  aws.RetryerV2
	http     aws.HTTPClient
	creds    aws.CredentialsProvider

	endpointOnce sync.Once
	endpoint     endpoint
	endpointErr  error
}

// New returns an Invoker for svc using the session's cfg (credentials, region, HTTP client,
// configured endpoints).
func New(cfg aws.Config, svc *model.Service, opts Options) *Invoker {
	inv := &Invoker{cfg: cfg, svc: svc, opts: opts, log: opts.Logger}
	if inv.log == nil {
		inv.log = slog.New(slog.DiscardHandler)
	}
	if inv.opts.MaxBodyBytes <= 0 {
		inv.opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	inv.protocol, _ = pickProtocol(svc.Metadata) // an unsupported model fails on Call, with the reason
	inv.schemas = newSchemaSet(svc, inv.protocol)
	inv.codec = newCodec(inv.protocol, svc)
	isS3 := inv.isS3()
	inv.signer = v4.NewSigner(func(o *v4.SignerOptions) {
		o.DisableURIPathEscaping = isS3
		o.Logger = nil
	})
	inv.retryer = opts.Retryer
	if inv.retryer == nil {
		inv.retryer = retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = DefaultMaxAttempts
			o.MaxBackoff = DefaultMaxBackoff
			o.RateLimiter = ratelimit.NewTokenRateLimit(DefaultRetryTokens)
		})
	}
	inv.http = cfg.HTTPClient
	if inv.http == nil {
		inv.http = awshttp.NewBuildableClient()
	}
	inv.creds = cfg.Credentials
	if inv.creds != nil && !aws.IsCredentialsProvider(inv.creds, (*aws.CredentialsCache)(nil)) &&
		!aws.IsCredentialsProvider(inv.creds, aws.AnonymousCredentials{}) {
		inv.creds = aws.NewCredentialsCache(inv.creds)
	}
	return inv
}

// Service returns the model the Invoker calls.
func (inv *Invoker) Service() *model.Service { return inv.svc }

func (inv *Invoker) isS3() bool {
	return inv.svc.Metadata.EndpointPrefix == "s3" && inv.protocol == protoRestXML
}

// Result is everything an operation returned.
type Result struct {
	Output     map[string]any // the decoded document, keyed by member names
	Body       io.ReadCloser  // a streaming output payload (Invoke only); the caller closes it
	BodyMember string         // the member the streaming payload belongs to, e.g. "Body"
	Warnings   []string       // input warnings, e.g. an enum value the model does not know
	RequestID  string
	StatusCode int
	Attempts   int
}

// Call invokes operation with input (JSON-like, keyed by member names as boto3) and returns the
// output document. A streaming output payload is read into the document as []byte, up to
// Options.MaxBodyBytes; beyond that the call fails with a message saying so.
func (inv *Invoker) Call(ctx context.Context, operation string, input map[string]any) (map[string]any, error) {
	res, err := inv.Invoke(ctx, operation, input)
	if err != nil {
		return nil, err
	}
	if res.Body != nil {
		defer res.Body.Close()
		data, err := io.ReadAll(io.LimitReader(res.Body, inv.opts.MaxBodyBytes+1))
		if err != nil {
			return nil, fmt.Errorf("%s %s: reading %s: %w", inv.svc.Name, operation, res.BodyMember, err)
		}
		if int64(len(data)) > inv.opts.MaxBodyBytes {
			return nil, fmt.Errorf("%s %s: %s is larger than %d bytes: download it to a file instead",
				inv.svc.Name, operation, res.BodyMember, inv.opts.MaxBodyBytes)
		}
		res.Output[res.BodyMember] = data
	}
	return res.Output, nil
}

// Invoke is Call with the response metadata, and with a streaming output payload left unread in
// Result.Body for the caller to stream and close.
func (inv *Invoker) Invoke(ctx context.Context, operation string, input map[string]any) (*Result, error) {
	if name, ok := inv.svc.OperationName(operation); ok {
		operation = name // accept CLI spellings: describe-instances
	} else {
		return nil, fmt.Errorf("%s has no operation %q (see: nimbus operations %s)", inv.svc.Name, operation, inv.svc.Name)
	}
	if err := readonly.Check(inv.opts.ReadOnly, inv.svc.Name, operation); err != nil {
		return nil, err
	}
	if inv.protocol == "" {
		return nil, fmt.Errorf("%s: the model's protocols %v are not supported", inv.svc.Name, inv.svc.Metadata.Protocols)
	}
	oi, err := inv.schemas.operation(operation)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", inv.svc.Name, err)
	}
	if oi.eventStream || oi.schema.IsInputEventStream() || oi.schema.IsOutputEventStream() {
		return nil, fmt.Errorf("%s %s uses an event stream, which the generic client does not speak yet", inv.svc.Name, operation)
	}
	req, warnings, err := inv.buildRequest(ctx, oi, input)
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		inv.log.Warn("input warning", "service", inv.svc.Name, "operation", operation, "warning", w)
	}
	res, err := inv.send(ctx, oi, req)
	if res != nil {
		res.Warnings = warnings
	}
	return res, err
}

// validate checks input against the model and returns it normalized for the serializer.
func (inv *Invoker) validate(oi *opInfo, input map[string]any) (map[string]any, []string, error) {
	n := &normalizer{newToken: func() (string, error) { return newUUID(rand.Reader) }}
	var values map[string]any
	if oi.input != nil {
		if input == nil {
			input = map[string]any{}
		}
		values = n.structure(oi.input, input, "Input")
	} else if len(input) > 0 {
		n.fail("Input", "%s takes no input", oi.op.Name)
	}
	if len(n.problems) > 0 {
		return nil, n.warnings, &ValidationError{Operation: inv.svc.Name + " " + oi.op.Name, Problems: n.problems}
	}
	return values, n.warnings, nil
}

// buildRequest validates input and serializes it into an unsigned request for the endpoint.
func (inv *Invoker) buildRequest(ctx context.Context, oi *opInfo, input map[string]any) (*smithyhttp.Request, []string, error) {
	values, warnings, err := inv.validate(oi, input)
	if err != nil {
		return nil, warnings, err
	}
	inv.customizeInput(oi, values)
	inv.endpointOnce.Do(func() {
		inv.endpoint, inv.endpointErr = resolveEndpoint(inv.cfg, inv.svc.Metadata, inv.opts.EndpointURL)
	})
	if inv.endpointErr != nil {
		return nil, warnings, fmt.Errorf("%s: %w", inv.svc.Name, inv.endpointErr)
	}

	req := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	var in smithy.Serializable
	if oi.input != nil {
		r := &request{op: oi, values: values}
		if oi.streamIn != nil {
			if rd, ok := values[oi.streamIn.name].(io.Reader); ok {
				r.stream = rd
				in = &streamingRequest{r}
			}
		}
		if in == nil {
			in = r
		}
	}
	sctx := middleware.WithOperationName(ctx, oi.op.Name)
	if err := serializeSafely(sctx, inv.codec, oi, in, req); err != nil {
		return nil, warnings, fmt.Errorf("%s %s: building the request: %w", inv.svc.Name, oi.op.Name, err)
	}
	if err := inv.dropEmptyXMLPayload(req, oi, values); err != nil {
		return nil, warnings, fmt.Errorf("%s %s: building the request: %w", inv.svc.Name, oi.op.Name, err)
	}
	if err := inv.applyEndpoint(req, oi, values); err != nil {
		return nil, warnings, fmt.Errorf("%s %s: %w", inv.svc.Name, oi.op.Name, err)
	}
	if inv.isS3() && s3OperationIDs[oi.op.Name] {
		req.URL.RawQuery = appendQuery(req.URL.RawQuery, "x-id="+oi.op.Name)
	}
	if err := inv.addChecksums(req, oi, values); err != nil {
		return nil, warnings, fmt.Errorf("%s %s: %w", inv.svc.Name, oi.op.Name, err)
	}
	return req, warnings, nil
}

// serializeSafely runs a codec, turning a panic (the codecs panic on shapes a protocol cannot
// carry, e.g. a document in XML) into an error.
func serializeSafely(ctx context.Context, codec smithyhttp.ClientProtocol, oi *opInfo, in smithy.Serializable, req *smithyhttp.Request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the protocol cannot encode this input: %v", p)
		}
	}()
	return codec.SerializeRequest(ctx, oi.schema, in, req)
}

// dropEmptyXMLPayload works around smithy-go's restXml codec, which sends "{}" (a JSON empty
// object) when a structure payload member is absent, e.g. S3 CreateBucket without
// CreateBucketConfiguration; the typed clients send no body.
func (inv *Invoker) dropEmptyXMLPayload(req *smithyhttp.Request, oi *opInfo, values map[string]any) error {
	if inv.protocol != protoRestXML || oi.input == nil || oi.input.shape.Payload == "" {
		return nil
	}
	if _, set := values[oi.input.shape.Payload]; set {
		return nil
	}
	if mi := oi.input.byName[oi.input.shape.Payload]; mi == nil || mi.target.shape.Type != "structure" {
		return nil
	}
	b, ok := req.GetStream().(*bytes.Reader)
	if !ok || b.Len() != 2 {
		return nil
	}
	peek := make([]byte, 2)
	if _, err := b.ReadAt(peek, 0); err != nil || string(peek) != "{}" {
		return nil
	}
	empty, err := req.SetStream(nil)
	if err != nil {
		return err
	}
	*req = *empty
	req.ContentLength = 0
	req.Header.Del("Content-Type")
	return nil
}

// applyEndpoint moves the serialized request onto the resolved endpoint: scheme, host (with the
// operation's host prefix, or the S3 bucket when virtual-hosted) and base path.
func (inv *Invoker) applyEndpoint(req *smithyhttp.Request, oi *opInfo, values map[string]any) error {
	ep := inv.endpoint
	host := ep.url.Host
	path := req.URL.Path
	rawPath := req.URL.RawPath

	if inv.isS3() {
		if bucket, ok := values["Bucket"].(string); ok && inv.virtualHostable(bucket, ep) {
			host = bucket + "." + host
			path = trimBucket(path, bucket)
			if rawPath != "" {
				rawPath = trimBucket(rawPath, bucket)
			}
		}
	}
	if oi.op.Endpoint != nil && oi.op.Endpoint.HostPrefix != "" && !isIPHost(host) {
		prefix, err := expandHostPrefix(oi.op.Endpoint.HostPrefix, values)
		if err != nil {
			return err
		}
		host = prefix + host
	}

	req.URL.Scheme = ep.url.Scheme
	req.URL.Host = host
	req.Host = ""
	if base := strings.TrimSuffix(ep.url.Path, "/"); base != "" {
		path = base + path
		if rawPath != "" {
			rawPath = strings.TrimSuffix(ep.url.EscapedPath(), "/") + rawPath
		}
	}
	req.URL.Path, req.URL.RawPath = path, rawPath
	if ep.url.RawQuery != "" {
		req.URL.RawQuery = appendQuery(ep.url.RawQuery, req.URL.RawQuery)
	}
	return nil
}

// s3OperationIDs are the S3 operations whose Smithy URI carries "?x-id=<Operation>" (botocore's
// copy drops it); the typed client sends it, and so do we.
var s3OperationIDs = map[string]bool{
	"AbortMultipartUpload": true, "CopyObject": true, "DeleteObject": true, "GetBucketAnalyticsConfiguration": true,
	"GetBucketIntelligentTieringConfiguration": true, "GetBucketInventoryConfiguration": true,
	"GetBucketMetricsConfiguration": true, "GetObject": true, "ListBucketAnalyticsConfigurations": true,
	"ListBucketIntelligentTieringConfigurations": true, "ListBucketInventoryConfigurations": true,
	"ListBucketMetricsConfigurations": true, "ListBuckets": true, "ListDirectoryBuckets": true, "ListParts": true,
	"PutObject": true, "UploadPart": true, "UploadPartCopy": true,
}

func appendQuery(raw, kv string) string {
	if raw == "" {
		return kv
	}
	return raw + "&" + kv
}

func trimBucket(path, bucket string) string {
	rest := strings.TrimPrefix(path, "/"+bucket)
	if rest == path {
		return path
	}
	if rest == "" {
		return "/"
	}
	return rest
}

// virtualHostable applies the S3 rules for putting a bucket in the host name.
func (inv *Invoker) virtualHostable(bucket string, ep endpoint) bool {
	if inv.opts.S3PathStyle || isIPHost(ep.url.Host) {
		return false
	}
	if len(bucket) < 3 || len(bucket) > 63 || strings.Contains(bucket, "..") {
		return false
	}
	if strings.Contains(bucket, ".") && ep.url.Scheme == "https" {
		return false // the certificate would not match
	}
	for i, c := range bucket {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || (c == '-' || c == '.') && i > 0 && i < len(bucket)-1
		if !ok {
			return false
		}
	}
	return true
}

// expandHostPrefix fills the {Member} labels of an operation's host prefix from the input.
func expandHostPrefix(prefix string, values map[string]any) (string, error) {
	var b strings.Builder
	for {
		open := strings.IndexByte(prefix, '{')
		if open < 0 {
			b.WriteString(prefix)
			return b.String(), nil
		}
		end := strings.IndexByte(prefix[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("malformed host prefix %q", prefix)
		}
		name := prefix[open+1 : open+end]
		v, _ := values[name].(string)
		if !validHostLabel(v) {
			return "", fmt.Errorf("Input.%s: %q cannot be part of a host name (letters, digits and hyphens only)", name, v)
		}
		b.WriteString(prefix[:open])
		b.WriteString(v)
		prefix = prefix[open+end+1:]
	}
}

func validHostLabel(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// send signs and sends the request with retries, and decodes the answer.
func (inv *Invoker) send(ctx context.Context, oi *opInfo, req *smithyhttp.Request) (*Result, error) {
	op := oi.op.Name
	invocationID, _ := newUUID(rand.Reader)
	maxAttempts := inv.retryer.MaxAttempts()
	release, err := inv.retryer.GetAttemptToken(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", inv.svc.Name, op, err)
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			delay, derr := inv.retryer.RetryDelay(attempt, lastErr)
			if derr != nil {
				return nil, fmt.Errorf("%s %s: %w", inv.svc.Name, op, lastErr)
			}
			if err := sleep(ctx, delay); err != nil {
				return nil, fmt.Errorf("%s %s: %w (while waiting to retry after: %v)", inv.svc.Name, op, err, lastErr)
			}
		}
		start := time.Now()
		res, err := inv.attempt(ctx, oi, req, attempt, maxAttempts, invocationID)
		inv.log.Debug("aws attempt", "service", inv.svc.Name, "operation", op, "attempt", attempt,
			"status", statusOf(res, err), "elapsed", time.Since(start), "error", errString(err))
		_ = release(err)
		if err == nil {
			res.Attempts = attempt
			return res, nil
		}
		lastErr = err
		if ctx.Err() != nil || !inv.retryer.IsErrorRetryable(err) || attempt >= maxAttempts {
			return nil, wrapCallErr(inv.svc.Name, op, err)
		}
		release, err = inv.retryer.GetRetryToken(ctx, err)
		if err != nil {
			return nil, fmt.Errorf("%s %s: not retrying (%v): %w", inv.svc.Name, op, err, lastErr)
		}
	}
}

func wrapCallErr(service, op string, err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return err // already says which call failed
	}
	return fmt.Errorf("%s %s: %w", service, op, err)
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

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// attempt signs and sends the request once and decodes the response.
func (inv *Invoker) attempt(ctx context.Context, oi *opInfo, sreq *smithyhttp.Request, attempt, maxAttempts int, invocationID string) (*Result, error) {
	if err := sreq.RewindStream(); err != nil {
		if attempt > 1 {
			return nil, fmt.Errorf("cannot retry: %w", err)
		}
	}
	hreq := sreq.Build(ctx)
	hreq.Header.Set("Amz-Sdk-Invocation-Id", invocationID)
	hreq.Header.Set("Amz-Sdk-Request", fmt.Sprintf("attempt=%d; max=%d", attempt, maxAttempts))
	if hreq.Header.Get("User-Agent") == "" {
		hreq.Header.Set("User-Agent", "nimbus aws-sdk-go-v2/generic")
	}
	if err := inv.sign(ctx, oi, sreq, hreq); err != nil {
		return nil, err
	}
	resp, err := inv.http.Do(hreq)
	if err != nil {
		return nil, &smithyhttp.RequestSendError{Err: err}
	}
	return inv.decode(ctx, oi, resp)
}

// sign adds the SigV4 signature, unless the session is anonymous.
func (inv *Invoker) sign(ctx context.Context, oi *opInfo, sreq *smithyhttp.Request, hreq *http.Request) error {
	if inv.creds == nil || aws.IsCredentialsProvider(inv.creds, aws.AnonymousCredentials{}) {
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
	ep := inv.endpoint
	return inv.signer.SignHTTP(ctx, creds, hreq, hash, ep.signingName, ep.signingRegion, time.Now().UTC())
}

const unsignedPayload = "UNSIGNED-PAYLOAD"

// payloadHash hashes a seekable body (rewinding it after). S3 streaming uploads over TLS are sent
// unsigned, as the typed client does, and so is a one-shot stream, which S3 accepts.
func (inv *Invoker) payloadHash(sreq *smithyhttp.Request, oi *opInfo) (string, error) {
	if inv.isS3() && oi.streamIn != nil && sreq.IsHTTPS() {
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
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return nil, &smithyhttp.RequestSendError{Err: fmt.Errorf("reading the error response: %w", err)}
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		codecErr := inv.codec.DeserializeResponse(ctx, oi.schema, &smithy.TypeRegistry{}, sresp, nil)
		return nil, inv.newAPIError(oi.op.Name, codecErr, resp, body)
	}
	if oi.output == nil {
		resp.Body.Close()
		res.Output = map[string]any{}
		return res, nil
	}
	var raw []byte // the body, kept for the operations whose answer the model cannot describe
	if inv.needsRawBody(oi) {
		var err error
		if raw, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20)); err != nil {
			resp.Body.Close()
			return nil, &smithyhttp.RequestSendError{Err: fmt.Errorf("reading the response: %w", err)}
		}
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
	}
	out := &response{op: oi}
	var target smithy.Deserializable = out
	var streaming *streamingResponse
	if oi.streamOut != nil {
		streaming = &streamingResponse{response: out}
		target = streaming
	} else {
		defer resp.Body.Close()
	}
	if err := inv.codec.DeserializeResponse(ctx, oi.schema, &smithy.TypeRegistry{}, sresp, target); err != nil {
		if streaming != nil {
			resp.Body.Close()
		}
		return nil, fmt.Errorf("decoding the response: %w", err)
	}
	res.Output = out.doc
	if res.Output == nil {
		res.Output = map[string]any{}
	}
	inv.customizeOutput(oi, raw, res.Output)
	if streaming != nil {
		res.Body, res.BodyMember = streaming.body, oi.streamOut.name
		if res.Body == nil {
			res.Body = resp.Body
		}
	}
	return res, nil
}
