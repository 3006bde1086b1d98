package sessionmgr

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
)

// TestCheckProfileAgreesWithSDK compares nimbus's own checks with the SDK's LoadDefaultConfig on
// profiles that are broken in each way the SDK detects, and on a few that are fine.
func TestCheckProfileAgreesWithSDK(t *testing.T) {
	base := "[profile keys]\naws_access_key_id = A\naws_secret_access_key = B\n" +
		"[profile empty]\nregion = eu-west-1\n" +
		"[sso-session corp]\nsso_start_url = https://corp/start\nsso_region = eu-west-1\n" +
		"[sso-session half]\nsso_start_url = https://corp/start\n"
	cases := []struct {
		name, section string
		broken        bool
	}{
		{"static", "aws_access_key_id = A\naws_secret_access_key = B", false},
		{"partial key", "aws_access_key_id = A", true},
		{"partial secret", "aws_secret_access_key = B", true},
		{"assume", "role_arn = arn:aws:iam::1:role/r\nsource_profile = keys", false},
		{"self source", "role_arn = arn:aws:iam::1:role/r\nsource_profile = t\naws_access_key_id = A\naws_secret_access_key = B", false},
		{"source without role", "source_profile = keys", true},
		{"credential_source without role", "credential_source = Environment", true},
		{"web identity without role", "web_identity_token_file = /tmp/t", true},
		{"missing source", "role_arn = arn:aws:iam::1:role/r\nsource_profile = nobody", true},
		{"source without credentials", "role_arn = arn:aws:iam::1:role/r\nsource_profile = empty", true},
		{"two credential types", "role_arn = arn:aws:iam::1:role/r\nsource_profile = keys\ncredential_process = /bin/true", true},
		{"sso session", "sso_session = corp\nsso_account_id = 1\nsso_role_name = R", false},
		{"sso session missing", "sso_session = nope\nsso_account_id = 1\nsso_role_name = R", true},
		{"sso session incomplete", "sso_session = half\nsso_account_id = 1\nsso_role_name = R", true},
		{"sso region mismatch", "sso_session = corp\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R", true},
		{"legacy sso", "sso_start_url = https://x\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R", false},
		{"legacy sso incomplete", "sso_start_url = https://x\nsso_region = eu-west-1", true},
		{"process", "credential_process = /bin/true", false},
		{"region only", "region = eu-west-1", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfgPath, credPath := writeFiles(t, base+"[profile t]\n"+tc.section+"\n", "")
			getenv := testEnv(t, nil)
			// The SDK's loader does not fetch credentials (no network), but it does build and check
			// the credential providers.
			_, sdkErr := config.LoadDefaultConfig(context.Background(), config.WithSharedConfigProfile("t"),
				config.WithRegion("us-east-1"), config.WithSharedConfigFiles([]string{cfgPath}),
				config.WithSharedCredentialsFiles([]string{credPath}))
			m, err := New(Options{ConfigFile: cfgPath, CredentialsFile: credPath, Getenv: getenv})
			if err != nil {
				t.Fatal(err)
			}
			ours := profileByName(t, m, "t").Err
			if (sdkErr != nil) != tc.broken {
				t.Fatalf("the SDK says %v; the test expects broken=%v", sdkErr, tc.broken)
			}
			if (ours != nil) != tc.broken {
				t.Fatalf("nimbus says %v; the SDK says %v", ours, sdkErr)
			}
		})
	}
}

func TestSDKLoadErrorIsShownOnTheProfile(t *testing.T) {
	m := newManager(t, "[profile odd]\nmax_attempts = lots\naws_access_key_id = A\naws_secret_access_key = B\n", "", nil, nil)
	if p := profileByName(t, m, "odd"); p.Err != nil {
		t.Fatalf("checkProfile already refuses odd: %v (pick another SDK-only error for this test)", p.Err)
	}
	if _, err := m.Config(context.Background(), "odd", ""); err == nil || !strings.Contains(Explain(err), "profile odd") {
		t.Fatalf("Config(odd) = %v, want the SDK's complaint about max_attempts", err)
	}
	if p := profileByName(t, m, "odd"); p.Err == nil {
		t.Fatal("after a failed load the profile still shows no error")
	}
	for _, p := range m.Profiles() {
		if p.Name == "odd" && p.Err == nil {
			t.Fatal("Profiles() does not show the load error")
		}
	}
	if err := m.Reload(); err != nil {
		t.Fatal(err)
	}
	if p := profileByName(t, m, "odd"); p.Err != nil {
		t.Fatalf("Reload kept the old load error: %v", p.Err)
	}
}
