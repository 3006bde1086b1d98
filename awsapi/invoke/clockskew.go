package invoke

import (
	"errors"
	"net/http"
	"time"
)

// Clock skew correction, after the SDK's: every response's Date header tells how far the local
// clock is from AWS's; requests are signed with the corrected time, and a signature error that
// the skew explains is retried once the skew is known.

// skewThreshold is how far apart the clocks must be for a signature error to count as skew.
const skewThreshold = 4 * time.Minute

// maxTrustedRoundTrip discards skew measured on a slower exchange.
const maxTrustedRoundTrip = 15 * time.Minute

// clockSkewCodes may mean a skewed clock; they are retried only when the skew explains them.
// The SDK's list, and RequestExpired, which EC2 and the other query services answer to a
// request signed more than five minutes from their time (the SDK does not retry it).
var clockSkewCodes = map[string]bool{
	"InvalidSignatureException": true, "SignatureDoesNotMatch": true, "AuthFailure": true,
	"RequestTimeTooSkewed": true, "AccessDeniedException": true, "RequestExpired": true,
}

// signingTime is now, corrected by the last skew observed.
func (inv *Invoker) signingTime() time.Time {
	return time.Now().Add(time.Duration(inv.skew.Load())).UTC()
}

// observeSkew records the skew a response shows and returns it, with the skew the request was
// signed with.
func (inv *Invoker) observeSkew(resp *http.Response, sentAt, receivedAt time.Time) (observed, used time.Duration, ok bool) {
	used = time.Duration(inv.skew.Load())
	server, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil || resp.Header.Get("Age") != "" || receivedAt.Sub(sentAt) > maxTrustedRoundTrip {
		return 0, used, false
	}
	observed = server.Sub(receivedAt)
	inv.skew.Store(int64(observed))
	return observed, used, true
}

// clockSkewError is a signature error explained by a skewed clock: the retryer may retry it,
// signed with the corrected time.
type clockSkewError struct{ *APIError }

func (e *clockSkewError) Error() string {
	return "probable clock skew (check this computer's clock): " + e.APIError.Error()
}

func (e *clockSkewError) Unwrap() error { return e.APIError }

// RetryableError tells the SDK retryer to retry.
func (e *clockSkewError) RetryableError() bool { return true }

// asClockSkew wraps err when its code is a skew code and the clocks were too far apart. An API
// error learns how far AWS's clock is from this one (ClockOffset) whatever its code.
func asClockSkew(err error, observed, used time.Duration, ok bool) error {
	var apiErr *APIError
	if !ok || !errors.As(err, &apiErr) {
		return err
	}
	apiErr.clockOffset, apiErr.clockKnown = observed, true
	if !clockSkewCodes[apiErr.Code] {
		return err
	}
	if d := observed - used; d > skewThreshold || d < -skewThreshold {
		return &clockSkewError{apiErr}
	}
	return err
}
