package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
)

// newMarkedApp is an app whose profiles prod-* are read-only and red, as nimbus's config says.
func newMarkedApp(t *testing.T, noColor bool, start Page, writable map[string]bool) *App {
	t.Helper()
	marks := func(p string) Marks {
		if strings.HasPrefix(p, "prod-") {
			return Marks{ReadOnly: !writable[p], Color: "1"}
		}
		return Marks{}
	}
	a := New(Options{
		Session:      Session{Profile: "dev", Region: "eu-west-1"},
		Keys:         keymap.Default(),
		Styles:       NewStyles(noColor),
		Commands:     NewCommands(),
		Start:        func(Session) Page { return start },
		ProfileMarks: marks,
	})
	a.Init()
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return a
}

// A switch to a production profile takes its marks: the page reloads read-only, the header says
// READ-ONLY in the profile's colour; back to dev, both go.
func TestSwitchTakesTheProfilesMarks(t *testing.T) {
	page := newFakePage("home")
	a := newMarkedApp(t, false, page, nil)
	a.Update(SwitchSessionMsg{Profile: "prod-web"})
	if len(page.reloads) != 1 || !page.reloads[0].ReadOnly || page.reloads[0].Color != "1" {
		t.Fatalf("the page should reload read-only and red: %+v", page.reloads)
	}
	header := strings.Split(a.Render(), "\n")[0]
	if !strings.Contains(ansi.Strip(header), "READ-ONLY") || !strings.Contains(header, "41") {
		t.Fatalf("header should say READ-ONLY on red (SGR 41): %q", header)
	}
	a.Update(SwitchSessionMsg{Profile: "dev"})
	header = strings.Split(a.Render(), "\n")[0]
	if last := page.reloads[len(page.reloads)-1]; last.ReadOnly || last.Color != "" || strings.Contains(header, "READ-ONLY") {
		t.Fatalf("dev is neither read-only nor coloured: %+v %q", last, header)
	}
}

// Without colours the profile's header is in reverse video, so it still stands out.
func TestMarkedHeaderWithoutColours(t *testing.T) {
	a := newMarkedApp(t, true, newFakePage("home"), nil)
	a.Update(SwitchSessionMsg{Profile: "prod-web"})
	header := strings.Split(a.Render(), "\n")[0]
	if !strings.Contains(header, "\x1b[7m") || !strings.Contains(ansi.Strip(header), "prod-web · eu-west-1") {
		t.Fatalf("want reverse video: %q", header)
	}
	if w := ansi.StringWidth(header); w != 100 {
		t.Fatalf("the bar spans the line: %d cells", w)
	}
}

// When the profile is made writable the app takes the marks again: the top page reloads at once,
// a covered one when shown; nothing changes when nothing did.
func TestRefreshMarksReloadsThePages(t *testing.T) {
	writable := map[string]bool{}
	bottom, top := newFakePage("bottom"), newFakePage("top")
	a := newMarkedApp(t, true, bottom, writable)
	a.Update(SwitchSessionMsg{Profile: "prod-web"})
	a.Update(PushMsg{Page: top})
	a.Update(RefreshMarksMsg{})
	if len(top.reloads) != 0 {
		t.Fatalf("nothing changed: no reload, got %+v", top.reloads)
	}
	writable["prod-web"] = true
	a.Update(RefreshMarksMsg{})
	if len(top.reloads) != 1 || top.reloads[0].ReadOnly {
		t.Fatalf("top should reload writable: %+v", top.reloads)
	}
	if strings.Contains(a.Render(), "READ-ONLY") {
		t.Fatal("the header still says READ-ONLY")
	}
	n := len(bottom.reloads)
	a.Update(keyPress("esc"))
	if len(bottom.reloads) != n+1 || bottom.reloads[n].ReadOnly {
		t.Fatalf("bottom should reload writable when shown: %+v", bottom.reloads)
	}
}

// staticPage is a page that cannot load again: a call's result.
type staticPage struct{ *fakePage }

func (staticPage) Reload() {} // not tui.Reloadable's signature: the app must not find one

// Issue 9 #5: a call's result (a page that cannot load again) stayed under the next profile's
// name after a switch, as if that profile had answered. The breadcrumbs now say whose data it is,
// until that session is back.
func TestPageThatCannotReloadSaysWhoseDataItShows(t *testing.T) {
	a := newMarkedApp(t, true, newFakePage("home"), nil)
	a.Update(PushMsg{Page: staticPage{newFakePage("GetCallerIdentity result")}})
	a.Update(SwitchSessionMsg{Profile: "prod-web", Region: "us-east-2"})
	crumbs := ansi.Strip(strings.Split(a.Render(), "\n")[1])
	if !strings.Contains(crumbs, "data of dev · eu-west-1, not of prod-web · us-east-2") {
		t.Fatalf("crumbs: %q", crumbs)
	}
	a.Update(SwitchSessionMsg{Profile: "dev", Region: "eu-west-1"})
	if crumbs := ansi.Strip(strings.Split(a.Render(), "\n")[1]); strings.Contains(crumbs, "data of") {
		t.Fatalf("back in dev the mark goes: %q", crumbs)
	}
	// A page that reloads takes the new session and says nothing.
	a.Update(keyPress("esc"))
	a.Update(SwitchSessionMsg{Profile: "prod-web", Region: "us-east-2"})
	if crumbs := ansi.Strip(strings.Split(a.Render(), "\n")[1]); strings.Contains(crumbs, "data of") {
		t.Fatalf("a reloaded page is the new session's: %q", crumbs)
	}
}
