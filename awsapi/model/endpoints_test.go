package model

import (
	"errors"
	"testing"
)

func TestResolveEndpoints(t *testing.T) {
	ep, err := LoadEndpoints()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		service, region string
		opt             EndpointOptions
		host, signing   string
		partition       string
	}{
		{"iam", "us-east-1", EndpointOptions{}, "iam.amazonaws.com", "us-east-1", "aws"},
		{"iam", "eu-west-3", EndpointOptions{}, "iam.amazonaws.com", "us-east-1", "aws"},
		{"iam", "us-gov-west-1", EndpointOptions{}, "iam.us-gov.amazonaws.com", "us-gov-west-1", "aws-us-gov"},
		{"route53", "ap-south-1", EndpointOptions{}, "route53.amazonaws.com", "us-east-1", "aws"},
		{"cloudfront", "", EndpointOptions{}, "cloudfront.amazonaws.com", "us-east-1", "aws"},
		{"sts", "eu-west-1", EndpointOptions{}, "sts.eu-west-1.amazonaws.com", "eu-west-1", "aws"},
		{"sts", "aws-global", EndpointOptions{}, "sts.amazonaws.com", "us-east-1", "aws"},
		{"ec2", "cn-north-1", EndpointOptions{}, "ec2.cn-north-1.amazonaws.com.cn", "cn-north-1", "aws-cn"},
		{"ec2", "us-east-1", EndpointOptions{UseFIPS: true}, "ec2-fips.us-east-1.amazonaws.com", "us-east-1", "aws"},
		{"dynamodb", "us-west-2", EndpointOptions{UseDualStack: true}, "dynamodb.us-west-2.api.aws", "us-west-2", "aws"},
		{"s3", "us-east-1", EndpointOptions{}, "s3.us-east-1.amazonaws.com", "us-east-1", "aws"},
		{"monitoring", "ap-southeast-2", EndpointOptions{}, "monitoring.ap-southeast-2.amazonaws.com", "ap-southeast-2", "aws"},
		{"ec2", "us-iso-east-1", EndpointOptions{}, "ec2.us-iso-east-1.c2s.ic.gov", "us-iso-east-1", "aws-iso"},
		// A region no partition lists yet but the aws pattern matches.
		{"sqs", "eu-north-9", EndpointOptions{}, "sqs.eu-north-9.amazonaws.com", "eu-north-9", "aws"},
	}
	for _, c := range cases {
		r, err := ep.Resolve(c.service, c.region, c.opt)
		if err != nil {
			t.Errorf("%s in %q: %v", c.service, c.region, err)
			continue
		}
		if r.Hostname != c.host || r.SigningRegion != c.signing || r.Partition != c.partition {
			t.Errorf("%s in %q %+v: got %s signed for %s in %s; want %s, %s, %s", c.service, c.region, c.opt,
				r.Hostname, r.SigningRegion, r.Partition, c.host, c.signing, c.partition)
		}
		if r.URL() != "https://"+c.host {
			t.Errorf("URL = %s", r.URL())
		}
	}
}

func TestResolveEndpointErrors(t *testing.T) {
	ep, err := LoadEndpoints()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ep.Resolve("ec2", "", EndpointOptions{}); !errors.Is(err, ErrNoRegion) {
		t.Errorf("regional service without a region: %v, want ErrNoRegion", err)
	}
	if _, err := ep.Resolve("ec2", "us-iso-east-1", EndpointOptions{UseDualStack: true, Partition: "aws-iso"}); err == nil {
		t.Error("dual-stack in aws-iso succeeded")
	}
	if _, err := ep.Resolve("ec2", "us-east-1", EndpointOptions{Partition: "nope"}); err == nil {
		t.Error("unknown partition succeeded")
	}
	r, err := ep.Resolve("ec2", "mars-central-1", EndpointOptions{})
	if err != nil || !r.Guessed || r.Hostname != "ec2.mars-central-1.amazonaws.com" {
		t.Errorf("unknown region: %+v, %v; want a guessed aws host", r, err)
	}
}

func TestPartitions(t *testing.T) {
	ep, err := LoadEndpoints()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"} {
		p, ok := ep.Partition(id)
		if !ok || p.DNSSuffix == "" || len(p.Regions) == 0 || p.Defaults.Hostname == "" {
			t.Errorf("partition %s = %+v, %v", id, p, ok)
		}
	}
	if p, ok := ep.PartitionForRegion("cn-northwest-1"); !ok || p.ID != "aws-cn" {
		t.Errorf("cn-northwest-1 is in %v", p)
	}
	if p, _ := ep.Partition("aws"); p.ImplicitGlobalRegion != "us-east-1" || p.DualStackDNSSuffix != "api.aws" {
		t.Errorf("aws partition outputs not merged: %+v", p)
	}
}
