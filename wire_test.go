package main

import (
	"strings"
	"testing"
)

// `nimbus call --wire` prints each attempt on stderr, and no credential of the session.
func TestCallWirePrintsTheExchangeWithoutCredentials(t *testing.T) {
	url, _ := s3Server(t)
	const akid, secret, token = "AKIAWIREMAINTEST0001", "mainWireSecret/Key+0000000000000000000", "mainWireSession/Token+Value=="
	t.Setenv("AWS_ACCESS_KEY_ID", akid)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	t.Setenv("AWS_SESSION_TOKEN", token)
	code, stdout, stderr := runNimbus(t, "--endpoint-url", url, "call", "s3", "list-buckets", "--wire")
	if code != 0 || !strings.Contains(stdout, "Buckets") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, want := range []string{"→ ", "GET " + url + "/?x-id=ListBuckets", "Authorization: AWS4-HMAC-SHA256 Credential=<redacted>/",
		"X-Amz-Security-Token: <redacted>", "HTTP 200 OK", "body: ", "<ListAllMyBucketsResult"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, s := range []string{akid, secret, token} {
		if strings.Contains(stderr, s) || strings.Contains(stdout, s) {
			t.Errorf("the output holds the secret %q", s)
		}
	}
}
