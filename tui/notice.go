package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/advice"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// ErrorMsg shows an error as a toast, with what to do about it (Options.Advise) in the app's keys
// and commands.
type ErrorMsg struct {
	Err error
	// task is the one whose result the page answered with this error (see failedTask): what
	// the app runs again once a remedy renewed the credentials.
	task *task
}

// Error is a command that shows err as an error toast; nil shows nothing.
func Error(err error) tea.Cmd {
	if err == nil {
		return nil
	}
	return func() tea.Msg { return ErrorMsg{Err: err} }
}

// Replace is a command that replaces the whole stack with p (a `:` command's page).
func Replace(p Page) tea.Cmd { return func() tea.Msg { return ReplaceMsg{Page: p} } }

// advise is what err means and what to do (Options.Advise), or just its text.
func (a *App) advise(err error) advice.Advice {
	if a.opts.Advise != nil {
		return a.opts.Advise(err)
	}
	return advice.Advice{What: textsafe.FromError(err).String()}
}

// render is advice on one line, its hints worded as this app's keys and commands.
func (a *App) render(adv advice.Advice) textsafe.Text {
	return textsafe.From(textsafe.OneLine(adv.Render(a.hint)))
}

// hint words an advice hint as what to press or type here: the refresh key to retry, the
// :profile and :region commands, the login key (else :login) for a login or new credentials.
func (a *App) hint(h advice.Hint) string {
	command := func(name string) string {
		if _, ok := a.opts.Commands.Lookup(name); ok {
			return ":" + name
		}
		return ""
	}
	switch h {
	case advice.Retry:
		if r := a.opts.Keys.Table.Refresh; r.Enabled() && r.Help().Key != "" {
			return r.Help().Key
		}
	case advice.Profile:
		return command("profile")
	case advice.Region:
		return command("region")
	case advice.SSOLogin, advice.Renew:
		if _, ok := a.opts.Commands.Lookup("login"); !ok {
			return ""
		}
		if l := a.opts.Keys.Global.Login; l.Enabled() && l.Help().Key != "" {
			return l.Help().Key
		}
		return command("login")
	case advice.Writable:
		return command("writable")
	}
	return ""
}
