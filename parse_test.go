package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

// parseTUI, the TUI's own reader of its line, must give what the whole parser gives, or leave
// the line to it (and then the whole parser handles it as it always did).
func TestTUIParserAgrees(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args     []string
		env      map[string]string
		keysFile string // default "/keys.json"
		tui      bool   // parseTUI takes it
	}{
		{args: nil, tui: true},
		{args: nil, keysFile: "-"},
		{args: []string{"--demo"}, keysFile: "none", tui: true},
		{args: []string{"--demo", "--keys", "/dev/null"}, tui: true},
		{args: []string{"ui", "--demo"}, tui: true},
		{args: []string{"--demo", "ui"}, tui: true},
		{args: []string{"--profile", "ls", "--region=eu-west-1", "--no-mouse", "--readonly"}, tui: true},
		{args: []string{"--profile=", "--region", "ui"}, tui: true},
		{args: []string{"--endpoint-url", "http://127.0.0.1:9", "--refresh", "5s", "--cli-read-timeout", "3", "--cli-connect-timeout=0"}, tui: true},
		{args: []string{"--theme", "light", "--theme-file", "~/t.json", "--keys", "~/k.json", "--debug", "~/d.log"}, tui: true},
		{args: []string{"--keys", "k.json", "--debug=./d.log", "--theme-file", "../t.json"}, tui: true},
		{args: []string{"--demo"}, env: map[string]string{"NIMBUS_THEME": "light", "NIMBUS_DEMO_SPEED": "20"}, tui: true},
		{args: []string{"--demo", "--demo-speed", "2.5", "--theme=dark"}, env: map[string]string{"NIMBUS_THEME": "light", "NIMBUS_DEMO_SPEED": "20"}, tui: true},
		{args: []string{"--refresh", "0"}, tui: true},
		{args: []string{"--refresh", "0s", "--cli-read-timeout", "1e1"}, tui: true},
		{args: []string{"ls"}},
		{args: []string{"--demo", "ls", "s3://b/"}},
		{args: []string{"ui", "ui"}},
		{args: []string{"services"}},
		{args: []string{"--help"}},
		{args: []string{"-h"}},
		{args: []string{"--version"}},
		{args: []string{"--bogus"}},
		{args: []string{"--profile"}},
		{args: []string{"--profile", "--demo"}},
		{args: []string{"--profile", "a", "--profile", "b"}},
		{args: []string{"--demo", "--demo"}},
		{args: []string{"--demo=true"}},
		{args: []string{"--demo=false"}},
		{args: []string{"--theme", "sepia"}},
		{args: []string{"--demo"}, env: map[string]string{"NIMBUS_THEME": "sepia"}},
		{args: []string{"--demo"}, env: map[string]string{"NIMBUS_DEMO_SPEED": "fast"}},
		{args: []string{"--demo"}, env: map[string]string{"NIMBUS_DEMO_SPEED": ""}},
		{args: []string{"--refresh", "soon"}},
		{args: []string{"--cli-read-timeout", "-1"}},
		{args: []string{"--keys", ""}},
		{args: []string{"--debug", "-"}},
		{args: []string{"--", "ls"}},
		{args: []string{"-"}},
	}
	for _, tc := range cases {
		name := strings.Join(tc.args, " ")
		if tc.keysFile != "" {
			name += " (keys file " + tc.keysFile + ")"
		}
		for k, v := range tc.env {
			name += " " + k + "=" + v
		}
		t.Run(name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			keysFile := "/keys.json"
			switch tc.keysFile {
			case "none":
				keysFile = ""
			case "":
			default:
				keysFile = tc.keysFile
			}
			g, ok := parseTUI(tc.args, keysFile)
			if ok != tc.tui {
				t.Fatalf("parseTUI took it: %v, want %v", ok, tc.tui)
			}
			if !ok {
				return
			}
			var all flags
			parser, err := kong.New(&all, append(parserOptions(keysFile), kong.Exit(func(int) { t.Fatal("exit") }))...)
			if err != nil {
				t.Fatal(err)
			}
			k, err := parser.Parse(tc.args)
			if err != nil {
				t.Fatalf("the whole parser refuses what parseTUI took: %v", err)
			}
			if k.Command() != "ui" {
				t.Errorf("the whole parser's command is %q, not the TUI", k.Command())
			}
			if !reflect.DeepEqual(*g, all.globals) {
				t.Errorf("flags\n%+v\nthe whole parser's\n%+v", *g, all.globals)
			}
			if strings.Contains(name, "~/") && !strings.HasPrefix(g.Keys, home) {
				t.Errorf("~/ not expanded: %q", g.Keys)
			}
		})
	}
}

// FuzzTUIParserAgrees: on any line parseTUI takes, the whole parser agrees (args are split on
// NUL). `go test` runs the seeds; `go test -fuzz FuzzTUIParserAgrees` looks further.
func FuzzTUIParserAgrees(f *testing.F) {
	for _, seed := range []string{"", "--demo", "ui\x00--demo", "--profile\x00p\x00--region=r", "--refresh\x001m",
		"--theme=light\x00--keys\x00~/k", "--demo-speed\x00.5", "--cli-read-timeout\x00+3", "--debug\x00a b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var args []string
		if line != "" {
			args = strings.Split(line, "\x00")
		}
		g, ok := parseTUI(args, "/keys.json")
		if !ok {
			return
		}
		var all flags
		parser, err := kong.New(&all, append(parserOptions("/keys.json"), kong.Exit(func(int) { t.Fatal("exit") }))...)
		if err != nil {
			t.Fatal(err)
		}
		k, err := parser.Parse(args)
		if err != nil {
			t.Fatalf("%q: the whole parser refuses what parseTUI took: %v", args, err)
		}
		if k.Command() != "ui" {
			t.Fatalf("%q: the whole parser's command is %q", args, k.Command())
		}
		nan := func(p *float64) bool { return p != nil && *p != *p }
		if g.DemoSpeed != g.DemoSpeed || nan(g.ReadTimeout) || nan(g.ConnectTimeout) {
			return // NaN is never equal to itself
		}
		if !reflect.DeepEqual(*g, all.globals) {
			t.Fatalf("%q: flags\n%+v\nthe whole parser's\n%+v", args, *g, all.globals)
		}
	})
}

// The TUI's line is read before the first frame: without building a kong parser (≈ 1,500
// allocations and its code paged in, cold); a handful of allocations.
func TestTUILineReadCheaply(t *testing.T) {
	args := []string{"--demo", "--keys", os.DevNull, "--profile", "dev"}
	allocs := testing.AllocsPerRun(20, func() {
		if _, ok := parseTUI(args, "/keys.json"); !ok {
			t.Fatal("not the TUI's line")
		}
	})
	if allocs > 20 {
		t.Errorf("reading the TUI's line allocates %.0f times, want at most 20 (a kong parser is ≈ 1,500)", allocs)
	}
}
