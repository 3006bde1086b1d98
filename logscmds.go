// `nimbus logs`: CloudWatch Logs tail and Insights on the command line (cli.LogsTail,
// cli.LogsInsights), on the generic engine's logs invoker.

package main

import (
	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/cli"
)

// logsCmd is `nimbus logs`.
type logsCmd struct {
	Tail     logsTailCmd     `cmd:"" help:"Print a log group's recent events, and with --follow new ones as they come, like aws logs tail (CLI v2)."`
	Insights logsInsightsCmd `cmd:"" help:"Run a Logs Insights query and print its results as a table."`
}

type logsTailCmd struct {
	Groups        []string `arg:"" name:"group" help:"Log group names or ARNs (up to 10)."`
	Follow        bool     `help:"Keep printing new events (polls every 5 s) until Ctrl-C."`
	Since         string   `default:"10m" help:"Start this long ago (a number and one unit of s, m, h, d, w) or at this time (2026-12-04T16:00:00Z)." placeholder:"WHEN"`
	FilterPattern string   `name:"filter-pattern" help:"Only events that match this CloudWatch Logs filter pattern." placeholder:"PATTERN"`
	Format        string   `default:"detailed" enum:"detailed,short,json" help:"detailed: TIME STREAM MESSAGE; short: TIME MESSAGE; json: detailed with JSON messages pretty-printed."`
}

// Run tails the groups.
func (c logsTailCmd) Run(r *runContext) error {
	return r.withInvoker("logs tail", "logs", func(inv *invoke.Invoker) int {
		return cli.LogsTail(r.ctx, inv, c.Groups, cli.LogsTailOptions{Follow: c.Follow, Since: c.Since, Pattern: c.FilterPattern, Format: c.Format}, r.stdout, r.stderr)
	})
}

type logsInsightsCmd struct {
	Group  []string `required:"" help:"Log group name or ARN; repeat for several." placeholder:"GROUP"`
	Query  string   `required:"" help:"The Logs Insights query, e.g. 'fields @timestamp, @message | sort @timestamp desc | limit 20'." placeholder:"QUERY"`
	Since  string   `default:"1h" help:"Query this long back from now (s, m, h, d, w) or from this time." placeholder:"WHEN"`
	Limit  int      `help:"At most N results (default: the service's, 1,000)." placeholder:"N"`
	Format string   `default:"table" enum:"table,json" help:"table: the query's fields as columns; json: one JSON object per result."`
}

// Run runs the query.
func (c logsInsightsCmd) Run(r *runContext) error {
	return r.withInvoker("logs insights", "logs", func(inv *invoke.Invoker) int {
		return cli.LogsInsights(r.ctx, inv, c.Group, c.Query, cli.LogsInsightsOptions{Since: c.Since, Limit: c.Limit, Format: c.Format}, r.stdout, r.stderr)
	})
}
