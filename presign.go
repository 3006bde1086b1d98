package main

import (
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/cli"
)

// presignCmd is `nimbus presign`, aws s3 presign's flags and --method.
type presignCmd struct {
	Path      string `arg:"" help:"s3://bucket/key to sign a URL for."`
	ExpiresIn int    `name:"expires-in" default:"3600" help:"Seconds the URL is valid (at most 604800, 7 days)."`
	Method    string `default:"GET" enum:"GET,PUT" help:"GET (download, as aws s3 presign) or PUT (upload; refused under --readonly)."`
}

// Run prints the URL like `aws s3 presign`.
func (c presignCmd) Run(r *runContext) error {
	o := cli.PresignOptions{Path: c.Path, ExpiresIn: c.ExpiresIn, Method: c.Method}
	return r.withS3("presign", cli.PresignWrites(o), func(nav *s3nav.Client) int {
		return cli.Presign(r.ctx, nav, o, r.stdout, r.stderr)
	})
}
