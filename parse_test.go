package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

// parseTUI, the quick parser of the TUI's line, must give what the whole parser gives, or leave
// the line to it.
func TestTUIParserAgrees(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		tui  bool // parseTUI takes it
	}{
		{args: nil, tui: true},
		{args: []string{"--demo", "--keys", "/dev/null"}, tui: true},
		{args: []string{"ui", "--demo"}, tui: true},
		{args: []string{"--demo", "ui"}, tui: true},
		{args: []string{"--profile", "ls", "--region=eu-west-1", "--no-mouse", "--readonly"}, tui: true},
		{args: []string{"--endpoint-url", "http://127.0.0.1:9", "--refresh", "5s", "--cli-read-timeout", "3", "--cli-connect-timeout=0"}, tui: true},
		{args: []string{"--theme", "light", "--theme-file", "~/t.json", "--keys", "~/k.json", "--debug", "~/d.log"}, tui: true},
		{args: []string{"--demo"}, env: map[string]string{"NIMBUS_THEME": "light", "NIMBUS_DEMO_SPEED": "20"}, tui: true},
		{args: []string{"ls"}},
		{args: []string{"--demo", "ls", "s3://b/"}},
		{args: []string{"services"}},
		{args: []string{"--help"}},
		{args: []string{"-h"}},
		{args: []string{"--version"}},
		{args: []string{"--bogus"}},
		{args: []string{"--profile"}},
		{args: []string{"--theme", "sepia"}},
		{args: []string{"--demo"}, env: map[string]string{"NIMBUS_THEME": "sepia"}},
		{args: []string{"--refresh", "soon"}},
		{args: []string{"--", "ls"}},
	}
	for _, tc := range cases {
		name := strings.Join(tc.args, " ")
		t.Run(name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			g, kctx := parseTUI(tc.args, "/keys.json")
			if (kctx != nil) != tc.tui {
				t.Fatalf("parseTUI took it: %v, want %v", kctx != nil, tc.tui)
			}
			if kctx == nil {
				return
			}
			var all flags
			parser, err := kong.New(&all, append(parserOptions("/keys.json"), kong.Exit(func(int) { t.Fatal("exit") }))...)
			if err != nil {
				t.Fatal(err)
			}
			k, err := parser.Parse(tc.args)
			if err != nil {
				t.Fatalf("the whole parser refuses what parseTUI took: %v", err)
			}
			if k.Command() != kctx.Command() {
				t.Errorf("command %q, the whole parser's %q", kctx.Command(), k.Command())
			}
			if !reflect.DeepEqual(*g, all.globals) {
				t.Errorf("flags\n%+v\nthe whole parser's\n%+v", *g, all.globals)
			}
		})
	}
}
