package sessionmgr

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// countingClient counts the requests sent through it.
type countingClient struct {
	n atomic.Int64
}

func (c *countingClient) Do(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultClient.Do(r)
}

func TestIdentityFromMoto(t *testing.T) {
	moto := motoserver.StartShared(t)
	client := &countingClient{}
	creds := "[default]\naws_access_key_id = " + motoserver.AccessKeyID + "\naws_secret_access_key = " + motoserver.SecretAccessKey + "\n"
	m := newManager(t, "", creds, nil, func(o *Options) {
		o.EndpointURL = moto.URL
		o.HTTPClient = client
	})
	ctx := context.Background()
	id, err := m.Identity(ctx, "default", "eu-west-1")
	if err != nil {
		t.Fatalf("Identity: %v", err)
	}
	if id.Account != motoserver.AccountID || !strings.HasPrefix(id.ARN, "arn:aws:") || id.UserID == "" {
		t.Fatalf("Identity = %+v, want moto's account %s", id, motoserver.AccountID)
	}
	sent := client.n.Load()
	if sent == 0 {
		t.Fatal("no request went through Options.HTTPClient")
	}
	again, err := m.Identity(ctx, "default", "us-west-2")
	if err != nil || again != id {
		t.Fatalf("second Identity = %+v, %v", again, err)
	}
	if client.n.Load() != sent {
		t.Fatal("Identity asked STS again instead of using its cache")
	}
}

func TestAssumeRoleWithMFAAsksForACode(t *testing.T) {
	moto := motoserver.StartShared(t)
	config := `[profile base]
aws_access_key_id = testing
aws_secret_access_key = testing
[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/ana
`
	var asked atomic.Int64
	m := newManager(t, config, "", nil, func(o *Options) {
		o.EndpointURL = moto.URL
		o.MFAPrompt = func(MFARequest) (string, error) { asked.Add(1); return "123456", nil }
	})
	ctx := context.Background()
	id, err := m.Identity(ctx, "admin", "us-east-1")
	if err != nil {
		t.Fatalf("Identity(admin): %v", err)
	}
	if !strings.Contains(id.ARN, "assumed-role/Admin") {
		t.Fatalf("ARN = %s, want an assumed-role ARN", id.ARN)
	}
	// Another region of the same profile reuses the assumed role: no second code.
	cfg, err := m.Config(ctx, "admin", "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		t.Fatal(err)
	}
	if n := asked.Load(); n != 1 {
		t.Fatalf("MFA code asked %d times, want 1", n)
	}

	// Without a provider the profile fails with advice, not a hang.
	m = newManager(t, config, "", nil, func(o *Options) { o.EndpointURL = moto.URL })
	_, err = m.Identity(ctx, "admin", "us-east-1")
	if err == nil || !strings.Contains(Explain(err), "MFA") {
		t.Fatalf("Identity(admin) without MFA provider: %v → %q", err, Explain(err))
	}
}
