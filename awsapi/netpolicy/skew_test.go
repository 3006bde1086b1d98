package netpolicy_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// clockFront answers as a service whose clock is ahead of this one by ahead, with every answer
// dated: a request signed more than 5 minutes from its time (or every request, when always)
// gets RequestExpired in refusal, as EC2 and STS answer; the others get ok.
type clockFront struct {
	url              string
	requests, signed atomic.Int64
}

func startClockFront(t *testing.T, ahead time.Duration, always bool, status int, refusal, ok string) *clockFront {
	t.Helper()
	f := &clockFront{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		now := time.Now().Add(ahead)
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		signed, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if err == nil {
			f.signed.Add(1)
		}
		if always || err != nil || now.Sub(signed).Abs() > 5*time.Minute {
			w.Header().Set("X-Amzn-Errortype", "RequestExpired")
			w.WriteHeader(status)
			w.Write([]byte(refusal))
			return
		}
		w.Write([]byte(ok))
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

const (
	stsExpired = `<ErrorResponse><Error><Type>Sender</Type><Code>RequestExpired</Code><Message>Request has expired.</Message></Error><RequestId>1</RequestId></ErrorResponse>`
	stsOK      = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ana</Arn>` +
		`<UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
	s3Expired = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestExpired</Code><Message>Request has expired</Message><RequestId>1</RequestId></Error>`
	s3OK      = `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>`
)

// policyConfig is a session's config with the network policy applied, its retries instant.
func policyConfig(url string) aws.Config {
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret-example", "")}
	netpolicy.Policy{Backoff: func(int, error) (time.Duration, error) { return 0, nil }}.Apply(&cfg)
	return cfg
}

func getCallerIdentity(url string) error {
	_, err := sts.NewFromConfig(policyConfig(url)).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	return err
}

func listBuckets(url string) error {
	_, err := s3.NewFromConfig(policyConfig(url), func(o *s3.Options) { o.UsePathStyle = true }).
		ListBuckets(context.Background(), &s3.ListBucketsInput{})
	return err
}

// The typed clients (STS, S3; the SSO token calls below) retry RequestExpired as the engine does
// (awsapi/invoke's clock skew correction): once, signed with the time the answer's Date gave, when
// the clocks are more than 4 minutes apart. Before, the SDK's retryer left RequestExpired out of
// its skew codes: `nimbus` on a clock an hour off failed where the engine's calls worked.
func TestTypedClientsRetryRequestExpiredWithTheServersTime(t *testing.T) {
	for _, tc := range []struct {
		name        string
		ahead       time.Duration
		call        func(string) error
		bad         int
		refusal, ok string
	}{
		{"sts, clock an hour behind", time.Hour, getCallerIdentity, http.StatusBadRequest, stsExpired, stsOK},
		{"sts, clock 90 min ahead", -90 * time.Minute, getCallerIdentity, http.StatusBadRequest, stsExpired, stsOK},
		{"s3, clock a day behind", 24 * time.Hour, listBuckets, http.StatusForbidden, s3Expired, s3OK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := startClockFront(t, tc.ahead, false, tc.bad, tc.refusal, tc.ok)
			if err := tc.call(f.url); err != nil {
				t.Fatalf("the corrected retry failed: %v", err)
			}
			if n := f.requests.Load(); n != 2 {
				t.Fatalf("%d requests, want 2: the refused one and the corrected one", n)
			}
		})
	}
}

// A refusal that the corrected time does not cure is not retried again (two requests, not the
// three attempts), and says how far off this computer's clock is; a clock that is right is not
// retried at all: RequestExpired then means the request itself waited too long.
func TestRequestExpiredIsRetriedOnlyWhenTheClockExplainsIt(t *testing.T) {
	f := startClockFront(t, 2*time.Hour, true, http.StatusBadRequest, stsExpired, stsOK)
	err := getCallerIdentity(f.url)
	if err == nil || f.requests.Load() != 2 {
		t.Fatalf("err %v after %d requests, want a failure after 2", err, f.requests.Load())
	}
	if got := sessionmgr.Explain(err); !strings.Contains(got, "this computer's clock is 2 h behind AWS's") {
		t.Fatalf("explained as %q", got)
	}

	right := startClockFront(t, 0, true, http.StatusBadRequest, stsExpired, stsOK)
	if err := getCallerIdentity(right.url); err == nil || right.requests.Load() != 1 {
		t.Fatalf("err %v after %d requests, want a failure after 1", err, right.requests.Load())
	}
}

// SSO's token calls are not signed (the access token authorizes them): nothing to correct, so a
// RequestExpired there is not retried.
func TestUnsignedCallsAreNotRetriedForTheClock(t *testing.T) {
	f := startClockFront(t, time.Hour, false, http.StatusUnauthorized, `{"message":"Request has expired"}`, `{}`)
	_, err := sso.NewFromConfig(policyConfig(f.url)).GetRoleCredentials(context.Background(), &sso.GetRoleCredentialsInput{
		AccessToken: aws.String("token"), AccountId: aws.String("123456789012"), RoleName: aws.String("r")})
	if err == nil || f.requests.Load() != 1 || f.signed.Load() != 0 {
		t.Fatalf("err %v, %d requests (%d signed); want a failure after one unsigned request", err, f.requests.Load(), f.signed.Load())
	}
}
