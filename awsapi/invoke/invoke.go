// Package invoke calls any operation of any AWS service from its model, as botocore does: the
// request is built from the service's model through smithy-go's schema API and protocol codecs
// (awsJson 1.0/1.1, awsQuery, ec2Query, restJson1, restXml, rpcv2Cbor), signed with the SDK's SigV4
// signer, sent through the session's HTTP client with the SDK's standard retryer, and decoded into
// a generic document keyed by member names, as boto3 returns it.
//
// Input is JSON-like and keyed by member names, as boto3's: map[string]any for structures and
// maps, any slice for lists, strings, Go numbers or json.Number, bool, timestamps as time.Time, an
// RFC 3339 string or epoch seconds, blobs as []byte or string (its bytes, not base64), and an
// io.Reader for a streaming payload (S3 PutObject Body). It is validated against the model before
// anything is sent; unknown enum values are sent but reported in Result.Warnings and logged.
//
// Output documents hold map[string]any for structures and maps, []any for lists, string, int64
// (integer and long), float64 (float and double), bool, time.Time (timestamps, UTC) and []byte
// (blobs); jsonvalue members are decoded JSON. Like botocore, a JSON answer (json, rest-json)
// whose body holds a scalar of another JSON type than the model's is not refused: the value is
// kept as sent, a number as int64 (float64 when it has a fraction) even where the model says
// string (moto's ECS Container.cpu), a string or bool as itself; timestamps in any AWS format
// still become time.Time. Input is never loosened. A streaming output payload (S3 GetObject Body) is
// left unread in Result.Body by Invoke, and read into the document as []byte, up to
// Options.MaxBodyBytes, by Call. An output event stream is read with Stream (eventstream.go);
// operations with an input event stream are refused.
//
// Like boto3, the Invoker follows S3 to a bucket's own region (and remembers it), corrects a
// skewed local clock from the server's Date, and sends unauthenticated operations unsigned.
package invoke

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
)

// Defaults sized for an interactive UI.
const (
	// DefaultMaxAttempts is the number of attempts per call, as the SDK's standard mode.
	DefaultMaxAttempts = netpolicy.DefaultMaxAttempts
	// DefaultMaxBackoff caps the wait between attempts so a UI never looks frozen.
	DefaultMaxBackoff = netpolicy.MaxBackoff
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
	// Retryer replaces the session's retryer (cfg.Retryer; netpolicy's when it has none).
	Retryer aws.RetryerV2
	// UserAgent names the application in the User-Agent header (default "nimbus").
	UserAgent string
	// WireTimestamps keeps timestamps as they came over the wire, as the AWS CLI does with
	// cli_timestamp_format = wire (or none): the string sent, or an epoch number as int64 or
	// float64; otherwise they are time.Time.
	WireTimestamps bool
	// Tap records the calls whose context has no Tap of its own (wire.With): a session's wire
	// view of every call, beside the per-call views of the operation pages. nil: none.
	Tap wire.Tap
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
	// userAgent is sent with every request: the application, the SDK and the service.
	userAgent string

	skew atomic.Int64 // clock skew (ns) observed in the last response: see clockskew.go

	endpointOnce sync.Once
	endpoint     endpoint
	endpointErr  error
	// bucketRegions remembers the region of S3 buckets found elsewhere than cfg.Region, and
	// regionEndpoints the endpoints resolved for those regions.
	bucketRegions   sync.Map
	regionEndpoints sync.Map

	// bodyBufs holds buffers that restXml answers are read into (xmlfast.go).
	bodyBufs sync.Pool
	// codecOnlyXML turns the fast restXml body reader off (tests compare both paths).
	codecOnlyXML bool
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
	app := opts.UserAgent
	if app == "" {
		app = "nimbus"
	}
	inv.userAgent = fmt.Sprintf("%s aws-sdk-go-v2/%s api/%s#generic", app, aws.SDKVersion, svc.Name)
	inv.protocol, _ = pickProtocol(svc.Metadata) // an unsupported model fails on Call, with the reason
	inv.schemas = newSchemaSet(svc, inv.protocol)
	inv.codec = newCodec(inv.protocol, svc)
	isS3 := inv.isS3()
	inv.signer = v4.NewSigner(func(o *v4.SignerOptions) {
		o.DisableURIPathEscaping = isS3
		o.Logger = nil
	})
	// One network policy for every path (netpolicy): the session's retryer and client, which
	// sessionmgr built from it, else its defaults.
	inv.retryer = opts.Retryer
	if inv.retryer == nil && cfg.Retryer != nil {
		inv.retryer, _ = cfg.Retryer().(aws.RetryerV2)
	}
	if inv.retryer == nil {
		inv.retryer = netpolicy.Default().Retryer()
	}
	inv.http = cfg.HTTPClient
	if inv.http == nil {
		inv.http = netpolicy.Default().HTTPClient()
	}
	// Cached as the SDK's clients do (by type: aws.IsCredentialsProvider looks inside a cache),
	// so that a cache the session empties after a renewal is the one the calls read.
	inv.creds = cfg.Credentials
	if _, cached := inv.creds.(*aws.CredentialsCache); inv.creds != nil && !cached &&
		!aws.IsCredentialsProvider(inv.creds, aws.AnonymousCredentials{}) {
		inv.creds = aws.NewCredentialsCache(inv.creds)
	}
	return inv
}

// Service returns the model the Invoker calls.
func (inv *Invoker) Service() *model.Service { return inv.svc }

// Protocol returns the botocore name of the protocol the Invoker speaks ("json", "rest-xml"…),
// or "" when the model offers none it supports.
func (inv *Invoker) Protocol() string { return inv.protocol }

// Endpoint returns the URL requests go to (before any S3 bucket or host prefix is added) and
// whether the user configured it (--endpoint-url, AWS_ENDPOINT_URL…, the profile).
func (inv *Invoker) Endpoint() (url string, custom bool, err error) {
	ep, err := inv.endpointFor(nil)
	if err != nil {
		return "", false, err
	}
	return ep.url.String(), ep.custom, nil
}

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

	events *eventSource // an open event stream, for Stream
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
// Result.Body for the caller to stream and close. An operation that answers with an event
// stream is refused: read it with Stream.
func (inv *Invoker) Invoke(ctx context.Context, operation string, input map[string]any) (*Result, error) {
	return inv.invoke(ctx, operation, input, false)
}

// invoke is Invoke; stream allows an output event stream, left open in Result.events.
func (inv *Invoker) invoke(ctx context.Context, operation string, input map[string]any, stream bool) (*Result, error) {
	if name, ok := inv.svc.OperationName(operation); ok {
		operation = name // accept CLI spellings: describe-instances
	} else {
		return nil, fmt.Errorf("%s has no operation %q (see: nimbus operations %s)", inv.svc.Name, operation, inv.svc.Name)
	}
	// The check sees the input: some operations' class depends on it (ssm WithDecryption).
	if err := readonly.CheckInput(inv.opts.ReadOnly, inv.svc.Name, operation, input); err != nil {
		return nil, err
	}
	if err := inv.initialize(ctx, operation, input); err != nil {
		return nil, err
	}
	secret := readonly.Reveals(inv.svc.Name, operation, input)
	if inv.protocol == "" {
		return nil, fmt.Errorf("%s: the model's protocols %v are not supported", inv.svc.Name, inv.svc.Metadata.Protocols)
	}
	if sv := inv.svc.Metadata.SignatureVersion; sv == "v2" || sv == "bearer" {
		return nil, fmt.Errorf("%s signs requests with %s, which nimbus does not support (SigV4 only)", inv.svc.Name, sv)
	}
	oi, err := inv.schemas.operation(operation)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", inv.svc.Name, err)
	}
	switch {
	case oi.eventIn != nil:
		return nil, fmt.Errorf("%s %s sends an input event stream (HTTP/2, both ways at once), which nimbus does not speak", inv.svc.Name, operation)
	case oi.eventOut != nil && !stream:
		return nil, fmt.Errorf("%s %s answers with an event stream: read it with Invoker.Stream", inv.svc.Name, operation)
	case oi.eventOut == nil && stream:
		return nil, fmt.Errorf("%s %s does not answer with an event stream", inv.svc.Name, operation)
	}
	ctx = inv.withWire(ctx, oi, secret)
	autoEncoding := inv.s3AutoEncoding(operation, input)
	req, ep, warnings, err := inv.buildRequest(ctx, oi, input)
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		if secret {
			// A warning may quote the input; a secret call's input and output are never logged.
			w = "(withheld: the call reveals a secret)"
		}
		inv.log.Warn("input warning", "service", inv.svc.Name, "operation", operation, "warning", w)
	}
	res, err := inv.send(ctx, oi, req, ep)
	if region := inv.redirectRegion(err, ep, input); region != "" {
		// The bucket lives in another region: remember it and ask there, as boto3 does.
		inv.log.Info("S3 bucket is in another region; retrying there", "bucket", input["Bucket"], "region", region)
		inv.bucketRegions.Store(input["Bucket"], region)
		if req, ep, _, err = inv.buildRequest(ctx, oi, input); err != nil {
			return nil, err
		}
		res, err = inv.send(ctx, oi, req, ep)
	}
	if res != nil {
		res.Warnings = warnings
		if autoEncoding {
			decodeS3ListKeys(operation, res.Output)
		}
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

// buildRequest validates input and serializes it into an unsigned request for its endpoint.
func (inv *Invoker) buildRequest(ctx context.Context, oi *opInfo, input map[string]any) (*smithyhttp.Request, endpoint, []string, error) {
	values, warnings, err := inv.validate(oi, input)
	if err != nil {
		return nil, endpoint{}, warnings, err
	}
	inv.customizeInput(oi, values)
	ep, err := inv.endpointFor(values)
	if err != nil {
		return nil, endpoint{}, warnings, fmt.Errorf("%s: %w", inv.svc.Name, err)
	}
	req, err := inv.serialize(ctx, oi, values)
	if err != nil {
		return nil, ep, warnings, fmt.Errorf("%s %s: building the request: %w", inv.svc.Name, oi.op.Name, err)
	}
	if err := inv.applyEndpoint(req, oi, values, ep); err != nil {
		return nil, ep, warnings, fmt.Errorf("%s %s: %w", inv.svc.Name, oi.op.Name, err)
	}
	if inv.isS3() && s3OperationIDs[oi.op.Name] {
		req.URL.RawQuery = appendQuery(req.URL.RawQuery, "x-id="+oi.op.Name)
	}
	if err := inv.addChecksums(req, oi, values); err != nil {
		return nil, ep, warnings, fmt.Errorf("%s %s: %w", inv.svc.Name, oi.op.Name, err)
	}
	return req, ep, warnings, nil
}

// serialize runs the protocol codec over normalized input values: the request's method, path,
// query, headers and body, before any endpoint is applied.
func (inv *Invoker) serialize(ctx context.Context, oi *opInfo, values map[string]any) (*smithyhttp.Request, error) {
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
	if err := serializeSafely(middleware.WithOperationName(ctx, oi.op.Name), inv.codec, oi, in, req); err != nil {
		return nil, err
	}
	if err := inv.dropEmptyXMLPayload(req, oi, values); err != nil {
		return nil, err
	}
	return req, nil
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
