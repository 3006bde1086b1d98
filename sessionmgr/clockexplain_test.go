package sessionmgr

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/advice"
)

// refusingClock answers every request RequestExpired, in the query protocol's error document
// (EC2's when ec2 is set), dated by a clock ahead of this one by ahead.
func refusingClock(t *testing.T, ahead time.Duration, ec2 bool) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(ahead).UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusBadRequest)
		if ec2 {
			fmt.Fprint(w, `<Response><Errors><Error><Code>RequestExpired</Code><Message>Request has expired.</Message></Error></Errors><RequestID>1</RequestID></Response>`)
			return
		}
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>RequestExpired</Code><Message>Request has expired.</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A request refused for its time says how far off this computer's clock is and what to do,
// whether the SDK (STS) or the engine (EC2, after its own corrected retry) made it.
func TestRequestExpiredSaysHowFarOffTheClockIs(t *testing.T) {
	cfg := aws.Config{Region: "us-east-1", RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}

	cfg.BaseEndpoint = aws.String(refusingClock(t, 2*time.Hour, false))
	_, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	got := wantExplain(t, err, "STS GetCallerIdentity", "RequestExpired", "this computer's clock is 2 h behind AWS's",
		"timedatectl set-ntp true")
	if a := Advise(err); a.Offer != advice.None || len(a.Do) != 1 || a.Do[0].Hint != advice.Retry {
		t.Fatalf("advice %+v: the step is the person's, then a retry", a)
	}

	svc, err := model.Default().Load("ec2")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = aws.String(refusingClock(t, -95*time.Minute, true))
	_, err = invoke.New(cfg, svc, invoke.Options{}).Invoke(context.Background(), "DescribeRegions", nil)
	wantExplain(t, err, "RequestExpired", "this computer's clock is 1 h 35 min ahead of AWS's")

	// A clock that is right: the request waited too long, or the clock may be off.
	cfg.BaseEndpoint = aws.String(refusingClock(t, 0, false))
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if got = wantExplain(t, err, "this computer's clock may be off"); strings.Contains(got, " min ") {
		t.Fatalf("named an offset for a clock that is right: %q", got)
	}
}
