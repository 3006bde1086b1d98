package sessionmgr

import (
	"os"
	"path/filepath"
	"testing"
)

// testEnv isolates a test from the real environment and the real ~/.aws: Options.Getenv sees only
// vars, and the AWS_* variables the SDK reads from the process are cleared.
func testEnv(t *testing.T, vars map[string]string) func(string) string {
	t.Helper()
	home := t.TempDir()
	for _, k := range []string{
		"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
		"AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CA_BUNDLE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
	} {
		t.Setenv(k, "") // restores the value after the test…
		os.Unsetenv(k)  // …and unset differs from empty for the SDK (os.LookupEnv)
	}
	t.Setenv("HOME", home) // the SSO token cache lives under $HOME
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return func(k string) string {
		if k == "HOME" {
			if v, ok := vars[k]; ok {
				return v
			}
			return home
		}
		return vars[k]
	}
}

// writeFiles writes the shared config and credentials files into a temporary directory.
func writeFiles(t *testing.T, config, credentials string) (configPath, credentialsPath string) {
	t.Helper()
	dir := t.TempDir()
	configPath, credentialsPath = filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	writeFile(t, configPath, config)
	writeFile(t, credentialsPath, credentials)
	return configPath, credentialsPath
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// newManager builds a Manager over the given files with an isolated environment.
func newManager(t *testing.T, config, credentials string, vars map[string]string, mod func(*Options)) *Manager {
	t.Helper()
	cfg, creds := writeFiles(t, config, credentials)
	opts := Options{ConfigFile: cfg, CredentialsFile: creds, Getenv: testEnv(t, vars)}
	if mod != nil {
		mod(&opts)
	}
	m, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m
}

func profileByName(t *testing.T, m *Manager, name string) Profile {
	t.Helper()
	p, ok := m.Profile(name)
	if !ok {
		t.Fatalf("profile %q not listed; have %v", name, names(m.Profiles()))
	}
	return p
}

func names(ps []Profile) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}
