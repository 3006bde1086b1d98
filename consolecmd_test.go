package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-tui/nimbus/cli"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// signinFake is the federation endpoint: it answers getSigninToken with a token made of the
// session it was given, and keeps the secrets it saw.
func signinFake(t *testing.T) (url string, secrets func() []string) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var s map[string]string
		if r.URL.Query().Get("Action") != "getSigninToken" || json.Unmarshal([]byte(r.URL.Query().Get("Session")), &s) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		token := "SIGNIN-TOKEN-" + s["sessionId"]
		mu.Lock()
		seen = append(seen, s["sessionKey"], s["sessionToken"], token)
		mu.Unlock()
		json.NewEncoder(w).Encode(map[string]string{"SigninToken": token})
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), seen...) }
}

// `nimbus console` signs in through the federation endpoint (long-term keys first get a
// federation token from STS, moto here), deep-links to the resource, prints the URL when no
// browser can be opened — and the --debug log holds none of the token, the URL or the keys.
func TestConsoleSignsInAndNeverLogsTheURL(t *testing.T) {
	moto := motoserver.StartShared(t)
	fed, secrets := signinFake(t)
	cfg := filepath.Join(t.TempDir(), "config")
	os.WriteFile(cfg, []byte("[profile dev]\naws_access_key_id = AKIDLONGTERM\naws_secret_access_key = long-term-secret\nregion = eu-west-1\n"), 0o600)
	for k, v := range map[string]string{"AWS_CONFIG_FILE": cfg, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		federationEnv: fed, "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22", "XDG_CONFIG_HOME": t.TempDir()} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	logFile := filepath.Join(t.TempDir(), "debug.log")
	code, stdout, stderr := runNimbus(t, "--debug", logFile, "--profile", "dev", "--endpoint-url", moto.URL,
		"console", "lambda-function", "thumbs")
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "no browser can be opened here (over SSH)") || !strings.Contains(stderr, "profile dev") {
		t.Errorf("stderr should say why the URL is printed: %q", stderr)
	}
	link, err := url.Parse(strings.TrimSpace(stdout))
	if err != nil || !strings.HasPrefix(stdout, fed+"?") {
		t.Fatalf("stdout should be the sign-in URL: %q (%v)", stdout, err)
	}
	q := link.Query()
	if q.Get("Action") != "login" || !strings.HasPrefix(q.Get("SigninToken"), "SIGNIN-TOKEN-") ||
		q.Get("Destination") != "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/thumbs" {
		t.Fatalf("login URL %s", link)
	}
	if strings.Contains(q.Get("SigninToken"), "AKIDLONGTERM") {
		t.Fatal("the long-term keys were signed in instead of a federation token")
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "console sign-in") {
		t.Fatalf("the debug log should record the sign-in (not its URL):\n%s", log)
	}
	for _, secret := range append(secrets(), strings.TrimSpace(stdout), "SigninToken", "long-term-secret") {
		if secret != "" && strings.Contains(string(log), secret) {
			t.Errorf("the debug log contains %q:\n%s", secret, log)
		}
	}
}
