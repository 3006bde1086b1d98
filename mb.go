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
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	cfg, ok := r.initialConfig("mb", mgr)
	if !ok {
		return nil
	}
	*r.exit = cli.Mb(r.ctx, s3nav.New(cfg), c.Path, cfg.Region, r.stdout, r.stderr)
	return nil
}

// rbCmd is `nimbus rb`, like aws s3 rb.
type rbCmd struct {
	Path  string `arg:"" help:"s3://bucket to delete."`
	Force bool   `help:"Delete every object in the bucket first (as nimbus rm --recursive), then the bucket."`
}

// Run removes the bucket.
func (c rbCmd) Run(r *runContext) error {
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	cfg, ok := r.initialConfig("rb", mgr)
	if !ok {
		return nil
	}
	*r.exit = cli.Rb(r.ctx, s3nav.New(cfg), c.Path, c.Force, r.stdout, r.stderr)
	return nil
}
