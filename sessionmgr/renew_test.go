package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/internal/advice"
)

// Static keys that AWS called expired: Renew reads the files again; the same keys are refused
// with a *StaleCredentialsError (a retry would fail the same way), updated keys are taken.
func TestRenewStaticCredentials(t *testing.T) {
	m := newManager(t, "[profile keys]\nregion = us-east-1\n",
		"[keys]\naws_access_key_id = ASIAOLD\naws_secret_access_key = s\naws_session_token = old\n", nil, nil)
	ctx := context.Background()
	cfg, err := m.Config(ctx, "keys", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		t.Fatal(err)
	}
	var stale *StaleCredentialsError
	err = m.Renew(ctx, "keys")
	if !errors.As(err, &stale) || !strings.Contains(err.Error(), "~/.aws/credentials") {
		t.Fatalf("Renew with the same keys: %v", err)
	}
	if a := Advise(err); a.Offer != advice.None || !strings.Contains(a.Render(advice.Plain), "update them") {
		t.Fatalf("advice on stale keys: %+v", a)
	}
	_, credsFile := m.Files()
	writeFile(t, credsFile, "[keys]\naws_access_key_id = ASIANEW\naws_secret_access_key = s\naws_session_token = new\n")
	if err := m.Renew(ctx, "keys"); err != nil {
		t.Fatalf("Renew with updated keys: %v", err)
	}
	cfg, _ = m.Config(ctx, "keys", "")
	if c, _ := cfg.Credentials.Retrieve(ctx); c.AccessKeyID != "ASIANEW" {
		t.Fatalf("after Renew the session uses %s", c.AccessKeyID)
	}
}

// Expired credentials are offered a step; other errors are not.
func TestAdviseOffersRenewOnlyForExpiry(t *testing.T) {
	op := func(code string) error { return apiError(code) }
	if a := Advise(op("ExpiredToken")); a.Offer != advice.Renew {
		t.Errorf("ExpiredToken offers %v", a.Offer)
	}
	if a := Advise(op("ExpiredTokenException")); a.Offer != advice.Renew {
		t.Errorf("ExpiredTokenException offers %v", a.Offer)
	}
	for _, code := range []string{"AccessDenied", "RequestExpired", "Throttling", "InvalidClientTokenId"} {
		if a := Advise(op(code)); a.Offer != advice.None {
			t.Errorf("%s offers %v", code, a.Offer)
		}
	}
	if a := Advise(&NeedLoginError{Session: SSOSession{Name: "corp", Profile: "sso"}}); a.Offer != advice.SSOLogin {
		t.Errorf("NeedLoginError offers %v", a.Offer)
	}
}

func apiError(code string) error {
	return &smithy.OperationError{ServiceID: "S3", OperationName: "ListBuckets",
		Err: fmt.Errorf("https response error: %w", &smithy.GenericAPIError{Code: code, Message: "m"})}
}
