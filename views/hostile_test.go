package views_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/textsafe/textsafetest"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/s3"
	"github.com/nimbus-tui/nimbus/views/vtable"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// hostileApp is nimbus wired as ui.go wires it, in colour, against a server that answers with
// hostile strings.
type hostileApp struct {
	app    *tui.App
	cancel context.CancelFunc
	d      *tuitest.Driver
	env    tui.Env
	reg    *resource.Registry
}

func newHostileApp(t *testing.T, reg *resource.Registry, srv *textsafetest.Server, sess tui.Session, identity func(context.Context, tui.Session) (tui.Identity, error)) *hostileApp {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(false)}
	browser := s3.NewBrowser(env)
	cmds := tui.NewCommands()
	lib := model.Default()
	catalog := clients.NewCatalog(env, lib)
	views.Register(cmds, views.Deps{Env: env, Browser: browser, Catalog: catalog, Models: lib})
	board := waitboard.New(ctx)
	resources.NewPages(env, catalog, reg, board, browser, 0).Register(cmds)
	sess.Load = func(_ context.Context, _, _ string) (aws.Config, error) {
		cfg := demo.Config(srv.URL)
		cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Session: sess, Keys: env.Keys, Styles: env.Styles, Commands: cmds,
		Start:      func(tui.Session) tui.Page { return emptyPage(env) },
		Identity:   identity,
		Advise:     sessionmgr.Advise,
		Components: []tui.Component{board},
	})
	return &hostileApp{app: app, cancel: cancel, d: tuitest.New(t, app, 120, 30), env: env, reg: reg}
}

func (h *hostileApp) command(line string) {
	h.d.Key(":")
	h.d.Type(line)
	h.d.Key("enter")
}

// keyAndWait presses k and applies messages until the screen changes (at most a second: a key
// may change nothing).
func (h *hostileApp) keyAndWait(k string) {
	before := h.d.Screen()
	h.d.Key(k)
	for range 200 {
		if h.d.Screen() != before {
			return
		}
		h.d.Pump(5 * time.Millisecond)
	}
}

// settle applies messages until the top page has stopped loading and the screen shows want.
func (h *hostileApp) settle(t *testing.T, want string) {
	t.Helper()
	h.d.WaitFor(want, 10*time.Second, func(screen string) bool {
		if r, ok := h.app.Top().(tui.StatusReporter); ok && r.Busy() {
			return false
		}
		return strings.Contains(screen, want)
	})
}

// hostileScenario renders one page or error path with hostile string c; it returns the frames
// to check (the app's whole screen at the moments that matter).
type hostileScenario struct {
	name string
	data bool // the server answers with data rather than errors
	run  func(t *testing.T, h *hostileApp, c string) []string
}

func hostileScenarios(reg *resource.Registry) []hostileScenario {
	sc := []hostileScenario{
		{name: "s3 buckets error banner", run: func(t *testing.T, h *hostileApp, c string) []string {
			h.command("s3")
			h.settle(t, "✗")
			return []string{h.app.Render()}
		}},
		{name: "s3 objects error banner", run: func(t *testing.T, h *hostileApp, c string) []string {
			h.command("s3 hostile/dir/")
			h.settle(t, "✗")
			return []string{h.app.Render()}
		}},
		{name: "s3 buckets, objects and object page", data: true, run: func(t *testing.T, h *hostileApp, c string) []string {
			h.command("s3")
			h.settle(t, "2 buckets")
			frames := []string{h.app.Render()}
			h.command("s3 hostile/")
			h.settle(t, "obj.txt")
			frames = append(frames, h.app.Render())
			h.d.Key("/")
			h.d.Type("obj.txt")
			h.d.Key("enter")
			h.settle(t, "1 of")
			h.d.Key("enter")
			h.settle(t, "Preview")
			return append(frames, h.app.Render())
		}},
		{name: "s3 object page error lines", data: true, run: func(t *testing.T, h *hostileApp, c string) []string {
			h.command("s3 hostile/")
			h.settle(t, "obj.txt")
			h.d.Key("/")
			h.d.Type("err.txt")
			h.d.Key("enter")
			h.settle(t, "1 of")
			h.d.Key("enter")
			h.settle(t, "✗")
			return []string{h.app.Render()}
		}},
		{name: "list collection error banner", run: func(t *testing.T, h *hostileApp, c string) []string {
			h.command("list dynamodb ListTables")
			h.settle(t, "✗")
			return []string{h.app.Render()}
		}},
		{name: "list collection rows and describe", data: true, run: func(t *testing.T, h *hostileApp, c string) []string {
			h.command("list dynamodb ListTables")
			h.settle(t, "plain-table")
			frames := []string{h.app.Render()}
			h.keyAndWait("d")
			h.settle(t, "")
			return append(frames, h.app.Render())
		}},
		{name: "operation call error toast", run: func(t *testing.T, h *hostileApp, c string) []string {
			openOp(t, h, "dynamodb", "ListTables")
			h.d.Key("ctrl+s")
			h.settle(t, "✗")
			return []string{h.app.Render()}
		}},
		{name: "operation call result document", data: true, run: func(t *testing.T, h *hostileApp, c string) []string {
			openOp(t, h, "dynamodb", "ListTables")
			h.d.Key("ctrl+s")
			h.settle(t, "plain-table")
			frames := []string{h.app.Render()}
			h.keyAndWait("c") // the AWS CLI and boto3 snippet
			return append(frames, h.app.Render())
		}},
		{name: "error toast", run: func(t *testing.T, h *hostileApp, c string) []string {
			h.d.Send(tui.ErrorMsg{Err: fmt.Errorf("loading: %w", errors.New(c))})
			return []string{h.app.Render()}
		}},
		{name: "confirm dialog", run: func(t *testing.T, h *hostileApp, c string) []string {
			h.d.Send(tui.OpenMsg{Dialog: confirm.New(h.env, confirm.Request{Title: "Delete " + c, Targets: []string{c, "t-" + c},
				Detail: c, Name: c, Level: confirm.Typed})})
			return []string{h.app.Render()}
		}},
		{name: "document page", run: func(t *testing.T, h *hostileApp, c string) []string {
			doc := map[string]any{c: c, "Items": []any{c, map[string]any{"Name": c}}, "N": 1}
			h.d.Send(tui.PushMsg{Page: docpage.New(h.env, c, c, doc, docpage.Snippet{AWSCLI: "aws " + c, Boto3: c})})
			frames := []string{h.app.Render()}
			h.keyAndWait("c")
			return append(frames, h.app.Render())
		}},
		{name: "table cells", run: func(t *testing.T, h *hostileApp, c string) []string {
			cols := []vtable.Column{{Title: "NAME"}, {Title: "VALUE"}}
			h.d.Send(tui.OpenMsg{Dialog: picker.New(h.env, c, "things", cols,
				[]picker.Choice{{Value: c, Cells: []string{c, "v" + c}}, {Value: "x", Cells: []string{"x", c}}}, c, nil)})
			return []string{h.app.Render()}
		}},
	}
	for _, def := range reg.Types() {
		if def.TopLevel != nil && !*def.TopLevel {
			continue
		}
		typ := def.Type
		sc = append(sc, hostileScenario{name: "resources " + typ + " error banner", run: func(t *testing.T, h *hostileApp, c string) []string {
			h.command(typ)
			h.settle(t, "✗")
			return []string{h.app.Render()}
		}})
		if !textsafetest.HasData(def.Service) {
			continue
		}
		sc = append(sc, hostileScenario{name: "resources " + typ + " data", data: true, run: func(t *testing.T, h *hostileApp, c string) []string {
			h.command(typ)
			h.settle(t, "")
			frames := []string{h.app.Render()}
			if strings.Contains(h.d.Screen(), "✗") {
				return frames
			}
			h.keyAndWait("d")
			h.settle(t, "")
			return append(frames, h.app.Render())
		}})
	}
	return sc
}

func openOp(t *testing.T, h *hostileApp, service, op string) {
	t.Helper()
	h.command("services " + service)
	h.settle(t, "operations")
	h.d.Key("/")
	h.d.Type(op)
	h.d.Key("enter")
	h.settle(t, "▸ "+op)
	h.d.Key("enter")
	h.settle(t, "› "+op)
}

// TestHostileStringsNeverReachTheTerminal renders every page and error path with each string of
// the hostile corpus and checks that nothing of theirs but printable text reaches the frame.
func TestHostileStringsNeverReachTheTerminal(t *testing.T) {
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	renders, leaked := 0, 0
	t.Cleanup(func() { t.Logf("%d frames rendered with the hostile corpus, %d with a leak", renders, leaked) })
	for _, sc := range hostileScenarios(reg) {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			srv := textsafetest.NewServer(t)
			for _, c := range textsafetest.Corpus {
				srv.Set(c.S, sc.data)
				h := newHostileApp(t, reg, srv, tui.Session{Profile: "test", Region: "us-east-1"}, nil)
				frames := sc.run(t, h, c.S)
				h.cancel()
				for _, frame := range frames {
					leaks := textsafetest.Leaks(frame)
					mu.Lock()
					renders++
					if len(leaks) > 0 {
						leaked++
					}
					mu.Unlock()
					if len(leaks) > 0 {
						t.Errorf("%s: %d leaks, first: %s", c.Name, len(leaks), leaks[0])
					}
				}
			}
		})
	}
}

// TestHostileSessionAndIdentityInTheHeader: profile names, regions and endpoints come from config
// files; the account and ARN from STS.
func TestHostileSessionAndIdentityInTheHeader(t *testing.T) {
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	srv := textsafetest.NewServer(t)
	for _, c := range textsafetest.Corpus {
		identity := func(context.Context, tui.Session) (tui.Identity, error) {
			return tui.Identity{Account: c.S, ARN: "arn:" + c.S}, nil
		}
		h := newHostileApp(t, reg, srv, tui.Session{Profile: "p" + c.S, Region: "r" + c.S, Endpoint: "http://" + c.S}, identity)
		h.d.Pump(30 * time.Millisecond)
		h.d.Send(tea.WindowSizeMsg{Width: 300, Height: 30})
		if leaks := textsafetest.Leaks(h.app.Render()); len(leaks) > 0 {
			t.Errorf("%s: %d leaks, first: %s", c.Name, len(leaks), leaks[0])
		}
	}
}
