package sdkwire_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/awsapi/wire/sdkwire"
)

// The session's credentials and the ones a service hands back: none may appear anywhere in
// what the wire view records.
const (
	akid   = "AKIASDKWIRETEST00001"
	secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSDKWIRESECRET"
	token  = "FwoGZXIvYXdzEBYaDH+sdkwire/token=+more/stuff=="

	givenAKID   = "ASIAGIVENBACKSDK0002"
	givenSecret = "givenBackSecret/SDK+With/Slashes000000"
	givenToken  = "IQoJb3JpZ2luX2VjEGivenSDK+Back/Token=="
)

// everything is every entry as text and as Go values, so that a secret kept in a field the
// text format does not print is found too.
func everything(l *wire.Log) string {
	entries, _ := l.Entries()
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(wire.Format(e))
		fmt.Fprintf(&b, "%#v\n%s\n", e, e.Body)
	}
	return b.String()
}

func findSecrets(t *testing.T, out string) {
	t.Helper()
	for _, s := range []string{akid, secret, token, givenAKID, givenSecret, givenToken} {
		for _, form := range []string{s, strings.ReplaceAll(strings.ReplaceAll(s, "/", "%2F"), "+", "%2B")} {
			if strings.Contains(out, form) {
				t.Errorf("the wire record holds the secret %q", form)
			}
		}
	}
}

func config(url string) aws.Config {
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url), HTTPClient: http.DefaultClient,
		Credentials: credentials.NewStaticCredentialsProvider(akid, secret, token),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}}
}

// The S3 browser's client (s3nav over the typed S3 client) records into the wire view: each
// attempt's request as signed, its response and body, the retry decision after a 503, the give-up
// after an error that is not retried — and no key, secret or token anywhere, even when an
// object's body holds them.
func TestS3BrowserCallsReachTheWireView(t *testing.T) {
	backend := s3mem.New()
	fake := gofakes3.New(backend).Server()
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 2 { // the second request (the first ListBuckets attempt) is refused once
			io.Copy(io.Discard, r.Body)
			w.WriteHeader(503)
			io.WriteString(w, `<Error><Code>SlowDown</Code><Message>busy</Message></Error>`)
			return
		}
		fake.ServeHTTP(w, r)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	defer srv.Close()

	cfg := config(srv.URL)
	cfg.APIOptions = append(cfg.APIOptions, sdkwire.Record(cfg.Credentials)) // as a session's config has it
	rec := wire.NewLog(500)
	nav := s3nav.New(cfg, func(o *s3.Options) {
		o.APIOptions = append(o.APIOptions, sdkwire.Record(cfg.Credentials), sdkwire.Into(rec)) // once only
	})
	ctx := context.Background()
	if err := nav.CreateBucket(ctx, "bkt", "us-east-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := nav.Buckets(ctx); err != nil {
		t.Fatal(err)
	}
	text := "aws_access_key_id = " + akid + "\naws_secret_access_key = " + secret + "\nreturned = " + givenSecret + "\n"
	if err := nav.PutIfUnchanged(ctx, "bkt", "creds.txt", []byte(text), s3nav.Fetched{}, ""); err != nil {
		t.Fatal(err)
	}
	p, err := nav.Preview(ctx, "bkt", "creds.txt", 1<<20)
	if err != nil || string(p.Data) != text {
		t.Fatalf("preview %q, %v", p.Data, err)
	}
	if _, err := nav.Preview(ctx, "bkt", "note-"+akid, 10); err == nil { // the key is in the URL
		t.Fatal("a missing key previewed")
	}
	if _, err := nav.Preview(ctx, "bkt", "missing", 10); err == nil {
		t.Fatal("a missing key previewed")
	}

	entries, _ := rec.Entries()
	var ops []string
	for _, e := range entries {
		ops = append(ops, fmt.Sprintf("%s:%d/%d:%d", e.Op, e.Attempt, e.Max, e.Kind))
		if e.Service != "s3" {
			t.Errorf("service %q", e.Service)
		}
	}
	trace := strings.Join(ops, " ")
	for _, want := range []string{
		"CreateBucket:1/3:0 CreateBucket:1/3:1 CreateBucket:1/3:2",
		"ListBuckets:1/3:0 ListBuckets:1/3:1 ListBuckets:1/3:2 ListBuckets:1/3:3 ListBuckets:2/3:0 ListBuckets:2/3:1 ListBuckets:2/3:2",
		"PutObject:1/3:0 PutObject:1/3:1 PutObject:1/3:2",
		"GetObject:1/3:0 GetObject:1/3:1 GetObject:1/3:2",
		"GetObject:1/3:0 GetObject:1/3:1 GetObject:1/3:2 GetObject:1/3:4",
	} {
		if !strings.Contains(trace, want) {
			t.Errorf("no %q in %s", want, trace)
		}
	}
	out := everything(rec)
	for _, want := range []string{"Credential=<redacted>/", "Signature=<redacted>", "X-Amz-Security-Token: <redacted>",
		"retrying in 0s: ", "SlowDown", "/bkt/note-<redacted>?", "HTTP 404", "NoSuchKey"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the record:\n%s", want, out)
		}
	}
	// The literal secrets the session knows are removed; an unknown credential in an object's
	// body is what the object holds, not a credential of the call: only the session's go.
	findSecrets(t, strings.ReplaceAll(out, givenSecret, "(an object's text)"))
}

// A call whose answer is a secret (STS AssumeRole: new credentials) records neither body; the
// call's own signature and token are redacted.
func TestSecretCallsRecordNoBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>`+
			`<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken>`+
			`<Expiration>2026-12-04T20:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/r/s</Arn>`+
			`<AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>q</RequestId></ResponseMetadata></AssumeRoleResponse>`,
			givenAKID, givenSecret, givenToken)
	}))
	defer srv.Close()
	cfg := config(srv.URL)
	cfg.APIOptions = append(cfg.APIOptions, sdkwire.Record(cfg.Credentials))
	rec := wire.NewLog(100)
	out, err := sts.NewFromConfig(cfg).AssumeRole(wire.With(context.Background(), rec),
		&sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::1:role/r"), RoleSessionName: aws.String("s")})
	if err != nil || aws.ToString(out.Credentials.SecretAccessKey) != givenSecret {
		t.Fatalf("%v %v", out, err)
	}
	all := everything(rec)
	entries, _ := rec.Entries()
	if len(entries) != 3 || entries[0].BodyNote != "withheld: the call reveals a secret" || entries[2].BodyNote != entries[0].BodyNote ||
		entries[2].BodySize < 500 || !strings.Contains(all, "(sts AssumeRole)") {
		t.Errorf("record:\n%s", all)
	}
	findSecrets(t, all)
}

// Without a Tap nothing is recorded and the call goes on; Record fits a stack without a retry
// loop (a presigner's) and leaves the Initialize-only stack of the engine alone.
func TestNoTapNoRecord(t *testing.T) {
	stack := middleware.NewStack("op", func() any { return nil })
	if err := sdkwire.Record(nil)(stack); err != nil {
		t.Fatal(err)
	}
	if _, _, err := stack.Initialize.HandleMiddleware(context.Background(), nil, middleware.HandlerFunc(
		func(context.Context, any) (any, middleware.Metadata, error) { return nil, middleware.Metadata{}, nil })); err != nil {
		t.Fatal(err)
	}
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	defer srv.Close()
	cfg := config(srv.URL)
	cfg.APIOptions = append(cfg.APIOptions, sdkwire.Record(cfg.Credentials))
	nav := s3nav.New(cfg)
	if err := nav.CreateBucket(context.Background(), "bkt", "us-east-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := nav.Presign(context.Background(), "bkt", "k", http.MethodGet, time.Hour); err != nil {
		t.Fatal(err)
	}
}
