package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/cli"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// seconds turns a --cli-*-timeout value into a duration; nil stays nil (not given).
func seconds(v *float64) *time.Duration {
	if v == nil {
		return nil
	}
	d := time.Duration(max(*v, 0) * float64(time.Second))
	return &d
}

// sessions builds the session manager from the global flags. With --demo it starts the built-in
// S3 server and points a session with dummy credentials at it, ignoring the user's ~/.aws so that
// the demo never touches a real account. The returned stop closes the demo server. Headless
// commands pass seeded, to see the whole demo data; the TUI does not wait for it.
func (r *runContext) sessions(ctx context.Context, seeded bool) (*sessionmgr.Manager, func(), error) {
	g := r.global
	opts := sessionmgr.Options{
		Profile:     g.Profile,
		Region:      g.Region,
		EndpointURL: g.EndpointURL,
		ReadOnly:    g.ReadOnly,
		MFAPrompt:   r.mfa,
		// With --demo, the demo's own settings (main.go): demo-prod is read-only.
		ProfileReadOnly: r.profileReadOnly,
	}
	opts.ReadTimeout, opts.ConnectTimeout = seconds(g.ReadTimeout), seconds(g.ConnectTimeout)
	stop := func() {}
	if g.Demo {
		srv, err := demo.StartWith(ctx, demo.Options{SeedAfter: r.seedAfter, Speed: g.DemoSpeed})
		if err != nil {
			return nil, nil, fmt.Errorf("starting the demo server: %w", err)
		}
		stop = srv.Close
		if seeded {
			select {
			case <-srv.Seeded():
			case <-ctx.Done():
				srv.Close()
				return nil, nil, ctx.Err()
			}
		}
		demoSessions(&opts, srv, os.Getenv)
		r.logger.Info("demo server started", "url", srv.URL)
	}
	m, err := sessionmgr.New(opts)
	if err != nil {
		stop()
		return nil, nil, err
	}
	for _, p := range m.Problems() {
		r.logger.Warn("shared config", "problem", p)
	}
	closeDemo := stop
	stop = func() {
		m.Close() // no credential_process may outlive nimbus
		closeDemo()
	}
	return m, stop, nil
}

// initialConfig loads the aws.Config of the initial profile and region for a headless command,
// warning on stderr about a region no partition lists. On failure it prints why, sets the exit
// code (cli.ExitCode) and returns false.
func (r *runContext) initialConfig(cmd string, mgr *sessionmgr.Manager) (aws.Config, bool) {
	profile, region := mgr.Initial()
	_, source := mgr.RegionSource(profile)
	if w, _ := sessionmgr.CheckRegion(region, source); w != "" {
		fmt.Fprintf(r.stderr, "nimbus %s: warning: %s\n", cmd, textsafe.Clean(w))
	}
	cfg, err := mgr.Config(r.ctx, profile, region)
	if err != nil {
		fmt.Fprintf(r.stderr, "nimbus %s: %s\n", cmd, cli.Explain(err))
		*r.exit = cli.ExitCode(err)
		return aws.Config{}, false
	}
	return cfg, true
}

// refuseWrites refuses a headless command that would change what writes says ("" for nothing)
// when the session is read-only (--readonly, or nimbus's config for the profile), before any
// request: it prints why, sets the exit code and returns true.
func (r *runContext) refuseWrites(cmd string, mgr *sessionmgr.Manager, writes string) bool {
	if writes == "" {
		return false
	}
	profile, _ := mgr.Initial()
	by := mgr.ReadOnlyBy(profile)
	if by == "" {
		return false
	}
	lift := "start nimbus without --readonly to allow it"
	if by != "--readonly" {
		lift = "profile " + profile + " is read-only: " + by
	}
	*r.exit = cli.RefuseWrites(r.stderr, cmd, writes, lift)
	return true
}

// s3Config is initialConfig with the credentials resolved first, for the S3 commands: without
// them every file of a transfer fails alike, each line carrying the SDK's chain of providers
// ("get identity: get credentials: failed to refresh cached credentials, … no EC2 IMDS role
// found, …"). It says so once, as `call` does, before any request to S3.
func (r *runContext) s3Config(cmd string, mgr *sessionmgr.Manager) (aws.Config, bool) {
	cfg, ok := r.initialConfig(cmd, mgr)
	if !ok || cfg.Credentials == nil {
		return cfg, ok
	}
	if _, err := cfg.Credentials.Retrieve(r.ctx); err != nil {
		fmt.Fprintf(r.stderr, "nimbus %s: %s\n", cmd, cli.Explain(err))
		*r.exit = cli.ExitCode(err)
		return aws.Config{}, false
	}
	return cfg, true
}

// demoSessions points the session options at the demo server: its own config and credentials
// files (the demo profiles, never the user's ~/.aws), none of the user's AWS_* settings, and
// every call to the server. A profile other than the demo's starts on demo-dev.
func demoSessions(opts *sessionmgr.Options, srv *demo.Server, getenv func(string) string) {
	config, credentials := srv.ConfigFiles()
	env := map[string]string{
		"AWS_CONFIG_FILE":             config,
		"AWS_SHARED_CREDENTIALS_FILE": credentials,
		"AWS_ENDPOINT_URL":            srv.URL,
	}
	opts.Getenv = func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if strings.HasPrefix(k, "AWS_") {
			return "" // AWS_PROFILE, AWS_REGION, keys, per-service endpoints: not the demo's
		}
		return getenv(k)
	}
	opts.ConfigFile, opts.CredentialsFile = config, credentials
	if _, ok := demo.ProfileRegion[opts.Profile]; !ok {
		opts.Profile = demo.DevProfile
	}
	opts.EndpointURL = srv.URL
}
