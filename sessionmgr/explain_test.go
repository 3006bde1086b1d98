package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/advice"
)

// callSTS makes one real call for profile and returns its error.
func callSTS(t *testing.T, m *Manager, profile string) error {
	t.Helper()
	cfg, err := m.Config(context.Background(), profile, "")
	if err != nil {
		return err
	}
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err == nil {
		t.Fatalf("GetCallerIdentity for %s succeeded, want an error", profile)
	}
	return err
}

func wantExplain(t *testing.T, err error, parts ...string) string {
	t.Helper()
	got := Explain(err)
	if strings.Contains(got, "\n") {
		t.Errorf("Explain returned several lines: %q", got)
	}
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("Explain(%v)\n  = %q\n  want it to contain %q", err, got, p)
		}
	}
	return got
}

func TestExplainSSONotLoggedIn(t *testing.T) {
	config := `[profile work]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
[profile legacy]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = ReadOnly
`
	// No token in the (empty, temporary) SSO cache: the SDK fails before any network call.
	m := newManager(t, config, "", nil, func(o *Options) { o.EndpointURL = deadEndpoint(t) })
	for _, profile := range []string{"work", "legacy"} {
		err := callSTS(t, m, profile)
		got := wantExplain(t, err, "SSO session expired", "log in again with profile "+profile+", then retry (SSO: nimbus login)")
		if strings.Contains(got, "press L") || strings.Count(got, "login") != 1 {
			t.Errorf("the command line's advice should name nimbus login once, and no key: %s", got)
		}
		// The TUI words the same step as its own command, without the shell's.
		tuiHint := func(h advice.Hint) string { return map[advice.Hint]string{advice.SSOLogin: ":login"}[h] }
		if got := Advise(err).Render(tuiHint); !strings.HasSuffix(got, "log in again with profile "+profile+", then retry (:login)") || strings.Contains(got, "nimbus") {
			t.Errorf("TUI advice = %q, want the :login hint and no shell command", got)
		}
	}
}

func TestExplainNoCredentials(t *testing.T) {
	m := newManager(t, "[profile empty]\nregion = eu-west-1\n", "", nil, func(o *Options) { o.EndpointURL = deadEndpoint(t) })
	wantExplain(t, callSTS(t, m, "empty"), "no credentials for profile empty", "~/.aws/credentials", "(--profile)")
}

func TestExplainProfileNotFound(t *testing.T) {
	m := newManager(t, "", "", nil, nil)
	_, err := m.Config(context.Background(), "ghost", "")
	if !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("Config(ghost) = %v, want ErrProfileNotFound", err)
	}
	wantExplain(t, err, "profile ghost not found", "(--profile)")
}

func TestExplainUnreachableEndpoint(t *testing.T) {
	dead := deadEndpoint(t)
	m := newManager(t, "", dummyCredentials, nil, func(o *Options) { o.EndpointURL = dead })
	cfg, err := m.Config(context.Background(), "default", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).ListBuckets(context.Background(), &s3.ListBucketsInput{})
	if err == nil {
		t.Fatal("ListBuckets against a closed port succeeded")
	}
	wantExplain(t, err, "S3 ListBuckets", "cannot reach", strings.TrimPrefix(dead, "http://"), "--endpoint-url")
}

func TestExplainCredentialProcessHidesOutput(t *testing.T) {
	script := filepath.Join(t.TempDir(), "creds.sh")
	// Almost-valid output holding a secret: the SDK quotes it in its error.
	body := "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"procsecret\"'\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	m := newManager(t, "[profile proc]\ncredential_process = "+script+"\n", "", nil, func(o *Options) { o.EndpointURL = deadEndpoint(t) })
	err := callSTS(t, m, "proc")
	if strings.Contains(err.Error(), "procsecret") || strings.Contains(Explain(err), "procsecret") {
		t.Fatalf("the credential_process output leaked into the error: %v", err)
	}
	wantExplain(t, err, "credential_process of profile proc failed")
}

func TestExplainAPIErrors(t *testing.T) {
	op := func(code, msg string) error {
		return &smithy.OperationError{ServiceID: "EC2", OperationName: "StopInstances",
			Err: fmt.Errorf("https response error: %w", &smithy.GenericAPIError{Code: code, Message: msg})}
	}
	cases := []struct {
		err   error
		parts []string
	}{
		{op("ExpiredToken", "The security token included in the request is expired"), []string{"EC2 StopInstances", "credentials expired", "SSO: nimbus login"}},
		{op("AccessDenied", "User: arn:aws:iam::1:user/ana is not authorized to perform: ec2:StopInstances"), []string{"access denied", "ec2:StopInstances", "(--profile)"}},
		{op("Throttling", "Rate exceeded"), []string{"throttling", "retry"}},
		{op("RequestLimitExceeded", ""), []string{"throttling"}},
		{op("InvalidClientTokenId", "bad"), []string{"credentials rejected", "region"}},
		{op("RequestTimeTooSkewed", ""), []string{"clock"}},
		{op("NoSuchBucket", "The specified bucket does not exist"), []string{"NoSuchBucket", "does not exist"}},
		{fmt.Errorf("listing: %w", readonly.Check(true, "ec2", "StopInstances")), []string{"read-only", "--readonly"}},
		{context.Canceled, []string{"cancelled"}},
		{fmt.Errorf("waiting: %w", context.DeadlineExceeded), []string{"timed out"}},
		{errors.New("first line\nsecond line"), []string{"first line"}},
		{op("NoSuchKey", "key \x1b[2Jgone"), []string{"NoSuchKey", "\\x1b[2Jgone"}},
	}
	for _, tc := range cases {
		wantExplain(t, tc.err, tc.parts...)
	}
	if Explain(nil) != "" {
		t.Error("Explain(nil) should be empty")
	}
	if got := Explain(errors.New("first line\nsecond line")); strings.Contains(got, "second") {
		t.Errorf("Explain kept the second line: %q", got)
	}
	if got := Explain(errors.New(strings.Repeat("x", 1000))); len([]rune(got)) > maxExplain {
		t.Errorf("Explain returned %d runes, want at most %d", len([]rune(got)), maxExplain)
	}
}
