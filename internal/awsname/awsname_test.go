package awsname

import (
	"strings"
	"testing"
)

func TestRegion(t *testing.T) {
	for _, ok := range []string{"us-east-1", "eu-west-3", "us-gov-west-1", "cn-north-1", "us-isob-east-1", "mars-1", "local"} {
		if err := Region(ok); err != nil {
			t.Errorf("Region(%q) = %v, want nil", ok, err)
		}
	}
	bad := map[string]string{
		"x@127.0.0.1:5399#":     "only a-z",
		"us-east-1.evil.com":    "only a-z",
		"us-east-1/":            "only a-z",
		"us east 1":             "only a-z",
		"us-east-1\x00":         "only a-z",
		"-us-east-1":            "only a-z",
		"us-east-1-":            "only a-z",
		"US-EAST-1":             "lower case (us-east-1)",
		"":                      "empty",
		strings.Repeat("a", 64): "only a-z",
	}
	for name, want := range bad {
		err := Region(name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Region(%q) = %v, want an error saying %q", name, err, want)
		}
	}
}

func TestEndpointURL(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:5000", "https://s3.eu-west-1.amazonaws.com", "http://localhost:4566/",
		"http://moto_server:5000", "http://[::1]:9000", "https://example.com/base/path"} {
		if err := EndpointURL(ok); err != nil {
			t.Errorf("EndpointURL(%q) = %v, want nil", ok, err)
		}
	}
	bad := map[string]string{
		"":                           "empty",
		"foo":                        "scheme is missing",
		"localhost:4566":             "scheme is missing",
		"ftp://host":                 `scheme "ftp"`,
		"http://":                    "no host",
		"http://a b":                 "not a URL",
		"http://user:pw@host:1/":     "user name or password",
		"http://127.0.0.1:5399#x":    "fragment",
		"http://host/?x=1":           "query",
		"http://host:99999/":         "port 99999",
		"http://host:/":              "port",
		"http://ho$t/":               "not a host name",
		"http://[::zz]:1/":           "not a URL",
		"http://host\x1b]0;x\x07:1/": "not a URL",
	}
	for raw, want := range bad {
		err := EndpointURL(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("EndpointURL(%q) = %v, want an error saying %q", raw, err, want)
		}
	}
}
