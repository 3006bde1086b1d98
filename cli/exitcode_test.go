package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/paginate"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/internal/needtool"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// awsCLIFails runs the AWS CLI like awsCLI but expects it to fail, returning its stderr and code.
func awsCLIFails(t *testing.T, endpoint string, args ...string) (stderr string, code int) {
	t.Helper()
	return awsCLIFailsEnv(t, endpoint, []string{"AWS_MAX_ATTEMPTS=1"}, args...)
}

func awsCLIFailsEnv(t *testing.T, endpoint string, env []string, args ...string) (stderr string, code int) {
	t.Helper()
	bin := needtool.Command(t, "aws", "pip install awscli; it is only needed to compare output")
	dir := t.TempDir()
	cmd := exec.Command(bin, append(args, "--endpoint-url", endpoint, "--output", "json")...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_DEFAULT_REGION="+testRegion,
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	cmd.Env = append(cmd.Env, env...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("aws %s: want a failure, got %v", strings.Join(args, " "), err)
	}
	return errOut.String(), exitErr.ExitCode()
}

// The service's errors are printed as the AWS CLI prints them (compared with the installed CLI
// on moto), and exit 254. Before, a bodiless HEAD 404 was named NotFound where the CLI says 404,
// and the line read "s3 HeadObject failed: NotFound (HTTP 404, request id …)".
func TestCallServiceErrorsAsTheCLIPrintsThem(t *testing.T) {
	s3inv, url := motoInvoker(t, "s3", invoke.Options{})
	bucket := uniqueName("nimbus-errors")
	mustCall(t, s3inv, "create-bucket", fmt.Sprintf(`{"Bucket": %q}`, bucket), CallOptions{})
	cases := []struct {
		service, op, input string
		cli                []string
	}{
		{"s3", "head-object", fmt.Sprintf(`{"Bucket": %q, "Key": "missing"}`, bucket),
			[]string{"s3api", "head-object", "--bucket", bucket, "--key", "missing"}},
		{"s3", "list-objects-v2", `{"Bucket": "no-such-bucket-nimbus"}`,
			[]string{"s3api", "list-objects-v2", "--bucket", "no-such-bucket-nimbus"}},
		{"dynamodb", "describe-table", `{"TableName": "no-such-table"}`,
			[]string{"dynamodb", "describe-table", "--table-name", "no-such-table"}},
		{"sqs", "get-queue-url", `{"QueueName": "no-such-queue"}`,
			[]string{"sqs", "get-queue-url", "--queue-name", "no-such-queue"}},
	}
	for _, tc := range cases {
		t.Run(tc.service+" "+tc.op, func(t *testing.T) {
			inv, _ := motoInvoker(t, tc.service, invoke.Options{})
			out, errOut, code := call(t, inv, tc.op, tc.input, CallOptions{})
			if code != ExitService || out != "" {
				t.Errorf("exit %d, stdout %q; want %d and nothing", code, out, ExitService)
			}
			awsErr, awsCode := awsCLIFails(t, url, tc.cli...)
			want := "nimbus call: " + strings.TrimSpace(awsErr) + "\n"
			if errOut != want {
				t.Errorf("stderr\n%q\nthe AWS CLI (exit %d) prints\n%q", errOut, awsCode, want)
			}
		})
	}
}

// A retryable error that outlasts every attempt says so as the CLI does: "when calling the
// ListTables operation (reached max retries: 2): boom", compared with the CLI in standard retry
// mode with the same 3 attempts.
func TestCallRetriesExhaustedAsTheCLIPrintsThem(t *testing.T) {
	srv := motoserver.StartShared(t)
	proxy := faultproxy.Start(t, srv.URL, faultproxy.Always(faultproxy.StatusBody(500,
		`{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"boom"}`)))
	inv := invoke.New(srv.AWSConfig(testRegion), loadService(t, "dynamodb"), invoke.Options{EndpointURL: proxy.URL})
	out, errOut, code := call(t, inv, "list-tables", `{}`, CallOptions{NoPaginate: true})
	if code != ExitService || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	awsErr, _ := awsCLIFailsEnv(t, proxy.URL, []string{"AWS_MAX_ATTEMPTS=3", "AWS_RETRY_MODE=standard"}, "dynamodb", "list-tables", "--no-paginate")
	if want := "nimbus call: " + strings.TrimSpace(awsErr) + "\n"; errOut != want {
		t.Errorf("stderr\n%q\nthe AWS CLI prints\n%q", errOut, want)
	}
	if n := proxy.Count(); n != 6 {
		t.Errorf("%d requests, want 3 from nimbus and 3 from the CLI", n)
	}
}

func TestExitCodeClassifiesAsTheCLIv2(t *testing.T) {
	apiErr := &invoke.APIError{Code: "404", StatusCode: 404, Service: "s3", Operation: "HeadObject"}
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"none", nil, ExitOK},
		{"service", fmt.Errorf("calling: %w", apiErr), ExitService},
		{"validation", &invoke.ValidationError{}, ExitUsage},
		{"starting token", fmt.Errorf("paginating Scan: %w: x", paginate.ErrBadStartingToken), ExitUsage},
		{"region flag", &sessionmgr.RegionError{Region: "x@y", Source: "--region"}, ExitUsage},
		{"region env", &sessionmgr.RegionError{Region: "x@y", Source: "AWS_REGION"}, ExitConfig},
		{"endpoint flag", &sessionmgr.EndpointError{URL: "foo", Source: "--endpoint-url"}, ExitUsage},
		{"endpoint env", &sessionmgr.EndpointError{URL: "foo", Source: "AWS_ENDPOINT_URL"}, ExitConfig},
		{"profile", &sessionmgr.ProfileError{Profile: "p", Err: sessionmgr.ErrProfileNotFound}, ExitConfig},
		{"no credentials", &sessionmgr.CredentialsError{Profile: "p", Err: errors.New("none")}, ExitConfig},
		{"role refused", &sessionmgr.CredentialsError{Profile: "p", Err: apiErr}, ExitService},
		{"read-only", fmt.Errorf("x: %w", readonly.ErrRefused), ExitConfig},
		{"interrupted", context.Canceled, ExitInterrupted},
		{"network", errors.New("connection refused"), ExitError},
		{"timeout", context.DeadlineExceeded, ExitError},
	}
	for _, tc := range cases {
		if got := ExitCode(tc.err); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
