package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// federation is the sign-in federation endpoint as the tests serve it: getSigninToken answers
// a token for any session it is given and remembers the sessions.
type federation struct {
	*httptest.Server
	mu       sync.Mutex
	sessions []map[string]string
	status   int
}

func newFederation(t *testing.T) *federation {
	f := &federation{status: http.StatusOK}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.Method != http.MethodGet || q.Get("Action") != "getSigninToken" {
			http.Error(w, "bad action", http.StatusBadRequest)
			return
		}
		var s map[string]string
		if err := json.Unmarshal([]byte(q.Get("Session")), &s); err != nil {
			http.Error(w, "bad session", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.sessions = append(f.sessions, s)
		status := f.status
		f.mu.Unlock()
		if status != http.StatusOK {
			w.WriteHeader(status)
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"SigninToken": "TOKEN-" + s["sessionId"]})
	}))
	t.Cleanup(f.Close)
	return f
}

func staticConfig(endpoint, token string) aws.Config {
	return aws.Config{Region: "eu-west-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDSECRETHOLDER", "the-secret-key", token)}
}

// Temporary credentials go straight to getSigninToken; the login URL carries the token, the
// issuer and the destination.
func TestSignInWithTemporaryCredentials(t *testing.T) {
	fed := newFederation(t)
	dest := Link("eu-west-1", Location{Service: "ec2", Type: "instance", ID: "i-0abc"})
	got, err := SignIn(context.Background(), staticConfig("http://127.0.0.1:1", "session-token"), dest,
		Options{FederationURL: fed.URL})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("Action") != "login" || q.Get("Issuer") != Issuer || q.Get("SigninToken") != "TOKEN-AKIDSECRETHOLDER" || q.Get("Destination") != dest {
		t.Fatalf("login URL %s", got)
	}
	if s := fed.sessions[0]; s["sessionKey"] != "the-secret-key" || s["sessionToken"] != "session-token" {
		t.Fatalf("session sent %v", s)
	}
}

// Long-term keys are first exchanged for a federation token with STS (moto), whose temporary
// credentials are the ones signed in; a read-only session asks for ReadOnlyAccess only.
func TestSignInWithLongTermKeysAsksForAFederationToken(t *testing.T) {
	moto := motoserver.StartShared(t)
	fed := newFederation(t)
	for _, readOnly := range []bool{false, true} {
		got, err := SignIn(context.Background(), staticConfig(moto.URL, ""), Link("eu-west-1", Location{}),
			Options{FederationURL: fed.URL, ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		s := fed.sessions[len(fed.sessions)-1]
		if s["sessionId"] == "AKIDSECRETHOLDER" || s["sessionToken"] == "" {
			t.Fatalf("the long-term keys were sent instead of a federation token: %v", s)
		}
		if !strings.Contains(got, url.QueryEscape("TOKEN-"+s["sessionId"])) {
			t.Fatalf("login URL %s", got)
		}
	}
}

// A refused session or an endpoint that does not answer is an error that never quotes the
// request, which carries the credentials.
func TestSignInErrorsKeepTheCredentialsOut(t *testing.T) {
	fed := newFederation(t)
	fed.status = http.StatusBadRequest
	cfg := staticConfig("http://127.0.0.1:1", "session-token")
	_, err := SignIn(context.Background(), cfg, "https://console.aws.amazon.com/", Options{FederationURL: fed.URL})
	if err == nil || !strings.Contains(err.Error(), "HTTP 400") {
		t.Fatalf("want HTTP 400, got %v", err)
	}
	fed.Close()
	_, err2 := SignIn(context.Background(), cfg, "https://console.aws.amazon.com/", Options{FederationURL: fed.URL})
	if err2 == nil {
		t.Fatal("a closed endpoint should fail")
	}
	for _, e := range []error{err, err2} {
		if strings.Contains(e.Error(), "the-secret-key") || strings.Contains(e.Error(), "session-token") || strings.Contains(e.Error(), "getSigninToken") {
			t.Errorf("the error quotes the request: %v", e)
		}
	}
}

func TestLinks(t *testing.T) {
	for _, tc := range []struct {
		region string
		loc    Location
		want   string
	}{
		{"eu-west-1", Location{Service: "ec2", Type: "instance"}, "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:"},
		{"eu-west-1", Location{Service: "ec2", Type: "instance", ID: "i-0abc"}, "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=i-0abc"},
		{"us-east-1", Location{Service: "s3", Type: "bucket", ID: "logs", Prefix: "2026/12/"}, "https://s3.console.aws.amazon.com/s3/buckets/logs?region=us-east-1&prefix=2026%2F12%2F&showversions=false"},
		{"us-east-1", Location{Service: "s3", Type: "bucket"}, "https://s3.console.aws.amazon.com/s3/buckets?region=us-east-1"},
		{"eu-central-1", Location{Service: "lambda", Type: "lambda-function", ID: "thumbs"}, "https://eu-central-1.console.aws.amazon.com/lambda/home?region=eu-central-1#/functions/thumbs"},
		{"eu-central-1", Location{Service: "dynamodb", Type: "dynamodb-table", ID: "orders"}, "https://eu-central-1.console.aws.amazon.com/dynamodbv2/home?region=eu-central-1#table?name=orders"},
		{"us-west-2", Location{Service: "logs", Type: "log-group", ID: "/aws/lambda/thumbs"}, "https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fthumbs"},
		{"us-west-2", Location{Service: "iam", Type: "iam-role", ID: "Admin"}, "https://console.aws.amazon.com/iam/home#/roles/details/Admin"},
		{"us-west-2", Location{Service: "ec2", Type: "key-pair", ID: "k"}, "https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#KeyPairs:"},
		{"us-west-2", Location{Service: "ecs", Type: "ecs-task", ID: "t"}, "https://us-west-2.console.aws.amazon.com/ecs/v2/home?region=us-west-2"},
		{"us-west-2", Location{Service: "waf"}, "https://us-west-2.console.aws.amazon.com/console/home?region=us-west-2"},
		{"cn-north-1", Location{Service: "ec2", Type: "instance"}, "https://cn-north-1.console.amazonaws.cn/ec2/home?region=cn-north-1#Instances:"},
	} {
		if got := Link(tc.region, tc.loc); got != tc.want {
			t.Errorf("Link(%s, %+v)\n got %s\nwant %s", tc.region, tc.loc, got, tc.want)
		}
	}
}
