package invoke

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/awsname"
)

// endpoint is where a request goes and how it is signed.
type endpoint struct {
	url           *url.URL
	signingRegion string
	signingName   string
	custom        bool // the user chose the URL (--endpoint-url, AWS_ENDPOINT_URL…, profile)
}

// serviceEndpointProvider and ignoreEndpointsProvider are implemented by the config sources that
// config.LoadDefaultConfig leaves in aws.Config.ConfigSources (environment and shared config);
// they mirror the SDK's internal interfaces so the generic client resolves endpoints like the
// typed ones.
type serviceEndpointProvider interface {
	GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error)
}

type ignoreEndpointsProvider interface {
	GetIgnoreConfiguredEndpoints(ctx context.Context) (bool, bool, error)
}

type fipsProvider interface {
	GetUseFIPSEndpoint(ctx context.Context) (aws.FIPSEndpointState, bool, error)
}

type dualStackProvider interface {
	GetUseDualStackEndpoint(ctx context.Context) (aws.DualStackEndpointState, bool, error)
}

// endpointVariant reads AWS_USE_FIPS_ENDPOINT / use_fips_endpoint and the dual-stack settings
// from the config sources, first found wins, as the typed clients do.
func endpointVariant(cfg aws.Config) model.EndpointOptions {
	var opt model.EndpointOptions
	ctx := context.Background()
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(fipsProvider); ok {
			if v, found, err := p.GetUseFIPSEndpoint(ctx); err == nil && found {
				opt.UseFIPS = v == aws.FIPSEndpointStateEnabled
				break
			}
		}
	}
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(dualStackProvider); ok {
			if v, found, err := p.GetUseDualStackEndpoint(ctx); err == nil && found {
				opt.UseDualStack = v == aws.DualStackEndpointStateEnabled
				break
			}
		}
	}
	return opt
}

// configuredEndpoint returns the endpoint URL configured for the service, in the typed clients'
// order: aws.Config.BaseEndpoint (AWS_ENDPOINT_URL or the profile's endpoint_url), overridden by
// AWS_ENDPOINT_URL_<SERVICE> or the profile's services section unless only the global
// AWS_ENDPOINT_URL is set in the environment.
func configuredEndpoint(cfg aws.Config, serviceID string) string {
	base := aws.ToString(cfg.BaseEndpoint)
	if serviceID == "" {
		return base
	}
	envKey := "AWS_ENDPOINT_URL_" + strings.ReplaceAll(strings.ToUpper(serviceID), " ", "_")
	_, global := os.LookupEnv("AWS_ENDPOINT_URL")
	_, specific := os.LookupEnv(envKey)
	if global && !specific {
		return base
	}
	ctx := context.Background()
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(ignoreEndpointsProvider); ok {
			if ignore, found, err := p.GetIgnoreConfiguredEndpoints(ctx); err == nil && found && ignore {
				return base
			}
		}
	}
	for _, src := range cfg.ConfigSources {
		if p, ok := src.(serviceEndpointProvider); ok {
			if v, found, err := p.GetServiceBaseEndpoint(ctx, serviceID); err == nil && found {
				return v
			}
		}
	}
	return base
}

// resolveEndpoint decides the URL and signing scope of the service's requests.
func resolveEndpoint(cfg aws.Config, md model.Metadata, override string) (endpoint, error) {
	signingName := md.SigningName
	if signingName == "" {
		signingName = md.EndpointPrefix
	}
	region := cfg.Region
	raw := override
	if raw == "" {
		raw = configuredEndpoint(cfg, md.ServiceID)
	}
	// The region becomes part of the host name (and the signing scope): one that is not a region
	// name could choose the host, so nothing is built with it.
	if region != "" {
		if err := awsname.Region(region); err != nil {
			return endpoint{}, fmt.Errorf("region %q is not valid: %w", region, err)
		}
	}
	if raw != "" {
		if err := awsname.EndpointURL(raw); err != nil {
			return endpoint{}, fmt.Errorf("endpoint URL %q is not valid: %w", raw, err)
		}
		u, err := url.Parse(raw)
		if err != nil {
			return endpoint{}, fmt.Errorf("endpoint URL %q: %w", raw, err)
		}
		if region == "" {
			region = "us-east-1"
		}
		return endpoint{url: u, signingRegion: region, signingName: signingName, custom: true}, nil
	}
	if region == "" {
		return endpoint{}, fmt.Errorf("no region configured: choose one with --region, AWS_REGION or the profile's region")
	}
	eps, err := model.LoadEndpoints()
	if err != nil {
		return endpoint{}, err
	}
	// botocore's endpoints.json: regional services, global ones (IAM, Route 53, CloudFront…),
	// credential scopes and partitions (aws, aws-cn, aws-us-gov, iso…).
	r, err := eps.Resolve(md.EndpointPrefix, region, endpointVariant(cfg))
	if err != nil {
		return endpoint{}, err
	}
	u, err := url.Parse(r.URL())
	if err != nil {
		return endpoint{}, fmt.Errorf("endpoint data for %s in %s: %w", md.EndpointPrefix, region, err)
	}
	if r.SigningName != "" { // a credential scope wins over the model, as in botocore
		signingName = r.SigningName
	}
	return endpoint{url: u, signingRegion: r.SigningRegion, signingName: signingName}, nil
}

// isIPHost reports whether a URL host (maybe with a port) is an IP address or localhost, where
// neither host prefixes nor S3 virtual hosting can apply.
func isIPHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	return net.ParseIP(strings.Trim(h, "[]")) != nil || h == "localhost"
}
