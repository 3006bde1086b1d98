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
)

// partition is an AWS partition: the regions it holds and the DNS suffix of its endpoints.
type partition struct {
	name         string
	regionPrefix []string
	dnsSuffix    string
}

// partitions is checked in order; "aws" is the fallback for unknown regions.
var partitions = []partition{
	{name: "aws-cn", regionPrefix: []string{"cn-"}, dnsSuffix: "amazonaws.com.cn"},
	{name: "aws-us-gov", regionPrefix: []string{"us-gov-"}, dnsSuffix: "amazonaws.com"},
	{name: "aws-iso-b", regionPrefix: []string{"us-isob-"}, dnsSuffix: "sc2s.sgov.gov"},
	{name: "aws-iso-e", regionPrefix: []string{"eu-isoe-"}, dnsSuffix: "cloud.adc-e.uk"},
	{name: "aws-iso-f", regionPrefix: []string{"us-isof-"}, dnsSuffix: "csp.hci.ic.gov"},
	{name: "aws-iso", regionPrefix: []string{"us-iso-"}, dnsSuffix: "c2s.ic.gov"},
	{name: "aws-eusc", regionPrefix: []string{"eusc-"}, dnsSuffix: "amazonaws.eu"},
	{name: "aws", dnsSuffix: "amazonaws.com"},
}

func partitionOf(region string) partition {
	for _, p := range partitions {
		for _, prefix := range p.regionPrefix {
			if strings.HasPrefix(region, prefix) {
				return p
			}
		}
	}
	return partitions[len(partitions)-1]
}

// globalEndpoint is where a non-regional service lives in one partition, and the region it signs for.
type globalEndpoint struct {
	host, signingRegion string
}

// globalServices lists services that are not regionalized, per partition, as the typed SDK resolves
// them today (STS and S3 are regional there, so they are not here).
var globalServices = map[string]map[string]globalEndpoint{
	"iam": {
		"aws":        {"iam.amazonaws.com", "us-east-1"},
		"aws-cn":     {"iam.cn-north-1.amazonaws.com.cn", "cn-north-1"},
		"aws-us-gov": {"iam.us-gov.amazonaws.com", "us-gov-west-1"},
	},
	"route53": {
		"aws":        {"route53.amazonaws.com", "us-east-1"},
		"aws-cn":     {"route53.amazonaws.com.cn", "cn-northwest-1"},
		"aws-us-gov": {"route53.us-gov.amazonaws.com", "us-gov-west-1"},
	},
	"cloudfront": {
		"aws":    {"cloudfront.amazonaws.com", "us-east-1"},
		"aws-cn": {"cloudfront.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"},
	},
	"organizations": {
		"aws":        {"organizations.us-east-1.amazonaws.com", "us-east-1"},
		"aws-cn":     {"organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"},
		"aws-us-gov": {"organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
	},
	"waf":               {"aws": {"waf.amazonaws.com", "us-east-1"}},
	"shield":            {"aws": {"shield.us-east-1.amazonaws.com", "us-east-1"}},
	"budgets":           {"aws": {"budgets.amazonaws.com", "us-east-1"}},
	"ce":                {"aws": {"ce.us-east-1.amazonaws.com", "us-east-1"}},
	"globalaccelerator": {"aws": {"globalaccelerator.us-west-2.amazonaws.com", "us-west-2"}},
	"networkmanager":    {"aws": {"networkmanager.us-west-2.amazonaws.com", "us-west-2"}},
	"route53domains":    {"aws": {"route53domains.us-east-1.amazonaws.com", "us-east-1"}},
}

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
	if raw != "" {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return endpoint{}, fmt.Errorf("endpoint URL %q is not an absolute URL (e.g. http://127.0.0.1:5000)", raw)
		}
		if region == "" {
			region = "us-east-1"
		}
		return endpoint{url: u, signingRegion: region, signingName: signingName, custom: true}, nil
	}
	if region == "" {
		return endpoint{}, fmt.Errorf("no region configured: choose one with --region or AWS_REGION")
	}
	part := partitionOf(region)
	if g, ok := globalServices[md.EndpointPrefix][part.name]; ok {
		return endpoint{url: &url.URL{Scheme: "https", Host: g.host}, signingRegion: g.signingRegion, signingName: signingName}, nil
	}
	host := md.EndpointPrefix + "." + region + "." + part.dnsSuffix
	return endpoint{url: &url.URL{Scheme: "https", Host: host}, signingRegion: region, signingName: signingName}, nil
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
