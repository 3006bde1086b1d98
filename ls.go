package main

import (
	"strconv"

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

// args rebuilds the argument list cli.Ls parses.
func (c lsCmd) args() []string {
	a := []string{"--page-size", strconv.Itoa(c.PageSize)}
	for flag, on := range map[string]bool{"--recursive": c.Recursive, "--json": c.JSON,
		"--human-readable": c.HumanReadable, "--summarize": c.Summarize} {
		if on {
			a = append(a, flag)
		}
	}
	if c.Path != "" {
		a = append(a, c.Path)
	}
	return a
}

// Run lists buckets or a prefix like `aws s3 ls`.
func (c lsCmd) Run(r *runContext) error {
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	cfg, ok := r.initialConfig("ls", mgr)
	if !ok {
		return nil
	}
	*r.exit = cli.Ls(r.ctx, s3nav.New(cfg), c.args(), r.stdout, r.stderr)
	return nil
}
