package views_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/logview"
	"github.com/nimbus-tui/nimbus/views/metricsview"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/s3"
	"github.com/nimbus-tui/nimbus/views/waitboard"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

// demoApp is nimbus wired as ui.go wires it against the in-process demo server at w×h, the
// demo world and the pages on one clock that does not move: its screens are the same each run.
func demoApp(t *testing.T, km keymap.KeyMap, w, h int) (*tuitest.Driver, *tui.App) {
	t.Helper()
	at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	clock := tuitest.NewClock(at)
	srv, err := demo.StartWith(context.Background(), demo.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: km, Styles: tui.NewStyles(true), Clock: clock}
	browser := s3.NewBrowser(env)
	transfers := xferboard.New(env)
	browser.SetTransfers(transfers)
	cmds := tui.NewCommands()
	xferboard.Register(cmds, env, transfers)
	lib := model.Default()
	catalog := clients.NewCatalog(env, lib)
	views.Register(cmds, views.Deps{Env: env, Browser: browser, Catalog: catalog, Models: lib})
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	board := waitboard.NewWithClock(ctx, clock)
	pages := resources.NewPages(env, catalog, reg, board, browser, 0)
	pages.Register(cmds)
	logview.Register(cmds, logview.Deps{Env: env, Invokers: catalog, Pages: pages})
	metricsview.Register(metricsview.Deps{Env: env, Invokers: catalog, Pages: pages})
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := demo.Config(srv.URL)
		cfg.Region = region
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context:    ctx,
		Session:    tui.Session{Profile: "demo", Region: demo.Region, Demo: true, Load: load},
		Keys:       env.Keys,
		Styles:     env.Styles,
		Commands:   cmds,
		Start:      browser.Buckets,
		Components: []tui.Component{board, transfers},
	})
	return tuitest.New(t, app, w, h), app
}

// settled waits until the page shows want and loads nothing more.
func settled(t *testing.T, d *tuitest.Driver, app *tui.App, want ...string) {
	t.Helper()
	d.WaitFor(strings.Join(want, ", "), wait, func(screen string) bool {
		if r, ok := app.Top().(tui.StatusReporter); ok && r.Busy() {
			return false
		}
		for _, w := range want {
			if !strings.Contains(screen, w) {
				return false
			}
		}
		return true
	})
}

// footerScreens are the pages whose screens the footer goldens hold, each reached from the
// buckets page.
var footerScreens = []struct {
	name string
	open func(t *testing.T, d *tuitest.Driver, app *tui.App)
}{
	{"buckets", func(t *testing.T, d *tuitest.Driver, app *tui.App) {
		settled(t, d, app, "demo-assets")
	}},
	{"objects", func(t *testing.T, d *tuitest.Driver, app *tui.App) {
		settled(t, d, app, "demo-assets")
		d.Key("enter")
		settled(t, d, app, "s3 › demo-assets", "images/")
	}},
	{"describe", func(t *testing.T, d *tuitest.Driver, app *tui.App) {
		settled(t, d, app, "demo-assets")
		d.Key("d")
		settled(t, d, app, "CreationDate")
	}},
	{"instances", func(t *testing.T, d *tuitest.Driver, app *tui.App) {
		settled(t, d, app, "demo-assets")
		command(d, "ec2")
		settled(t, d, app, "dev-web-1")
	}},
	{"form", func(t *testing.T, d *tuitest.Driver, app *tui.App) {
		settled(t, d, app, "demo-assets")
		command(d, "services sqs")
		settled(t, d, app, "SendMessage")
		d.Key("/")
		d.Type("SendMessage")
		d.Key("enter")
		d.Key("enter")
		settled(t, d, app, "QueueUrl")
	}},
}

func command(d *tuitest.Driver, line string) {
	d.Key(":")
	d.Type(line)
	d.Key("enter")
}

// The footer shows each page's most useful keys first and ends with the help key ("? more"
// when keys are left out), never a key cut in the middle: at 80 columns the describe page's
// footer was one key and an ellipsis between the app's keys.
func TestFooterGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		for _, s := range footerScreens {
			name := fmt.Sprintf("footer-%s-%dx%d", s.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				d, app := demoApp(t, keymap.Default(), size[0], size[1])
				s.open(t, d, app)
				screen := d.Screen()
				lines := strings.Split(screen, "\n")
				if footer := lines[len(lines)-1]; ansi.StringWidth(footer) > size[0] || strings.Contains(footer, "…") {
					t.Errorf("footer cut: %q", footer)
				}
				tuitest.Golden(t, name, screen)
			})
		}
	}
}
