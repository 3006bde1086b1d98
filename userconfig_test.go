package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/cli"
)

// nimbusConfig writes nimbus's config.yaml under a fresh XDG_CONFIG_HOME and an AWS config with a
// dev and a prod-web profile, both with keys.
func nimbusConfig(t *testing.T, yaml string) {
	t.Helper()
	xdg := t.TempDir()
	os.MkdirAll(filepath.Join(xdg, "nimbus"), 0o700)
	if err := os.WriteFile(filepath.Join(xdg, "nimbus", "config.yaml"), []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", xdg)
	aws := filepath.Join(t.TempDir(), "config")
	os.WriteFile(aws, []byte("[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n"+
		"[profile prod-web]\naws_access_key_id = AKIDPROD\naws_secret_access_key = s\n"), 0o600)
	t.Setenv("AWS_CONFIG_FILE", aws)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	os.Unsetenv("AWS_ACCESS_KEY_ID")
}

// A profile that nimbus's config makes read-only refuses mutations in headless commands too,
// before anything is sent, naming the rule; another profile is unaffected.
func TestConfigReadOnlyProfileRefusesHeadlessMutations(t *testing.T) {
	url, requests := s3Server(t)
	nimbusConfig(t, "profiles:\n  prod-*:\n    readonly: true\n    color: red\n")
	create := func(profile, bucket string) (int, string) {
		code, _, stderr := runNimbus(t, "--profile", profile, "--endpoint-url", url, "call", "s3", "create-bucket",
			"--input", `{"Bucket":"`+bucket+`"}`)
		return code, stderr
	}
	code, stderr := create("prod-web", "prod-bucket")
	if code != cli.ExitConfig || !strings.Contains(stderr, "profile prod-web is read-only: prod-* in ") || strings.Contains(stderr, "--readonly") {
		t.Errorf("prod-web create-bucket: exit %d, stderr %q", code, stderr)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the refused call sent %d requests", n)
	}
	if code, stderr := create("dev", "dev-bucket"); code != cli.ExitOK {
		t.Errorf("dev create-bucket: exit %d, stderr %q", code, stderr)
	}
}

// A config file with a mistake cannot say which profiles are read-only: all of them are, and the
// command says why.
func TestBrokenConfigMakesEveryProfileReadOnly(t *testing.T) {
	url, requests := s3Server(t)
	nimbusConfig(t, "profiles:\n  prod-*:\n    readonyl: true\n")
	code, _, stderr := runNimbus(t, "--profile", "dev", "--endpoint-url", url, "call", "s3", "create-bucket",
		"--input", `{"Bucket":"dev-bucket"}`)
	if code != cli.ExitConfig || !strings.Contains(stderr, "readonyl") || !strings.Contains(stderr, "every profile is read-only") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the refused call sent %d requests", n)
	}
}
