package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nimbus-tui/nimbus/cli"
)

// Each exit code of the AWS CLI v2 that nimbus returns, through run as main calls it. Before, every
// failure exited 1 (or 2 for usage): scripts could not tell a typo from a missing object.
func TestExitCodes(t *testing.T) {
	url, requests := s3Server(t)
	if code, _, stderr := runNimbus(t, "--endpoint-url", url, "call", "s3", "create-bucket", "--input", `{"Bucket":"bkt"}`); code != 0 {
		t.Fatalf("create-bucket: %d %s", code, stderr)
	}
	dir := t.TempDir()
	cycle := filepath.Join(dir, "cycle")
	os.WriteFile(cycle, []byte("[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\n"), 0o600)
	cases := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stderr string
	}{
		{name: "ok", args: []string{"--endpoint-url", url, "call", "s3", "list-buckets"}, code: cli.ExitOK},
		{name: "--help", args: []string{"--help"}, code: cli.ExitOK},
		{name: "unknown flag", args: []string{"--bogus"}, code: cli.ExitUsage, stderr: "unknown flag --bogus"},
		{name: "missing argument", args: []string{"call", "s3"}, code: cli.ExitUsage, stderr: "expected"},
		{name: "unknown theme", args: []string{"--theme", "sepia", "services"}, code: cli.ExitUsage, stderr: "--theme must be one of"},
		{name: "unknown theme env", env: map[string]string{"NIMBUS_THEME": "sepia"}, args: []string{"services"}, code: cli.ExitUsage, stderr: "--theme must be one of"},
		{name: "unknown operation", args: []string{"--endpoint-url", url, "call", "s3", "list-bukets"}, code: cli.ExitUsage, stderr: "did you mean list-buckets"},
		{name: "invalid input", args: []string{"--endpoint-url", url, "call", "s3", "head-object", "--input", `{"Bucket":"bkt"}`}, code: cli.ExitUsage, stderr: "Key"},
		{name: "bad starting token", args: []string{"--endpoint-url", url, "call", "dynamodb", "scan", "--input", `{"TableName":"t"}`, "--starting-token", "foo"},
			code: cli.ExitUsage, stderr: "ExclusiveStartKey, which is an object, but the token gives a string"},
		{name: "query type error", args: []string{"--endpoint-url", url, "call", "s3", "list-buckets", "--query", "abs(Buckets)"},
			code: cli.ExitUsage, stderr: "abs(): argument 1 is an array"},
		{name: "region flag", args: []string{"--endpoint-url", url, "--region", "eu-west-1.evil", "call", "s3", "list-buckets"}, code: cli.ExitUsage, stderr: "(from --region) is not valid"},
		{name: "endpoint flag", args: []string{"--endpoint-url", "localhost:4566", "call", "s3", "list-buckets"}, code: cli.ExitUsage, stderr: "the scheme is missing"},
		{name: "region env", env: map[string]string{"AWS_REGION": "us-east-1#"}, args: []string{"--endpoint-url", url, "call", "s3", "list-buckets"}, code: cli.ExitConfig, stderr: "(from AWS_REGION)"},
		{name: "endpoint env", env: map[string]string{"AWS_ENDPOINT_URL": "http://x@127.0.0.1:1/"}, args: []string{"ls"}, code: cli.ExitConfig, stderr: "user name or password"},
		{name: "unknown profile", args: []string{"--endpoint-url", url, "--profile", "nope", "call", "s3", "list-buckets"}, code: cli.ExitConfig, stderr: "profile nope not found"},
		{name: "source_profile cycle", env: map[string]string{"AWS_CONFIG_FILE": cycle, "AWS_ACCESS_KEY_ID": ""}, args: []string{"--endpoint-url", url, "--profile", "a", "call", "s3", "list-buckets"},
			code: cli.ExitConfig, stderr: "source_profile cycle a → b → a"},
		{name: "read-only", args: []string{"--readonly", "--endpoint-url", url, "call", "s3", "delete-bucket", "--input", `{"Bucket":"bkt"}`}, code: cli.ExitConfig, stderr: "read-only"},
		{name: "service error", args: []string{"--endpoint-url", url, "call", "s3", "head-object", "--input", `{"Bucket":"bkt","Key":"missing"}`},
			code: cli.ExitService, stderr: "nimbus call: An error occurred (404) when calling the HeadObject operation: Not Found\n"},
		{name: "ls service error", args: []string{"--endpoint-url", url, "ls", "s3://no-such-bucket/"}, code: cli.ExitService, stderr: "NoSuchBucket"},
		{name: "ls no match", args: []string{"--endpoint-url", url, "ls", "s3://bkt/nothing-here/"}, code: cli.ExitS3Failed},
		{name: "ls unknown flag", args: []string{"--endpoint-url", url, "ls", "--bogus"}, code: cli.ExitUsage, stderr: "unknown flag --bogus"},
		{name: "ls two paths", args: []string{"--endpoint-url", url, "ls", "s3://bkt/", "s3://other/"}, code: cli.ExitUsage, stderr: "unexpected argument s3://other/"},
		{name: "ls page size", args: []string{"--endpoint-url", url, "ls", "--page-size", "0", "s3://bkt/"}, code: cli.ExitUsage, stderr: "--page-size must be between 1 and 1000, not 0"},
		{name: "ls flags after the path", args: []string{"--endpoint-url", url, "ls", "s3://bkt/", "--recursive", "--page-size", "1"}, code: cli.ExitOK},
		{name: "waiter gave up", args: []string{"--endpoint-url", url, "wait", "s3", "bucket-exists", "--input", `{"Bucket":"never"}`, "--max-attempts", "1"},
			code: cli.ExitError, stderr: "gave up after 1 attempts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, _, stderr := runNimbus(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("nimbus %s: exit %d, stderr %q; want %d and %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.stderr)
			}
		})
	}
	_ = requests
}

func TestExitCodeInterrupted(t *testing.T) {
	url, _ := s3Server(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as Ctrl-C does through signal.NotifyContext
	code, _, stderr := runNimbusCtx(t, ctx, "--endpoint-url", url, "call", "s3", "list-buckets")
	if code != cli.ExitInterrupted {
		t.Errorf("exit %d, stderr %q; want %d", code, stderr, cli.ExitInterrupted)
	}
}

// Measured before: --region 'x@127.0.0.1:5399#' made `call` connect to 127.0.0.1:5399. Here a
// listener stands in for that host: nothing may reach it, and the exit is a usage error.
func TestHostileRegionReachesNoHost(t *testing.T) {
	s3Server(t) // credentials and an empty config; no --endpoint-url, so the region builds the host
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var connections atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			connections.Add(1)
			c.Close()
		}
	}()
	region := "x@" + ln.Addr().String() + "#"
	for _, args := range [][]string{
		{"--region", region, "call", "s3", "list-buckets"},
		{"--region", region, "call", "sts", "get-caller-identity"},
		{"--region", region, "ls"},
	} {
		code, _, stderr := runNimbus(t, args...)
		if code != cli.ExitUsage || !strings.Contains(stderr, "is not valid") {
			t.Errorf("nimbus %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr)
		}
	}
	if n := connections.Load(); n != 0 {
		t.Errorf("%d connections reached %s", n, ln.Addr())
	}
}
