package invoke

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"
)

// APIError is an error response from an AWS service, decoded per protocol. It implements
// smithy.APIError, so errors.As works with either type, and the interfaces the SDK retryer
// inspects (ErrorCode, HTTPStatusCode).
type APIError struct {
	Code       string // wire error code, e.g. "NoSuchBucket", "ResourceNotFoundException"
	Message    string
	RequestID  string
	StatusCode int
	Fault      string // "client" or "server"
	Service    string // botocore service name
	Operation  string

	// Retries is how many times the call was retried before this error; MaxAttemptsReached says
	// the error was retryable but no attempt was left (botocore's RetryAttempts and
	// MaxAttemptsReached, which the AWS CLI prints as "(reached max retries: 2)").
	Retries            int
	MaxAttemptsReached bool

	// Details holds the members of an exception event that ended an event stream.
	Details map[string]any

	bucketRegion string // S3's X-Amz-Bucket-Region: where the bucket really is

	clockOffset time.Duration // AWS's time (the Date header) less this computer's
	clockKnown  bool
}

// ClockOffset is how far AWS's clock was ahead of this computer's when it answered (negative:
// behind), from the response's Date header; ok is false when the answer had no usable date.
func (e *APIError) ClockOffset() (d time.Duration, ok bool) { return e.clockOffset, e.clockKnown }

var _ smithy.APIError = (*APIError)(nil)

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	s := fmt.Sprintf("%s %s: %s (HTTP %d): %s", e.Service, e.Operation, e.Code, e.StatusCode, msg)
	if e.RequestID != "" {
		s += " [request id " + e.RequestID + "]"
	}
	return s
}

// ErrorCode implements smithy.APIError.
func (e *APIError) ErrorCode() string { return e.Code }

// ErrorMessage implements smithy.APIError.
func (e *APIError) ErrorMessage() string { return e.Message }

// ErrorFault implements smithy.APIError.
func (e *APIError) ErrorFault() smithy.ErrorFault {
	switch e.Fault {
	case "client":
		return smithy.FaultClient
	case "server":
		return smithy.FaultServer
	}
	return smithy.FaultUnknown
}

// HTTPStatusCode is what the SDK retryer reads to retry 5xx and 429 answers.
func (e *APIError) HTTPStatusCode() int { return e.StatusCode }

// newAPIError turns what a codec decoded into an APIError with the response's metadata.
func (inv *Invoker) newAPIError(op string, codecErr error, resp *http.Response, body []byte) error {
	e := &APIError{StatusCode: resp.StatusCode, Service: inv.svc.Name, Operation: op, RequestID: requestID(resp.Header, body),
		bucketRegion: resp.Header.Get("X-Amz-Bucket-Region")}
	var generic smithy.APIError
	var deser *smithy.DeserializationError
	switch {
	case errors.As(codecErr, &generic):
		e.Code, e.Message = generic.ErrorCode(), generic.ErrorMessage()
		if e.Message == "UnknownError" {
			e.Message = missingMessage(body) // the codec's placeholder: the document had no message
		}
		if generic.ErrorFault() == smithy.FaultServer {
			e.Fault = "server"
		}
	case errors.As(codecErr, &deser) || len(bytes.TrimSpace(body)) == 0:
		// No readable error document (e.g. a HEAD request): botocore, and so the AWS CLI, names
		// the error by its status, "404" with the message "Not Found" (the Go SDK says NotFound).
		e.Code, e.Message = inv.statusError(resp.StatusCode)
	default:
		return codecErr
	}
	if e.Code == "" || e.Code == "UnknownError" && len(bytes.TrimSpace(body)) == 0 {
		e.Code, e.Message = inv.statusError(resp.StatusCode)
	}
	if e.Fault == "" {
		e.Fault = inv.faultOf(e.Code, resp.StatusCode)
	}
	return e
}

// missingMessage is botocore's message for an error document without one: "Unknown" for S3's
// <Error> document (its exception's default), "" for the other protocols' (its parsers' default).
func missingMessage(body []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if start, ok := tok.(xml.StartElement); ok {
			if start.Name.Local == "Error" {
				return "Unknown"
			}
			return ""
		}
	}
}

// statusError is botocore's code and message for an error without a readable body: the status
// ("404"), with its reason phrase ("Not Found") except in the JSON protocols, where it is empty.
func (inv *Invoker) statusError(status int) (code, message string) {
	if strings.Contains(inv.protocol, "json") {
		return strconv.Itoa(status), ""
	}
	return strconv.Itoa(status), http.StatusText(status)
}

// faultOf answers from the model's error shapes when it knows the code, else from the status.
func (inv *Invoker) faultOf(code string, status int) string {
	if sh, ok := inv.svc.Shapes[code]; ok && sh.Exception {
		if sh.Fault {
			return "server"
		}
		return "client"
	}
	if status >= 500 {
		return "server"
	}
	return "client"
}

// requestID finds the request id in the headers the services use, or in a query/XML error body.
func requestID(h http.Header, body []byte) string {
	for _, k := range []string{"X-Amzn-Requestid", "X-Amz-Request-Id", "X-Amzn-Request-Id"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	if len(body) == 0 || body[0] != '<' && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) {
		return ""
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if start, ok := tok.(xml.StartElement); ok && strings.EqualFold(start.Name.Local, "RequestId") {
			var id string
			if dec.DecodeElement(&id, &start) == nil {
				return strings.TrimSpace(id)
			}
			return ""
		}
	}
}
