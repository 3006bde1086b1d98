package main

import (
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/cli"
)

// mbCmd is `nimbus mb`, like aws s3 mb (the bucket's region is --region's, else the profile's).
type mbCmd struct {
	Path string `arg:"" help:"s3://bucket to create."`
}

// Run makes the bucket.
func (c mbCmd) Run(r *runContext) error {
	return r.withS3("mb", cli.BucketWrites("mb", c.Path, false), func(nav *s3nav.Client) int {
		return cli.Mb(r.ctx, nav, c.Path, nav.Region(), r.stdout, r.stderr)
	})
}

// rbCmd is `nimbus rb`, like aws s3 rb.
type rbCmd struct {
	Path  string `arg:"" help:"s3://bucket to delete."`
	Force bool   `help:"Delete every object in the bucket first (as nimbus rm --recursive), then the bucket."`
}

// Run removes the bucket.
func (c rbCmd) Run(r *runContext) error {
	return r.withS3("rb", cli.BucketWrites("rb", c.Path, c.Force), func(nav *s3nav.Client) int {
		return cli.Rb(r.ctx, nav, c.Path, c.Force, r.stdout, r.stderr)
	})
}
