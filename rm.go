package main

import (
	"github.com/alecthomas/kong"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/cli"
)

// rmCmd is `nimbus rm`, aws s3 rm's flags.
type rmCmd struct {
	Path      string   `arg:"" help:"s3://bucket/key to delete; with --recursive, s3://bucket/prefix."`
	Recursive bool     `help:"Delete every key under the prefix (DeleteObjects, 1,000 keys a call)."`
	DryRun    bool     `name:"dryrun" help:"Print what would be deleted; delete nothing."`
	Quiet     bool     `help:"Do not print the keys deleted (failures are still printed)."`
	Include   []string `sep:"none" placeholder:"PATTERN" help:"Take part keys matching the pattern again, after an --exclude (fnmatch on the key below the path; the last matching rule wins)."`
	Exclude   []string `sep:"none" placeholder:"PATTERN" help:"Leave out keys matching the pattern."`
}

// Run deletes like `aws s3 rm`, with its output lines and exit codes.
func (c rmCmd) Run(r *runContext, k *kong.Context) error {
	o := cli.RmOptions{Path: c.Path, Recursive: c.Recursive, DryRun: c.DryRun, Quiet: c.Quiet,
		Rules: filterRules(k, c.Include, c.Exclude)}
	return r.withS3("rm", cli.RmWrites(o), func(nav *s3nav.Client) int {
		return cli.Rm(r.ctx, nav, o, r.stdout, r.stderr)
	})
}
