// Package confirm is the dialog that asks before a call that changes state: y/enter for the
// reversible ones, the typed name of the target for the irreversible ones. It opens over the page
// whose rows it acts on, which stays in view.
package confirm

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// grace is how long keys are ignored after the dialog opens, so a keystroke already on its way
// (a second enter) cannot answer a question the user has not read.
const grace = 300 * time.Millisecond

// Level is how much a confirmation asks for.
type Level int

const (
	// Simple asks for y or enter.
	Simple Level = iota
	// Typed asks the user to type the target's name: for irreversible actions.
	Typed
)

// Request describes what is being confirmed.
type Request struct {
	Title   string   // e.g. "Terminate instance"
	Targets []string // what it acts on, all named
	Detail  string   // more lines (the operation, the AWS CLI equivalent…)
	Level   Level
	// Name is what must be typed at level Typed (the target's name or id).
	Name string
	// Warning heads the typed prompt; empty means "This cannot be undone."
	Warning string
	// NameLabel says what Name is ("instance ID", "phrase"), for the prompt and for the hint
	// after a wrong answer; empty means "name".
	NameLabel string
	// Confirmed is delivered to the Update of the page that opened the dialog when the user
	// confirms, after the dialog has closed: the page starts the work then, not before.
	Confirmed tea.Msg
	// Then, for a confirmation about the app rather than the page's rows (making a profile
	// writable), runs once the dialog has closed on a confirmation; nothing runs before.
	Then tea.Cmd
}

// Dialog asks for the confirmation.
type Dialog struct {
	env    tui.Env
	req    Request
	tasks  *tui.Tasks
	input  textinput.Model
	opened time.Time
	now    func() time.Time
	w, h   int
	hint   string
}

var _ tui.Dialog = (*Dialog)(nil)

// New returns the confirmation dialog for req; open it with tui.Open.
func New(env tui.Env, req Request) *Dialog {
	in := textinput.New()
	in.Prompt = "> "
	// No placeholder: the name drawn dim in the empty field looked typed already; the
	// question above names it.
	return &Dialog{env: env, req: req, tasks: tui.NewTasks(env.Ctx), input: in, now: env.Time().Now}
}

// Open is a command that opens the confirmation of req over the page on top.
func Open(env tui.Env, req Request) tea.Cmd { return tui.Open(New(env, req)) }

// Title implements tui.Dialog: the question.
func (p *Dialog) Title() string { return shown(p.req.Title) + "?" }

// shown is s as the dialog draws it: cleaned, a tab shown \t (as the S3 browser shows a key's)
// rather than as a space, so two names that differ by it do not look the same.
func shown(s string) string { return textsafe.Clean(strings.ReplaceAll(s, "\t", `\t`)) }

// Init implements tui.Dialog.
func (p *Dialog) Init() tea.Cmd {
	p.opened = p.now()
	if p.req.Level == Typed {
		return p.input.Focus()
	}
	return nil
}

// Tasks implements tui.Dialog.
func (p *Dialog) Tasks() *tui.Tasks { return p.tasks }

// SetSize implements tui.Dialog.
func (p *Dialog) SetSize(w, h int) { p.w, p.h = w, h; p.input.SetWidth(min(max(w-4, 10), 60)) }

// Update implements tui.Dialog.
func (p *Dialog) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if p.now().Sub(p.opened) < grace {
		return nil
	}
	if cmd, ok := p.actions().Handle(k); ok {
		return cmd
	}
	if p.req.Level == Typed {
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(k)
		return cmd
	}
	return nil
}

// actions is the dialog's action table: its keys, footer, help and the hint under the question.
func (p *Dialog) actions() tui.Actions {
	in := p.env.Keys.Input
	cancel := func() tea.Cmd { return tea.Batch(tui.Close(p, nil), tui.Toast("cancelled: nothing was sent")) }
	if p.req.Level == Typed {
		return tui.Actions{
			{Binding: tui.Rename(in.Submit, "confirm"), Footer: true, Run: func() tea.Cmd {
				// The name as shown is what can be typed: a control character in it is drawn
				// escaped (\x1b), and nobody can type the byte itself.
				// Spaces around it are not asked for (a key may end in one).
				if typed := strings.TrimSpace(p.input.Value()); typed != strings.TrimSpace(p.req.Name) &&
					typed != strings.TrimSpace(shown(p.req.Name)) && typed != strings.TrimSpace(textsafe.Clean(p.req.Name)) {
					p.hint = "that is not the " + p.label() + ": type it exactly, or " + tui.KeyHint(in.Cancel, "to cancel")
					return nil
				}
				return p.confirmed()
			}},
			{Binding: tui.Rename(in.Cancel, "cancel"), Footer: true, Run: cancel},
		}
	}
	return tui.Actions{
		// A simple confirmation also takes confirm.yes and confirm.no, as y/n prompts do.
		{Binding: tui.Join("confirm", p.env.Keys.Confirm.Yes, in.Submit), Footer: true, Run: p.confirmed},
		{Binding: tui.Join("cancel", p.env.Keys.Confirm.No, in.Cancel), Footer: true, Run: cancel},
	}
}

// confirmed closes the dialog with the page's message, then runs Then.
func (p *Dialog) confirmed() tea.Cmd {
	if p.req.Then == nil {
		return tui.Close(p, p.req.Confirmed)
	}
	return tea.Sequence(tui.Close(p, p.req.Confirmed), p.req.Then)
}

// label is what the typed answer is, as the prompt calls it.
func (p *Dialog) label() string {
	if p.req.NameLabel == "" {
		return "name"
	}
	return textsafe.Clean(p.req.NameLabel)
}

// View implements tui.Dialog.
func (p *Dialog) View() string {
	st := p.env.Styles
	var b strings.Builder
	for _, t := range p.req.Targets {
		b.WriteString("  • " + shown(t) + "\n")
	}
	if p.req.Detail != "" {
		// Line by line: a newline cleaned as one line would show as a literal \x0a.
		b.WriteString("\n")
		for _, l := range strings.Split(textsafe.CleanMultiline(p.req.Detail), "\n") {
			b.WriteString(st.Dim.Render(ansi.Wrap(l, max(p.w, 10), " /-")) + "\n")
		}
	}
	b.WriteString("\n")
	if p.req.Level == Typed {
		b.WriteString(p.typedPrompt() + " Type the " + p.label() + " " + st.Key.Render(shown(p.req.Name)) + " to confirm:\n")
		b.WriteString(p.input.View() + "\n")
		if p.hint != "" {
			b.WriteString(st.Error.Render(p.hint) + "\n")
		}
	} else {
		var hints []string
		for _, b := range p.actions().ShortHelp() {
			var keys []string
			for _, k := range strings.Split(b.Help().Key, "/") {
				keys = append(keys, st.Key.Render(k))
			}
			hints = append(hints, strings.Join(keys, " / ")+" "+b.Help().Desc)
		}
		b.WriteString(strings.Join(hints, " · ") + "\n")
	}
	return b.String()
}

// typedPrompt is the warning before the typed prompt.
func (p *Dialog) typedPrompt() string {
	if p.req.Warning != "" {
		return textsafe.Clean(p.req.Warning)
	}
	return "This cannot be undone."
}

// Keys implements tui.Dialog.
func (p *Dialog) Keys() help.KeyMap { return p.actions() }
