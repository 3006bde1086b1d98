package sessionmgr

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/internal/advice"
)

const loginConfig = "[profile console]\nlogin_session = arn:aws:iam::123456789012:user/ana\nregion = us-east-1\n"

// signinFake answers the sign-in service's CreateOAuth2Token (POST /v1/token, REST-JSON) the way
// `aws login` sessions are renewed: a refresh token and a DPoP proof in, new credentials out.
func signinFake(t *testing.T) (url string, calls *atomic.Int64) {
	t.Helper()
	calls = new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var in map[string]string
		json.Unmarshal(b, &in)
		if r.Method != http.MethodPost || r.URL.Path != "/v1/token" || in["grantType"] != "refresh_token" ||
			in["refreshToken"] != "refresh-1" || strings.Count(r.Header.Get("DPoP"), ".") != 2 {
			w.Header().Set("X-Amzn-Errortype", "AccessDeniedException")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"AUTHCODE_EXPIRED","message":"refused"}`)
			return
		}
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"accessToken":{"accessKeyId":"ASIARENEWED","secretAccessKey":"s2","sessionToken":"t2"},"expiresIn":900,"refreshToken":"refresh-2","tokenType":"aws_sigv4"}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, calls
}

// writeLoginToken caches a console login for the session as `aws login` does, its access token
// expiring at exp.
func writeLoginToken(t *testing.T, dir string, m *Manager, exp time.Time) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalECPrivateKey(key)
	tok := map[string]any{
		"accessToken": map[string]any{"accessKeyId": "ASIACACHED", "secretAccessKey": "s", "sessionToken": "t",
			"accountId": "123456789012", "expiresAt": exp.UTC().Format(time.RFC3339)},
		"tokenType": "aws_sigv4", "refreshToken": "refresh-1", "identityToken": "id", "clientId": "arn:aws:signin:::devtools/same-device",
		"dpopKey": string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})),
	}
	path, err := m.loginCacheFile("arn:aws:iam::123456789012:user/ana")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(tok)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A login_session profile: without `aws login` it needs a login and says how; with a cached
// login its credentials are used as they are; an expired one is renewed by the SDK through the
// sign-in service (reached through AWS_ENDPOINT_URL_SIGNIN) and saved back.
func TestLoginSessionProfiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AWS_LOGIN_CACHE_DIRECTORY", dir) // the SDK reads it from the process
	url, calls := signinFake(t)
	t.Setenv("AWS_ENDPOINT_URL_SIGNIN", url)
	m := newManager(t, loginConfig, "", map[string]string{"AWS_LOGIN_CACHE_DIRECTORY": dir}, nil)
	ctx := context.Background()

	if p := profileByName(t, m, "console"); p.Kind != KindLogin {
		t.Fatalf("kind %q", p.Kind)
	}
	if st := m.Status(ctx, "console"); st.State != StateNeedsLogin || !strings.Contains(st.Reason, "aws login --profile console") {
		t.Fatalf("before aws login: %v", st)
	}
	cfg, err := m.Config(ctx, "console", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = cfg.Credentials.Retrieve(ctx)
	a := Advise(err)
	if err == nil || !strings.Contains(a.Render(advice.CLI), "run aws login --profile console (AWS CLI v2)") {
		t.Fatalf("without a login: %v → %q", err, a.Render(advice.CLI))
	}

	path := writeLoginToken(t, dir, m, time.Now().Add(10*time.Minute))
	if err := m.Renew(ctx, "console"); err != nil { // L, after aws login in another terminal
		t.Fatalf("Renew after aws login: %v", err)
	}
	if st := m.Status(ctx, "console"); st.State != StateOK {
		t.Fatalf("after aws login: %v", st)
	}
	cfg, _ = m.Config(ctx, "console", "")
	if c, err := cfg.Credentials.Retrieve(ctx); err != nil || c.AccessKeyID != "ASIACACHED" || calls.Load() != 0 {
		t.Fatalf("cached login: %q, %v (%d renewals)", c.AccessKeyID, err, calls.Load())
	}

	writeLoginToken(t, dir, m, time.Now().Add(-time.Minute))
	m.Invalidate("console")
	cfg, _ = m.Config(ctx, "console", "")
	if c, err := cfg.Credentials.Retrieve(ctx); err != nil || c.AccessKeyID != "ASIARENEWED" || calls.Load() != 1 {
		t.Fatalf("expired login: %q, %v (%d renewals)", c.AccessKeyID, err, calls.Load())
	}
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), "refresh-2") {
		t.Fatalf("the renewed login was not saved:\n%s", b)
	}
}
