package sessionmgr

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

const twoProfiles = `[default]
region = eu-west-1
[profile dev]
region = us-west-2
[profile noregion]
`

const twoProfilesCreds = `[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = defaultsecret
[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = devsecret
[noregion]
aws_access_key_id = AKIDNR
aws_secret_access_key = nrsecret
`

func TestRegionPrecedence(t *testing.T) {
	cases := []struct {
		name    string
		flag    string
		env     map[string]string
		profile string
		want    string
	}{
		{"flag wins", "ap-south-1", map[string]string{"AWS_REGION": "eu-north-1", "AWS_DEFAULT_REGION": "eu-west-3"}, "dev", "ap-south-1"},
		{"AWS_REGION", "", map[string]string{"AWS_REGION": "eu-north-1", "AWS_DEFAULT_REGION": "eu-west-3"}, "dev", "eu-north-1"},
		{"AWS_DEFAULT_REGION", "", map[string]string{"AWS_DEFAULT_REGION": "eu-west-3"}, "dev", "eu-west-3"},
		{"profile region", "", nil, "dev", "us-west-2"},
		{"default profile region", "", nil, "default", "eu-west-1"},
		{"fallback", "", nil, "noregion", DefaultRegion},
		{"unknown profile", "", nil, "nope", DefaultRegion},
		{"env entry uses default profile's region", "", map[string]string{"AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "B"}, EnvProfile, "eu-west-1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newManager(t, twoProfiles, twoProfilesCreds, tc.env, func(o *Options) { o.Region = tc.flag })
			if got := m.RegionFor(tc.profile); got != tc.want {
				t.Fatalf("RegionFor(%s) = %s, want %s", tc.profile, got, tc.want)
			}
		})
	}
}

// Switching profile inside the app takes the profile's region unless one was pinned.
func TestRegionOnSwitchFollowsTheProfileUnlessPinned(t *testing.T) {
	cases := []struct {
		name string
		flag string
		env  map[string]string
		want string
	}{
		{"profile region", "", nil, "us-west-2"},
		{"--region pins", "ap-south-1", nil, ""},
		{"AWS_REGION pins", "", map[string]string{"AWS_REGION": "eu-north-1"}, ""},
		{"AWS_DEFAULT_REGION pins", "", map[string]string{"AWS_DEFAULT_REGION": "eu-west-3"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newManager(t, twoProfiles, twoProfilesCreds, tc.env, func(o *Options) { o.Region = tc.flag })
			if got := m.RegionOnSwitch("dev"); got != tc.want {
				t.Fatalf("RegionOnSwitch(dev) = %q, want %q", got, tc.want)
			}
		})
	}
	m := newManager(t, twoProfiles, twoProfilesCreds, nil, nil)
	if got := m.RegionOnSwitch("noregion"); got != DefaultRegion {
		t.Fatalf("a profile without a region switches to %s, got %q", DefaultRegion, got)
	}
}

func TestInitialProfile(t *testing.T) {
	envKeys := map[string]string{"AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "B"}
	cases := []struct {
		name string
		flag string
		env  map[string]string
		want string
	}{
		{"default", "", nil, "default"},
		{"flag", "dev", map[string]string{"AWS_PROFILE": "noregion", "AWS_ACCESS_KEY_ID": "A"}, "dev"},
		{"AWS_PROFILE", "", map[string]string{"AWS_PROFILE": "noregion"}, "noregion"},
		{"environment keys", "", envKeys, EnvProfile},
		{"environment keys beat AWS_PROFILE", "", map[string]string{"AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "B"}, EnvProfile},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newManager(t, twoProfiles, twoProfilesCreds, tc.env, func(o *Options) { o.Profile = tc.flag })
			if got, _ := m.Initial(); got != tc.want {
				t.Fatalf("Initial profile = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestConfigIsCachedPerProfileAndRegion(t *testing.T) {
	m := newManager(t, twoProfiles, twoProfilesCreds, nil, nil)
	ctx := context.Background()
	load := func(profile, region string) aws.Config {
		t.Helper()
		cfg, err := m.Config(ctx, profile, region)
		if err != nil {
			t.Fatalf("Config(%s, %s): %v", profile, region, err)
		}
		return cfg
	}
	a, b := load("dev", "eu-west-1"), load("dev", "eu-west-1")
	if a.Credentials != b.Credentials || a.Region != b.Region || len(a.APIOptions) != len(b.APIOptions) {
		t.Fatal("two loads of (dev, eu-west-1) returned different configurations")
	}
	other := load("dev", "ap-south-1")
	if other.Region != "ap-south-1" || a.Region != "eu-west-1" {
		t.Fatalf("regions = %s and %s, want eu-west-1 and ap-south-1", a.Region, other.Region)
	}
	// One credentials cache per profile: an MFA code or assumed role is not asked for again per region.
	if other.Credentials != a.Credentials {
		t.Fatal("regions of one profile do not share their credentials cache")
	}
	if def := load("default", "eu-west-1"); def.Credentials == a.Credentials {
		t.Fatal("profiles dev and default share a credentials cache")
	}
	if got := load("dev", ""); got.Region != "us-west-2" {
		t.Fatalf("Config(dev, \"\") region = %s, want the profile's us-west-2", got.Region)
	}

	m.Invalidate("dev")
	m.mu.Lock()
	_, cached := m.configs[configKey{"dev", "eu-west-1"}]
	m.mu.Unlock()
	if cached {
		t.Fatal("Invalidate kept the cached configuration")
	}
}

// A configuration handed out before a Reload (held by a client) gets the credentials read again,
// not the ones it had: a call retried after new keys were written uses them.
func TestConfigHeldAcrossReloadGetsTheNewCredentials(t *testing.T) {
	m := newManager(t, twoProfiles, twoProfilesCreds, nil, nil)
	ctx := context.Background()
	held, err := m.Config(ctx, "dev", "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if c, err := held.Credentials.Retrieve(ctx); err != nil || c.AccessKeyID != "AKIDDEV" {
		t.Fatalf("%v %v", c.AccessKeyID, err)
	}
	if err := os.WriteFile(m.opts.CredentialsFile, []byte(strings.ReplaceAll(twoProfilesCreds, "AKIDDEV", "AKIDNEW")), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := m.Reload(); err != nil {
		t.Fatal(err)
	}
	if c, err := held.Credentials.Retrieve(ctx); err != nil || c.AccessKeyID != "AKIDNEW" {
		t.Fatalf("the held configuration signs with %v (%v), want the new AKIDNEW", c.AccessKeyID, err)
	}
}

func TestConfigConcurrentLoadsShareOneConfig(t *testing.T) {
	m := newManager(t, twoProfiles, twoProfilesCreds, nil, nil)
	const n = 16
	got := make([]aws.Config, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg, err := m.Config(context.Background(), "dev", []string{"eu-west-1", "us-east-2"}[i%2])
			if err != nil {
				t.Error(err)
			}
			got[i] = cfg
		}()
	}
	wg.Wait()
	for i := range got {
		if got[i].Credentials != got[0].Credentials {
			t.Fatalf("load %d has its own credentials cache", i)
		}
	}
}

func TestCredentialsOfEachProfile(t *testing.T) {
	m := newManager(t, twoProfiles, twoProfilesCreds, map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken",
	}, nil)
	ctx := context.Background()
	for profile, want := range map[string]string{"default": "AKIDDEFAULT", "dev": "AKIDDEV", EnvProfile: "AKIDENV"} {
		cfg, err := m.Config(ctx, profile, "")
		if err != nil {
			t.Fatalf("Config(%s): %v", profile, err)
		}
		creds, err := cfg.Credentials.Retrieve(ctx)
		if err != nil {
			t.Fatalf("%s: %v", profile, err)
		}
		if creds.AccessKeyID != want {
			t.Errorf("%s uses %s, want %s", profile, creds.AccessKeyID, want)
		}
		if profile == EnvProfile && creds.SessionToken != "envtoken" {
			t.Errorf("env entry lost AWS_SESSION_TOKEN")
		}
	}
}

func TestEnvEntryWithoutDefaultProfile(t *testing.T) {
	// AWS_PROFILE in the process environment must not break the environment entry either.
	m := newManager(t, "", "", map[string]string{"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"}, nil)
	t.Setenv("AWS_PROFILE", "missing")
	cfg, err := m.Config(context.Background(), EnvProfile, "")
	if err != nil {
		t.Fatalf("Config(env): %v", err)
	}
	if creds, err := cfg.Credentials.Retrieve(context.Background()); err != nil || creds.AccessKeyID != "AKIDENV" {
		t.Fatalf("env credentials = %v, %v", creds.AccessKeyID, err)
	}
	if cfg.Region != DefaultRegion {
		t.Fatalf("region = %s, want %s", cfg.Region, DefaultRegion)
	}
}

func TestEndpointShownInHeader(t *testing.T) {
	m := newManager(t, "", "", map[string]string{"AWS_ENDPOINT_URL": "http://env:1"}, nil)
	if got := m.Endpoint(); got != "http://env:1" {
		t.Fatalf("Endpoint = %q", got)
	}
	m = newManager(t, "", "", map[string]string{"AWS_ENDPOINT_URL": "http://env:1"}, func(o *Options) { o.EndpointURL = "http://flag:2" })
	if got := m.Endpoint(); got != "http://flag:2" {
		t.Fatalf("Endpoint = %q", got)
	}
}

func TestReloadWhileLoading(t *testing.T) {
	m := newManager(t, twoProfiles, twoProfilesCreds, nil, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				if i%4 == 0 {
					if err := m.Reload(); err != nil {
						t.Error(err)
					}
					continue
				}
				if _, err := m.Config(context.Background(), "dev", []string{"eu-west-1", "us-east-2"}[j%2]); err != nil {
					t.Error(err)
				}
				_ = m.Profiles()
			}
		}()
	}
	wg.Wait()
}
