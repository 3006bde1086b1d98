package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/demo"
)

// wait is `nimbus wait` in-process with an inline JSON input.
func wait(t *testing.T, inv *invoke.Invoker, name, input string, opts WaitOptions) (stdout, stderr string, code int) {
	t.Helper()
	in, err := ParseInput(input, "")
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code = Wait(context.Background(), inv, name, in, opts, &out, &errOut)
	return out.String(), errOut.String(), code
}

// attemptLine is one line of Attempt.String().
var attemptLine = regexp.MustCompile(`^attempt \d+(/\d+)? \([^)]*\): `)

func checkAttemptLines(t *testing.T, out string, n int) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" {
		lines = nil
	}
	if len(lines) != n {
		t.Fatalf("%d attempt lines, want %d:\n%s", len(lines), n, out)
	}
	for _, l := range lines {
		if !attemptLine.MatchString(l) {
			t.Errorf("not an attempt line: %q", l)
		}
	}
	return lines
}

// runInstance starts an EC2 instance on moto through nimbus call and returns its id.
func runInstance(t *testing.T, inv *invoke.Invoker) string {
	t.Helper()
	image := strings.Trim(mustCall(t, inv, "describe-images", `{"Owners": ["amazon"]}`, CallOptions{Query: "Images[0].ImageId"}), "\"\n")
	if !strings.HasPrefix(image, "ami-") {
		t.Fatalf("moto lists no Amazon image: %q", image)
	}
	id := strings.Trim(mustCall(t, inv, "run-instances",
		fmt.Sprintf(`{"ImageId": %q, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}`, image),
		CallOptions{Query: "Instances[0].InstanceId"}), "\"\n")
	if !strings.HasPrefix(id, "i-") {
		t.Fatalf("run-instances gave no instance id: %q", id)
	}
	return id
}

func TestWaitEC2InstanceRunning(t *testing.T) {
	inv, _ := motoInvoker(t, "ec2", invoke.Options{})
	id := runInstance(t, inv)
	out, errOut, code := wait(t, inv, "instance-running", fmt.Sprintf(`{"InstanceIds": [%q]}`, id), WaitOptions{Delay: 10 * time.Millisecond})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := checkAttemptLines(t, out, 1)
	if !strings.Contains(lines[0], "attempt 1/40") || !strings.Contains(lines[0], "success, matched") || !strings.Contains(lines[0], "running") {
		t.Errorf("the attempt line should say 1 of botocore's 40, success, running: %q", lines[0])
	}
	if errOut != "" {
		t.Errorf("stderr %q on success", errOut)
	}
}

func TestWaitEC2TerminatedInstanceFails(t *testing.T) {
	inv, _ := motoInvoker(t, "ec2", invoke.Options{})
	id := runInstance(t, inv)
	mustCall(t, inv, "terminate-instances", fmt.Sprintf(`{"InstanceIds": [%q]}`, id), CallOptions{})
	out, errOut, code := wait(t, inv, "InstanceRunning", fmt.Sprintf(`{"InstanceIds": [%q]}`, id), WaitOptions{Delay: 10 * time.Millisecond})
	if code != ExitError {
		t.Fatalf("exit %d, want %d; stdout %s", code, ExitError, out)
	}
	lines := checkAttemptLines(t, out, 1)
	if !strings.Contains(lines[0], "failure") {
		t.Errorf("the attempt should match a failure acceptor: %q", lines[0])
	}
	if !strings.Contains(errOut, "nimbus wait: waiter InstanceRunning failed: matched failure acceptor") || !strings.Contains(errOut, "terminated") {
		t.Errorf("stderr %q should give the failure and the state", errOut)
	}
}

func TestWaitDynamoDBTableExists(t *testing.T) {
	inv, _ := motoInvoker(t, "dynamodb", invoke.Options{ReadOnly: true})
	table := uniqueName("waited")
	// Created by a second, writable invoker: the waiter itself only reads, so it runs read-only.
	writer, _ := motoInvoker(t, "dynamodb", invoke.Options{})
	createTable(t, writer, table)
	out, errOut, code := wait(t, inv, "table-exists", fmt.Sprintf(`{"TableName": %q}`, table), WaitOptions{Delay: 10 * time.Millisecond, Timeout: 30 * time.Second})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := checkAttemptLines(t, out, 1)
	if !strings.Contains(lines[0], "success") || !strings.Contains(lines[0], "ACTIVE") {
		t.Errorf("attempt line %q should say success on ACTIVE", lines[0])
	}
}

func TestWaitS3ObjectExistsGivesUp(t *testing.T) {
	forEachS3(t, func(t *testing.T, f *s3Fixture) {
		f.put(t, "bkt", "present")
		inv := f.invoker(t, invoke.Options{})
		start := time.Now()
		out, errOut, code := wait(t, inv, "object-exists", `{"Bucket": "bkt", "Key": "missing"}`, WaitOptions{MaxAttempts: 2, Delay: 10 * time.Millisecond})
		if code != ExitError {
			t.Fatalf("exit %d, want %d", code, ExitError)
		}
		lines := checkAttemptLines(t, out, 2)
		if !strings.Contains(lines[0], "attempt 1/2") || !strings.Contains(lines[0], "retry") || !strings.Contains(lines[0], "next poll at") {
			t.Errorf("first attempt line %q", lines[0])
		}
		if strings.Contains(lines[1], "next poll") {
			t.Errorf("the last attempt announces a next poll: %q", lines[1])
		}
		for _, part := range []string{"nimbus wait: waiter ObjectExists gave up after 2 attempts", "404"} {
			if !strings.Contains(errOut, part) {
				t.Errorf("stderr %q does not say %q", errOut, part)
			}
		}
		if n := len(f.seen()); n != 2 {
			t.Errorf("%d requests for 2 attempts: %v", n, f.seen())
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("--delay 10ms was not honoured: the wait took %v", d)
		}

		// The object appears: the same waiter succeeds at once.
		f.put(t, "bkt", "missing")
		out, errOut, code = wait(t, inv, "ObjectExists", `{"Bucket": "bkt", "Key": "missing"}`, WaitOptions{MaxAttempts: 2, Delay: 10 * time.Millisecond})
		if code != ExitOK {
			t.Errorf("exit %d once the object exists: %s", code, errOut)
		}
		checkAttemptLines(t, out, 1)
	})
}

func TestWaitTimeout(t *testing.T) {
	f := newS3Fixture(t)
	inv := f.invoker(t, invoke.Options{})
	start := time.Now()
	out, errOut, code := wait(t, inv, "bucket-exists", `{"Bucket": "nope"}`, WaitOptions{Timeout: 300 * time.Millisecond, Delay: 100 * time.Millisecond})
	if code != ExitError {
		t.Fatalf("exit %d, want %d", code, ExitError)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("--timeout 300ms took %v", d)
	}
	if out == "" || !strings.Contains(errOut, "timed out") {
		t.Errorf("stdout %q, stderr %q: want attempts and a timeout", out, errOut)
	}
}

func TestWaitUsageErrors(t *testing.T) {
	f := newS3Fixture(t)
	s3inv := f.invoker(t, invoke.Options{})
	ddb := invoke.New(demo.Config(f.url), loadService(t, "dynamodb"), invoke.Options{})
	cases := []struct {
		name  string
		inv   *invoke.Invoker
		w     string
		input string
		opts  WaitOptions
		parts []string
	}{
		{"unknown waiter", s3inv, "object-gone", `{}`, WaitOptions{}, []string{"s3 has no waiter object-gone; its waiters: bucket-exists, bucket-not-exists, object-exists, object-not-exists"}},
		{"misspelt waiter", s3inv, "object-exist", `{}`, WaitOptions{}, []string{"no waiter object-exist (did you mean object-exists?)"}},
		{"invalid input", ddb, "table-exists", `{"Table": "t"}`, WaitOptions{}, []string{"TableName: required", "nothing was sent"}},
		{"negative delay", s3inv, "bucket-exists", `{"Bucket": "b"}`, WaitOptions{Delay: -time.Second}, []string{"must be positive"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := wait(t, tc.inv, tc.w, tc.input, tc.opts)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d (stdout %q)", code, ExitUsage, out)
			}
			for _, part := range tc.parts {
				if !strings.Contains(errOut, part) {
					t.Errorf("stderr %q does not say %q", errOut, part)
				}
			}
		})
	}
	if seen := f.seen(); len(seen) != 0 {
		t.Errorf("usage errors reached the server: %v", seen)
	}
}

// An error no acceptor expects ends the wait with the service's error as the AWS CLI names it.
func TestWaitUnexpectedErrorStops(t *testing.T) {
	var requests int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Header().Set("X-Amz-Request-Id", "REQ123")
		w.WriteHeader(http.StatusForbidden) // what S3 answers HeadObject without s3:GetObject
	}))
	t.Cleanup(srv.Close)
	inv := invoke.New(demo.Config(srv.URL), loadService(t, "s3"), invoke.Options{})
	out, errOut, code := wait(t, inv, "object-exists", `{"Bucket": "theirs", "Key": "k"}`, WaitOptions{Delay: 10 * time.Millisecond})
	if code != ExitError {
		t.Fatalf("exit %d, want %d; stdout %s", code, ExitError, out)
	}
	checkAttemptLines(t, out, 1)
	want := "nimbus wait: waiter ObjectExists failed on attempt 1: An error occurred (403) when calling the HeadObject operation: Forbidden\n"
	if errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if requests != 1 {
		t.Errorf("%d requests: a 403 is neither retried nor polled again", requests)
	}
}

func TestWaitCancelled(t *testing.T) {
	f := newS3Fixture(t)
	inv := f.invoker(t, invoke.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	var out, errOut bytes.Buffer
	start := time.Now()
	code := Wait(ctx, inv, "bucket-exists", map[string]any{"Bucket": "never"}, WaitOptions{Delay: time.Hour}, &out, &errOut)
	if code != ExitError || !strings.Contains(errOut.String(), "cancelled") {
		t.Errorf("exit %d, stderr %q: want a cancelled wait", code, errOut.String())
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelling took %v: the hour-long delay was not interrupted", d)
	}
}
