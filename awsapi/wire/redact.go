package wire

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// Redacted stands where a secret was.
const Redacted = "<redacted>"

// Redactor removes credentials from what is recorded. Its zero value removes what any session's
// credentials look like on the wire; Secrets adds the literal values of this session's.
type Redactor struct {
	literals []string
}

// NewRedactor returns a Redactor that also removes every occurrence of the given secrets (the
// session's access key id, secret key and session token), as sent or URL-encoded.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	seen := map[string]bool{}
	for _, s := range secrets {
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if len(v) >= 8 && !seen[v] { // a short string would redact ordinary text
				seen[v] = true
				r.literals = append(r.literals, v)
			}
		}
	}
	return r
}

// secretHeaders are replaced whole.
var secretHeaders = map[string]bool{"X-Amz-Security-Token": true, "Cookie": true, "Set-Cookie": true,
	"X-Amz-Server-Side-Encryption-Customer-Key": true, "X-Amz-Copy-Source-Server-Side-Encryption-Customer-Key": true}

// secretQuery are the presigned-URL parameters that carry credentials.
var secretQuery = map[string]bool{"x-amz-signature": true, "x-amz-credential": true, "x-amz-security-token": true}

// The patterns are compiled on first use, not at start-up: every launch links this package, few
// record a call (GODEBUG=inittrace=1: 0.48 ms of package init before, for the first frame to wait on).
var (
	authCredential = lazyRegexp(`Credential=[^/,\s]+`)
	authSignature  = lazyRegexp(`Signature=[0-9a-fA-F]+`)
)

func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// Header returns a redacted copy of h.
func (r *Redactor) Header(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		ck := http.CanonicalHeaderKey(k)
		cp := make([]string, len(vs))
		for i, v := range vs {
			switch {
			case secretHeaders[ck]:
				v = Redacted
			case ck == "Authorization":
				v = authCredential().ReplaceAllString(v, "Credential="+Redacted)
				v = authSignature().ReplaceAllString(v, "Signature="+Redacted)
			}
			cp[i] = r.Text(v)
		}
		out[ck] = cp
	}
	return out
}

// URL returns u as text with presigned credentials removed.
func (r *Redactor) URL(u *url.URL) string {
	c := *u
	if c.RawQuery != "" {
		parts := strings.Split(c.RawQuery, "&")
		for i, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			if dk, err := url.QueryUnescape(k); err == nil && secretQuery[strings.ToLower(dk)] {
				parts[i] = k + "=" + Redacted
			}
		}
		c.RawQuery = strings.Join(parts, "&")
	}
	c.User = nil
	return r.Text(c.String())
}

// secretMembers are the body members that carry credentials or secrets, by name in any case:
// STS, SSO and Cognito credentials, IAM access keys and passwords, Secrets Manager values.
var secretMembers = []string{"SecretAccessKey", "SessionToken", "AccessKeyId", "SecretKey", "AccessToken",
	"RefreshToken", "IdToken", "ClientSecret", "Password", "NewPassword", "OldPassword", "SecretString",
	"SecretBinary", "PrivateKey", "CertificateChain", "PrivateKeyPlaintext"}

var (
	jsonSecret  = lazyRegexp(`(?i)"(` + strings.Join(secretMembers, "|") + `)"\s*:\s*"(?:[^"\\]|\\.)*"`)
	xmlSecret   = lazyRegexp(`(?is)<(` + strings.Join(secretMembers, "|") + `)>[^<]*<`)
	querySecret = lazyRegexp(`(?i)((?:^|&)[^=&]*(?:` + strings.Join(secretMembers, "|") + `)=)[^&]*`)
)

// Body returns a redacted copy of a text body: credential members of JSON, XML and query
// bodies, then the literal secrets.
func (r *Redactor) Body(b []byte) []byte {
	s := string(b)
	s = jsonSecret().ReplaceAllString(s, `"$1": "`+Redacted+`"`)
	s = xmlSecret().ReplaceAllString(s, `<$1>`+Redacted+`<`)
	s = querySecret().ReplaceAllString(s, `${1}`+Redacted)
	return []byte(r.Text(s))
}

// Text removes the literal secrets from s.
func (r *Redactor) Text(s string) string {
	if r == nil {
		return s
	}
	for _, l := range r.literals {
		s = strings.ReplaceAll(s, l, Redacted)
	}
	return s
}
