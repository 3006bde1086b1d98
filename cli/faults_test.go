package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// testPolicy bounds every call at 1 s and retries at once, so that the fault matrix runs fast.
var testPolicy = netpolicy.Policy{
	ConnectTimeout: time.Second, ReadTimeout: time.Second, MaxAttempts: 3,
	Backoff: func(int, error) (time.Duration, error) { return 0, nil },
}

// faultCase is one fault of the matrix and what every command must make of it when every
// attempt meets it: how many attempts, and what the message says.
type faultCase struct {
	name     string
	fault    faultproxy.Fault
	attempts int
	message  string // a fragment of stderr; %s is the proxy's host
}

var faultCases = []faultCase{
	{"5xx", faultproxy.Status(500), 3, "InternalError"},
	{"throttle", faultproxy.Throttle(), 3, "Rate exceeded"}, // Throttling, ThrottlingException, SlowDown (S3)
	{"reset", faultproxy.Reset(), 3, "%s closed the connection without answering (attempt 3/3)"},
	{"truncate", faultproxy.Truncate(10), 3, "the answer from %s was cut off (attempt 3/3)"},
	{"garbage", faultproxy.Garbage(), 1, "could not read the answer from %s: "},
	{"stall", faultproxy.Stall(), 3, "no answer from %s in 1 s (attempt 3/3)"},
}

// faultCommand runs one headless command through the proxy at url and returns its exit code
// and stderr; match picks the requests of the call under test (the ones the fault hits).
type faultCommand struct {
	name  string
	moto  bool // the upstream is moto (else gofakes3)
	match func(*http.Request) bool
	run   func(t *testing.T, cfg aws.Config, table string) (code int, stderr string)
}

func s3Listing(r *http.Request) bool { return r.URL.Query().Has("list-type") }

func ddbTarget(op string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Header.Get("X-Amz-Target") == "DynamoDB_20120810."+op }
}

var faultCommands = []faultCommand{
	{name: "ls", match: s3Listing, run: func(t *testing.T, cfg aws.Config, table string) (int, string) {
		var out, errOut bytes.Buffer
		code := ls(context.Background(), s3nav.New(cfg), LsOptions{Path: "s3://faults/"}, &out, &errOut, time.UTC)
		return code, errOut.String()
	}},
	{name: "call s3", match: s3Listing, run: func(t *testing.T, cfg aws.Config, table string) (int, string) {
		var out, errOut bytes.Buffer
		inv := invoke.New(cfg, loadService(t, "s3"), invoke.Options{S3PathStyle: true})
		code := Call(context.Background(), inv, "ListObjectsV2", map[string]any{"Bucket": "faults"}, CallOptions{}, &out, &errOut)
		return code, errOut.String()
	}},
	{name: "call dynamodb", moto: true, match: ddbTarget("ListTables"), run: func(t *testing.T, cfg aws.Config, table string) (int, string) {
		var out, errOut bytes.Buffer
		inv := invoke.New(cfg, loadService(t, "dynamodb"), invoke.Options{})
		code := Call(context.Background(), inv, "ListTables", map[string]any{}, CallOptions{}, &out, &errOut)
		return code, errOut.String()
	}},
	{name: "wait dynamodb", moto: true, match: ddbTarget("DescribeTable"), run: func(t *testing.T, cfg aws.Config, table string) (int, string) {
		var out, errOut bytes.Buffer
		inv := invoke.New(cfg, loadService(t, "dynamodb"), invoke.Options{})
		code := Wait(context.Background(), inv, "table-exists", map[string]any{"TableName": table},
			WaitOptions{MaxAttempts: 1, Delay: time.Millisecond}, &out, &errOut)
		return code, errOut.String()
	}},
}

// faultUpstreams starts gofakes3 with bucket "faults" (a few keys) and the shared moto with a
// new table, whose name it returns.
func faultUpstreams(t *testing.T) (s3URL, motoURL, table string) {
	s3URL = faultS3(t)
	moto := motoserver.StartShared(t)
	inv := invoke.New(moto.AWSConfig(testRegion), loadService(t, "dynamodb"), invoke.Options{})
	table = uniqueName("faults")
	createTable(t, inv, table)
	return s3URL, moto.URL, table
}

// faultS3 is gofakes3 with bucket "faults" holding a few keys.
func faultS3(t *testing.T) string {
	backend := s3mem.New()
	if err := backend.CreateBucket("faults"); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		body := []byte("x")
		if _, err := backend.PutObject("faults", fmt.Sprintf("key-%d", i), map[string]string{}, bytes.NewReader(body), 1, nil); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(demo.Handler(backend))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestFaultMatrix runs each headless command against each fault, on every attempt, through
// faultproxy, and checks the attempts made and the message; then against the same fault on the
// first two attempts only, which the third survives.
func TestFaultMatrix(t *testing.T) {
	s3URL, motoURL, table := faultUpstreams(t)
	for _, cmd := range faultCommands {
		for _, fc := range faultCases {
			t.Run(cmd.name+"/"+fc.name, func(t *testing.T) {
				t.Parallel()
				upstream := s3URL
				if cmd.moto {
					upstream = motoURL
				}
				var hits faultproxy.Attempts
				p := faultproxy.Start(t, upstream, func(_ int, r *http.Request) faultproxy.Fault {
					if cmd.match(r) {
						hits.Add(r)
						return fc.fault
					}
					return nil
				})
				cfg := configFor(p.URL, cmd.moto)
				start := time.Now()
				code, stderr := cmd.run(t, cfg, table)
				elapsed := time.Since(start)
				host := strings.TrimPrefix(p.URL, "http://")
				t.Logf("MATRIX | %s | %s | attempts %d (requests %d) | exit %d in %s | %s", cmd.name, fc.name, hits.N(), hits.Requests(), code,
					elapsed.Round(10*time.Millisecond), strings.TrimSpace(stderr))
				if code == ExitOK {
					t.Fatalf("exit 0 despite the fault; stderr %q", stderr)
				}
				if hits.N() != fc.attempts {
					t.Errorf("%d attempts, want %d", hits.N(), fc.attempts)
				}
				want := fc.message
				if strings.Contains(want, "%s") {
					want = fmt.Sprintf(want, host)
				}
				if !strings.Contains(strings.ToLower(stderr), strings.ToLower(want)) {
					t.Errorf("stderr %q does not say %q", stderr, want)
				}
				for _, raw := range []string{"deserialization failed", "operation error", "request send failed", "context canceled", "StatusCode: 0", "https response error"} {
					if strings.Contains(stderr, raw) {
						t.Errorf("stderr %q holds the SDK's wording %q", stderr, raw)
					}
				}
			})
			if fc.attempts < 3 {
				continue
			}
			t.Run(cmd.name+"/"+fc.name+"-recovers", func(t *testing.T) {
				t.Parallel()
				upstream := s3URL
				if cmd.moto {
					upstream = motoURL
				}
				var hits atomic.Int32
				p := faultproxy.Start(t, upstream, func(_ int, r *http.Request) faultproxy.Fault {
					if cmd.match(r) && hits.Add(1) <= 2 {
						return fc.fault
					}
					return nil
				})
				code, stderr := cmd.run(t, configFor(p.URL, cmd.moto), table)
				if code != ExitOK || hits.Load() != 3 {
					t.Fatalf("exit %d after %d attempts, want 0 after 3; stderr %q", code, hits.Load(), stderr)
				}
			})
		}
	}
}

// configFor is a session on endpoint under testPolicy.
func configFor(endpoint string, moto bool) aws.Config {
	cfg := demo.Config(endpoint)
	if moto {
		cfg = (&motoserver.Server{URL: endpoint}).AWSConfig(testRegion)
	}
	testPolicy.Apply(&cfg)
	return cfg
}

// A bucket listing behind an endpoint that never answers gives up after one call's attempts: the
// region lookup that precedes it used to be ignored, doubling the wait.
func TestLsGivesUpAfterOneCallsAttempts(t *testing.T) {
	s3URL := faultS3(t)
	var hits faultproxy.Attempts
	p := faultproxy.Start(t, s3URL, func(_ int, r *http.Request) faultproxy.Fault {
		hits.Add(r)
		return faultproxy.Stall()
	})
	var out, errOut bytes.Buffer
	code := ls(context.Background(), s3nav.New(configFor(p.URL, false)), LsOptions{Path: "s3://faults/"}, &out, &errOut, time.UTC)
	want := fmt.Sprintf("no answer from %s in 1 s (attempt 3/3)", strings.TrimPrefix(p.URL, "http://"))
	if code == ExitOK || hits.N() != 3 || !strings.Contains(errOut.String(), want) {
		t.Fatalf("exit %d after %d attempts: %q; want 3 attempts and %q", code, hits.N(), errOut.String(), want)
	}
}
