package sessionmgr

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sampleConfig = `# a comment
[default]
region = eu-west-1

[profile dev]
region = us-west-2 ; inline comment
aws_access_key_id = AKIDDEV
aws_secret_access_key = "devsecret"

[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = dev
mfa_serial = arn:aws:iam::123456789012:mfa/ana

[profile assume]
role_arn = arn:aws:iam::123456789012:role/Reader
source_profile = dev

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-central-1

[profile proc]
credential_process = /bin/false

[profile local]
services = local-svc
endpoint_url = http://127.0.0.1:4566

[services local-svc]
s3 =
  endpoint_url = http://127.0.0.1:9000

[profile web]
role_arn = arn:aws:iam::123456789012:role/Web
web_identity_token_file = /tmp/token

[profile bare]
region: ap-south-1
`

const sampleCredentials = `[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = defaultsecret

[ci]
aws_access_key_id = AKIDCI
aws_secret_access_key = cisecret
region = sa-east-1
`

func TestProfilesFromConfigAndCredentials(t *testing.T) {
	m := newManager(t, sampleConfig, sampleCredentials, map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret",
	}, nil)

	got := m.Profiles()
	wantNames := []string{"default", EnvProfile, "admin", "assume", "bare", "ci", "dev", "local", "proc", "sso", "web"}
	if !reflect.DeepEqual(names(got), wantNames) {
		t.Fatalf("profiles = %v, want %v", names(got), wantNames)
	}
	want := map[string]Profile{
		"default":  {Name: "default", Region: "eu-west-1", Source: SourceBoth, Kind: KindStatic},
		EnvProfile: {Name: EnvProfile, Source: SourceEnv, Kind: KindEnv},
		"admin":    {Name: "admin", Source: SourceConfig, Kind: KindMFA},
		"assume":   {Name: "assume", Source: SourceConfig, Kind: KindAssumeRole},
		"bare":     {Name: "bare", Region: "ap-south-1", Source: SourceConfig, Kind: KindNone},
		"ci":       {Name: "ci", Region: "sa-east-1", Source: SourceCredentials, Kind: KindStatic},
		"dev":      {Name: "dev", Region: "us-west-2", Source: SourceConfig, Kind: KindStatic},
		"local":    {Name: "local", Source: SourceConfig, Kind: KindNone, EndpointURL: "http://127.0.0.1:4566"},
		"proc":     {Name: "proc", Source: SourceConfig, Kind: KindProcess},
		"sso":      {Name: "sso", Region: "eu-central-1", Source: SourceConfig, Kind: KindSSO, SSOSession: "corp"},
		"web":      {Name: "web", Source: SourceConfig, Kind: KindWebIdentity},
	}
	for _, p := range got {
		if p.Err != nil {
			t.Errorf("profile %s: unexpected error %v", p.Name, p.Err)
		}
		if w := want[p.Name]; p != w {
			t.Errorf("profile %s = %+v, want %+v", p.Name, p, w)
		}
	}
	if len(m.Problems()) != 0 {
		t.Errorf("Problems = %v, want none", m.Problems())
	}
}

func TestEnvEntryNeedsBothKeys(t *testing.T) {
	m := newManager(t, "", "", map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV"}, nil)
	p := profileByName(t, m, EnvProfile)
	if p.Err == nil || !strings.Contains(p.Err.Error(), "AWS_SECRET_ACCESS_KEY") {
		t.Fatalf("env entry without secret: Err = %v", p.Err)
	}
	if m := newManager(t, "", "", nil, nil); len(m.Profiles()) != 0 {
		t.Fatalf("no files, no env: profiles = %v, want none", names(m.Profiles()))
	}
}

func TestMalformedConfigIsolatesBrokenProfiles(t *testing.T) {
	config := `[profile dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = devsecret
region = eu-west-1

[profile prod
aws_access_key_id = AKIDPROD
aws_secret_access_key = prodsecret

[profile garbled]
region = us-west-2
aws_secret_access_key garbledsecret

[profile fine]
aws_access_key_id = AKIDFINE
aws_secret_access_key = finesecret

[profile partial]
aws_access_key_id = AKIDPART

[profile child]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = prod

[staging]
region = us-east-2
`
	m := newManager(t, config, "", nil, nil)
	ctx := context.Background()

	for _, name := range []string{"prod", "garbled", "partial", "child", "staging"} {
		p := profileByName(t, m, name)
		if p.Err == nil {
			t.Errorf("profile %s: want an error", name)
			continue
		}
		for _, secret := range []string{"prodsecret", "garbledsecret", "AKIDPART"} {
			if strings.Contains(p.Err.Error(), secret) || strings.Contains(Explain(p.Err), secret) {
				t.Errorf("profile %s: error shows a secret: %v", name, p.Err)
			}
		}
		if _, err := m.Config(ctx, name, ""); err == nil {
			t.Errorf("Config(%s) succeeded for a broken profile", name)
		} else if !strings.Contains(Explain(err), "profile "+name) {
			t.Errorf("Explain(Config(%s)) = %q, want it to name the profile", name, Explain(err))
		}
	}
	if p := profileByName(t, m, "staging"); !strings.Contains(p.Err.Error(), "[profile staging]") {
		t.Errorf("staging error = %v, want the fix [profile staging]", p.Err)
	}

	// The SDK alone gives dev prod's keys (the unclosed header is skipped); nimbus must not.
	for name, wantKey := range map[string]string{"dev": "AKIDDEV", "fine": "AKIDFINE"} {
		if p := profileByName(t, m, name); p.Err != nil {
			t.Fatalf("profile %s broken by its neighbours: %v", name, p.Err)
		}
		cfg, err := m.Config(ctx, name, "")
		if err != nil {
			t.Fatalf("Config(%s): %v", name, err)
		}
		creds, err := cfg.Credentials.Retrieve(ctx)
		if err != nil {
			t.Fatalf("%s credentials: %v", name, err)
		}
		if creds.AccessKeyID != wantKey {
			t.Errorf("%s uses access key %s, want %s", name, creds.AccessKeyID, wantKey)
		}
	}
	if got := m.RegionFor("dev"); got != "eu-west-1" {
		t.Errorf("RegionFor(dev) = %s, want eu-west-1", got)
	}
}

func TestUnreadableFileIsAProblemNotAFailure(t *testing.T) {
	dir := t.TempDir()
	_, creds := writeFiles(t, "", "[ci]\naws_access_key_id = A\naws_secret_access_key = B\n")
	// A directory where the config file should be: reading it fails, and the SDK would fail every load.
	m, err := New(Options{ConfigFile: dir, CredentialsFile: creds, Getenv: testEnv(t, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Problems()) != 1 {
		t.Fatalf("Problems = %v, want one", m.Problems())
	}
	if _, err := m.Config(context.Background(), "ci", ""); err != nil {
		t.Fatalf("Config(ci) with an unreadable config file: %v", err)
	}
}

func TestSettingOutsideSectionIsAProblem(t *testing.T) {
	m := newManager(t, "region = eu-west-1\n[default]\nregion = us-east-2\n", "", nil, nil)
	if len(m.Problems()) != 1 || !strings.Contains(m.Problems()[0].Error(), "line 1") {
		t.Fatalf("Problems = %v, want one about line 1", m.Problems())
	}
	if p := profileByName(t, m, "default"); p.Err != nil || p.Region != "us-east-2" {
		t.Fatalf("default = %+v", p)
	}
}

func TestMissingReferencedSections(t *testing.T) {
	m := newManager(t, "[profile a]\nsso_session = nope\n[profile b]\nservices = gone\n", "", nil, nil)
	for name, want := range map[string]string{"a": "[sso-session nope]", "b": "[services gone]"} {
		if p := profileByName(t, m, name); p.Err == nil || !strings.Contains(p.Err.Error(), want) {
			t.Errorf("profile %s: Err = %v, want mention of %s", name, p.Err, want)
		}
	}
}

func TestFilesFromEnvironmentAndHome(t *testing.T) {
	cfg, creds := writeFiles(t, "[profile fromenv]\nregion = eu-north-1\n", "[fromenvcreds]\naws_access_key_id = A\naws_secret_access_key = B\n")
	m, err := New(Options{Getenv: testEnv(t, map[string]string{
		"AWS_CONFIG_FILE": cfg, "AWS_SHARED_CREDENTIALS_FILE": creds,
	})})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(m.Profiles()); !reflect.DeepEqual(got, []string{"fromenv", "fromenvcreds"}) {
		t.Fatalf("with AWS_CONFIG_FILE: profiles = %v", got)
	}
	if c, k := m.Files(); c != cfg || k != creds {
		t.Fatalf("Files = %s, %s", c, k)
	}

	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte("[profile fromhome]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err = New(Options{Getenv: testEnv(t, map[string]string{"HOME": home})})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(m.Profiles()); !reflect.DeepEqual(got, []string{"fromhome"}) {
		t.Fatalf("from $HOME/.aws: profiles = %v", got)
	}
}

func TestReloadSeesChanges(t *testing.T) {
	cfg, creds := writeFiles(t, "[profile one]\n", "")
	m, err := New(Options{ConfigFile: cfg, CredentialsFile: creds, Getenv: testEnv(t, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("[profile one]\n[profile two]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := names(m.Profiles()); !reflect.DeepEqual(got, []string{"one"}) {
		t.Fatalf("before Reload: %v", got)
	}
	if err := m.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := names(m.Profiles()); !reflect.DeepEqual(got, []string{"one", "two"}) {
		t.Fatalf("after Reload: %v", got)
	}
}
