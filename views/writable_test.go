package views_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views"
	"github.com/nimbus-tui/nimbus/views/s3"
)

// markedApp runs nimbus with dev and prod-web, prod-* read-only and red as nimbus's config says.
func markedApp(t *testing.T, readOnlyFlag bool) (*tuitest.Driver, *sessionmgr.Manager, *tuitest.Clock) {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "config")
	os.WriteFile(cfg, []byte("[profile dev]\nregion = eu-west-1\n[profile prod-web]\nregion = us-east-2\n"), 0o600)
	mgr, err := sessionmgr.New(sessionmgr.Options{ConfigFile: cfg, CredentialsFile: os.DevNull, ReadOnly: readOnlyFlag,
		Getenv: func(string) string { return "" },
		ProfileReadOnly: func(p string) string {
			if strings.HasPrefix(p, "prod-") {
				return "prod-* in config.yaml"
			}
			return ""
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	clock := tuitest.NewClock(time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC))
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	cmds := tui.NewCommands()
	views.Register(cmds, views.Deps{Env: env, Sessions: mgr, Browser: s3.NewBrowser(env)})
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds,
		Session:       tui.Session{Profile: "dev", Region: "eu-west-1", Load: mgr.Config},
		Start:         func(s tui.Session) tui.Page { return emptyPage(env) },
		ProfileRegion: mgr.RegionOnSwitch,
		ProfileMarks: func(p string) tui.Marks {
			m := tui.Marks{ReadOnly: mgr.ReadOnlyFor(p)}
			if strings.HasPrefix(p, "prod-") {
				m.Color = "1"
			}
			return m
		},
		Advise: mgr.Advise,
	})
	return tuitest.New(t, app, 100, 30), mgr, clock
}

func header(d *tuitest.Driver) string { return strings.SplitN(d.Screen(), "\n", 2)[0] }

// Switching to prod-web makes the session read-only (the header says so); :writable asks for
// the profile's name typed out, refuses anything else, and only then lets changes through;
// :readonly puts it back.
func TestWritableNeedsTheProfileNameTyped(t *testing.T) {
	d, mgr, clock := markedApp(t, false)
	d.WaitForText(wait, "dev · eu-west-1")
	if strings.Contains(header(d), "READ-ONLY") {
		t.Fatalf("dev is writable: %s", header(d))
	}
	d.Key(":")
	d.Type("profile prod-web")
	d.Key("enter")
	d.WaitFor("prod-web, read-only", wait, func(s string) bool {
		return strings.Contains(header(d), "prod-web · us-east-2") && strings.Contains(header(d), "READ-ONLY")
	})
	d.Key(":")
	d.Type("writable")
	d.Key("enter")
	d.WaitForText(wait, "Allow changes in profile prod-web?", "prod-* in config.yaml", "Type the profile name")
	tuitest.Golden(t, "writable", d.Screen())
	clock.Advance(time.Second) // past the confirmation's grace for keys already on their way
	d.Type("prod")
	d.Key("enter")
	d.WaitForText(wait, "that is not the profile name")
	if !mgr.ReadOnlyFor("prod-web") {
		t.Fatal("a wrong name made the profile writable")
	}
	d.Type("-web")
	d.Key("enter")
	d.WaitForText(wait, "prod-web allows changes until nimbus quits")
	if mgr.ReadOnlyFor("prod-web") || strings.Contains(header(d), "READ-ONLY") {
		t.Fatalf("prod-web should be writable now: %s", header(d))
	}
	d.Key(":")
	d.Type("readonly")
	d.Key("enter")
	d.WaitFor("read-only again", wait, func(string) bool { return strings.Contains(header(d), "READ-ONLY") })
	if !mgr.ReadOnlyFor("prod-web") {
		t.Fatal(":readonly should make prod-web read-only again")
	}
}

// esc leaves the profile read-only; under --readonly :writable says the flag holds.
func TestWritableCancelledAndUnderTheFlag(t *testing.T) {
	d, mgr, clock := markedApp(t, false)
	d.Key(":")
	d.Type("profile prod-web")
	d.Key("enter")
	d.WaitForText(wait, "READ-ONLY")
	d.Key(":")
	d.Type("writable")
	d.Key("enter")
	d.WaitForText(wait, "Type the profile name")
	clock.Advance(time.Second)
	d.Key("esc")
	d.WaitForText(wait, "cancelled")
	if !mgr.ReadOnlyFor("prod-web") {
		t.Fatal("esc made prod-web writable")
	}

	d, _, _ = markedApp(t, true)
	d.Key(":")
	d.Type("writable")
	d.Key("enter")
	d.WaitForText(wait, "restart without it")
	d.Key(":")
	d.Type("profile dev")
	d.Key("enter")
	if !strings.Contains(header(d), "READ-ONLY") {
		t.Fatalf("--readonly holds for every profile: %s", header(d))
	}
}
