package invoke

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/wire"
)

// The session's credentials and the ones a service hands back: none may appear anywhere in
// what the wire view records.
const (
	wireAKID   = "AKIAWIRETEST00000001"
	wireSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYWIRESECRET"
	wireToken  = "FwoGZXIvYXdzEBYaDH+session/token=+more/stuff=="

	givenAKID   = "ASIAGIVENBACK0000002"
	givenSecret = "givenBackSecret/Key+With/Slashes0000000"
	givenToken  = "IQoJb3JpZ2luX2VjEGiven+Back/Token=="
)

func wireSecrets() []string {
	return []string{wireAKID, wireSecret, wireToken, givenAKID, givenSecret, givenToken}
}

// everything is all the recorded entries as text and as Go values, so that a secret kept in a
// field the text format does not print is found too.
func everything(log *wire.Log) string {
	entries, _ := log.Entries()
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(wire.Format(e))
		fmt.Fprintf(&b, "%#v\n%s\n", e, e.Body)
	}
	return b.String()
}

func findSecrets(t *testing.T, out string) {
	t.Helper()
	for _, s := range wireSecrets() {
		for _, form := range []string{s, strings.ReplaceAll(strings.ReplaceAll(s, "/", "%2F"), "+", "%2B")} {
			if strings.Contains(out, form) {
				t.Errorf("the wire record holds the secret %q", form)
			}
		}
	}
}

// IAM CreateAccessKey answered first with a 503, then with a new key in its body: the record
// has both attempts' requests and responses and the retry decision between them, and no
// credential.
func TestWireRecordsAttemptsAndRedactsCredentials(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/xml")
		w.Header().Set("X-Amzn-Requestid", "req-1")
		if n.Add(1) == 1 {
			w.WriteHeader(503)
			io.WriteString(w, `<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>busy</Message></Error></ErrorResponse>`)
			return
		}
		fmt.Fprintf(w, `<CreateAccessKeyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateAccessKeyResult><AccessKey>`+
			`<UserName>u</UserName><AccessKeyId>%s</AccessKeyId><Status>Active</Status><SecretAccessKey>%s</SecretAccessKey>`+
			`<CreateDate>2026-12-04T18:00:00Z</CreateDate></AccessKey></CreateAccessKeyResult>`+
			`<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateAccessKeyResponse>`, givenAKID, givenSecret)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticCredentialsProvider(wireAKID, wireSecret, wireToken)}
	inv := New(cfg, loadModel(t, "iam"), Options{EndpointURL: srv.URL,
		Retryer: noWaitRetryer(t)})
	log := wire.NewLog(100)
	out, err := inv.Call(wire.With(context.Background(), log), "CreateAccessKey", map[string]any{"UserName": "u"})
	if err != nil {
		t.Fatal(err)
	}
	if out["AccessKey"].(map[string]any)["AccessKeyId"] != givenAKID {
		t.Fatalf("the call's own output lost the credentials: %v", out)
	}
	entries, _ := log.Entries()
	var kinds []wire.Kind
	for _, e := range entries {
		kinds = append(kinds, e.Kind)
	}
	want := []wire.Kind{wire.Request, wire.Response, wire.Body, wire.Retry, wire.Request, wire.Response, wire.Body}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Fatalf("entries %v, want %v", kinds, want)
	}
	req := entries[0]
	if req.Method != "POST" || !strings.Contains(string(req.Body), "Action=CreateAccessKey") ||
		!strings.Contains(req.Header.Get("Authorization"), "Credential=<redacted>/") ||
		!strings.Contains(req.Header.Get("Authorization"), "Signature=<redacted>") ||
		req.Header.Get("X-Amz-Security-Token") != wire.Redacted {
		t.Errorf("request entry %s", wire.Format(req))
	}
	if entries[1].Status != 503 || entries[5].Status != 200 || entries[3].Attempt != 1 || entries[4].Attempt != 2 ||
		!strings.Contains(entries[3].Reason, "ServiceUnavailable") {
		t.Errorf("attempts: %s", everything(log))
	}
	if body := string(entries[6].Body); !strings.Contains(body, "<SecretAccessKey><redacted></SecretAccessKey>") ||
		!strings.Contains(body, "<AccessKeyId><redacted></AccessKeyId>") ||
		!strings.Contains(body, "<CreateDate>2026-12-04T18:00:00Z</CreateDate>") || entries[6].BodySize < 300 {
		t.Errorf("response body %q (%d bytes)", body, entries[6].BodySize)
	}
	findSecrets(t, everything(log))
}

// A JSON protocol's credentials (Cognito's GetCredentialsForIdentity answer) are redacted too;
// a call that reveals a secret (SSO GetRoleCredentials) records neither body.
func TestWireRedactsJSONCredentials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(r.URL.Path, "federation") {
			fmt.Fprintf(w, `{"roleCredentials":{"accessKeyId":%q,"secretAccessKey":%q,"sessionToken":%q,"expiration":1733335200000}}`,
				givenAKID, givenSecret, givenToken)
			return
		}
		fmt.Fprintf(w, `{"IdentityId":"us-east-1:id","Credentials":{"AccessKeyId":%q,"SecretKey":%q,"SessionToken":%q,"Expiration":1733335200}}`,
			givenAKID, givenSecret, givenToken)
	}))
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticCredentialsProvider(wireAKID, wireSecret, wireToken)}
	log := wire.NewLog(100)
	ctx := wire.With(context.Background(), log)
	cognito := New(cfg, loadModel(t, "cognito-identity"), Options{EndpointURL: srv.URL})
	if _, err := cognito.Call(ctx, "GetCredentialsForIdentity", map[string]any{"IdentityId": "us-east-1:id"}); err != nil {
		t.Fatal(err)
	}
	out := everything(log)
	if !strings.Contains(out, `"SecretKey": "<redacted>"`) || !strings.Contains(out, "1733335200") ||
		!strings.Contains(out, `"IdentityId":"us-east-1:id"`) {
		t.Errorf("record:\n%s", out)
	}
	sso := New(cfg, loadModel(t, "sso"), Options{EndpointURL: srv.URL})
	if _, err := sso.Call(ctx, "GetRoleCredentials",
		map[string]any{"roleName": "r", "accountId": "123456789012", "accessToken": wireToken}); err != nil {
		t.Fatal(err)
	}
	out = everything(log)
	if strings.Count(out, "withheld: the call reveals a secret") < 2 {
		t.Errorf("record:\n%s", out)
	}
	findSecrets(t, out)
}

// noWaitRetryer is the standard retryer without its backoff, so a retried test does not sleep.
func noWaitRetryer(t *testing.T) aws.RetryerV2 {
	t.Helper()
	return zeroDelay{New(aws.Config{}, loadModel(t, "sts"), Options{}).retryer}
}

type zeroDelay struct{ aws.RetryerV2 }

func (zeroDelay) RetryDelay(int, error) (time.Duration, error) { return 0, nil }

// Options.Tap records the calls whose context has no Tap (a session's wire view); a call with a
// Tap of its own records there only.
func TestWireSessionTap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		io.WriteString(w, `{"TableNames": []}`)
	}))
	defer srv.Close()
	session := wire.NewLog(100)
	cfg := aws.Config{Region: "us-east-1", HTTPClient: srv.Client(),
		Credentials: credentials.NewStaticCredentialsProvider(wireAKID, wireSecret, wireToken)}
	inv := New(cfg, loadModel(t, "dynamodb"), Options{EndpointURL: srv.URL, Tap: session})
	if _, err := inv.Call(context.Background(), "ListTables", nil); err != nil {
		t.Fatal(err)
	}
	if e, _ := session.Entries(); len(e) != 3 || e[0].Op != "ListTables" {
		t.Fatalf("session entries: %s", everything(session))
	}
	own := wire.NewLog(100)
	if _, err := inv.Call(wire.With(context.Background(), own), "ListTables", nil); err != nil {
		t.Fatal(err)
	}
	if e, _ := session.Entries(); len(e) != 3 {
		t.Errorf("a call with its own Tap reached the session's: %s", everything(session))
	}
	if e, _ := own.Entries(); len(e) != 3 {
		t.Errorf("own entries: %s", everything(own))
	}
	findSecrets(t, everything(session)+everything(own))
}
