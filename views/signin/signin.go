// Package signin is `O`: the AWS console, signed in as the session (awsapi/console), opened in
// the browser at what the page shows, or — where no browser can be opened — the sign-in URL in a
// dialog to copy. The URL is a credential: it is never logged.
package signin

import (
	"context"
	"os/exec"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/console"
	"github.com/nimbus-tui/nimbus/internal/browser"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// timeout bounds a sign-in (credentials, a federation token, the sign-in token).
const timeout = time.Minute

// Browse opens url in a browser, or says why it cannot be opened here.
type Browse func(url string) (opened bool, why string)

// SystemBrowser is Browse with internal/browser: not over SSH, not without a display.
func SystemBrowser(getenv func(string) string) Browse {
	return func(url string) (bool, string) {
		if ok, why := browser.Available(getenv, exec.LookPath); !ok {
			return false, why
		}
		if err := browser.Open(url, getenv); err != nil {
			return false, "the browser did not start"
		}
		return true, ""
	}
}

// Opener is the app component that signs in: it owns the sign-in tasks (quitting cancels them)
// and shows "console sign-in…" in the header while one runs.
type Opener struct {
	env     tui.Env
	tasks   *tui.Tasks
	browse  Browse
	options console.Options
}

var _ tui.Component = (*Opener)(nil)

// New returns the opener; options.FederationURL may replace the partition's endpoint.
func New(env tui.Env, browse Browse, options console.Options) *Opener {
	return &Opener{env: env, tasks: tui.NewTasks(env.Ctx), browse: browse, options: options}
}

type signedInMsg struct {
	session tui.Session
	url     string
	err     error
}

// Open is tui.Options.Console: it signs in as s at loc, off the UI goroutine (an MFA code may be
// asked on the way, in its dialog).
func (o *Opener) Open(s tui.Session, loc tui.Location) tea.Cmd {
	if s.Demo {
		return tui.Toast(textsafe.From("the demo has no AWS account, so no console"))
	}
	opts := o.options
	opts.ReadOnly = s.ReadOnly
	dest := console.Link(s.Region, console.Location(loc))
	return o.tasks.Run(func(ctx context.Context) tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		cfg, err := s.Config(ctx)
		if err != nil {
			return signedInMsg{session: s, err: err}
		}
		url, err := console.SignIn(ctx, cfg, dest, opts)
		return signedInMsg{session: s, url: url, err: err}
	})
}

// Tasks implements tui.Component.
func (o *Opener) Tasks() *tui.Tasks { return o.tasks }

// Indicator implements tui.Component.
func (o *Opener) Indicator() string {
	if o.tasks.Running() > 0 {
		return "console sign-in…"
	}
	return ""
}

// Update opens the browser, or the dialog with the URL when none can be opened.
func (o *Opener) Update(msg tea.Msg) tea.Cmd {
	inner, ok := o.tasks.Accept(msg)
	if !ok {
		return nil
	}
	m, ok := inner.(signedInMsg)
	switch {
	case !ok:
		return nil
	case m.err != nil:
		return tui.Error(m.err)
	}
	who := m.session.Profile + " · " + m.session.Region
	opened, why := o.browse(m.url)
	if opened {
		return tui.Toast(textsafe.Sprintf("opened the AWS console in your browser, signed in as %s", who))
	}
	return tui.Open(newURLDialog(o.env, m.url, who, why))
}

// urlDialog shows the sign-in URL where no browser can be opened: wrapped whole, `y` copies it.
type urlDialog struct {
	env      tui.Env
	tasks    *tui.Tasks
	url, who string
	why      string
	w        int
}

var _ tui.Dialog = (*urlDialog)(nil)

func newURLDialog(env tui.Env, url, who, why string) *urlDialog {
	return &urlDialog{env: env, tasks: tui.NewTasks(env.Ctx), url: url, who: who, why: why}
}

func (d *urlDialog) actions() tui.Actions {
	return tui.Actions{
		{Binding: tui.Rename(d.env.Keys.Actions.Copy, "copy the URL"), Footer: true, Run: func() tea.Cmd {
			return tea.Batch(tea.SetClipboard(d.url), tui.Toast(textsafe.From("copied the sign-in URL: it signs in for 15 minutes")))
		}},
		{Binding: tui.Rename(d.env.Keys.Input.Cancel, "close"), Footer: true, Run: func() tea.Cmd { return tui.Close(d, nil) }},
	}
}

// Title implements tui.Dialog.
func (d *urlDialog) Title() string { return "AWS console sign-in" }

// Init implements tui.Dialog.
func (d *urlDialog) Init() tea.Cmd { return nil }

// Tasks implements tui.Dialog.
func (d *urlDialog) Tasks() *tui.Tasks { return d.tasks }

// SetSize implements tui.Dialog.
func (d *urlDialog) SetSize(w, _ int) { d.w = max(w, 20) }

// Update implements tui.Dialog.
func (d *urlDialog) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, _ := d.actions().Handle(k)
		return cmd
	}
	return nil
}

// View implements tui.Dialog.
func (d *urlDialog) View() string {
	st := d.env.Styles
	var b strings.Builder
	b.WriteString(textsafe.Sprintf("No browser can be opened here (%s). Open this URL within 15 minutes;", d.why).String() + "\n")
	b.WriteString(textsafe.Sprintf("it signs in as %s, so keep it to yourself.", d.who).String() + "\n\n")
	b.WriteString(ansi.Hardwrap(textsafe.Clean(d.url), d.w, true) + "\n\n")
	b.WriteString(st.Key.Render("y") + st.Dim.Render(" copies it · ") + st.Key.Render(d.env.Keys.Input.Cancel.Help().Key) + st.Dim.Render(" closes") + "\n")
	return b.String()
}

// Keys implements tui.Dialog.
func (d *urlDialog) Keys() help.KeyMap { return d.actions() }
