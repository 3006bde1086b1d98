package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// mfaConfig writes a config whose profile mfa assumes a role with an MFA device, from static keys.
func mfaConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config")
	config := `[profile base]
aws_access_key_id = testing
aws_secret_access_key = testing
region = us-east-1
[profile mfa]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/ana
`
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A headless command on a terminal asks for the MFA code there and goes on with the role.
func TestHeadlessAsksForTheMFACodeOnTheTerminal(t *testing.T) {
	srv := motoserver.Start(t)
	config := mfaConfig(t)
	term := startTerminal(t, "env AWS_CONFIG_FILE="+config+" AWS_SHARED_CREDENTIALS_FILE=/dev/null HOME="+t.TempDir()+" "+
		nimbusBin+" --endpoint-url "+srv.URL+" --profile mfa call sts get-caller-identity")
	term.waitFor("MFA code for arn:aws:iam::123456789012:mfa/ana (profile mfa):")
	term.text("12345")
	term.keys("Enter")
	term.waitFor("an MFA code is 6 digits")
	term.text("123456")
	term.keys("Enter")
	term.waitFor("assumed-role/Admin")
}

// Without a terminal it asks nothing and says what to do.
func TestHeadlessWithoutATerminalSaysHowToGiveTheMFACode(t *testing.T) {
	srv := motoserver.Start(t)
	cmd := exec.Command(nimbusBin, "--endpoint-url", srv.URL, "--profile", "mfa", "call", "sts", "get-caller-identity")
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE="+mfaConfig(t), "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "HOME="+t.TempDir())
	cmd.Stdin = strings.NewReader("123456\n") // a pipe, not a terminal: never read
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("succeeded without a code:\n%s", out)
	}
	if s := string(out); !strings.Contains(s, "needs an MFA code for arn:aws:iam::123456789012:mfa/ana") || !strings.Contains(s, "terminal") {
		t.Fatalf("output does not say what to do:\n%s", s)
	}
}

// In the TUI, switching to an MFA profile asks for the code in a dialog; the header then shows
// the assumed role; switching away and back asks nothing more.
func TestTUIAsksForTheMFACodeOnceAsAPersonWould(t *testing.T) {
	srv := motoserver.Start(t)
	config := mfaConfig(t)
	term := startTerminal(t, "env AWS_CONFIG_FILE="+config+" AWS_SHARED_CREDENTIALS_FILE=/dev/null HOME="+t.TempDir()+
		" AWS_ENDPOINT_URL="+srv.URL+" "+nimbusBin+" --profile base")
	term.waitFor("base · us-east-1")
	term.keys(":")
	term.text("profile mfa")
	term.keys("Enter")
	term.waitFor("MFA code", "arn:aws:iam::123456789012:mfa/ana", "code: ______")
	term.text("123456")
	term.keys("Enter")
	term.waitFor("mfa · us-east-1 · 123456789012 (arn:aws:sts::123456789012:assumed-role/")
	term.keys(":")
	term.text("profile base")
	term.keys("Enter")
	term.waitFor("base · us-east-1 · 123456789012 (arn:aws:")
	term.keys(":")
	term.text("profile mfa")
	term.keys("Enter")
	term.waitFor("mfa · us-east-1 · 123456789012 (arn:aws:sts::123456789012:assumed-role/")
	if strings.Contains(term.screen(), "MFA code") {
		t.Fatalf("asked a second time:\n%s", term.screen())
	}
}
