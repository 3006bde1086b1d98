package main

import (
	"context"
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"github.com/nimbus-tui/nimbus/awsapi/console"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/recent"
	"github.com/nimbus-tui/nimbus/internal/termwarm"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/theme"
	"github.com/nimbus-tui/nimbus/views"
	"github.com/nimbus-tui/nimbus/views/accounts"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/login"
	"github.com/nimbus-tui/nimbus/views/logview"
	"github.com/nimbus-tui/nimbus/views/metricsview"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/s3"
	"github.com/nimbus-tui/nimbus/views/signin"
	"github.com/nimbus-tui/nimbus/views/stackevents"
	"github.com/nimbus-tui/nimbus/views/waitboard"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

// The collector is off until the first frame (pauseGC): the heap meanwhile stays under
// startHeapLimit, and a frame that never comes (a terminal of no size) waits startGCPause at most.
const (
	startHeapLimit = 64 << 20
	startGCPause   = 2 * time.Second
)

// uiCmd starts the terminal UI: the default when no command is given.
type uiCmd struct{}

// Run starts the TUI on the S3 browser.
func (uiCmd) Run(r *runContext) error {
	// Terminal work Bubble Tea would do on the first frame's path runs beside ours instead.
	termwarm.Widths()
	resumeGC := r.proc.pauseGC(startHeapLimit, startGCPause)
	defer resumeGC()
	keys, keyErr := keymap.Load(r.global.Keys)
	cfg, cfgErr := r.config, r.configErr
	drawn := make(chan struct{})
	r.seedAfter = drawn
	// The TUI owns the terminal: MFA codes are asked in a dialog (views/login), not on stdin.
	mfaBroker := sessionmgr.NewMFABroker(r.ctx)
	r.mfa = mfaBroker.Prompt
	mgr, stop, err := r.sessions(r.ctx, false)
	if err != nil {
		return err
	}
	defer stop()

	recentPath := configFile("recent.json")
	if r.global.Demo {
		recentPath = "" // the demo's profile is not one of the user's
	}
	recentProfiles, recentErr := recent.Load(recentPath)
	reopenRoles(mgr, recentProfiles)

	th, themeErr := theme.Load(theme.Options{Name: r.global.Theme, File: r.global.ThemeFile, Getenv: os.Getenv})
	styles := tui.StylesFrom(th)
	env := tui.Env{Ctx: r.ctx, Keys: keys, Styles: styles, Logger: r.logger}
	browser := s3.NewBrowser(env)
	cmds := tui.NewCommands()
	lib := model.Default()
	catalog := clients.NewCatalog(env, lib)
	views.Register(cmds, views.Deps{Env: env, Sessions: mgr, Browser: browser, Catalog: catalog, Models: lib,
		Recent: recentProfiles.Names})
	loginDeps := login.Deps{Env: env, Sessions: mgr}
	login.Register(cmds, loginDeps)
	accounts.Register(cmds, accounts.Deps{Env: env, Sessions: mgr})
	mfaListener := login.NewMFAListener(env, mfaBroker)
	consoleOpener := signin.New(env, signin.SystemBrowser(os.Getenv), console.Options{FederationURL: os.Getenv(federationEnv)})
	board := waitboard.NewWithClock(r.ctx, env.Clock)
	transfers := xferboard.New(env)
	if l := r.proc.newTransferLimit(transfers.Budget()); l != nil {
		transfers.SetBusy(l.busy)
	}
	browser.SetTransfers(transfers)
	xferboard.Register(cmds, env, transfers)
	// The resource definitions take longer to parse than the first frame may wait: their
	// commands come in just after it (a command typed before then runs once they are in).
	resourceCommands := func() (func(*tui.Commands), error) {
		registry, err := resource.Default()
		if err != nil {
			return nil, fmt.Errorf("resource definitions: %w", err)
		}
		pages := resources.NewPages(env, catalog, registry, board, browser, r.global.Refresh)
		if r.global.Demo {
			// The demo's transitions take seconds, not minutes: poll often enough to watch them.
			pages.SetWaitDelay(demo.WaitDelay(r.global.DemoSpeed))
		}
		return func(c *tui.Commands) {
			pages.Register(c)
			logview.Register(c, logview.Deps{Env: env, Invokers: catalog, Pages: pages, History: configFile("insights-history.json")})
			stackevents.Attach(env, catalog, pages)
			metricsview.Register(metricsview.Deps{Env: env, Invokers: catalog, Pages: pages})
		}, nil
	}

	profile, region := mgr.Initial()
	marks := func(p string) tui.Marks {
		// With --demo, cfg is the demo's own settings (main.go).
		return tui.Marks{ReadOnly: mgr.ReadOnlyFor(p), Color: cfg.Profile(p).Color}
	}
	identity := func(ctx context.Context, s tui.Session) (tui.Identity, error) {
		id, err := mgr.Identity(ctx, s.Profile, s.Region)
		return tui.Identity{Account: id.Account, ARN: id.ARN}, err
	}
	app := tui.New(tui.Options{
		Context:       r.ctx,
		Session:       tui.Session{Profile: profile, Region: region, Endpoint: mgr.Endpoint(), Demo: r.global.Demo, Load: mgr.Config},
		ProfileMarks:  marks,
		Keys:          keys,
		Styles:        styles,
		Commands:      cmds,
		Start:         browser.Buckets,
		Identity:      identity,
		ProfileRegion: mgr.RegionOnSwitch,
		OnSwitch:      func(s tui.Session) tea.Cmd { return touchProfile(recentProfiles, mgr, s.Profile) },
		Advise:        mgr.Advise,
		Remedy:        login.Remedy(loginDeps),
		Components:    []tui.Component{board, transfers, mfaListener, consoleOpener},
		Console:       consoleOpener.Open,
		LateCommands:  resourceCommands,
		OnFirstFrame:  func() { resumeGC(); close(drawn) },
		NoMouse:       !cfg.MouseOn(r.global.NoMouse),
	})
	var startup []tea.Cmd
	if cfgErr != nil {
		startup = append(startup, func() tea.Msg {
			return tui.ToastMsg{Error: true, Text: textsafe.Sprintf("%s; every profile is read-only until it is fixed (:writable allows changes)", cfgErr)}
		})
	}
	if recentErr != nil {
		startup = append(startup, tui.Error(recentErr))
	}
	startup = append(startup, touchProfile(recentProfiles, mgr, profile))
	if keyErr != nil {
		startup = append(startup, tui.Error(keyErr))
	}
	if themeErr != nil {
		startup = append(startup, tui.Error(themeErr))
	}
	_, regionSource := mgr.RegionSource(profile)
	if warning, err := sessionmgr.CheckRegion(region, regionSource); err != nil {
		startup = append(startup, tui.Error(err))
	} else if warning != "" {
		startup = append(startup, func() tea.Msg { return tui.ToastMsg{Error: true, Text: textsafe.From(warning)} })
	}
	for _, p := range mgr.Problems() {
		startup = append(startup, tui.Error(p))
	}
	startup = append(startup, mfaListener.Listen()) // last: it waits for the first question
	// The size now, so that the first frame Bubble Tea draws is already the page and not an
	// empty one waiting for the size message.
	if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 && h > 0 {
		app.Update(tea.WindowSizeMsg{Width: w, Height: h})
	}
	prog := tea.NewProgram(app, tea.WithContext(r.ctx), tea.WithColorProfile(termwarm.Profile()))
	go func() {
		for _, c := range startup {
			prog.Send(c())
		}
	}()
	if _, err := prog.Run(); err != nil && r.ctx.Err() == nil {
		return fmt.Errorf("running the terminal UI: %w", err)
	}
	return nil
}

// touchProfile records that profile was used, off the UI goroutine, with what opens it when it
// is an SSO role in no file (reopenRoles opens it again next time); a file that cannot be written
// is said once in a toast.
func touchProfile(l *recent.List, mgr *sessionmgr.Manager, profile string) tea.Cmd {
	role, isRole := mgr.SessionRole(profile)
	return func() tea.Msg {
		var err error
		if isRole {
			err = l.TouchRole(profile, recent.Role{From: role.From, Account: role.Account, Role: role.Role})
		} else {
			err = l.Touch(profile)
		}
		if err != nil {
			return tui.ErrorMsg{Err: err}
		}
		return nil
	}
}

// reopenRoles opens again, in memory, the SSO roles used last without a profile (from
// :accounts), so that the profile list has them after a restart, marked as in no file. A role
// whose SSO profile is gone is left out; nothing is written to ~/.aws/config.
func reopenRoles(mgr *sessionmgr.Manager, l *recent.List) {
	for _, r := range l.Roles() {
		_, _ = mgr.OpenSSORole(r.From, r.Account, r.Role) // one that no longer opens is simply not listed
	}
}
