package waiter

import (
	"errors"
	"fmt"
	"github.com/nimbus-tui/nimbus/awsapi/document"

	"github.com/jmespath-community/go-jmespath"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Waiter states an acceptor can lead to.
const (
	StateSuccess = "success"
	StateFailure = "failure"
	StateRetry   = "retry"
)

// HTTPStatusCoder is an error that knows the HTTP status of the response it came from, as
// smithy-go's transport/http ResponseError (and so every aws-sdk-go-v2 error) does.
type HTTPStatusCoder interface {
	HTTPStatusCode() int
}

// errorCoder is an error carrying a service error code, as smithy.APIError does.
type errorCoder interface {
	ErrorCode() string
}

// acceptor is a model.Acceptor with its path compiled.
type acceptor struct {
	def  *model.Acceptor
	path jmespath.JMESPath
}

func compileAcceptors(w *model.Waiter) ([]acceptor, error) {
	if len(w.Acceptors) == 0 {
		return nil, errors.New("the definition has no acceptors")
	}
	out := make([]acceptor, len(w.Acceptors))
	for i := range w.Acceptors {
		a := &w.Acceptors[i]
		out[i].def = a
		switch a.State {
		case StateSuccess, StateFailure, StateRetry:
		default:
			return nil, fmt.Errorf("acceptor %d has unknown state %q", i+1, a.State)
		}
		switch a.Matcher {
		case "path", "pathAll", "pathAny":
			c, err := jmespath.Compile(a.Argument)
			if err != nil {
				return nil, fmt.Errorf("acceptor %d: argument %q: %w", i+1, a.Argument, err)
			}
			out[i].path = c
		case "status", "error":
		default:
			return nil, fmt.Errorf("acceptor %d has unknown matcher %q", i+1, a.Matcher)
		}
	}
	return out, nil
}

// response is what one attempt got: a document or an error.
type response struct {
	output map[string]any
	view   any // output with numbers the JMESPath library understands
	err    error
}

// match reports whether the acceptor matches and what it looked at: the value of its path, the
// HTTP status or the error code.
func (a acceptor) match(r response) (matched bool, observed any) {
	switch a.def.Matcher {
	case "path", "pathAll", "pathAny":
		if r.err != nil { // botocore does not apply path matchers to errors
			return false, nil
		}
		v, err := a.path.Search(r.view)
		if err != nil {
			return false, nil
		}
		switch a.def.Matcher {
		case "path":
			return equal(v, a.def.Expected), v
		case "pathAll":
			list, ok := v.([]any)
			if !ok || len(list) == 0 { // an empty list matches nothing, as in botocore
				return false, v
			}
			for _, e := range list {
				if !equal(e, a.def.Expected) {
					return false, v
				}
			}
			return true, v
		default:
			list, ok := v.([]any)
			if !ok {
				return false, v
			}
			for _, e := range list {
				if equal(e, a.def.Expected) {
					return true, v
				}
			}
			return false, v
		}
	case "status":
		status, ok := statusOf(r)
		if !ok {
			return false, nil
		}
		return equal(status, a.def.Expected), status
	case "error":
		code := errorCode(r.err)
		switch want := a.def.Expected.(type) {
		case bool: // newer botocore: true is "any error", false is "no error"
			if want {
				return r.err != nil && code != "", nilIfEmpty(code)
			}
			return r.err == nil, nilIfEmpty(code)
		default:
			return r.err != nil && equal(code, want), nilIfEmpty(code)
		}
	}
	return false, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// statusOf gives the HTTP status of a response: from the error, or, for a success, from the
// document's ResponseMetadata.HTTPStatusCode when the invoker keeps it (as boto3 does), else 200.
func statusOf(r response) (int, bool) {
	if r.err != nil {
		var sc HTTPStatusCoder
		if errors.As(r.err, &sc) && sc.HTTPStatusCode() != 0 {
			return sc.HTTPStatusCode(), true
		}
		return 0, false
	}
	if meta, ok := r.output["ResponseMetadata"].(map[string]any); ok {
		if f, ok := document.ToFloat(meta["HTTPStatusCode"]); ok {
			return int(f), true
		}
	}
	return 200, true
}

// errorCode is the service error code of err (smithy.APIError's ErrorCode), or "".
func errorCode(err error) string {
	var c errorCoder
	if err != nil && errors.As(err, &c) {
		return c.ErrorCode()
	}
	return ""
}

// explain says what an acceptor tests, e.g. `pathAll Reservations[].Instances[].State.Name == running`.
func explain(a *model.Acceptor) string {
	switch a.Matcher {
	case "status":
		return fmt.Sprintf("status == %s", describe(a.Expected))
	case "error":
		switch a.Expected {
		case true:
			return "error (any)"
		case false:
			return "no error"
		}
		return fmt.Sprintf("error == %s", describe(a.Expected))
	}
	return fmt.Sprintf("%s %s == %s", a.Matcher, a.Argument, describe(a.Expected))
}
