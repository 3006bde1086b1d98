package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nimbus-tui/nimbus/demo/world"
	"github.com/nimbus-tui/nimbus/internal/userconfig"
)

// The demo's profiles, as the demo writes them in its own config files (never the user's).
const (
	DevProfile  = "demo-dev"
	ProdProfile = "demo-prod"
)

// ProfileRegion is each demo profile's region.
var ProfileRegion = map[string]string{DevProfile: "us-east-1", ProdProfile: "eu-west-1"}

// writeProfiles writes a shared config and credentials file for the demo profiles into a new
// temporary directory, every profile's endpoint_url pointing at url.
func writeProfiles(url string) (dir, config, credentials string, err error) {
	dir, err = os.MkdirTemp("", "demo-profiles-")
	if err != nil {
		return "", "", "", fmt.Errorf("writing the demo profiles: %w", err)
	}
	var cfg, creds strings.Builder
	for _, a := range world.Accounts() {
		fmt.Fprintf(&cfg, "[profile %s]\nregion = %s\nendpoint_url = %s\n\n", a.Profile, ProfileRegion[a.Profile], url)
		fmt.Fprintf(&creds, "[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n", a.Profile, a.AccessKey, a.SecretKey)
	}
	config = filepath.Join(dir, "config")
	credentials = filepath.Join(dir, "credentials")
	if err := os.WriteFile(config, []byte(cfg.String()), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", "", "", fmt.Errorf("writing the demo profiles: %w", err)
	}
	if err := os.WriteFile(credentials, []byte(creds.String()), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", "", "", fmt.Errorf("writing the demo profiles: %w", err)
	}
	return dir, config, credentials, nil
}

// ConfigFiles are the shared config and credentials files holding the demo profiles (DevProfile,
// ProdProfile), each pointing at this server; they are removed by Close.
func (s *Server) ConfigFiles() (config, credentials string) { return s.configFile, s.credsFile }

// Settings are nimbus's per-profile settings for the demo's profiles, in place of the user's
// config file (whose mouse setting alone is kept): demo-prod is read-only, with a red header.
func Settings(user userconfig.Config) userconfig.Config {
	on := true
	return userconfig.Config{Mouse: user.Mouse, Rules: []userconfig.Rule{
		{Pattern: ProdProfile, ReadOnly: &on, Color: "1", File: "the demo's own settings"},
	}}
}
