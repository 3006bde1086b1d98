package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// LogsTailOptions are `nimbus logs tail`'s flags.
type LogsTailOptions struct {
	Follow  bool
	Since   string // "10m" (default), "2h", or a time
	Pattern string
	Format  string // detailed (default), short or json
	// Now and Sleep are the clock (nil: the real one); tests inject both.
	Now   func() time.Time
	Sleep func(context.Context, time.Duration) bool
}

// LogsTail runs `nimbus logs tail`: the events of groups since --since, printed as `aws logs
// tail` (CLI v2) prints them, then with --follow every new event, polling FilterLogEvents every
// 5 s until Ctrl-C (which exits 0, as the CLI does). Every line is made terminal-safe.
func LogsTail(ctx context.Context, c logtail.Caller, groups []string, opts LogsTailOptions, stdout, stderr io.Writer) int {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	f, err := logtail.ParseFormat(opts.Format)
	if err != nil {
		fmt.Fprintf(stderr, "nimbus logs tail: %s\n", textsafe.Clean(err.Error()))
		return ExitUsage
	}
	if opts.Since == "" {
		opts.Since = "10m"
	}
	since, err := logtail.ParseSince(opts.Since, now())
	if err != nil {
		fmt.Fprintf(stderr, "nimbus logs tail: %s\n", textsafe.Clean(err.Error()))
		return ExitUsage
	}
	tl, err := logtail.New(c, logtail.Options{Groups: groups, Pattern: opts.Pattern, Since: since, Sleep: opts.Sleep, MaxPages: 10})
	if err != nil {
		fmt.Fprintf(stderr, "nimbus logs tail: %s\n", textsafe.Clean(err.Error()))
		return ExitUsage
	}
	many := len(groups) > 1
	for {
		b, err := tl.Next(ctx)
		for _, e := range b.Events {
			if _, werr := io.WriteString(stdout, textsafe.CleanMultiline(f.Line(e, many))); werr != nil {
				fmt.Fprintf(stderr, "nimbus logs tail: writing: %v\n", werr)
				return ExitError
			}
		}
		if err != nil {
			if opts.Follow && errors.Is(err, context.Canceled) && ctx.Err() != nil {
				return ExitOK // Ctrl-C is how --follow ends
			}
			fmt.Fprintf(stderr, "nimbus logs tail: %s\n", describeCallError(err))
			return ExitCode(err)
		}
		if !opts.Follow && !b.More {
			return ExitOK
		}
	}
}

// LogsInsightsOptions are `nimbus logs insights`' flags.
type LogsInsightsOptions struct {
	Since  string // "1h" (default) or a time
	Limit  int
	Format string // table (default) or json (one object per result, fields in order)
	Now    func() time.Time
	Sleep  func(context.Context, time.Duration) bool
}

// LogsInsights runs `nimbus logs insights`: StartQuery on groups over the --since window, then
// GetQueryResults every second until the query ends (Ctrl-C stops it with StopQuery). The
// results go to stdout as a table with the query's fields as columns; the status and statistics
// to stderr.
func LogsInsights(ctx context.Context, c logtail.Caller, groups []string, query string, opts LogsInsightsOptions, stdout, stderr io.Writer) int {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	if opts.Format == "" {
		opts.Format = "table"
	}
	if opts.Format != "table" && opts.Format != "json" {
		fmt.Fprintf(stderr, "nimbus logs insights: unknown format %q: table or json\n", textsafe.Clean(opts.Format))
		return ExitUsage
	}
	if opts.Since == "" {
		opts.Since = "1h"
	}
	end := now()
	start, err := logtail.ParseSince(opts.Since, end)
	if err != nil {
		fmt.Fprintf(stderr, "nimbus logs insights: %s\n", textsafe.Clean(err.Error()))
		return ExitUsage
	}
	if len(groups) == 0 || strings.TrimSpace(query) == "" {
		fmt.Fprintln(stderr, "nimbus logs insights: give --group (one or more) and --query")
		return ExitUsage
	}
	s, err := logtail.RunQuery(ctx, c, logtail.Query{Groups: groups, Text: query, Start: start, End: end, Limit: opts.Limit}, time.Second, opts.Sleep, nil)
	if s.ID != "" {
		if werr := writeResults(stdout, s, opts.Format); werr != nil {
			fmt.Fprintf(stderr, "nimbus logs insights: writing: %v\n", werr)
			return ExitError
		}
		fmt.Fprintf(stderr, "%s\n", QueryStats(s))
	}
	if err != nil {
		fmt.Fprintf(stderr, "nimbus logs insights: %s\n", describeCallError(err))
		if s.ID != "" && !errors.Is(err, context.Canceled) {
			return ExitService // the query ran and failed, timed out or was cancelled
		}
		return ExitCode(err)
	}
	return ExitOK
}

// QueryStats is a query's status line: "Complete · 2 records matched · 10 scanned · 2.0 KiB scanned".
func QueryStats(s logtail.QueryStatus) string {
	return fmt.Sprintf("%s · %s records matched · %s scanned · %s scanned", textsafe.Clean(s.Status),
		format.Count(int64(s.Matched)), format.Count(int64(s.Scanned)), format.Bytes(int64(s.BytesScanned)))
}

func writeResults(w io.Writer, s logtail.QueryStatus, f string) error {
	if f == "json" {
		for _, row := range s.Rows {
			var b bytes.Buffer
			b.WriteByte('{')
			for i, name := range s.Fields {
				if i > 0 {
					b.WriteString(", ")
				}
				k, _ := json.Marshal(name)
				v, _ := json.Marshal(row[i])
				b.Write(k)
				b.WriteString(": ")
				b.Write(v)
			}
			b.WriteString("}\n")
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
		}
		return nil
	}
	if len(s.Fields) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	cells := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		cells[i] = textsafe.Clean(f)
	}
	fmt.Fprintln(tw, strings.Join(cells, "\t"))
	for _, row := range s.Rows {
		for i, v := range row {
			cells[i] = textsafe.Clean(textsafe.OneLine(v))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}
