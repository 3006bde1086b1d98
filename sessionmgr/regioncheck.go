package sessionmgr

import (
	"fmt"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/awsname"
)

// RegionError is a region that cannot be a region name, and where it came from. Nothing is sent
// with it: a region becomes part of the endpoint's host name.
type RegionError struct {
	Region string
	Source string // "--region", "AWS_REGION", "the region of profile dev"…
	Err    error
}

func (e *RegionError) Error() string {
	return fmt.Sprintf("region %q (from %s) is not valid: %v", e.Region, e.Source, e.Err)
}

func (e *RegionError) Unwrap() error { return e.Err }

// EndpointError is an endpoint URL that is not a plain http(s) base URL, and where it came from.
type EndpointError struct {
	URL    string
	Source string // "--endpoint-url", "AWS_ENDPOINT_URL", "the endpoint_url of profile dev"…
	Err    error
}

func (e *EndpointError) Error() string {
	return fmt.Sprintf("endpoint URL %q (from %s) is not valid: %v", e.URL, e.Source, e.Err)
}

func (e *EndpointError) Unwrap() error { return e.Err }

// CheckRegion validates a region before it is used. err is a *RegionError when name cannot be a
// region name; warning is set when name is well formed but no partition of the endpoints data
// lists it (a new region, or a typo such as mars-1): nimbus calls it anyway, as botocore does.
func CheckRegion(name, source string) (warning string, err error) {
	if err := awsname.Region(name); err != nil {
		return "", &RegionError{Region: name, Source: source, Err: err}
	}
	if knownRegion(name) {
		return "", nil
	}
	return fmt.Sprintf("region %s (from %s) is not a known AWS region; calling it anyway", name, source), nil
}

// knownRegion reports whether a partition of botocore's endpoints data (aws, aws-cn, aws-us-gov,
// aws-iso…) or nimbus's region list has name.
func knownRegion(name string) bool {
	if _, ok := LookupRegion(name); ok {
		return true
	}
	eps, err := model.LoadEndpoints()
	if err != nil {
		return false
	}
	for _, p := range eps.Partitions {
		if _, ok := p.Regions[name]; ok {
			return true
		}
	}
	return false
}

// checkEndpoint wraps awsname.EndpointURL's verdict in an *EndpointError.
func checkEndpoint(raw, source string) error {
	if err := awsname.EndpointURL(raw); err != nil {
		return &EndpointError{URL: raw, Source: source, Err: err}
	}
	return nil
}
