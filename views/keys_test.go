package views_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/keymap/keymaptest"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/accounts"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/login"
	"github.com/nimbus-tui/nimbus/views/logview"
	"github.com/nimbus-tui/nimbus/views/metricsview"
	"github.com/nimbus-tui/nimbus/views/opform"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/stackevents"
	"github.com/nimbus-tui/nimbus/views/textprompt"
	"github.com/nimbus-tui/nimbus/views/vtable"
	"github.com/nimbus-tui/nimbus/views/waitboard"
	"github.com/nimbus-tui/nimbus/views/wirepage"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

// keyed is what a page and a dialog both are to their keys.
type keyed interface {
	Keys() help.KeyMap
	Update(tea.Msg) tea.Cmd
	View() string
}

// formPage shows an operation form as the page that holds it does: its action table is its keys.
type formPage struct{ f *opform.Form }

func (p formPage) Keys() help.KeyMap          { return p.f.Actions() }
func (p formPage) Update(m tea.Msg) tea.Cmd   { return p.f.Update(m) }
func (p formPage) View() string               { return p.f.View() }
func (p formPage) SetSize(w, h int)           {}
func (p formPage) Title() string              { return "form" }
func (p formPage) Init() tea.Cmd              { return nil }
func (p formPage) Tasks() *tui.Tasks          { return nil }
func (p formPage) Reload(tui.Session) tea.Cmd { return nil }

// pageCase is one page or dialog built with a key map, and the bindings whose effect Update is
// checked for (the new key changes the view or answers; the default key does neither).
type pageCase struct {
	name  string
	build func(t *testing.T, env tui.Env) keyed
	obeys []string
}

func keyPages() []pageCase {
	doc := map[string]any{"Stack": map[string]any{"Name": "web", "Tags": []any{"a", "b"}}, "Count": 2}
	return []pageCase{
		{name: "document", build: func(t *testing.T, env tui.Env) keyed {
			p := docpage.New(env, "describe", "", doc, docpage.Snippet{AWSCLI: "aws cloudformation describe-stacks", Boto3: "boto3"})
			p.SetSize(100, 30)
			return p
		}, obeys: []string{"tree.mode", "tree.collapseall", "tree.copyall", "actions.copy", "actions.snippet"}},
		{name: "log tail", build: func(t *testing.T, env tui.Env) keyed {
			p := logview.NewTail(env, nil, tui.Session{}, logview.Target{Groups: []string{"/app/web"}}, logview.Options{})
			p.SetSize(100, 30)
			return p
		}},
		{name: "logs insights", build: func(t *testing.T, env tui.Env) keyed {
			p, err := logview.NewInsights(env, nil, tui.Session{}, []string{"/app/web"}, "")
			if err != nil {
				t.Fatal(err)
			}
			p.SetSize(100, 30)
			return p
		}, obeys: []string{"insights.range", "insights.groups"}},
		{name: "operation form", build: func(t *testing.T, env tui.Env) keyed {
			svc, err := model.Load("sqs")
			if err != nil {
				t.Fatal(err)
			}
			f := opform.New(svc, "SendMessage", opform.FormEnv{Keys: env.Keys, Styles: opform.StylesFrom(env.Styles.Theme)})
			f.SetSize(100, 30)
			return formPage{f}
		}, obeys: []string{"form.next", "actions.run", "input.cancel"}},
		{name: "confirmation", build: func(t *testing.T, env tui.Env) keyed {
			return confirm.New(env, confirm.Request{Title: "Delete", Targets: []string{"web"}})
		}, obeys: []string{"confirm.yes", "confirm.no", "input.submit"}},
		{name: "typed confirmation", build: func(t *testing.T, env tui.Env) keyed {
			return confirm.New(env, confirm.Request{Title: "Delete", Targets: []string{"web"}, Level: confirm.Typed, Name: "web"})
		}, obeys: []string{"input.cancel"}},
		{name: "text prompt", build: func(t *testing.T, env tui.Env) keyed {
			return textprompt.New(env, textprompt.Request{Title: "Copy to", Value: "s3://b/k", Answer: func(string) tea.Msg { return nil }})
		}, obeys: []string{"input.submit", "input.cancel"}},
		{name: "picker", build: func(t *testing.T, env tui.Env) keyed {
			p := picker.New(env, "Regions", "regions", []vtable.Column{{Title: "REGION", MinWidth: 10}},
				[]picker.Choice{{Value: "eu-west-1", Cells: []string{"eu-west-1"}}, {Value: "us-east-1", Cells: []string{"us-east-1"}}},
				"", func(string) tea.Cmd { return nil })
			p.SetSize(80, 20)
			return p
		}, obeys: []string{"table.open", "global.filter"}},
		{name: "MFA code", build: func(t *testing.T, env tui.Env) keyed {
			d := login.NewMFADialog(env, mfaQuestion(t))
			d.Update(tuitest.KeyPress("1"))
			return d
		}, obeys: []string{"mfa.erase", "input.cancel"}},
		{name: "SSO login", build: func(t *testing.T, env tui.Env) keyed {
			return login.NewLoginDialog(login.Deps{Env: env}, "sso", false)
		}},
		{name: "path prompt", build: func(t *testing.T, env tui.Env) keyed {
			return xferboard.NewPathDialog(env, "Download to", "", t.TempDir()+"/", true, func(string) tea.Msg { return nil })
		}, obeys: []string{"input.complete", "input.cancel"}},
		{name: "transfers", build: func(t *testing.T, env tui.Env) keyed {
			return xferboard.NewPage(env, xferboard.New(env))
		}},
		{name: "waiters", build: func(t *testing.T, env tui.Env) keyed {
			return waitboard.NewPage(env, waitboard.New(env.Ctx))
		}},
		{name: "wire", build: func(t *testing.T, env tui.Env) keyed {
			return wirepage.New(env, "wire", &wire.Log{})
		}},
		{name: "stack events", build: func(t *testing.T, env tui.Env) keyed {
			return stackevents.New(env, nil, tui.Session{}, waitboard.New(env.Ctx), stackevents.Follow{Stack: "web", Name: "web"})
		}},
		{name: "SSO accounts", build: func(t *testing.T, env tui.Env) keyed {
			p := accounts.New(accounts.Deps{Env: env}, tui.Session{Profile: "sso"}, "")
			p.SetSize(100, 30)
			return p
		}},
		{name: "metrics chart", build: func(t *testing.T, env tui.Env) keyed {
			return metricsview.NewChart(metricsview.Deps{Env: env}, tui.Session{}, "CPU", nil)
		}},
	}
}

func mfaQuestion(t *testing.T) sessionmgr.MFAQuestion {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	broker := sessionmgr.NewMFABroker(ctx)
	go broker.Prompt(sessionmgr.MFARequest{Profile: "mfa", SerialNumber: "arn:aws:iam::123456789012:mfa/ana"})
	return <-broker.Questions()
}

func keyEnv(t *testing.T, r keymaptest.Remapped) tui.Env {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return tui.Env{Ctx: ctx, Keys: r.Keys, Styles: tui.NewStyles(true)}
}

// Issues 8 and 13: every key a page answers is a key-map binding. With every binding of
// keys.json moved to a key of its own, no page keeps a key (or a help label) of its own, and
// each page obeys the new key of the bindings checked and ignores their default keys. Pages
// used to match w, J, z, n, E, C, t, Y, o, s, r, y, tab, ctrl+e… themselves.
func TestEveryPageTakesItsKeysFromTheKeyMap(t *testing.T) {
	r := keymaptest.RemapAll(t)
	for _, c := range keyPages() {
		t.Run(c.name, func(t *testing.T) {
			p := c.build(t, keyEnv(t, r))
			if bad := keymaptest.Unmapped(p.Keys()); len(bad) > 0 {
				t.Errorf("keys not from the key map: %s", strings.Join(bad, ", "))
			}
			for _, name := range c.obeys {
				if _, ok := r.New[name]; !ok {
					t.Errorf("no binding %s in the key map", name)
					continue
				}
				p := c.build(t, keyEnv(t, r))
				before := ansi.Strip(p.View())
				cmd := p.Update(keymaptest.Press(r.New[name]))
				after := ansi.Strip(p.View())
				if cmd == nil && after == before {
					t.Errorf("%s: its new key %s does nothing", name, r.New[name])
				}
				for _, old := range r.Default[name] {
					// A default key may still be refused ("digits only"); it must not do the action.
					p := c.build(t, keyEnv(t, r))
					if cmd := p.Update(tuitest.KeyPress(old)); cmd != nil || (after != before && ansi.Strip(p.View()) == after) {
						t.Errorf("%s: the default key %q still acts", name, old)
					}
				}
			}
		})
	}
}

// quiet is a page whose Init loads nothing: the help needs only its keys.
type quiet struct{ tui.Page }

func (quiet) Init() tea.Cmd { return nil }

// The `?` help of every page names the user's keys: with every binding remapped, each of the
// page's keys is listed under its new key, and so are the command bar's (bar.next, input.complete).
func TestHelpNamesTheRemappedKeysOfEveryPage(t *testing.T) {
	r := keymaptest.RemapAll(t)
	for _, c := range keyPages() {
		t.Run(c.name, func(t *testing.T) {
			env := keyEnv(t, r)
			page, ok := c.build(t, env).(tui.Page)
			if !ok {
				t.Fatalf("%T is not a page", c.build(t, env))
			}
			app := tui.New(tui.Options{Context: env.Ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
				Start: func(tui.Session) tui.Page { return quiet{page} }})
			d := tuitest.New(t, app, 140, 120)
			d.Send(keymaptest.Press(r.New["global.help"]))
			screen := d.Screen()
			if !strings.Contains(screen, "keys") {
				t.Fatalf("no help after %s:\n%s", r.New["global.help"], screen)
			}
			want := [][2]string{{r.New["bar.next"], "next candidate"}, {r.New["global.quit"], "quit"}}
			for _, g := range page.Keys().FullHelp() {
				for _, b := range g {
					if b.Enabled() && b.Help().Key != "" {
						want = append(want, [2]string{b.Help().Key, b.Help().Desc})
					}
				}
			}
			lines := strings.Split(screen, "\n")
			for _, w := range want {
				if !slices.ContainsFunc(lines, func(l string) bool {
					return strings.HasPrefix(strings.TrimSpace(l), w[0]+" ") && strings.Contains(l, w[1])
				}) {
					t.Errorf("the help has no line %q %q:\n%s", w[0], w[1], screen)
				}
			}
		})
	}
}

// Hints in a page's text name the user's keys: the transfers page said "S downloads … U uploads"
// whatever objects.download and objects.upload were.
func TestHintsNameTheRemappedKeys(t *testing.T) {
	r := keymaptest.RemapAll(t)
	env := keyEnv(t, r)
	view := ansi.Strip(xferboard.NewPage(env, xferboard.New(env)).View())
	for _, name := range []string{"objects.download", "objects.upload"} {
		if !strings.Contains(view, r.New[name]+" ") {
			t.Errorf("the transfers page does not name %s's key %s: %q", name, r.New[name], view)
		}
	}
	if strings.Contains(view, "S downloads") || strings.Contains(view, "U uploads") {
		t.Errorf("the transfers page names the default keys: %q", view)
	}
}
