package sessionmgr

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// loopbackOnly sends requests to loopback hosts and refuses every other one, so a client that
// ignores the configured endpoint fails here instead of reaching (or resolving) AWS.
type loopbackOnly struct{}

func (loopbackOnly) Do(r *http.Request) (*http.Response, error) {
	if ip := net.ParseIP(r.URL.Hostname()); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("test refused a request to %s: it should have gone to the configured endpoint", r.URL.Host)
	}
	return http.DefaultClient.Do(r)
}

// The clients the credential providers build (STS for assume-role and web identity) use the same
// endpoint as the engine: AWS_ENDPOINT_URL and the profile's endpoint_url reach them too. The SDK
// resolves these only after building the providers (measured with config v1.33.16).
func TestEndpointSourcesReachCredentialProviders(t *testing.T) {
	moto := motoserver.StartShared(t)
	const chain = `[profile base]
aws_access_key_id = testing
aws_secret_access_key = testing
[profile assume]
role_arn = arn:aws:iam::123456789012:role/Reader
source_profile = base
[profile chain]
role_arn = arn:aws:iam::123456789012:role/Second
source_profile = assume
`
	cases := []struct {
		name    string
		config  string
		env     map[string]string
		profile string
	}{
		{name: "AWS_ENDPOINT_URL, assume-role", config: chain, env: map[string]string{"AWS_ENDPOINT_URL": "MOTO"}, profile: "assume"},
		{name: "AWS_ENDPOINT_URL, role chain", config: chain, env: map[string]string{"AWS_ENDPOINT_URL": "MOTO"}, profile: "chain"},
		{name: "AWS_ENDPOINT_URL_STS", config: chain, env: map[string]string{"AWS_ENDPOINT_URL_STS": "MOTO"}, profile: "assume"},
		{name: "profile endpoint_url", config: strings.Replace(chain, "[profile assume]\n", "[profile assume]\nendpoint_url = MOTO\n", 1), profile: "assume"},
		{name: "AWS_ENDPOINT_URL, web identity", config: "[profile web]\nrole_arn = arn:aws:iam::123456789012:role/Web\nweb_identity_token_file = TOKEN\n",
			env: map[string]string{"AWS_ENDPOINT_URL": "MOTO"}, profile: "web"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token := filepath.Join(t.TempDir(), "token")
			if err := os.WriteFile(token, []byte("eyJhbGciOiJub25lIn0.e30."), 0o600); err != nil {
				t.Fatal(err)
			}
			config := strings.NewReplacer("MOTO", moto.URL, "TOKEN", token).Replace(tc.config)
			m := newManager(t, config, "", nil, func(o *Options) { o.HTTPClient = loopbackOnly{} })
			for k, v := range tc.env {
				t.Setenv(k, strings.ReplaceAll(v, "MOTO", moto.URL)) // the SDK reads these from the process
			}
			id, err := m.Identity(context.Background(), tc.profile, "us-east-1")
			if err != nil {
				t.Fatalf("Identity(%s): %v", tc.profile, err)
			}
			if !strings.Contains(id.ARN, ":assumed-role/") {
				t.Fatalf("ARN = %s, want an assumed role", id.ARN)
			}
		})
	}
}

// A web identity profile against moto's STS: AssumeRoleWithWebIdentity with the token file's
// token gives the role's credentials (its role in the ARN), and a renewal after AWS called them
// expired assumes the role again — with the token file read again, as a rotating token (EKS's)
// needs — rather than answering with the same credentials.
func TestWebIdentityAssumesTheRoleAndRenews(t *testing.T) {
	moto := motoserver.StartShared(t)
	token := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(token, []byte("eyJhbGciOiJub25lIn0.eyJzdWIiOiJvbmUifQ."), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newManager(t, "[profile web]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/Web\n"+
		"role_session_name = ci\nweb_identity_token_file = "+token+"\nendpoint_url = "+moto.URL+"\n", "", nil,
		func(o *Options) { o.HTTPClient = loopbackOnly{} })
	ctx := context.Background()
	id, err := m.Identity(ctx, "web", "us-east-1")
	if err != nil || !strings.Contains(id.ARN, ":assumed-role/Web/ci") {
		t.Fatalf("Identity: %+v %v", id, err)
	}
	if p, _ := m.Profile("web"); p.Kind != KindWebIdentity {
		t.Fatalf("kind %q", p.Kind)
	}
	cfg, err := m.Config(ctx, "web", "")
	if err != nil {
		t.Fatal(err)
	}
	before, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(token, []byte("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0d28ifQ."), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := m.Renew(ctx, "web"); err != nil {
		t.Fatalf("Renew: %v", err)
	}
	after, err := cfg.Credentials.Retrieve(ctx)
	if err != nil || after.AccessKeyID == before.AccessKeyID {
		t.Fatalf("after Renew the held configuration has %s (before %s): %v", after.AccessKeyID, before.AccessKeyID, err)
	}
}
