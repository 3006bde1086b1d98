package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"golang.org/x/sync/singleflight"

	"github.com/nimbus-tui/nimbus/internal/awsname"
)

// DefaultRegion is used when neither flags, environment nor profile name a region.
const DefaultRegion = "us-east-1"

// Manager lists profiles and caches configurations and identities. It is safe for concurrent use.
type Manager struct {
	opts  Options
	loads singleflight.Group

	mu         sync.Mutex
	snap       *snapshot
	gen        uint64 // bumped by Reload and Invalidate so that loads begun earlier are not cached
	bases      map[string]aws.Config
	configs    map[configKey]aws.Config
	handles    map[string]*aws.CredentialsCache // by profile: see handle
	identities map[string]Identity
	loadErrs   map[string]error      // errors the SDK found on loading a profile that passed checkProfile
	creds      map[string]*credState // how getting each profile's credentials last ended
	writes     map[string]bool       // AllowWrites (true) and ForbidWrites (false) per profile
	// distrust holds the CLI cache files of role credentials that AWS called expired though the
	// file said otherwise (Renew): they are not read again until nimbus rewrites them.
	distrust map[string]bool
	// adhoc are the settings of the SSO roles opened without a profile (OpenSSORole), by name:
	// every snapshot of the files gets them as profiles of its own.
	adhoc      map[string]map[string]string
	adhocRoles map[string]SSORole // what opened each of adhoc (SessionRole)

	procs *processes // the credential processes running, killed by Close
}

type configKey struct{ profile, region string }

// New reads the shared files and returns a Manager. Malformed files do not make it fail: their
// errors are reported on the profiles concerned and by Problems.
func New(opts Options) (*Manager, error) {
	m := &Manager{opts: opts.withDefaults(), procs: newProcesses(), writes: map[string]bool{}}
	if u := m.opts.EndpointURL; u != "" {
		if err := checkEndpoint(u, "--endpoint-url"); err != nil {
			return nil, err
		}
	}
	if u := m.opts.Getenv("AWS_ENDPOINT_URL"); u != "" {
		if err := checkEndpoint(u, "AWS_ENDPOINT_URL"); err != nil {
			return nil, err
		}
	}
	// The SDK reads AWS_ENDPOINT_URL_<SERVICE> from the process environment itself.
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_ENDPOINT_URL_") && v != "" {
			if err := checkEndpoint(v, k); err != nil {
				return nil, err
			}
		}
	}
	if err := m.Reload(); err != nil {
		return nil, err
	}
	return m, nil
}

// Close kills the credential processes still running (and every process they started). Call it
// before the program exits; the Manager must not be used after.
func (m *Manager) Close() { m.procs.close() }

// Reload re-reads the shared files and drops every cached configuration and identity.
func (m *Manager) Reload() error {
	snap, err := loadSnapshot(m.opts)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snap = snap.withAdhoc(m.adhoc)
	m.gen++
	m.bases = map[string]aws.Config{}
	m.configs = map[configKey]aws.Config{}
	m.identities = map[string]Identity{}
	m.loadErrs = map[string]error{}
	m.creds = map[string]*credState{}
	for _, h := range m.handles {
		h.Invalidate()
	}
	return nil
}

// Invalidate drops the cached configuration and identity of one profile, e.g. after an SSO login.
func (m *Manager) Invalidate(profile string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	delete(m.bases, profile)
	delete(m.identities, profile)
	delete(m.loadErrs, profile)
	delete(m.creds, profile)
	for k := range m.configs {
		if k.profile == profile {
			delete(m.configs, k)
		}
	}
	if h, ok := m.handles[profile]; ok {
		h.Invalidate()
	}
}

// Profiles returns every profile, default first, then the environment entry, then by name. Broken
// profiles are included with Err set.
func (m *Manager) Profiles() []Profile {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]Profile(nil), m.snap.profiles...)
	for i := range out {
		if err := m.loadErrs[out[i].Name]; err != nil && out[i].Err == nil {
			out[i].Err = err
		}
	}
	return out
}

// Profile returns one profile by name.
func (m *Manager) Profile(name string) (Profile, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.snap.byName[name]
	if err := m.loadErrs[name]; err != nil && p.Err == nil {
		p.Err = err
	}
	return p, ok
}

// Problems returns errors that belong to no profile: an unreadable file, settings above the first
// section. They never contain secrets.
func (m *Manager) Problems() []error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]error(nil), m.snap.problems...)
}

// Files returns the shared config and credentials files in use.
func (m *Manager) Files() (configFile, credentialsFile string) {
	return m.opts.ConfigFile, m.opts.CredentialsFile
}

// ReadOnly reports whether --readonly makes every configuration refuse mutating operations (see
// ReadOnlyFor for one profile).
func (m *Manager) ReadOnly() bool { return m.opts.ReadOnly }

// Endpoint returns the endpoint override shown in the header: --endpoint-url, else AWS_ENDPOINT_URL,
// else "" (AWS_ENDPOINT_URL_<SERVICE> and services sections are per service and not summarised).
func (m *Manager) Endpoint() string {
	if m.opts.EndpointURL != "" {
		return m.opts.EndpointURL
	}
	return m.opts.Getenv("AWS_ENDPOINT_URL")
}

// Initial returns the profile and region to start with: the profile from --profile, else the
// environment entry when AWS_ACCESS_KEY_ID is set, else AWS_PROFILE, else "default". Environment
// keys win over AWS_PROFILE as they do in the AWS CLI, boto3 and the Go SDK (only an explicit
// profile beats them).
func (m *Manager) Initial() (profile, region string) {
	m.mu.Lock()
	_, hasEnv := m.snap.byName[EnvProfile]
	m.mu.Unlock()
	switch {
	case m.opts.Profile != "":
		profile = m.opts.Profile
	case hasEnv:
		profile = EnvProfile
	case m.opts.Getenv("AWS_PROFILE") != "":
		profile = m.opts.Getenv("AWS_PROFILE")
	default:
		profile = "default"
	}
	return profile, m.RegionFor(profile)
}

// RegionFor returns the region to use with profile: --region, AWS_REGION, AWS_DEFAULT_REGION, the
// profile's region (the default profile's for the environment entry), else DefaultRegion.
func (m *Manager) RegionFor(profile string) string {
	region, _ := m.RegionSource(profile)
	return region
}

// RegionOnSwitch is the region to change to when the user switches to profile inside the app:
// the profile's own (or the default), unless --region, AWS_REGION or AWS_DEFAULT_REGION pinned
// one, when it is "" — the region in use stays.
func (m *Manager) RegionOnSwitch(profile string) string {
	if _, source := m.RegionSource(profile); source == "--region" || source == "AWS_REGION" || source == "AWS_DEFAULT_REGION" {
		return ""
	}
	return m.RegionFor(profile)
}

// RegionSource is RegionFor and where the region came from, for messages: "--region",
// "AWS_REGION", "AWS_DEFAULT_REGION", "the region of profile dev" or "the default region".
func (m *Manager) RegionSource(profile string) (region, source string) {
	if m.opts.Region != "" {
		return m.opts.Region, "--region"
	}
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if r := m.opts.Getenv(k); r != "" {
			return r, k
		}
	}
	if profile == EnvProfile {
		profile = "default"
	}
	if p, ok := m.Profile(profile); ok && p.Region != "" {
		return p.Region, "the region of profile " + profile
	}
	return DefaultRegion, "the default region"
}

// Setting returns a profile's own setting key from the shared files ("" when unset), e.g. the
// AWS CLI's cli_timestamp_format. The environment entry reads AWS_PROFILE's profile, else
// default's, as the AWS CLI does.
func (m *Manager) Setting(profile, key string) string {
	if profile == EnvProfile {
		profile = m.opts.Getenv("AWS_PROFILE")
		if profile == "" {
			profile = "default"
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if ps := m.snap.settings[profile]; ps != nil {
		return ps.keys[key]
	}
	return ""
}

// Config returns the aws.Config for profile in region ("" means RegionFor(profile)), loading it on
// first use. All regions of a profile share one credentials cache, so an MFA code or an assumed role
// is asked for once. A region that is not a region name is refused with a *RegionError naming where
// it came from. Loading only reads files; credentials are fetched by the first call that needs
// them, and their errors come back from that call (see Explain).
func (m *Manager) Config(ctx context.Context, profile, region string) (aws.Config, error) {
	source := "the region asked for"
	if r, s := m.RegionSource(profile); region == "" || region == r {
		region, source = r, s
	}
	// The region becomes part of the host name: refuse one that could choose another host.
	if err := awsname.Region(region); err != nil {
		return aws.Config{}, &RegionError{Region: region, Source: source, Err: err}
	}
	key := configKey{profile, region}
	m.mu.Lock()
	if cfg, ok := m.configs[key]; ok {
		m.mu.Unlock()
		return cfg, nil
	}
	m.mu.Unlock()
	base, gen, err := m.base(ctx, profile, region)
	if err != nil {
		return aws.Config{}, err
	}
	cfg := base.Copy()
	cfg.Region = region
	if _, ok := cfg.Credentials.(*aws.CredentialsCache); ok { // load's, not anonymous ones
		cfg.Credentials = m.handle(key)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gen == gen {
		if existing, ok := m.configs[key]; ok {
			return existing, nil
		}
		m.configs[key] = cfg
	}
	return cfg, nil
}

// base is profile's configuration as loaded, shared by its regions: region is the one to load it
// in when it is not loaded yet. gen is the Manager's generation it belongs to.
func (m *Manager) base(ctx context.Context, profile, region string) (aws.Config, uint64, error) {
	m.mu.Lock()
	base, haveBase := m.bases[profile]
	snap, gen := m.snap, m.gen
	m.mu.Unlock()
	if haveBase {
		return base, gen, nil
	}
	v, err, _ := m.loads.Do(fmt.Sprintf("config\x00%d\x00%s", gen, profile), func() (any, error) {
		cfg, err := m.load(ctx, snap, profile, region)
		var sdkErr *sdkLoadError
		if errors.As(err, &sdkErr) {
			m.mu.Lock()
			if m.gen == gen {
				m.loadErrs[profile] = sdkErr.err
			}
			m.mu.Unlock()
		}
		if err == nil {
			m.mu.Lock()
			if m.gen == gen {
				if existing, ok := m.bases[profile]; ok {
					cfg = existing
				} else {
					m.bases[profile] = cfg
				}
			}
			m.mu.Unlock()
		}
		return cfg, err
	})
	if err != nil {
		return aws.Config{}, gen, err
	}
	return v.(aws.Config), gen, nil
}

// handle is the credentials every configuration of key hands out. It outlives Invalidate and
// Reload, which only empty it: a client built before a renewal (the S3 browser's, an operation
// form's) gets the renewed credentials on its next call rather than the expired ones it held,
// so that a failed call retried after a login succeeds.
// One per profile, whatever the region (key's is the one to load the profile in first).
func (m *Manager) handle(key configKey) *aws.CredentialsCache {
	m.mu.Lock()
	defer m.mu.Unlock()
	if h, ok := m.handles[key.profile]; ok {
		return h
	}
	if m.handles == nil {
		m.handles = map[string]*aws.CredentialsCache{}
	}
	h := aws.NewCredentialsCache(currentCredentials{m: m, key: key})
	m.handles[key.profile] = h
	return h
}

// currentCredentials are the credentials of the profile's current configuration.
type currentCredentials struct {
	m   *Manager
	key configKey
}

func (c currentCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	base, _, err := c.m.base(ctx, c.key.profile, c.key.region)
	if err != nil {
		return aws.Credentials{}, err
	}
	if base.Credentials == nil {
		return aws.Credentials{}, fmt.Errorf("profile %s has no credentials", c.key.profile)
	}
	return base.Credentials.Retrieve(ctx)
}

// ProfileError says which profile could not be loaded and why.
type ProfileError struct {
	Profile string
	Err     error
}

func (e *ProfileError) Error() string { return fmt.Sprintf("profile %s: %v", e.Profile, e.Err) }

func (e *ProfileError) Unwrap() error { return e.Err }

// ErrProfileNotFound is wrapped when a profile is in neither file.
var ErrProfileNotFound = errors.New("profile not found")

// load builds a fresh configuration for profile.
func (m *Manager) load(ctx context.Context, snap *snapshot, profile, region string) (aws.Config, error) {
	p, ok := snap.byName[profile]
	if !ok {
		return aws.Config{}, &ProfileError{Profile: profile, Err: fmt.Errorf("%w in %s or %s", ErrProfileNotFound, m.opts.ConfigFile, m.opts.CredentialsFile)}
	}
	if p.Err != nil {
		return aws.Config{}, &ProfileError{Profile: profile, Err: p.Err}
	}
	files, err := snap.sdkFiles(profile == EnvProfile)
	if err != nil {
		return aws.Config{}, &ProfileError{Profile: profile, Err: err}
	}
	defer files.cleanup()
	ep := &credEndpoint{}
	opts := m.loadOptions(snap, profile, region, files, ep)
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, &ProfileError{Profile: profile, Err: &sdkLoadError{err}}
	}
	ep.set(cfg.BaseEndpoint) // before applyEndpointOverride: --endpoint-url reached those clients already
	applyEndpointOverride(&cfg, m.opts.EndpointURL)
	m.policy(snap, profile).Apply(&cfg) // the read timeout and plain errors wrap the loader's client
	cfg.Credentials = aws.NewCredentialsCache(profileCredentials{profile: profile, kind: p.Kind, inner: cfg.Credentials,
		state: m.credStateOf(profile)})
	return cfg, nil
}

// sdkLoadError marks an error from the SDK's loader (as opposed to nimbus's own checks), so that the
// Manager remembers it on the profile.
type sdkLoadError struct{ err error }

func (e *sdkLoadError) Error() string { return e.err.Error() }

func (e *sdkLoadError) Unwrap() error { return e.err }
