package invoke

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// expiringServer is EC2 on a clock ahead of this one by ahead: a request signed more than five
// minutes from its time is answered RequestExpired, as EC2 does, unless always says to refuse
// every request. Every answer has its Date header.
func expiringServer(t *testing.T, ahead time.Duration, always bool) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var refused atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now().Add(ahead)
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", "text/xml")
		signed, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if always || err != nil || now.Sub(signed).Abs() > 5*time.Minute {
			refused.Add(1)
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `<Response><Errors><Error><Code>RequestExpired</Code><Message>Request has expired.</Message></Error></Errors>`+
				`<RequestID>00000000-0000-4000-8000-000000000000</RequestID></Response>`)
			return
		}
		fmt.Fprint(w, `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId>`+
			`<regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint></item></regionInfo></DescribeRegionsResponse>`)
	}))
	t.Cleanup(srv.Close)
	return srv, &refused
}

func expiringInvoker(t *testing.T, url string) *Invoker {
	t.Helper()
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret-example", "")}
	return New(cfg, loadModel(t, "ec2"), Options{Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
	})})
}

// EC2 answers RequestExpired to a clock an hour behind: the call is retried once, signed with
// the time the answer's Date header gave, and succeeds. The SDK's own skew correction leaves
// RequestExpired out.
func TestRequestExpiredIsRetriedWithTheServersTime(t *testing.T) {
	srv, refused := expiringServer(t, time.Hour, false)
	res, err := expiringInvoker(t, srv.URL).Invoke(context.Background(), "DescribeRegions", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 2 || refused.Load() != 1 {
		t.Fatalf("attempts %d, refused %d; want 2 and 1", res.Attempts, refused.Load())
	}
}

// A refusal the corrected time does not cure still says how far off the clock is.
func TestRequestExpiredSaysHowFarOffTheClockIs(t *testing.T) {
	srv, _ := expiringServer(t, -90*time.Minute, true)
	_, err := expiringInvoker(t, srv.URL).Invoke(context.Background(), "DescribeRegions", nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "RequestExpired" {
		t.Fatalf("err %v", err)
	}
	d, ok := apiErr.ClockOffset()
	if !ok || d > -89*time.Minute || d < -91*time.Minute {
		t.Fatalf("offset %v %v, want about -90 min", d, ok)
	}
}
