package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/cli"
)

// runNimbus runs nimbus as main does, with args; it returns the exit code and output.
func runNimbus(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runNimbusCtx(t, t.Context(), args...)
}

func runNimbusCtx(t *testing.T, ctx context.Context, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// s3Server is an in-process S3 (gofakes3) that counts the requests it is sent; the environment
// points nimbus at it with dummy credentials and no shared config.
func s3Server(t *testing.T) (url string, requests *atomic.Int64) {
	requests = new(atomic.Int64)
	fake := gofakes3.New(s3mem.New()).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret",
		"AWS_REGION": "us-east-1", "AWS_PROFILE": "", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull} {
		t.Setenv(k, v)
	}
	return srv.URL, requests
}

// TestReadOnlyFlagRefusesMutations runs `nimbus call` with and without --readonly: the flag must
// reach the session, so CreateBucket is refused before anything is sent.
func TestReadOnlyFlagRefusesMutations(t *testing.T) {
	url, requests := s3Server(t)
	create := []string{"--endpoint-url", url, "call", "s3", "create-bucket", "--input", `{"Bucket":"made-by-test"}`}

	code, _, stderr := runNimbus(t, append([]string{"--readonly"}, create...)...)
	if code != cli.ExitConfig || !strings.Contains(stderr, "read-only") {
		t.Errorf("--readonly create-bucket: exit %d, stderr %q; want exit %d and a read-only refusal", code, stderr, cli.ExitConfig)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("--readonly create-bucket sent %d requests, want none", n)
	}
	// Reads still work under --readonly, and the bucket was not made.
	code, stdout, stderr := runNimbus(t, "--readonly", "--endpoint-url", url, "call", "s3", "list-buckets")
	if code != cli.ExitOK || !strings.Contains(stdout, `"Buckets"`) || strings.Contains(stdout, "made-by-test") {
		t.Errorf("--readonly list-buckets: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// The control: without the flag the same call is sent and makes the bucket.
	if code, _, stderr := runNimbus(t, create...); code != cli.ExitOK {
		t.Errorf("create-bucket without --readonly: exit %d, stderr %q", code, stderr)
	}
	if _, stdout, _ := runNimbus(t, "--endpoint-url", url, "call", "s3", "list-buckets"); !strings.Contains(stdout, "made-by-test") {
		t.Errorf("create-bucket without --readonly made no bucket: %s", stdout)
	}
}

// TestSessionsCarryReadOnly checks the session manager built from the flags with --demo (which
// replaces most of the options): with --readonly,
// every aws.Config it returns refuses a mutating SDK call in its middleware, before the wire.
func TestSessionsCarryReadOnly(t *testing.T) {
	for _, readOnly := range []bool{true, false} {
		r := &runContext{ctx: t.Context(), global: &globals{Demo: true, ReadOnly: readOnly}, logger: discardLogger()}
		mgr, stop, err := r.sessions(t.Context(), false)
		if err != nil {
			t.Fatal(err)
		}
		if mgr.ReadOnly() != readOnly {
			t.Errorf("--readonly=%v: the session manager's ReadOnly() = %v", readOnly, mgr.ReadOnly())
		}
		profile, region := mgr.Initial()
		cfg, err := mgr.Config(context.Background(), profile, region)
		if err != nil {
			stop()
			t.Fatal(err)
		}
		client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
		_, err = client.CreateBucket(t.Context(), &s3.CreateBucketInput{Bucket: aws.String("made-by-sdk")})
		stop()
		if refused := errors.Is(err, readonly.ErrRefused); refused != readOnly {
			t.Errorf("--readonly=%v: CreateBucket through the session's config returned %v", readOnly, err)
		}
	}
}
