// Package netpolicy is how every AWS call nimbus makes is bounded and retried: one HTTP client
// (a connect timeout, a per-attempt read timeout) and one retryer, used by the generic engine
// (awsapi/invoke) and by the typed SDK clients (S3 browser, `nimbus ls`) alike, so a fault is
// handled the same way whichever path meets it. Its errors read plainly ("no answer from
// s3.amazonaws.com in 60 s (attempt 3/3)") and the attempts in flight can be watched (Watch).
package netpolicy

import (
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Defaults, as the AWS CLI's (60 s connect, 60 s read, standard mode's 3 attempts).
const (
	DefaultConnectTimeout = 60 * time.Second
	DefaultReadTimeout    = 60 * time.Second
	DefaultMaxAttempts    = 3
	// MaxBackoff caps the wait between attempts lower than the SDK's 20 s, so that a retried call
	// stays responsive while a person waits.
	MaxBackoff = 5 * time.Second
)

// Policy bounds and retries calls. The zero value has no timeouts and the default attempts; use
// Default for the CLI's defaults.
type Policy struct {
	// ConnectTimeout bounds opening a connection (TCP and TLS); 0 means none.
	ConnectTimeout time.Duration
	// ReadTimeout bounds each wait for the network within one attempt: for the answer once the
	// request is sent, and for each read of the body, as a socket timeout does; 0 means none.
	ReadTimeout time.Duration
	// MaxAttempts per call, first attempt included; 0 means DefaultMaxAttempts.
	MaxAttempts int
	// Backoff replaces the retryer's jittered exponential backoff (tests make it instant).
	Backoff func(attempt int, err error) (time.Duration, error)
}

// Default is the AWS CLI's policy: 60 s to connect, 60 s per read, 3 attempts.
func Default() Policy {
	return Policy{ConnectTimeout: DefaultConnectTimeout, ReadTimeout: DefaultReadTimeout, MaxAttempts: DefaultMaxAttempts}
}

func (p Policy) attempts() int {
	if p.MaxAttempts > 0 {
		return p.MaxAttempts
	}
	return DefaultMaxAttempts
}

// Retryer is the one retry policy: standard mode (never adaptive, which can stall for a minute
// under throttling), the SDK's retryable errors plus a body cut short, backoff capped at
// MaxBackoff, and no client-side retry budget: the SDK's token bucket turns a burst of failures
// into "retry quota exceeded" for every later call, and a person cancels instead.
func (p Policy) Retryer() aws.RetryerV2 {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = p.attempts()
		o.MaxBackoff = MaxBackoff
		o.RateLimiter = ratelimit.None
		o.Retryables = append([]retry.IsErrorRetryable{retry.IsErrorRetryableFunc(cutShort),
			retry.IsErrorRetryableFunc(expiredBySkew)}, o.Retryables...)
		if p.Backoff != nil {
			o.Backoff = retry.BackoffDelayerFunc(p.Backoff)
		}
	})
}

// cutShort retries an answer whose body ended early, whichever layer read it: typed clients
// report it as a deserialization error, which the SDK does not retry.
func cutShort(err error) aws.Ternary {
	var f *Failure
	if errors.As(err, &f) {
		return aws.BoolTernary(f.RetryableError())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return aws.TrueTernary
	}
	return aws.UnknownTernary
}

// skewThreshold is how far the signing time must be from the server's for a refusal to count as
// clock skew: the SDK's threshold for its own skew codes.
const skewThreshold = 4 * time.Minute

// expiredBySkew retries RequestExpired (EC2, STS and the other query services answer it to a
// request signed more than 5 minutes from their time) when the answer's Date is that far from
// the time the request was signed with, its X-Amz-Date. The SDK's attempt middleware already
// measures the skew from every answer's Date and signs the next attempt with the corrected
// time; only its list of skew codes leaves RequestExpired out. A request signed with the
// corrected time and refused again is not retried: its X-Amz-Date is then the server's time.
// Unsigned requests (SSO's token calls) have no X-Amz-Date, and nothing to correct.
func expiredBySkew(err error) aws.Ternary {
	var api interface{ ErrorCode() string }
	var resp *smithyhttp.ResponseError
	if !errors.As(err, &api) || api.ErrorCode() != "RequestExpired" ||
		!errors.As(err, &resp) || resp.Response == nil || resp.Response.Request == nil {
		return aws.UnknownTernary
	}
	if resp.Response.Header.Get("Age") != "" {
		return aws.UnknownTernary // a cached answer's Date is not the server's time now
	}
	server, err := http.ParseTime(resp.Response.Header.Get("Date"))
	if err != nil {
		return aws.UnknownTernary
	}
	signed, err := time.Parse("20060102T150405Z", resp.Response.Request.Header.Get("X-Amz-Date"))
	if err != nil {
		return aws.UnknownTernary
	}
	if d := server.Sub(signed); d > skewThreshold || d < -skewThreshold {
		return aws.TrueTernary
	}
	return aws.UnknownTernary
}

// Transport returns the SDK's buildable client with the connect timeout on dialing and on the TLS
// handshake, and the read timeout as a backstop on the response headers. It stays an
// *awshttp.BuildableClient so that the SDK's loader can still add a CA bundle to it; Wrap it to
// get the read timeout proper and the plain errors.
func (p Policy) Transport() *awshttp.BuildableClient {
	c := awshttp.NewBuildableClient()
	c = c.WithDialerOptions(func(d *net.Dialer) { d.Timeout = p.ConnectTimeout })
	return c.WithTransportOptions(func(t *http.Transport) {
		t.TLSHandshakeTimeout = p.ConnectTimeout
		if p.ReadTimeout > 0 {
			// Wrap's watchdog fires first; this only bounds a client used unwrapped.
			t.ResponseHeaderTimeout = p.ReadTimeout + time.Second
		}
	})
}

// HTTPClient is Wrap(Transport()): the client every AWS call should go through.
func (p Policy) HTTPClient() aws.HTTPClient { return p.Wrap(p.Transport()) }

// Apply puts the policy's client and retryer on cfg: the HTTP client the config already has is
// wrapped (a CA bundle the loader added stays), or Transport is used when it has none.
func (p Policy) Apply(cfg *aws.Config) {
	inner := cfg.HTTPClient
	if inner == nil {
		inner = p.Transport()
	}
	if _, done := inner.(*client); !done {
		cfg.HTTPClient = p.Wrap(inner)
	}
	cfg.Retryer = func() aws.Retryer { return p.Retryer() }
}
