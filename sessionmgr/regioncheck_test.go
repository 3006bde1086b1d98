package sessionmgr

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// A region is put into the host name: one holding "@", ":" or "#" chose the host the call went to
// (measured: --region 'x@127.0.0.1:5399#' sent `call` to 127.0.0.1:5399). Every way a region
// enters is refused before a configuration is built, naming where the region came from.
func TestConfigRefusesRegionThatIsNotARegionName(t *testing.T) {
	const hostile = "x@127.0.0.1:5399#"
	keys := "[default]\naws_access_key_id = A\naws_secret_access_key = B\n"
	cases := []struct {
		name, config, source string
		vars                 map[string]string
		flag, asked          string
	}{
		{name: "flag", config: keys, flag: hostile, source: "--region"},
		{name: "AWS_REGION", config: keys, vars: map[string]string{"AWS_REGION": hostile}, source: "AWS_REGION"},
		{name: "AWS_DEFAULT_REGION", config: keys, vars: map[string]string{"AWS_DEFAULT_REGION": hostile}, source: "AWS_DEFAULT_REGION"},
		{name: "profile", config: "[default]\naws_access_key_id = A\naws_secret_access_key = B\nregion = " + hostile + "\n", source: "the region of profile default"},
		{name: "asked", config: keys, asked: "eu-west-1.evil.example", source: "the region asked for"},
		{name: "upper case", config: keys, flag: "EU-WEST-1", source: "--region"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newManager(t, tc.config, "", tc.vars, func(o *Options) { o.Region = tc.flag })
			_, err := m.Config(context.Background(), "default", tc.asked)
			var re *RegionError
			if !errors.As(err, &re) {
				t.Fatalf("Config: %v, want a *RegionError", err)
			}
			if re.Source != tc.source {
				t.Errorf("source %q, want %q", re.Source, tc.source)
			}
			if msg := Explain(err); !strings.Contains(msg, tc.source) || !strings.Contains(msg, "is not valid") {
				t.Errorf("Explain: %q", msg)
			}
		})
	}
}

func TestCheckRegionWarnsOnUnknownRegion(t *testing.T) {
	for _, known := range []string{"eu-west-1", "us-gov-east-1", "cn-north-1", "us-iso-east-1"} {
		if w, err := CheckRegion(known, "--region"); w != "" || err != nil {
			t.Errorf("CheckRegion(%s) = %q, %v", known, w, err)
		}
	}
	w, err := CheckRegion("mars-1", ":region")
	if err != nil || !strings.Contains(w, "mars-1 (from :region) is not a known AWS region") {
		t.Errorf("CheckRegion(mars-1) = %q, %v", w, err)
	}
	if _, err := CheckRegion("mars 1", ":region"); err == nil {
		t.Error("CheckRegion(mars 1) accepted")
	}
}

func TestNewRefusesMalformedEndpointURL(t *testing.T) {
	cases := []struct {
		flag   string
		vars   map[string]string
		source string
	}{
		{flag: "localhost:4566", source: "--endpoint-url"},
		{flag: "http://user:pw@127.0.0.1:5000", source: "--endpoint-url"},
		{vars: map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:5399#"}, source: "AWS_ENDPOINT_URL"},
	}
	for _, tc := range cases {
		cfg, creds := writeFiles(t, "", "")
		_, err := New(Options{ConfigFile: cfg, CredentialsFile: creds, EndpointURL: tc.flag, Getenv: testEnv(t, tc.vars)})
		var ee *EndpointError
		if !errors.As(err, &ee) || ee.Source != tc.source {
			t.Errorf("%q %v: New = %v, want an *EndpointError from %s", tc.flag, tc.vars, err, tc.source)
		}
	}
}

func TestProfileWithMalformedURLValuesIsBroken(t *testing.T) {
	m := newManager(t, "[profile ep]\naws_access_key_id = A\naws_secret_access_key = B\nendpoint_url = http://x@evil:1/\n"+
		"[profile sso]\nsso_start_url = https://x\nsso_region = x@evil#\nsso_account_id = 1\nsso_role_name = R\n"+
		"[profile ssos]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n"+
		"[sso-session s]\nsso_start_url = https://x\nsso_region = eu-west-1/\n", "", nil, nil)
	for name, want := range map[string]string{"ep": "endpoint_url", "sso": "sso_region", "ssos": "sso_region"} {
		p := profileByName(t, m, name)
		if p.Err == nil || !strings.Contains(p.Err.Error(), want) {
			t.Errorf("profile %s: Err %v, want one naming %s", name, p.Err, want)
		}
	}
}

// The SDK reported a source_profile cycle as "… of profile a, <nil>"; nimbus names the cycle.
func TestSourceProfileCycleIsNamed(t *testing.T) {
	m := newManager(t, "[profile a]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = b\n"+
		"[profile b]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = c\n"+
		"[profile c]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\n"+
		"[profile d]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = a\n"+
		"[profile self]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = self\naws_access_key_id = A\naws_secret_access_key = B\n", "", nil, nil)
	for name, want := range map[string]string{"a": "a → b → c → a", "b": "b → c → a → b", "d": "d → a → b → c → a"} {
		p := profileByName(t, m, name)
		if p.Err == nil || !strings.Contains(p.Err.Error(), "source_profile cycle "+want) {
			t.Errorf("profile %s: Err %v, want the cycle %s", name, p.Err, want)
		}
		_, err := m.Config(context.Background(), name, "")
		if msg := Explain(err); !strings.Contains(msg, want) || strings.Contains(msg, "<nil>") {
			t.Errorf("profile %s: Explain %q", name, msg)
		}
	}
	if p := profileByName(t, m, "self"); p.Err != nil {
		t.Errorf("a profile that is its own source: %v", p.Err)
	}
}

// A NUL byte in the config made every call fail with an Authorization-header error; the profile is
// now refused, naming the file and line.
func TestBinaryBytesInSharedFilesAreNamed(t *testing.T) {
	cfg, creds := writeFiles(t, "[profile ok]\nregion = eu-west-1\n[profile nul]\nregion = eu-west-1\naws_access_key_id = AK\x00IA\naws_secret_access_key = B\n",
		"[ctl]\naws_access_key_id = A\naws_secret_access_key = B\x1b[31m\n[utf]\naws_access_key_id = A\xff\naws_secret_access_key = B\n\x00\x00\x00\n")
	m, err := New(Options{ConfigFile: cfg, CredentialsFile: creds, Getenv: testEnv(t, nil)})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"nul": "config file " + cfg + " line 5 holds a NUL byte",
		"ctl": "credentials file " + creds + " line 3 holds the control character 0x1b",
		"utf": "credentials file " + creds + " line 5 holds the byte 0xff",
	} {
		p := profileByName(t, m, name)
		if p.Err == nil || !strings.Contains(p.Err.Error(), want) {
			t.Errorf("profile %s: Err %v, want %q", name, p.Err, want)
		}
	}
	if p := profileByName(t, m, "ok"); p.Err != nil {
		t.Errorf("profile ok: %v", p.Err)
	}
}

// AWS_ENDPOINT_URL_<SERVICE> and a [services x] section's endpoint_url choose where one service's
// calls go; they are checked like --endpoint-url.
func TestServiceEndpointURLsAreChecked(t *testing.T) {
	getenv := testEnv(t, nil)
	t.Setenv("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:5399#")
	cfg, creds := writeFiles(t, "", "")
	_, err := New(Options{ConfigFile: cfg, CredentialsFile: creds, Getenv: getenv})
	var ee *EndpointError
	if !errors.As(err, &ee) || ee.Source != "AWS_ENDPOINT_URL_S3" {
		t.Errorf("New with a malformed AWS_ENDPOINT_URL_S3: %v", err)
	}
	t.Setenv("AWS_ENDPOINT_URL_S3", "")

	m := newManager(t, "[profile local]\naws_access_key_id = A\naws_secret_access_key = B\nservices = dev\n"+
		"[services dev]\ns3 =\n  endpoint_url = http://user:pw@127.0.0.1:5399/\n", "", nil, nil)
	if p := profileByName(t, m, "local"); p.Err == nil || !strings.Contains(p.Err.Error(), "line 7: endpoint_url") {
		t.Errorf("profile local: %v", p.Err)
	}
}
