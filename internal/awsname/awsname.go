// Package awsname checks the names that become part of a request's URL before any request is
// built: a region is put into a host name ("s3.REGION.amazonaws.com"), so a region holding "@",
// ":", "/" or "#" could choose the host (measured: --region 'x@127.0.0.1:5399#' sent the call to
// 127.0.0.1:5399); an endpoint URL must be a plain http(s) base URL.
package awsname

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// isRegionLabel: one DNS label of lower-case letters, digits and dashes (botocore checks the
// same label shape, case aside). A loop, not a regexp: compiling {0,61} cost start-up time.
func isRegionLabel(s string) bool {
	return isLabel(s, func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' })
}

// isLabel reports whether s is 1 to 63 bytes of alnum (and dashes inside), as a DNS label.
func isLabel(s string, alnum func(byte) bool) bool {
	if len(s) == 0 || len(s) > 63 || !alnum(s[0]) || !alnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if s[i] != '-' && !alnum(s[i]) {
			return false
		}
	}
	return true
}

// Region returns an error when name cannot be a region name. It says what is wrong, never
// repeating name: callers name the region and where it came from.
func Region(name string) error {
	switch {
	case name == "":
		return errors.New("a region name is empty")
	case isRegionLabel(name):
		return nil
	case strings.ToLower(name) != name && isRegionLabel(strings.ToLower(name)):
		return fmt.Errorf("region names are lower case (%s)", strings.ToLower(name))
	}
	return errors.New("a region name has only a-z, 0-9 and \"-\" (e.g. us-east-1)")
}

// isHostLabel: a DNS label; "_" is allowed as container and compose host names use it.
func isHostLabel(s string) bool {
	return isLabel(s, func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
	})
}

// EndpointURL returns an error when raw is not an endpoint base URL: http or https, a host name
// or IP address, an optional port and path, and no user, query or fragment.
func EndpointURL(raw string) error {
	const form = "write it as http://HOST[:PORT] or https://HOST[:PORT]"
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return errors.New("the endpoint URL is empty")
	case err != nil:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("not a URL (%v): %s", err, form)
	case u.Scheme == "" || u.Opaque != "" && u.Host == "":
		return fmt.Errorf("the scheme is missing: %s", form)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("scheme %q is not http or https: %s", u.Scheme, form)
	case u.Host == "":
		return fmt.Errorf("no host: %s", form)
	case u.User != nil:
		return errors.New("an endpoint URL may not hold a user name or password")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#"):
		return errors.New("an endpoint URL may not have a query (?) or a fragment (#)")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("port %s is not between 1 and 65535", p)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return errors.New("the port after \":\" is empty")
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip != nil {
		return nil
	}
	if strings.HasPrefix(u.Host, "[") {
		return fmt.Errorf("%s is not an IPv6 address", host)
	}
	if len(host) > 253 {
		return errors.New("the host name is longer than 253 characters")
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if !isHostLabel(label) {
			return fmt.Errorf("host %q is not a host name (letters, digits, \"-\" and \".\")", host)
		}
	}
	return nil
}
