package main

import (
	"fmt"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/cli"
)

// lsCmd is `nimbus ls`. Its flags are declared here so that kong accepts the global flags
// anywhere on the line (`nimbus ls s3://b/ --profile prod`), as the AWS CLI does.
type lsCmd struct {
	Path          string `arg:"" optional:"" help:"s3://bucket/prefix/ to list; without it, the buckets."`
	Recursive     bool   `help:"List every key under the prefix, not grouped by \"/\"."`
	JSON          bool   `name:"json" help:"Print one JSON object per line."`
	HumanReadable bool   `help:"Print sizes as KiB, MiB… like aws s3 ls."`
	Summarize     bool   `help:"Print the number of objects and their total size."`
	PageSize      int    `default:"1000" help:"Keys per request (1–1000)."`
}

// Run lists buckets or a prefix like `aws s3 ls`.
func (c lsCmd) Run(r *runContext) error {
	if c.PageSize < 1 || c.PageSize > 1000 { // a typed 0 is refused here: cli.LsOptions reads 0 as the default
		fmt.Fprintf(r.stderr, "nimbus ls: --page-size must be between 1 and 1000, not %d\n", c.PageSize)
		*r.exit = cli.ExitUsage
		return nil
	}
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	cfg, ok := r.s3Config("ls", mgr)
	if !ok {
		return nil
	}
	*r.exit = cli.Ls(r.ctx, s3nav.New(cfg), cli.LsOptions{Path: c.Path, Recursive: c.Recursive, JSON: c.JSON,
		HumanReadable: c.HumanReadable, Summarize: c.Summarize, PageSize: c.PageSize}, r.stdout, r.stderr)
	return nil
}
