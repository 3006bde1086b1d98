package main

import (
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/textsafe/textsafetest"
)

// TestHostileStringsNeverReachTheTerminalThroughRun runs nimbus as main does against a server that
// answers with each hostile string, in errors and in data, and with hostile flag and config values:
// stdout and stderr hold printable text, newlines and tabs only.
func TestHostileStringsNeverReachTheTerminalThroughRun(t *testing.T) {
	s3Server(t) // credentials and an empty config
	srv := textsafetest.NewServer(t)
	cases := []struct {
		name string
		data bool
		args func(c string) []string
	}{
		{"call json error", false, func(string) []string { return []string{"call", "dynamodb", "list-tables"} }},
		{"call json data", true, func(string) []string { return []string{"call", "dynamodb", "list-tables"} }},
		{"call xml error", false, func(string) []string { return []string{"call", "s3", "list-buckets"} }},
		{"wait error", false, func(string) []string {
			return []string{"wait", "dynamodb", "table-exists", "--input", `{"TableName":"t"}`, "--max-attempts", "1"}
		}},
		{"ls error", false, func(string) []string { return []string{"ls"} }},
		{"ls data", true, func(string) []string { return []string{"ls", "s3://hostile/"} }},
		{"profile flag", false, func(c string) []string { return []string{"--profile", c, "call", "s3", "list-buckets"} }},
		{"operation argument", false, func(c string) []string { return []string{"call", "s3", c} }},
		{"unknown flag", false, func(c string) []string { return []string{"--" + c} }},
	}
	outputs, leaked := 0, 0
	for _, tc := range cases {
		for _, c := range textsafetest.Corpus {
			srv.Set(c.S, tc.data)
			args := append([]string{"--endpoint-url", srv.URL}, tc.args(c.S)...)
			_, stdout, stderr := runNimbus(t, args...)
			for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
				outputs++
				if leaks := textsafetest.Leaks(strings.ReplaceAll(out, "\t", " ")); len(leaks) > 0 {
					leaked++
					t.Errorf("%s, %s, %s: %d leaks, first: %s", tc.name, c.Name, name, len(leaks), leaks[0])
				}
			}
		}
	}
	t.Logf("%d outputs with the hostile corpus, %d with a leak", outputs, leaked)
}
