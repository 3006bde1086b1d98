package netpolicy

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Kind is what went wrong on the network during one attempt.
type Kind int

const (
	// Stalled: the server sent nothing for the whole read timeout.
	Stalled Kind = iota + 1
	// ConnectTimeout: no connection within the connect timeout.
	ConnectTimeout
	// Reset: the connection closed before the answer began.
	Reset
	// Truncated: the connection closed in the middle of the answer's body.
	Truncated
	// Garbled: the answer arrived whole but could not be decoded. Not retried: a server that
	// answers so will answer so again.
	Garbled
	// Cancelled: the person waiting gave up (the context was cancelled with ErrCancelled).
	// Not retried.
	Cancelled
)

// ErrCancelled is the cause a UI cancels a call's context with when the person waiting gives
// up (esc): the call then ends with a plain Cancelled failure instead of "context canceled".
var ErrCancelled = errors.New("cancelled")

// Failure is a failed attempt, told plainly. The retryer retries every Failure; the last one is
// what the caller sees, with its attempt number ("attempt 3/3").
type Failure struct {
	Kind    Kind
	Host    string
	After   time.Duration // the timeout that ran out (Stalled, ConnectTimeout)
	Attempt int           // 0 when the request did not say
	Max     int
	Err     error // the transport's own error
}

func (f *Failure) Error() string {
	var s string
	switch f.Kind {
	case Stalled:
		s = fmt.Sprintf("no answer from %s in %s", f.Host, Seconds(f.After))
	case ConnectTimeout:
		s = fmt.Sprintf("could not connect to %s in %s", f.Host, Seconds(f.After))
	case Reset:
		s = fmt.Sprintf("%s closed the connection without answering", f.Host)
	case Truncated:
		s = fmt.Sprintf("the answer from %s was cut off", f.Host)
	case Garbled:
		return fmt.Sprintf("could not read the answer from %s: %s", f.Host, innermost(f.Err))
	case Cancelled:
		s = fmt.Sprintf("cancelled while waiting for %s", f.Host)
	default:
		s = fmt.Sprintf("the call to %s failed", f.Host)
	}
	if f.Attempt > 0 && f.Max > 0 {
		s += fmt.Sprintf(" (attempt %d/%d)", f.Attempt, f.Max)
	}
	return s
}

// Unwrap gives the transport's error.
func (f *Failure) Unwrap() error { return f.Err }

// RetryableError tells the SDK's retryer whether to retry the attempt.
func (f *Failure) RetryableError() bool { return f.Kind != Garbled && f.Kind != Cancelled }

// Timeout reports whether a timeout ran out, as net.Error does.
func (f *Failure) Timeout() bool { return f.Kind == Stalled || f.Kind == ConnectTimeout }

// Seconds formats d as the AWS CLI's options count it: "60 s", "0.5 s".
func Seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// innermost is the message of the deepest error in err's chain: the decoder's own words, without
// the layers above ("deserialization failed, …").
func innermost(err error) string {
	if err == nil {
		return "unknown error"
	}
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// Plain returns the plain text of the network failure in err's chain, and whether there is one:
// "no answer from sqs.eu-west-1.amazonaws.com in 60 s (attempt 3/3)" instead of the SDK's
// "operation error SQS: ListQueues, exceeded maximum number of attempts, 3, https response error
// StatusCode: 0, RequestID: , request send failed, Post …: context canceled".
func Plain(err error) (string, bool) {
	var f *Failure
	if errors.As(err, &f) {
		return f.Error(), true
	}
	if f := garbled(err); f != nil {
		return f.Error(), true
	}
	return "", false
}

// garbled finds, in the error of a typed SDK client, a successful answer that could not be
// decoded, and says so as the engine does.
func garbled(err error) *Failure {
	var respErr *smithyhttp.ResponseError
	var apiErr smithy.APIError
	if !errors.As(err, &respErr) || errors.As(err, &apiErr) || respErr.Response == nil ||
		respErr.HTTPStatusCode() < 200 || respErr.HTTPStatusCode() > 299 {
		return nil
	}
	host := ""
	if req := respErr.Response.Request; req != nil && req.URL != nil {
		host = req.URL.Host
	}
	return &Failure{Kind: Garbled, Host: host, Err: respErr.Err}
}
