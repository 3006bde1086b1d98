package model

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Endpoints is botocore's endpoints.json (partitions, their regions and per-service endpoint
// data) merged with the partition outputs of partitions.json. Field names mirror botocore's keys.
// Services are keyed by a model's Metadata.EndpointPrefix, as in botocore.
type Endpoints struct {
	Partitions []*Partition `json:"partitions"`
}

// Partition is one AWS partition: aws, aws-cn, aws-us-gov, aws-iso...
type Partition struct {
	ID                   string            `json:"partition"`
	Name                 string            `json:"partitionName,omitempty"`
	DNSSuffix            string            `json:"dnsSuffix"`
	DualStackDNSSuffix   string            `json:"dualStackDnsSuffix,omitempty"`
	ImplicitGlobalRegion string            `json:"implicitGlobalRegion,omitempty"`
	SupportsFIPS         bool              `json:"supportsFIPS,omitempty"`
	SupportsDualStack    bool              `json:"supportsDualStack,omitempty"`
	RegionRegex          string            `json:"regionRegex"`
	Regions              map[string]string `json:"regions"` // region name → description
	Defaults             EndpointData      `json:"defaults"`
	// Services maps an endpoint prefix to its endpoints in this partition.
	Services map[string]*ServiceEndpoints `json:"services"`

	regionRE *regexp.Regexp // compiled once when the data is loaded
}

// ServiceEndpoints is one service's entry in a partition.
type ServiceEndpoints struct {
	Defaults *EndpointData `json:"defaults,omitempty"`
	// IsRegionalized is false for global services (IAM, Route 53, CloudFront): every region
	// then uses PartitionEndpoint. Absent means true.
	IsRegionalized    *bool                    `json:"isRegionalized,omitempty"`
	PartitionEndpoint string                   `json:"partitionEndpoint,omitempty"`
	Endpoints         map[string]*EndpointData `json:"endpoints"`
}

// EndpointData describes one endpoint, or the defaults that fill in what an endpoint leaves out.
// Hostname may be a template with {service}, {region} and {dnsSuffix}.
type EndpointData struct {
	Hostname          string            `json:"hostname,omitempty"`
	DNSSuffix         string            `json:"dnsSuffix,omitempty"`
	Protocols         []string          `json:"protocols,omitempty"`
	SignatureVersions []string          `json:"signatureVersions,omitempty"`
	CredentialScope   *CredentialScope  `json:"credentialScope,omitempty"`
	Deprecated        bool              `json:"deprecated,omitempty"`
	SSLCommonName     string            `json:"sslCommonName,omitempty"`
	Variants          []EndpointVariant `json:"variants,omitempty"`
}

// EndpointVariant is a FIPS and/or dual-stack form of an endpoint.
type EndpointVariant struct {
	Hostname  string   `json:"hostname,omitempty"`
	DNSSuffix string   `json:"dnsSuffix,omitempty"`
	Tags      []string `json:"tags"` // "fips", "dualstack"
}

// CredentialScope overrides the region and/or service name used to sign requests.
type CredentialScope struct {
	Region  string `json:"region,omitempty"`
	Service string `json:"service,omitempty"`
}

// EndpointOptions selects an endpoint variant or forces a partition.
type EndpointOptions struct {
	UseFIPS      bool
	UseDualStack bool
	// Partition, when set, resolves in that partition even if the region does not belong to it.
	Partition string
}

// ResolvedEndpoint is where to send a service's requests and how to sign them.
type ResolvedEndpoint struct {
	Hostname          string   // e.g. "iam.amazonaws.com"
	Partition         string   // e.g. "aws"
	EndpointName      string   // the endpoints.json key used: a region or "aws-global"
	SigningRegion     string   // credentialScope.region, else the region asked for
	SigningName       string   // credentialScope.service, or "" to use the model's signing name
	Protocols         []string // "https" and maybe "http"
	SignatureVersions []string // e.g. ["v4"], ["s3v4"]
	DNSSuffix         string
	Deprecated        bool
	// Guessed is true when no partition knows the region and the aws partition's template was
	// used, as botocore does for new regions.
	Guessed bool
}

// URL is the endpoint's base URL with the preferred scheme (https when offered).
func (r ResolvedEndpoint) URL() string {
	scheme := "https"
	if len(r.Protocols) > 0 && !slices.Contains(r.Protocols, "https") {
		scheme = r.Protocols[0]
	}
	return scheme + "://" + r.Hostname
}

// ErrNoRegion is returned when a regional service is resolved without a region.
var ErrNoRegion = errors.New("no region given: set one with --region, AWS_REGION or the profile's region")

// dualStackUnsupported are the partitions botocore never resolves dual-stack endpoints in.
var dualStackUnsupported = []string{"aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f"}

// prepare compiles each partition's region pattern once, after decoding.
func (e *Endpoints) prepare() error {
	for _, p := range e.Partitions {
		if p.RegionRegex == "" {
			continue
		}
		re, err := regexp.Compile(p.RegionRegex)
		if err != nil {
			return fmt.Errorf("partition %s: region pattern: %w", p.ID, err)
		}
		p.regionRE = re
	}
	return nil
}

// Partition returns the partition with the given id (aws, aws-cn, aws-us-gov...).
func (e *Endpoints) Partition(id string) (*Partition, bool) {
	for _, p := range e.Partitions {
		if p.ID == id {
			return p, true
		}
	}
	return nil, false
}

// PartitionForRegion returns the partition a region belongs to, by its region list or pattern.
func (e *Endpoints) PartitionForRegion(region string) (*Partition, bool) {
	for _, p := range e.Partitions {
		if p.HasRegion(region) {
			return p, true
		}
	}
	return nil, false
}

// HasRegion reports whether region is listed in the partition or matches its region pattern.
func (p *Partition) HasRegion(region string) bool {
	if _, ok := p.Regions[region]; ok {
		return true
	}
	if p.regionRE != nil {
		return p.regionRE.MatchString(region)
	}
	return p.RegionRegex != "" && regexp.MustCompile(p.RegionRegex).MatchString(region)
}

// Resolve finds the endpoint of a service (its endpoint prefix, e.g. "monitoring" for CloudWatch)
// in a region, following botocore's endpoints.json resolver: an explicit endpoint for the region,
// else the global partition endpoint of a non-regional service, else the partition's hostname
// template.
func (e *Endpoints) Resolve(endpointPrefix, region string, opt EndpointOptions) (ResolvedEndpoint, error) {
	if endpointPrefix == "s3" && opt.UseDualStack && region == "" {
		region = "us-east-1"
	}
	if opt.Partition != "" {
		p, ok := e.Partition(opt.Partition)
		if !ok {
			return ResolvedEndpoint{}, fmt.Errorf("resolving %s endpoint: unknown partition %q", endpointPrefix, opt.Partition)
		}
		return p.resolve(endpointPrefix, region, opt, true)
	}
	for _, p := range e.Partitions {
		if opt.UseDualStack && slices.Contains(dualStackUnsupported, p.ID) {
			continue
		}
		r, err := p.resolve(endpointPrefix, region, opt, false)
		if err != nil || r.Hostname != "" {
			return r, err
		}
	}
	// No partition claims the region: botocore falls back to the aws partition's template.
	if p, ok := e.Partition("aws"); ok {
		r, err := p.resolve(endpointPrefix, region, opt, true)
		r.Guessed = true
		return r, err
	}
	return ResolvedEndpoint{}, fmt.Errorf("resolving %s endpoint: no partition has region %q", endpointPrefix, region)
}

// resolve returns a zero ResolvedEndpoint (and no error) when the region is not in this partition.
func (p *Partition) resolve(service, region string, opt EndpointOptions, force bool) (ResolvedEndpoint, error) {
	if opt.UseDualStack && slices.Contains(dualStackUnsupported, p.ID) {
		return ResolvedEndpoint{}, fmt.Errorf("resolving %s endpoint: partition %s has no dual-stack endpoints", service, p.ID)
	}
	sd := p.Services[service]
	if sd == nil {
		sd = &ServiceEndpoints{}
	}
	if region == "" {
		if sd.PartitionEndpoint == "" {
			return ResolvedEndpoint{}, fmt.Errorf("resolving %s endpoint: %w", service, ErrNoRegion)
		}
		region = sd.PartitionEndpoint
	}
	name := region
	if _, ok := sd.Endpoints[region]; !ok {
		if !force && !p.HasRegion(region) {
			return ResolvedEndpoint{}, nil
		}
		regionalized := sd.IsRegionalized == nil || *sd.IsRegionalized
		if sd.PartitionEndpoint != "" && !regionalized {
			name = sd.PartitionEndpoint
		}
	}
	return p.build(service, name, sd, opt)
}

// build merges endpoint, service defaults and partition defaults, first match wins, like
// botocore's _resolve.
func (p *Partition) build(service, name string, sd *ServiceEndpoints, opt EndpointOptions) (ResolvedEndpoint, error) {
	ep := sd.Endpoints[name]
	if ep == nil {
		ep = &EndpointData{}
	}
	svcDefaults := sd.Defaults
	if svcDefaults == nil {
		svcDefaults = &EndpointData{}
	}
	layers := []*EndpointData{ep, svcDefaults, &p.Defaults}

	var tags []string
	if opt.UseDualStack {
		tags = append(tags, "dualstack")
	}
	if opt.UseFIPS {
		tags = append(tags, "fips")
	}
	hostname, dnsSuffix := ep.Hostname, ep.DNSSuffix
	if len(tags) > 0 {
		// The variant's fields come first, from whichever layer has the variant, then the
		// endpoint's own.
		hostname, dnsSuffix = "", ""
		found := false
		for _, layer := range layers {
			if v, ok := layer.variant(tags); ok {
				found = true
				hostname = firstNonEmpty(hostname, v.Hostname)
				dnsSuffix = firstNonEmpty(dnsSuffix, v.DNSSuffix)
			}
		}
		if !found {
			return ResolvedEndpoint{}, fmt.Errorf("resolving %s endpoint: no %s endpoint in %s", service, strings.Join(tags, "+"), name)
		}
		hostname = firstNonEmpty(hostname, ep.Hostname)
		dnsSuffix = firstNonEmpty(dnsSuffix, ep.DNSSuffix)
	}
	// As in botocore, the partition's suffix is settled before the defaults are merged, so a
	// service default's dnsSuffix only counts through a variant.
	dnsSuffix = firstNonEmpty(dnsSuffix, p.DNSSuffix)

	r := ResolvedEndpoint{Partition: p.ID, EndpointName: name, SigningRegion: name, Deprecated: ep.Deprecated}
	var scope *CredentialScope
	for _, layer := range layers {
		hostname = firstNonEmpty(hostname, layer.Hostname)
		if r.Protocols == nil {
			r.Protocols = layer.Protocols
		}
		if r.SignatureVersions == nil {
			r.SignatureVersions = layer.SignatureVersions
		}
		if scope == nil {
			scope = layer.CredentialScope
		}
	}
	if scope != nil {
		r.SigningRegion = firstNonEmpty(scope.Region, name)
		r.SigningName = scope.Service
	}
	r.DNSSuffix = dnsSuffix
	r.Hostname = strings.NewReplacer("{service}", service, "{region}", name, "{dnsSuffix}", dnsSuffix).Replace(hostname)
	return r, nil
}

func (d *EndpointData) variant(tags []string) (EndpointVariant, bool) {
	for _, v := range d.Variants {
		if sameSet(v.Tags, tags) {
			return v, true
		}
	}
	return EndpointVariant{}, false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
