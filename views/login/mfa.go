// Package login holds the dialogs that get credentials from the user inside the TUI: the MFA code
// a profile's role asks for, and the SSO device login. The work is sessionmgr's; these only show
// it and answer.
package login

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
)

// MFAListener is the app component that hears the MFA questions of the credential providers
// (sessionmgr.MFABroker, asked from inside AWS calls) and opens a dialog for each.
type MFAListener struct {
	env    tui.Env
	broker *sessionmgr.MFABroker
	tasks  *tui.Tasks
}

var _ tui.Component = (*MFAListener)(nil)

type mfaQuestionMsg struct{ q sessionmgr.MFAQuestion }

// NewMFAListener listens to broker for the app of env.
func NewMFAListener(env tui.Env, broker *sessionmgr.MFABroker) *MFAListener {
	return &MFAListener{env: env, broker: broker, tasks: tui.NewTasks(env.Ctx)}
}

// Listen waits for the next question; run it once at startup.
func (l *MFAListener) Listen() tea.Cmd {
	questions := l.broker.Questions()
	return l.tasks.Run(func(ctx context.Context) tea.Msg {
		select {
		case q := <-questions:
			return mfaQuestionMsg{q}
		case <-ctx.Done():
			return nil
		}
	})
}

// Tasks implements tui.Component.
func (l *MFAListener) Tasks() *tui.Tasks { return l.tasks }

// Indicator implements tui.Component: nothing to show in the header.
func (l *MFAListener) Indicator() string { return "" }

// Update opens the dialog of a question and listens for the next.
func (l *MFAListener) Update(msg tea.Msg) tea.Cmd {
	inner, ok := l.tasks.Accept(msg)
	if !ok {
		return nil
	}
	m, ok := inner.(mfaQuestionMsg)
	if !ok {
		return nil
	}
	return tea.Batch(tui.Open(NewMFADialog(l.env, m.q)), l.Listen())
}

// MFADialog asks for the six digits of one MFA question: the profile, device and role are shown;
// the submit key answers, the cancel key (or the dialog closing any other way) cancels.
type MFADialog struct {
	env   tui.Env
	q     sessionmgr.MFAQuestion
	tasks *tui.Tasks
	code  string
	hint  string
}

var _ tui.Dialog = (*MFADialog)(nil)

// NewMFADialog returns the dialog answering q.
func NewMFADialog(env tui.Env, q sessionmgr.MFAQuestion) *MFADialog {
	return &MFADialog{env: env, q: q, tasks: tui.NewTasks(env.Ctx)}
}

// actions is the dialog's action table: its keys (the user's input keys), footer and help.
func (d *MFADialog) actions() tui.Actions {
	in := d.env.Keys.Input
	return tui.Actions{
		{Binding: tui.Rename(in.Submit, "send the code"), Footer: true, Run: func() tea.Cmd {
			if err := sessionmgr.CheckMFACode(d.code); err != nil {
				d.hint = err.Error()
				return nil
			}
			d.q.Answer(d.code)
			return tui.Close(d, nil)
		}},
		{Binding: tui.Rename(in.Cancel, "cancel"), Footer: true, Run: func() tea.Cmd {
			d.q.Cancel()
			return tui.Close(d, nil)
		}},
		{Binding: d.env.Keys.MFA.Erase, Run: func() tea.Cmd {
			if d.code != "" {
				d.code = d.code[:len(d.code)-1]
			}
			return nil
		}},
	}
}

// Title implements tui.Dialog.
func (d *MFADialog) Title() string { return "MFA code" }

// Init implements tui.Dialog: whatever ends the dialog's tasks (closed with its page, the app
// quitting) cancels the question, so no AWS call waits for an answer that cannot come.
func (d *MFADialog) Init() tea.Cmd {
	q, ctx := d.q, d.tasks.Context()
	go func() {
		<-ctx.Done()
		q.Cancel() // ignored once answered
	}()
	return nil
}

// Tasks implements tui.Dialog.
func (d *MFADialog) Tasks() *tui.Tasks { return d.tasks }

// SetSize implements tui.Dialog; the content is a few short lines.
func (d *MFADialog) SetSize(int, int) {}

// Keys implements tui.Dialog.
func (d *MFADialog) Keys() help.KeyMap { return d.actions() }

// Update runs the action table; any other key is a digit of the code or refused.
func (d *MFADialog) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if cmd, ok := d.actions().Handle(k); ok {
		return cmd
	}
	if s := k.Text; len(s) == 1 && s[0] >= '0' && s[0] <= '9' && k.Mod&^tea.ModShift == 0 {
		if len(d.code) < 6 {
			d.code += s
		}
		d.hint = ""
		return nil
	}
	d.hint = "digits only"
	return nil
}

// View shows whose code it is and the digits typed so far.
func (d *MFADialog) View() string {
	st := d.env.Styles
	lines := []string{
		"profile " + textsafe.Clean(d.q.Profile) + " assumes " + textsafe.Clean(d.q.RoleARN),
		st.Dim.Render("device " + textsafe.Clean(d.q.SerialNumber)),
		"",
		"code: " + d.code + strings.Repeat("_", 6-len(d.code)),
	}
	if d.hint != "" {
		lines = append(lines, st.Error.Render(d.hint))
	}
	return strings.Join(lines, "\n")
}
