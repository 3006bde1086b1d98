package main

import (
	"context"
	"os"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/alecthomas/kong"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/s3"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// BenchmarkTimeToFirstFrame is everything nimbus does between main and its first frame: the
// session manager, the key map, the `:` commands, the app and one render. The resource
// definitions are not parsed (their commands come in after the first frame, see ui.go), nor are
// service models (they load lazily, one service when first used). The terminal's own start-up
// is not included: scripts/firstframe measures the real program in tmux.
func BenchmarkTimeToFirstFrame(b *testing.B) {
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		mgr, err := sessionmgr.New(sessionmgr.Options{ConfigFile: os.DevNull, CredentialsFile: os.DevNull,
			Getenv: func(string) string { return "" }})
		if err != nil {
			b.Fatal(err)
		}
		keys := keymap.Default()
		env := tui.Env{Ctx: ctx, Keys: keys, Styles: tui.NewStyles(false)}
		browser := s3.NewBrowser(env)
		lib := model.NewLibrary(model.EmbeddedData())
		catalog := clients.NewCatalog(env, lib)
		cmds := tui.NewCommands()
		views.Register(cmds, views.Deps{Env: env, Sessions: mgr, Browser: browser, Catalog: catalog, Models: lib})
		board := waitboard.New(ctx)
		profile, region := mgr.Initial()
		app := tui.New(tui.Options{Context: ctx, Keys: keys, Styles: env.Styles, Commands: cmds,
			Session: tui.Session{Profile: profile, Region: region, Load: mgr.Config}, Start: browser.Buckets,
			Components: []tui.Component{board}, LateCommands: func() (func(*tui.Commands), error) {
				reg, err := resource.Default()
				if err != nil {
					return nil, err
				}
				return resources.NewPages(env, catalog, reg, board, browser, 0).Register, nil
			}})
		app.Init() // starts the first listing in a command; the frame does not wait for it
		app.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		if app.Render() == "" {
			b.Fatal("no frame")
		}
		cancel()
	}
}

// BenchmarkCommandLine is the flag parsing before the first frame: the TUI's line read by
// parseTUI against the whole kong parser every other line gets.
func BenchmarkCommandLine(b *testing.B) {
	args := []string{"--demo", "--keys", os.DevNull}
	b.Run("tui", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := parseTUI(args, ""); !ok {
				b.Fatal("not the TUI's line")
			}
		}
	})
	b.Run("whole", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var c flags
			p, err := kong.New(&c, parserOptions("")...)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Parse(args); err != nil {
				b.Fatal(err)
			}
		}
	})
}
