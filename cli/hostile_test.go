package cli

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/textsafe/textsafetest"
)

// TestHostileStringsNeverReachTheTerminalHeadless runs ls, call and wait against a server that
// answers with each hostile string, in errors and in data, and checks stdout and stderr: only
// printable text and newlines (and tabs) may come out, never a byte that drives the terminal.
func TestHostileStringsNeverReachTheTerminalHeadless(t *testing.T) {
	srv := textsafetest.NewServer(t)
	cfg := demo.Config(srv.URL)
	ddb := invoke.New(cfg, loadService(t, "dynamodb"), invoke.Options{})
	s3inv := invoke.New(cfg, loadService(t, "s3"), invoke.Options{})
	nav := s3nav.New(cfg)
	ctx := context.Background()
	type run func(stdout, stderr *bytes.Buffer)
	cases := []struct {
		name string
		data bool
		run  run
	}{
		{"call json error", false, func(o, e *bytes.Buffer) { Call(ctx, ddb, "ListTables", nil, CallOptions{}, o, e) }},
		{"call xml error", false, func(o, e *bytes.Buffer) { Call(ctx, s3inv, "ListBuckets", nil, CallOptions{}, o, e) }},
		{"call json data", true, func(o, e *bytes.Buffer) { Call(ctx, ddb, "ListTables", nil, CallOptions{}, o, e) }},
		{"call json data --query", true, func(o, e *bytes.Buffer) {
			Call(ctx, ddb, "ListTables", nil, CallOptions{Query: "TableNames[0]"}, o, e)
		}},
		{"call xml data", true, func(o, e *bytes.Buffer) {
			Call(ctx, s3inv, "ListObjectsV2", map[string]any{"Bucket": "hostile"}, CallOptions{}, o, e)
		}},
		{"call head object data", true, func(o, e *bytes.Buffer) {
			Call(ctx, s3inv, "HeadObject", map[string]any{"Bucket": "hostile", "Key": "obj.txt"}, CallOptions{}, o, e)
		}},
		{"wait json error", false, func(o, e *bytes.Buffer) {
			Wait(ctx, ddb, "TableExists", map[string]any{"TableName": "t"}, WaitOptions{Timeout: time.Second, Delay: time.Millisecond, MaxAttempts: 2}, o, e)
		}},
		{"wait json data", true, func(o, e *bytes.Buffer) {
			Wait(ctx, ddb, "TableExists", map[string]any{"TableName": "t"}, WaitOptions{Timeout: time.Second, Delay: time.Millisecond, MaxAttempts: 2}, o, e)
		}},
		{"ls error", false, func(o, e *bytes.Buffer) { Ls(ctx, nav, LsOptions{}, o, e) }},
		{"ls buckets", true, func(o, e *bytes.Buffer) { Ls(ctx, nav, LsOptions{}, o, e) }},
		{"ls objects", true, func(o, e *bytes.Buffer) { Ls(ctx, nav, LsOptions{Path: "s3://hostile/"}, o, e) }},
		{"ls objects --json", true, func(o, e *bytes.Buffer) { Ls(ctx, nav, LsOptions{Path: "s3://hostile/", JSON: true}, o, e) }},
		{"ls objects error", false, func(o, e *bytes.Buffer) { Ls(ctx, nav, LsOptions{Path: "s3://hostile/"}, o, e) }},
	}
	outputs, leaked := 0, 0
	for _, tc := range cases {
		for _, c := range textsafetest.Corpus {
			srv.Set(c.S, tc.data)
			var stdout, stderr bytes.Buffer
			tc.run(&stdout, &stderr)
			for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
				outputs++
				if leaks := textsafetest.Leaks(stripTabs(out)); len(leaks) > 0 {
					leaked++
					t.Errorf("%s, %s, %s: %d leaks, first: %s", tc.name, c.Name, name, len(leaks), leaks[0])
				}
			}
		}
	}
	t.Logf("%d outputs with the hostile corpus, %d with a leak", outputs, leaked)
}

// stripTabs drops the tabs ls and tab-separated output use as separators: they are nimbus's own.
func stripTabs(s string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte("\t"), []byte(" ")))
}
