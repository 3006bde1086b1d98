package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
)

// policy is the network policy of profile's calls (awsapi/netpolicy): --cli-connect-timeout and
// --cli-read-timeout, else the profile's cli_connect_timeout / cli_read_timeout, else the AWS CLI's
// 60 s; the profile's max_attempts, else 3.
func (m *Manager) policy(snap *snapshot, profile string) netpolicy.Policy {
	p := netpolicy.Default()
	p.Backoff = m.opts.Backoff
	keys := map[string]string{}
	if ps, ok := snap.settings[profile]; ok {
		keys = ps.keys
	}
	if n, err := strconv.Atoi(keys["max_attempts"]); err == nil && n > 0 {
		p.MaxAttempts = n
	}
	p.ConnectTimeout = pickTimeout(m.opts.ConnectTimeout, keys["cli_connect_timeout"], p.ConnectTimeout)
	p.ReadTimeout = pickTimeout(m.opts.ReadTimeout, keys["cli_read_timeout"], p.ReadTimeout)
	return p
}

// pickTimeout is the flag when set, else the profile's value in seconds when valid, else def.
func pickTimeout(flag *time.Duration, setting string, def time.Duration) time.Duration {
	if flag != nil {
		return max(*flag, 0)
	}
	if d, ok := ParseSeconds(setting); ok {
		return d
	}
	return def
}

// ParseSeconds reads a timeout given in seconds as the AWS CLI takes it ("60", "0.5"); 0 means
// none. It reports false for anything else.
func ParseSeconds(s string) (time.Duration, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 0 || f > 1e6 {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// loadOptions assembles the LoadDefaultConfig options for profile.
// ep receives the resolved base endpoint after loading, for the credential providers' clients.
func (m *Manager) loadOptions(snap *snapshot, profile, region string, files sdkFileSet, ep *credEndpoint) []func(*config.LoadOptions) error {
	policy := m.policy(snap, profile)
	var httpClient aws.HTTPClient = policy.Transport() // stays a BuildableClient for a CA bundle
	if m.opts.HTTPClient != nil {
		httpClient = m.opts.HTTPClient
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRegion(region),
		config.WithSharedConfigFiles(files.config),
		config.WithSharedCredentialsFiles(files.credentials),
		config.WithLogger(m.opts.Logger),
		config.WithRetryer(func() aws.Retryer { return policy.Retryer() }),
		config.WithHTTPClient(httpClient),
	}
	opts = append(opts, m.credentialClientOptions(profile, ep)...)
	if m.opts.EndpointURL != "" {
		// For the clients the credential providers build during loading (STS for assume-role, SSO);
		// applyEndpointOverride covers the clients built afterwards.
		opts = append(opts, config.WithBaseEndpoint(m.opts.EndpointURL))
	}
	// Always there, on only while the profile is read-only: a switch inside the app may make it
	// writable or read-only after its clients were built.
	opts = append(opts, config.WithAPIOptions([]func(*middleware.Stack) error{m.guardFor(profile)}))
	if ps, ok := snap.settings[profile]; ok && profile != EnvProfile {
		timeout := m.processTimeout(ps.keys)
		if kindOf(ps.keys) == KindProcess {
			opts = append(opts, config.WithCredentialsProvider(processProvider{
				runner: m.procs, profile: profile, command: ps.keys["credential_process"], timeout: timeout}))
		} else {
			// A credential_process further down a chain (a source_profile's) is the SDK's to run:
			// it gets the timeout, not the process group.
			opts = append(opts, config.WithProcessCredentialOptions(func(o *processcreds.Options) {
				o.Timeout = timeout
			}))
		}
	}
	if profile == EnvProfile {
		// The environment entry uses the environment's keys only; the default profile (when usable)
		// still supplies settings such as services and endpoint_url, as in the AWS CLI.
		getenv := m.opts.Getenv
		opts = append(opts,
			config.WithSharedConfigProfile("default"),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(
				getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY"), getenv("AWS_SESSION_TOKEN"))),
		)
	} else {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	return opts
}

// CredentialsError is returned (wrapped in the SDK's operation error) when a profile's credentials
// cannot be obtained. It names the profile so that Explain can say what to do.
type CredentialsError struct {
	Profile string
	Kind    string // the profile's Kind
	Err     error
}

func (e *CredentialsError) Error() string {
	return fmt.Sprintf("getting credentials for profile %s: %v", e.Profile, e.Err)
}

func (e *CredentialsError) Unwrap() error { return e.Err }

// profileCredentials tags credential failures with the profile they belong to.
type profileCredentials struct {
	profile, kind string
	inner         aws.CredentialsProvider
	state         *credState // for Status
}

func (p profileCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	creds, err := p.inner.Retrieve(ctx)
	if err != nil {
		if p.kind == KindProcess && strings.Contains(err.Error(), "process output") {
			// processcreds quotes the command's output, which holds the secret when it is almost valid.
			err = errors.New("credential_process printed output that is not valid credentials JSON (output not shown)")
		}
		err = &CredentialsError{Profile: p.profile, Kind: p.kind, Err: err}
	}
	if p.state != nil && !errors.Is(err, context.Canceled) {
		p.state.record(creds, err)
	}
	if err != nil {
		return aws.Credentials{}, err
	}
	return creds, nil
}

// applyEndpointOverride makes --endpoint-url win over everything, as in the AWS CLI. Setting
// BaseEndpoint alone is not enough: each client lets AWS_ENDPOINT_URL_<SERVICE> and the profile's
// services section replace it, and ignore_configured_endpoint_urls would drop it. A leading config
// source that says "ignore configured endpoints" stops those per-service lookups.
func applyEndpointOverride(cfg *aws.Config, url string) {
	if url == "" {
		return
	}
	cfg.BaseEndpoint = aws.String(url)
	cfg.ConfigSources = append([]any{endpointOverride{}}, cfg.ConfigSources...)
}

// endpointOverride is a config source that tells clients to ignore configured endpoints.
type endpointOverride struct{}

// GetIgnoreConfiguredEndpoints implements the SDK's IgnoreConfiguredEndpointsProvider.
func (endpointOverride) GetIgnoreConfiguredEndpoints(context.Context) (bool, bool, error) {
	return true, true, nil
}
