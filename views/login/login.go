package login

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/advice"
	"github.com/nimbus-tui/nimbus/internal/browser"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
)

// Deps is what the login dialog needs.
type Deps struct {
	Env      tui.Env
	Sessions *sessionmgr.Manager
	// OpenBrowser opens a URL and reports whether it did; nil: internal/browser, which declines
	// without a display and over SSH.
	OpenBrowser func(url string) bool
	// LocalBrowser reports whether a browser on this machine can be opened, so the sign-in can
	// come back to a loopback listener (the authorization-code login); nil: internal/browser's
	// Available. Where it cannot, the device code is used.
	LocalBrowser func() bool
}

// Register adds `:login [PROFILE] [--force]` (the L key runs it for the current profile).
func Register(cmds *tui.Commands, d Deps) {
	cmds.Add(tui.Command{
		Name: "login", Usage: "login [PROFILE] [--force]",
		Help: "log in to the SSO session of the profile (device code in the browser; renewed with the refresh token when it can); for other profiles, get new credentials (an MFA code, the files read again)",
		Complete: func() []string {
			var names []string
			for _, p := range d.Sessions.Profiles() {
				if _, err := d.Sessions.SSOSessionFor(p.Name); err == nil {
					names = append(names, p.Name)
				}
			}
			return names
		},
		Run: func(s tui.Session, args []string) tea.Cmd {
			profile, force := s.Profile, false
			for _, a := range args {
				if a == "--force" {
					force = true
				} else {
					profile = a
				}
			}
			if _, err := d.Sessions.SSOSessionFor(profile); err != nil {
				return tui.Open(NewRenewDialog(d, profile, false))
			}
			return tui.Open(NewLoginDialog(d, profile, force))
		},
	})
}

// Remedy is the app's tui.Options.Remedy: the dialog that gets the session new credentials when
// a call failed with expired ones. It renews what it can without the user and offers a login
// (the submit key starts it) when only a login helps; an MFA profile's code is asked by the MFA
// dialog. It closes with tui.Renewed, and the app retries.
func Remedy(d Deps) func(advice.Hint, tui.Session) tui.Dialog {
	return func(step advice.Hint, s tui.Session) tui.Dialog {
		if step != advice.SSOLogin && step != advice.Renew {
			return nil
		}
		return NewRenewDialog(d, s.Profile, true)
	}
}

// LoginDialog runs one SSO device login: it shows the URL and the code, says whether the browser
// was opened, counts down to the code's expiry and polls until the user approves; the cancel key
// ends it. As a renew dialog (NewRenewDialog) it first gets new credentials without a login when
// it can, and offers the login only when that is what is missing. When the session has new
// credentials it closes with tui.Renewed: the app reloads the page.
type LoginDialog struct {
	d       Deps
	profile string
	force   bool
	renew   bool // get new credentials (sessionmgr.Renew); log in only when needed
	offered bool // the app opened it for a failed call: the login waits for the submit key
	tasks   *tui.Tasks
	login   *sessionmgr.Login
	auth    *sessionmgr.AuthCodeLogin // the authorization-code login, when that is the one running
	opened  bool
	// needLogin is set while the login is offered, waiting for the submit key.
	needLogin error
	err       error
}

var _ tui.Dialog = (*LoginDialog)(nil)

// actions is the dialog's action table: its keys (the user's cancel key), footer and hints.
func (l *LoginDialog) actions() tui.Actions {
	return tui.Actions{
		{Binding: tui.Rename(l.d.Env.Keys.Input.Submit, "log in"), Footer: true,
			Enabled: func() bool { return l.needLogin != nil }, Run: func() tea.Cmd {
				l.needLogin = nil
				return l.startLogin()
			}},
		{Binding: tui.Rename(l.d.Env.Keys.Input.Cancel, "cancel"), Footer: true, Run: func() tea.Cmd { return tui.Close(l, nil) }},
	}
}

type (
	startedMsg struct {
		login  *sessionmgr.Login
		auth   *sessionmgr.AuthCodeLogin
		opened bool
		done   string // set when no login was needed: what happened instead
		err    error
	}
	polledMsg struct {
		done bool
		err  error
	}
	renewedMsg struct{ err error }
)

// NewLoginDialog returns the login of profile's SSO session; force skips the cached token.
func NewLoginDialog(d Deps, profile string, force bool) *LoginDialog {
	return &LoginDialog{d: d, profile: profile, force: force, tasks: tui.NewTasks(d.Env.Ctx)}
}

// NewRenewDialog returns the dialog getting profile new credentials; offered says the app opened
// it for a failed call, so a login (which opens the browser) waits for the submit key.
func NewRenewDialog(d Deps, profile string, offered bool) *LoginDialog {
	l := NewLoginDialog(d, profile, false)
	l.renew, l.offered = true, offered
	return l
}

// Title implements tui.Dialog.
func (l *LoginDialog) Title() string {
	if l.renew && l.login == nil && l.needLogin == nil {
		return "credentials · " + textsafe.Clean(l.profile)
	}
	return "SSO login · " + textsafe.Clean(l.profile)
}

// Tasks implements tui.Dialog.
func (l *LoginDialog) Tasks() *tui.Tasks { return l.tasks }

// SetSize implements tui.Dialog.
func (l *LoginDialog) SetSize(int, int) {}

// Keys implements tui.Dialog.
func (l *LoginDialog) Keys() help.KeyMap { return l.actions() }

// Init renews the token when it can, else starts the device login and opens the browser. A
// renew dialog gets new credentials first (sessionmgr.Renew).
func (l *LoginDialog) Init() tea.Cmd {
	if l.renew {
		mgr, profile := l.d.Sessions, l.profile
		return l.tasks.Run(func(ctx context.Context) tea.Msg {
			return renewedMsg{err: mgr.Renew(ctx, profile)}
		})
	}
	return l.start(!l.force)
}

// startLogin starts the device login at once (the token is known to be missing or expired).
func (l *LoginDialog) startLogin() tea.Cmd { return l.start(false) }

// start begins the login, first renewing the token without the user when ensure is set: the
// authorization code with PKCE where a local browser opens the sign-in page (an sso-session
// profile, as in the AWS CLI v2), else the device code.
func (l *LoginDialog) start(ensure bool) tea.Cmd {
	mgr, profile, open, local := l.d.Sessions, l.profile, l.d.OpenBrowser, l.d.LocalBrowser
	if open == nil {
		open = func(url string) bool { return browser.Open(url, os.Getenv) == nil }
	}
	if local == nil {
		local = func() bool { ok, _ := browser.Available(os.Getenv, exec.LookPath); return ok }
	}
	return l.tasks.Run(func(ctx context.Context) tea.Msg {
		if ensure {
			state, tok, err := mgr.EnsureSSO(ctx, profile)
			if err == nil && state != sessionmgr.SSONeedLogin {
				how := "already logged in"
				if state == sessionmgr.SSORefreshed {
					how = "login renewed"
				}
				return startedMsg{done: fmt.Sprintf("%s until %s (:login --force logs in again)", how, tok.ExpiresAt.Local().Format("15:04"))}
			}
		}
		if s, err := mgr.SSOSessionFor(profile); err == nil && s.Name != "" && local() {
			auth, err := mgr.StartAuthCodeLogin(ctx, profile)
			if err != nil {
				return startedMsg{err: err}
			}
			if open(auth.URL) {
				return startedMsg{auth: auth, opened: true}
			}
			auth.Close() // no browser after all: the device code does without
		}
		login, err := mgr.StartLogin(ctx, profile)
		if err != nil {
			return startedMsg{err: err}
		}
		return startedMsg{login: login, opened: open(link(login))}
	})
}

// awaitSignIn waits for the browser to come back to the authorization-code login, until it
// expires on the app's clock; closing the dialog ends both waits (and the listener).
func (l *LoginDialog) awaitSignIn() tea.Cmd {
	auth, clock := l.auth, l.d.Env.Time()
	return tea.Batch(
		l.tasks.Run(func(ctx context.Context) tea.Msg {
			err := auth.Wait(ctx)
			if ctx.Err() != nil {
				return nil
			}
			return polledMsg{done: err == nil, err: err}
		}),
		l.tasks.Run(func(ctx context.Context) tea.Msg {
			if !clock.Sleep(ctx, auth.ExpiresAt.Sub(clock.Now())) {
				return nil
			}
			auth.Close()
			return polledMsg{err: sessionmgr.ErrLoginExpired}
		}))
}

// label names the SSO session being logged in to.
func (l *LoginDialog) label() string {
	switch {
	case l.login != nil:
		return l.login.Session.Label()
	case l.auth != nil:
		return l.auth.Session.Label()
	}
	return l.profile
}

func link(l *sessionmgr.Login) string {
	if l.VerificationURIComplete != "" {
		return l.VerificationURIComplete
	}
	return l.VerificationURI
}

// poll waits the interval on the app's clock, then asks once.
func (l *LoginDialog) poll() tea.Cmd {
	login, clock := l.login, l.d.Env.Time()
	return l.tasks.Run(func(ctx context.Context) tea.Msg {
		if !clock.Sleep(ctx, login.Interval()) {
			return nil
		}
		done, err := login.Poll(ctx)
		return polledMsg{done: done, err: err}
	})
}

// Update follows the login; the cancel key ends it (closing the dialog ends its polling).
func (l *LoginDialog) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, _ := l.actions().Handle(k)
		return cmd
	}
	inner, ok := l.tasks.Accept(msg)
	if !ok {
		return nil
	}
	switch m := inner.(type) {
	case renewedMsg:
		switch {
		case m.err == nil:
			return tea.Sequence(tui.Close(l, tui.Renewed{}), tui.Toast(textsafe.Sprintf("new credentials for profile %s", l.profile)))
		case sessionmgr.Advise(m.err).Offer == advice.SSOLogin:
			if l.offered {
				l.needLogin = m.err // the login opens the browser: only when the user says so
				return nil
			}
			return l.startLogin()
		}
		l.err = m.err
		return nil
	case startedMsg:
		switch {
		case m.err != nil:
			l.err = m.err
			return nil
		case m.done != "":
			return tea.Sequence(tui.Close(l, nil), tui.Toast(textsafe.Sprintf("%s: %s", l.profile, m.done)))
		}
		l.login, l.auth, l.opened = m.login, m.auth, m.opened
		if l.auth != nil {
			return l.awaitSignIn()
		}
		return l.poll()
	case polledMsg:
		switch {
		case m.err != nil:
			l.err = m.err
			return nil
		case m.done:
			// Renewed: the app loads the page again with the new login.
			return tea.Sequence(tui.Close(l, tui.Renewed{}),
				tui.Toast(textsafe.Sprintf("logged in to %s", l.label())))
		case l.auth != nil:
			return nil // the sign-in page has not come back yet
		}
		return l.poll()
	}
	return nil
}

// View shows the step the login is at.
func (l *LoginDialog) View() string {
	st := l.d.Env.Styles
	if l.err != nil {
		// Plain: the command line's hints (flags, nimbus login) mean nothing here.
		msg := sessionmgr.Advise(l.err).Render(advice.Plain)
		if errors.Is(l.err, sessionmgr.ErrLoginExpired) || errors.Is(l.err, sessionmgr.ErrLoginDenied) {
			msg = l.err.Error()
		}
		return st.Error.Render("✗ "+textsafe.Clean(msg)) + "\n\n" + st.Dim.Render(tui.KeyHint(l.d.Env.Keys.Input.Cancel, "closes")+" · "+tui.KeyHint(l.d.Env.Keys.Global.Login, "tries again"))
	}
	if l.needLogin != nil {
		return st.Error.Render("✗ "+textsafe.Clean(sessionmgr.Advise(l.needLogin).What)) + "\n\n" +
			tui.KeyHint(l.d.Env.Keys.Input.Submit, "logs in (in your browser)") + " · " +
			st.Dim.Render(tui.KeyHint(l.d.Env.Keys.Input.Cancel, "closes"))
	}
	if l.auth != nil {
		left := l.auth.ExpiresAt.Sub(l.d.Env.Time().Now()).Round(time.Second)
		return strings.Join([]string{
			"Sign in to " + textsafe.Clean(l.auth.Session.Label()) + " in the browser that opened.",
			"If it did not, open",
			"",
			"  " + textsafe.Clean(l.auth.URL),
			"",
			st.Dim.Render(fmt.Sprintf("waiting for the browser · %s left", max(left, 0))),
		}, "\n")
	}
	if l.login == nil {
		if l.renew {
			return "getting new credentials for profile " + textsafe.Clean(l.profile) + "…"
		}
		return "starting the login…"
	}
	left := l.login.ExpiresAt.Sub(l.d.Env.Time().Now()).Round(time.Second)
	lines := []string{
		"Log in to " + textsafe.Clean(l.login.Session.Label()) + ": open",
		"",
		"  " + textsafe.Clean(link(l.login)),
		"",
		"and check that the page shows the code  " + st.Title.Render(textsafe.Clean(l.login.UserCode)),
		"",
	}
	if l.opened {
		lines = append(lines, "opened in your browser")
	}
	lines = append(lines, st.Dim.Render(fmt.Sprintf("waiting for the approval · the code expires in %s", max(left, 0))))
	return strings.Join(lines, "\n")
}
