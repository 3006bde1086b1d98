package sessionmgr

import (
	"context"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// credEndpoint is the base endpoint the SDK resolved for a configuration (AWS_ENDPOINT_URL, else the
// profile's endpoint_url), handed to the STS, SSO and SSO-OIDC clients of the credential providers.
// The SDK builds those clients before it resolves the base endpoint, and a client only looks up its
// own AWS_ENDPOINT_URL_<SERVICE> and services section: without this, `--profile assume` with
// AWS_ENDPOINT_URL sent AssumeRole to sts.us-east-1.amazonaws.com (config v1.33.16). The value is
// set right after loading, before any credentials are retrieved.
type credEndpoint struct{ url atomic.Pointer[string] }

// set records the configuration's resolved base endpoint (nil when there is none, or when
// ignore_configured_endpoint_urls is on).
func (e *credEndpoint) set(url *string) {
	if url != nil {
		e.url.Store(aws.String(*url))
	}
}

// fill gives a client without an endpoint of its own the configuration's one.
func (e *credEndpoint) fill(base **string) {
	if *base != nil {
		return // AWS_ENDPOINT_URL_<SERVICE>, the services section or --endpoint-url chose already
	}
	if u := e.url.Load(); u != nil {
		*base = aws.String(*u)
	}
}

// withOpt appends fn to a call's option functions without writing into the caller's array.
func withOpt[O any](fns []func(*O), fn func(*O)) []func(*O) {
	return append(fns[:len(fns):len(fns)], fn)
}

// stsAssumeRole is the STS client of every assume-role hop: it points the call at the
// configuration's endpoint and, for a hop with an MFA device, asks for the code only when the
// AWS CLI's cache (~/.aws/cli/cache) holds no valid credentials for that role, then caches them
// there, so that the CLI and nimbus ask once between them (mfa.go, clicache.go).
type stsAssumeRole struct {
	inner   stscreds.AssumeRoleAPIClient
	ep      *credEndpoint
	m       *Manager
	profile string
}

func (c stsAssumeRole) AssumeRole(ctx context.Context, in *sts.AssumeRoleInput, fns ...func(*sts.Options)) (*sts.AssumeRoleOutput, error) {
	fns = withOpt(fns, func(o *sts.Options) { c.ep.fill(&o.BaseEndpoint) })
	if in.SerialNumber == nil {
		return c.inner.AssumeRole(ctx, in, fns...)
	}
	req := MFARequest{Profile: c.profile, SerialNumber: *in.SerialNumber, RoleARN: aws.ToString(in.RoleArn)}
	cache := c.m.roleCache(c.profile, in)
	if out, ok := cache.load(c.m.opts.Now()); ok && !c.m.distrusted(cache.path) {
		return out, nil
	}
	code, err := c.m.askMFA(req)
	if err != nil {
		return nil, err
	}
	withCode := *in
	withCode.TokenCode = aws.String(code)
	out, err := c.inner.AssumeRole(ctx, &withCode, fns...)
	if err == nil {
		cache.store(out) // best effort: without it the code is asked again next run, nothing worse
		c.m.trust(cache.path)
	}
	return out, err
}

type stsWebIdentity struct {
	inner stscreds.AssumeRoleWithWebIdentityAPIClient
	ep    *credEndpoint
}

func (c stsWebIdentity) AssumeRoleWithWebIdentity(ctx context.Context, in *sts.AssumeRoleWithWebIdentityInput, fns ...func(*sts.Options)) (*sts.AssumeRoleWithWebIdentityOutput, error) {
	return c.inner.AssumeRoleWithWebIdentity(ctx, in, withOpt(fns, func(o *sts.Options) { c.ep.fill(&o.BaseEndpoint) })...)
}

type ssoRoleCredentials struct {
	inner ssocreds.GetRoleCredentialsAPIClient
	ep    *credEndpoint
}

func (c ssoRoleCredentials) GetRoleCredentials(ctx context.Context, in *sso.GetRoleCredentialsInput, fns ...func(*sso.Options)) (*sso.GetRoleCredentialsOutput, error) {
	return c.inner.GetRoleCredentials(ctx, in, withOpt(fns, func(o *sso.Options) { c.ep.fill(&o.BaseEndpoint) })...)
}

// credentialClientOptions points the credential providers' clients at ep; assume-role hops with
// an mfa_serial ask for their code through m's MFA prompt (stsAssumeRole).
func (m *Manager) credentialClientOptions(profile string, ep *credEndpoint) []func(*config.LoadOptions) error {
	return []func(*config.LoadOptions) error{
		config.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) {
			// Applied twice by the SDK: once to check the options (no client yet), once for real.
			if o.Client != nil {
				o.Client = stsAssumeRole{inner: o.Client, ep: ep, m: m, profile: profile}
			}
			if o.SerialNumber != nil {
				// The code is asked for by stsAssumeRole, after a look in the CLI's cache; the SDK
				// only needs a provider to accept the profile.
				o.TokenProvider = func() (string, error) { return "", nil }
			}
		}),
		config.WithWebIdentityRoleCredentialOptions(func(o *stscreds.WebIdentityRoleOptions) {
			if o.Client != nil {
				o.Client = stsWebIdentity{inner: o.Client, ep: ep}
			}
		}),
		config.WithSSOProviderOptions(func(o *ssocreds.Options) {
			if o.Client != nil {
				o.Client = ssoRoleCredentials{inner: o.Client, ep: ep}
			}
		}),
		config.WithSSOTokenProviderOptions(func(o *ssocreds.SSOTokenProviderOptions) {
			o.ClientOptions = append(o.ClientOptions, func(o *ssooidc.Options) { ep.fill(&o.BaseEndpoint) })
		}),
	}
}
