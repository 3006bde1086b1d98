package sessionmgr

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

const statusConfig = `[profile keys]
aws_access_key_id = testing
aws_secret_access_key = testing
[profile nothing]
region = eu-west-1
[profile role]
role_arn = arn:aws:iam::123456789012:role/Reader
source_profile = keys
[profile mfa]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = keys
mfa_serial = arn:aws:iam::123456789012:mfa/ana
[profile proc]
credential_process = /bin/false
[profile broken]
role_arn = arn:aws:iam::123456789012:role/X
source_profile = nowhere
[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Reader
[profile sso-role]
role_arn = arn:aws:iam::123456789012:role/FromSSO
source_profile = sso
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`

// The profile list tells the truth: ok only when credentials resolve (or are plain keys), and
// why not otherwise; nothing is asked of the user and no role is assumed just to list.
func TestStatusSaysWhyAProfileCannotBeUsed(t *testing.T) {
	moto := motoserver.StartShared(t)
	// The test's clock starts at the real time: moto dates the role credentials it hands out from
	// the real clock, so a fixed start would make "two hours later" land before their expiry.
	now := time.Now().UTC()
	asked := 0
	m := newManager(t, statusConfig, "", map[string]string{"AWS_EC2_METADATA_DISABLED": "true"}, func(o *Options) {
		o.EndpointURL = moto.URL
		o.Now = func() time.Time { return now }
		o.MFAPrompt = func(MFARequest) (string, error) { asked++; return "123456", nil }
	})
	ctx := context.Background()
	want := map[string]string{
		"keys":     StateOK,
		"nothing":  StateNoCredentials,
		"role":     StateUnchecked,
		"mfa":      StateNeedsMFA,
		"proc":     StateUnchecked,
		"broken":   StateError,
		"sso":      StateNeedsLogin,
		"sso-role": StateNeedsLogin,
	}
	for name, state := range want {
		if st := m.Status(ctx, name); st.State != state {
			t.Errorf("Status(%s) = %v, want %s", name, st, state)
		} else if state != StateOK && st.Reason == "" {
			t.Errorf("Status(%s) = %v gives no reason", name, st)
		}
	}
	if asked != 0 {
		t.Fatalf("listing asked for an MFA code %d times", asked)
	}

	// Once used, roles are ok: the code was asked for once, by the call, not by the list.
	for _, name := range []string{"role", "mfa"} {
		if _, err := m.Identity(ctx, name, "us-east-1"); err != nil {
			t.Fatalf("Identity(%s): %v", name, err)
		}
		if st := m.Status(ctx, name); st.State != StateOK {
			t.Errorf("after use Status(%s) = %v, want ok", name, st)
		}
	}
	// …until the role credentials expire.
	now = now.Add(2 * time.Hour)
	if st := m.Status(ctx, "mfa"); st.State != StateNeedsMFA {
		t.Errorf("after expiry Status(mfa) = %v, want %s", st, StateNeedsMFA)
	}

	// SSO: a valid token, or an expired one that can be refreshed, is ok; an expired one that
	// cannot is a login to do again.
	s, err := m.SSOSessionFor("sso-role")
	if err != nil {
		t.Fatal(err)
	}
	sdkPath, err := ssocreds.StandardCachedTokenFilepath("corp") // the file the SDK reads
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "corp" || s.StartURL != "https://corp.awsapps.com/start" || s.Region != "eu-west-1" || s.CacheFile != sdkPath {
		t.Fatalf("SSOSessionFor = %+v, want the cache file %s", s, sdkPath)
	}
	tok := SSOToken{StartURL: s.StartURL, Region: s.Region, AccessToken: "at", ExpiresAt: now.Add(time.Hour)}
	if err := WriteSSOToken(s.CacheFile, tok); err != nil {
		t.Fatal(err)
	}
	if st := m.Status(ctx, "sso"); st.State != StateOK {
		t.Errorf("with a valid token Status(sso) = %v", st)
	}
	if st := m.Status(ctx, "sso-role"); st.State != StateUnchecked {
		t.Errorf("with a valid token Status(sso-role) = %v, want %s", st, StateUnchecked)
	}
	tok.ExpiresAt = now.Add(-time.Minute)
	tok.RefreshToken, tok.ClientID, tok.ClientSecret, tok.RegistrationExpiresAt = "rt", "cid", "secret", now.Add(24*time.Hour)
	if err := WriteSSOToken(s.CacheFile, tok); err != nil {
		t.Fatal(err)
	}
	if st := m.Status(ctx, "sso"); st.State != StateOK {
		t.Errorf("with a refreshable token Status(sso) = %v", st)
	}
	tok.RegistrationExpiresAt = now.Add(-time.Minute)
	if err := WriteSSOToken(s.CacheFile, tok); err != nil {
		t.Fatal(err)
	}
	if st := m.Status(ctx, "sso"); st.State != StateNeedsLogin {
		t.Errorf("with an expired token Status(sso) = %v, want %s", st, StateNeedsLogin)
	}
}

// With instance metadata allowed, a profile with nothing configured is checked against the
// machine, and says so when there is nothing there either.
func TestStatusOfAProfileWithNothingAsksTheMachine(t *testing.T) {
	m := newManager(t, statusConfig, "", nil, nil) // the SDK itself sees AWS_EC2_METADATA_DISABLED (testEnv)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if st := m.Status(ctx, "nothing"); st.State != StateNoCredentials {
		t.Fatalf("Status(nothing) = %v, want %s", st, StateNoCredentials)
	}
}

// The list shows where a profile's credentials come from: prod ← admin ← sso, and a role that
// takes the machine's credentials names its credential_source.
func TestChainNamesEveryHop(t *testing.T) {
	m := newManager(t, statusConfig+`[profile chained]
role_arn = arn:aws:iam::123456789012:role/Deep
source_profile = sso-role
[profile self]
aws_access_key_id = testing
aws_secret_access_key = testing
role_arn = arn:aws:iam::123456789012:role/Self
source_profile = self
[profile ec2]
role_arn = arn:aws:iam::123456789012:role/FromEC2
credential_source = Ec2InstanceMetadata
`, "", nil, nil)
	for profile, want := range map[string]string{
		"keys":    "keys",
		"mfa":     "mfa keys",
		"chained": "chained sso-role sso",
		"self":    "self",
		"ec2":     "ec2 Ec2InstanceMetadata",
		"missing": "missing",
	} {
		if got := strings.Join(m.Chain(profile), " "); got != want {
			t.Errorf("Chain(%s) = %q, want %q", profile, got, want)
		}
	}
}
