package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

const mfaCacheConfig = `[profile base]
aws_access_key_id = testing
aws_secret_access_key = testing
region = us-east-1
[profile mfa]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/ana
duration_seconds = 3600
region = us-east-1
`

// mfaCacheEnv gives nimbus and the aws CLI one HOME (so one ~/.aws/cli/cache) and moto for STS.
func mfaCacheEnv(t *testing.T) (home string) {
	t.Helper()
	moto := motoserver.StartShared(t)
	home = t.TempDir()
	config := filepath.Join(home, "config")
	if err := os.WriteFile(config, []byte(mfaCacheConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"HOME": home, "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_ENDPOINT_URL": moto.URL, "AWS_PROFILE": "", "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_REGION": ""} {
		t.Setenv(k, v)
	}
	return home
}

// awsCLI runs the installed aws CLI without a controlling terminal, feeding stdin (botocore then
// reads an MFA code from stdin, or fails on an empty one).
func awsCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	bin, err := exec.LookPath("aws")
	if err != nil {
		t.Fatal("the aws CLI is needed: pip install awscli")
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// An MFA code typed into the aws CLI serves nimbus until the role credentials expire, and one
// typed into nimbus serves the CLI: the assumed-role credentials are in ~/.aws/cli/cache under
// the CLI's key (duration_seconds included).
func TestMFACacheIsSharedWithTheAWSCLI(t *testing.T) {
	t.Run("aws CLI first", func(t *testing.T) {
		mfaCacheEnv(t)
		if out, err := awsCLI(t, "123456\n", "sts", "get-caller-identity", "--profile", "mfa"); err != nil || !strings.Contains(out, "assumed-role/Admin") {
			t.Fatalf("aws with the code on stdin: %v\n%s", err, out)
		}
		// nimbus has no terminal here: it can only succeed from the CLI's cache.
		code, out, errOut := runNimbus(t, "--profile", "mfa", "call", "sts", "get-caller-identity")
		if code != 0 || !strings.Contains(out, "assumed-role/Admin") {
			t.Fatalf("nimbus after the CLI: exit %d\n%s%s", code, out, errOut)
		}
	})
	t.Run("nimbus first", func(t *testing.T) {
		mfaCacheEnv(t)
		asked := 0
		mgr, err := sessionmgr.New(sessionmgr.Options{Profile: "mfa",
			MFAPrompt: func(sessionmgr.MFARequest) (string, error) { asked++; return "123456", nil }})
		if err != nil {
			t.Fatal(err)
		}
		defer mgr.Close()
		if st := mgr.Status(context.Background(), "mfa"); st.State != sessionmgr.StateNeedsMFA {
			t.Fatalf("Status before = %v", st)
		}
		if _, err := mgr.Identity(context.Background(), "mfa", "us-east-1"); err != nil || asked != 1 {
			t.Fatalf("Identity: %v (asked %d)", err, asked)
		}
		// The CLI gets an empty stdin and no terminal: it can only succeed from nimbus's cache.
		if out, err := awsCLI(t, "", "sts", "get-caller-identity", "--profile", "mfa"); err != nil || !strings.Contains(out, "assumed-role/Admin") {
			t.Fatalf("aws after nimbus: %v\n%s", err, out)
		}
		// A new nimbus session neither asks nor lists the profile as needing a code.
		again, err := sessionmgr.New(sessionmgr.Options{Profile: "mfa",
			MFAPrompt: func(sessionmgr.MFARequest) (string, error) { asked++; return "123456", nil }})
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if st := again.Status(context.Background(), "mfa"); st.State != sessionmgr.StateOK {
			t.Fatalf("Status in a new session = %v", st)
		}
		if _, err := again.Identity(context.Background(), "mfa", "us-east-1"); err != nil || asked != 1 {
			t.Fatalf("second session: %v (asked %d times in all)", err, asked)
		}
	})
}
