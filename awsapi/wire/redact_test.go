package wire

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRedactorHeaderURLAndBody(t *testing.T) {
	const akid, secret, token = "AKIAREDACTTEST000001", "redactSecret/Key+000000000000000000000", "redact/Session+Token=="
	r := NewRedactor(akid, secret, token)
	h := r.Header(http.Header{
		"Authorization":        {"AWS4-HMAC-SHA256 Credential=" + akid + "/20261204/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd"},
		"X-Amz-Security-Token": {token},
		"X-Amz-Date":           {"20261204T170000Z"},
	})
	if got := h.Get("Authorization"); got != "AWS4-HMAC-SHA256 Credential=<redacted>/20261204/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=<redacted>" {
		t.Errorf("Authorization = %q", got)
	}
	if h.Get("X-Amz-Security-Token") != Redacted || h.Get("X-Amz-Date") != "20261204T170000Z" {
		t.Errorf("headers %v", h)
	}
	u, _ := url.Parse("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + url.QueryEscape(akid+"/x") +
		"&X-Amz-Signature=abc&X-Amz-Security-Token=" + url.QueryEscape(token) + "&versionId=v1")
	if got := r.URL(u); strings.Contains(got, akid) || strings.Contains(got, "abc") || !strings.Contains(got, "versionId=v1") ||
		!strings.Contains(got, "X-Amz-Credential=<redacted>") {
		t.Errorf("URL = %s", got)
	}
	body := string(r.Body([]byte(`{"Password":"hunter2!","Name":"n","Nested":{"secretAccessKey":"x\"y"}}` +
		`<SessionToken>abc</SessionToken>&NewPassword=p%40ss&UserName=u ` + secret)))
	for _, leak := range []string{"hunter2", `x\"y`, ">abc<", "p%40ss", secret} {
		if strings.Contains(body, leak) {
			t.Errorf("body keeps %q: %s", leak, body)
		}
	}
	if !strings.Contains(body, `"Name":"n"`) || !strings.Contains(body, "UserName=u") {
		t.Errorf("body lost what is not secret: %s", body)
	}
}
