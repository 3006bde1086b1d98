package logtail

import (
	"errors"
	"strconv"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// DefaultRetryLive is the first wait before live tail is tried again after a passing failure;
// each failure doubles it up to MaxRetryLive.
const (
	DefaultRetryLive = 30 * time.Second
	MaxRetryLive     = 10 * time.Minute
)

// liveRefused tells a refusal that waiting does not change — no permission, a region or an
// endpoint without live tail (moto answers a bare 500 page), an input the service rejects — from
// a passing failure after which live tail is tried again: throttling or the session limit, a
// 5xx or gateway error with an AWS error code, a stream cut or corrupt, the network.
func liveRefused(err error) bool {
	if errors.Is(err, readonly.ErrRefused) {
		return true
	}
	var api *invoke.APIError
	if errors.As(err, &api) {
		if passingCode[api.Code] || api.StatusCode == 429 {
			return false
		}
		if _, numeric := strconv.Atoi(api.Code); numeric == nil {
			// No AWS error document: a gateway's 502/503/504 passes; anything else (moto's
			// 500 page, a 404 or 501 from an endpoint that does not serve the operation) stays.
			return api.StatusCode != 502 && api.StatusCode != 503 && api.StatusCode != 504
		}
		return api.StatusCode < 500 || api.StatusCode == 501
	}
	var coded interface{ ErrorCode() string }
	if errors.As(err, &coded) {
		return !passingCode[coded.ErrorCode()] && refusedCode[coded.ErrorCode()]
	}
	return false // a cut or corrupt stream (io.ErrUnexpectedEOF, a CRC), the network, a timeout
}

// passingCode are the error codes of a failure that waiting may clear.
var passingCode = map[string]bool{
	"ThrottlingException": true, "Throttling": true, "TooManyRequestsException": true,
	"RequestLimitExceeded": true, "LimitExceededException": true, // StartLiveTail's concurrent sessions
	"ServiceUnavailableException": true, "ServiceUnavailable": true, "InternalFailure": true,
	"InternalServerError": true, "SessionStreamingException": true, "RequestTimeout": true,
}

// refusedCode are the codes of errors that are not *invoke.APIError (a LiveFunc of another
// kind) but say the same as a 4xx would.
var refusedCode = map[string]bool{
	"AccessDeniedException": true, "AccessDenied": true, "UnauthorizedOperation": true,
	"UnrecognizedClientException": true, "UnknownOperationException": true, "InvalidAction": true,
	"InvalidParameterException": true, "ValidationException": true, "ResourceNotFoundException": true,
	"NotImplemented": true,
}
