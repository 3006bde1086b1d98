package s3nav

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
)

// Error is every error s3nav returns: what was being done ("listing s3://bucket/prefix/") and why
// it failed. Error() reads "listing s3://bucket/prefix/: <cause>".
type Error struct {
	Action string
	Err    error
}

func (e *Error) Error() string {
	if plain, ok := netpolicy.Plain(e.Err); ok {
		return e.Action + ": " + plain // a network failure reads plainly wherever it is shown
	}
	if errors.Is(e.Err, context.Canceled) {
		return e.Action + ": cancelled"
	}
	var api smithy.APIError
	if errors.As(e.Err, &api) {
		// The service's code and message, not the SDK's chain around them (attempts, request id).
		msg := api.ErrorCode()
		if m := api.ErrorMessage(); m != "" {
			msg += ": " + m
		}
		return e.Action + ": " + msg
	}
	return e.Action + ": " + e.Err.Error()
}

// Unwrap gives the cause, so errors.As finds smithy.APIError and friends.
func (e *Error) Unwrap() error { return e.Err }

func wrap(action string, err error) error {
	return &Error{Action: action, Err: err}
}

// Describe renders err as one short line for a person: the action, the service's error code and
// message instead of the SDK's long chain (request ids, host ids), and the next step when one is
// known. Example: "listing s3://nope/: NoSuchBucket: The specified bucket does not exist — check
// the bucket name". The result is not sanitised: callers pass it through textsafe.Clean.
func Describe(err error) string {
	if err == nil {
		return ""
	}
	action := ""
	cause := err
	var se *Error
	if errors.As(err, &se) {
		action, cause = se.Action, se.Err
	}
	msg := cause.Error()
	var api smithy.APIError
	var netErr *net.OpError
	plain, isNet := netpolicy.Plain(cause)
	switch {
	case isNet:
		msg = plain // "no answer from … in 60 s (attempt 3/3)", not the SDK's chain
	case errors.As(cause, &api):
		msg = api.ErrorCode()
		if m := api.ErrorMessage(); m != "" {
			msg += ": " + m
		}
	case errors.As(cause, &netErr):
		msg = netErr.Error() // "dial tcp 127.0.0.1:9: connect: connection refused"
	}
	if hint := Hint(err); hint != "" {
		msg += " — " + hint
	}
	if action != "" {
		msg = action + ": " + msg
	}
	return strings.Join(strings.Fields(msg), " ")
}

// Hint says what to do next about err, or "" when there is nothing useful to say.
func Hint(err error) string {
	if _, ok := netpolicy.Plain(err); ok {
		return "" // it says what happened and where; retrying is all there is to do
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "NoSuchBucket":
			return "check the bucket name"
		case "NoSuchKey", "NotFound":
			return "the object may have been deleted or renamed; refresh the listing"
		case "AccessDenied", "Forbidden", "AllAccessDisabled":
			return "these credentials are not allowed to do this; check the profile's IAM permissions"
		case "RequestExpired", "RequestTimeTooSkewed":
			return "the request's time was refused; check this computer's clock"
		case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired":
			// What to do about expired credentials depends on the profile and the interface:
			// that is the session's advice (sessionmgr.Advise), not this package's words.
			return ""
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken":
			return "the credentials were refused; check the profile's access key"
		case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
			return "the bucket is in another region; try --region"
		case "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded":
			return "the service is throttling requests; wait a moment and retry"
		}
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "the request timed out; check the network or the endpoint"
	case strings.Contains(err.Error(), "failed to retrieve credentials"),
		strings.Contains(err.Error(), "no EC2 IMDS role found"):
		return "no usable credentials; choose a profile with --profile or AWS_PROFILE, or run aws configure"
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return "cannot reach the endpoint; check the network, the region or --endpoint-url"
	}
	return ""
}

// IsNotFound reports whether err says the object is not there (HeadObject's bodiless 404 reads
// "NotFound", GetObject's "NoSuchKey").
func IsNotFound(err error) bool {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return false
	}
	switch api.ErrorCode() {
	case "NoSuchKey", "NotFound", "404":
		return true
	}
	return false
}
