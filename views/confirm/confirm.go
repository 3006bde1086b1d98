// Package confirm is the page that asks before a call that changes state: y/enter for the
// reversible ones, the typed name of the target for the irreversible ones.
package confirm

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// grace is how long keys are ignored after the page opens, so a keystroke already on its way
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
	Detail  string   // one more line (the operation, the AWS CLI equivalent…)
	Level   Level
	// Name is what must be typed at level Typed (the target's name or id).
	Name string
	// NameLabel says what Name is ("instance ID", "phrase"), for the prompt and for the hint
	// after a wrong answer; empty means "name".
	NameLabel string
	// OnConfirm runs after the page has closed.
	OnConfirm tea.Cmd
}

// Page asks for the confirmation.
type Page struct {
	env    tui.Env
	req    Request
	tasks  *tui.Tasks
	input  textinput.Model
	opened time.Time
	now    func() time.Time
	w, h   int
	hint   string
}

// New returns the confirmation page for req.
func New(env tui.Env, req Request) *Page {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = textsafe.Clean(req.Name) // the textinput draws it as it is
	p := &Page{env: env, req: req, tasks: tui.NewTasks(env.Ctx), input: in, now: env.Time().Now}
	return p
}

// Title implements tui.Page.
func (p *Page) Title() string { return "confirm" }

// Init implements tui.Page.
func (p *Page) Init() tea.Cmd {
	p.opened = p.now()
	if p.req.Level == Typed {
		return p.input.Focus()
	}
	return nil
}

// Tasks implements tui.Page.
func (p *Page) Tasks() *tui.Tasks { return p.tasks }

// CapturesKeys keeps q, / and : from reaching the app while a name is typed.
func (p *Page) CapturesKeys() bool { return true }

// SetSize implements tui.Page.
func (p *Page) SetSize(w, h int) { p.w, p.h = w, h; p.input.SetWidth(max(w-4, 10)) }

// Update implements tui.Page.
func (p *Page) Update(msg tea.Msg) tea.Cmd {
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

// The answers a simple confirmation also takes besides the input keys, as y/n prompts do.
var (
	yes = key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "confirm"))
	no  = key.NewBinding(key.WithKeys("n", "q"), key.WithHelp("n", "cancel"))
)

// actions is the page's action table: its keys, footer, help and the hint under the question.
func (p *Page) actions() tui.Actions {
	in := p.env.Keys.Input
	cancel := func() tea.Cmd { return tea.Sequence(tui.Pop, tui.Toast("cancelled: nothing was sent")) }
	if p.req.Level == Typed {
		return tui.Actions{
			{Binding: tui.Rename(in.Submit, "confirm"), Footer: true, Run: func() tea.Cmd {
				if strings.TrimSpace(p.input.Value()) != p.req.Name {
					p.hint = "that is not the " + p.label() + ": type it exactly, or " + tui.KeyHint(in.Cancel, "to cancel")
					return nil
				}
				return tea.Sequence(tui.Pop, p.req.OnConfirm)
			}},
			{Binding: tui.Rename(in.Cancel, "cancel"), Footer: true, Run: cancel},
		}
	}
	return tui.Actions{
		{Binding: tui.Join("confirm", yes, in.Submit), Footer: true, Run: func() tea.Cmd { return tea.Sequence(tui.Pop, p.req.OnConfirm) }},
		{Binding: tui.Join("cancel", no, in.Cancel), Footer: true, Run: cancel},
	}
}

// label is what the typed answer is, as the prompt calls it.
func (p *Page) label() string {
	if p.req.NameLabel == "" {
		return "name"
	}
	return textsafe.Clean(p.req.NameLabel)
}

// View implements tui.Page.
func (p *Page) View() string {
	st := p.env.Styles
	var b strings.Builder
	b.WriteString(st.Error.Render(textsafe.Clean(p.req.Title)+"?") + "\n\n")
	for _, t := range p.req.Targets {
		b.WriteString("  • " + textsafe.Clean(t) + "\n")
	}
	if p.req.Detail != "" {
		b.WriteString("\n" + st.Dim.Render(textsafe.Clean(p.req.Detail)) + "\n")
	}
	b.WriteString("\n")
	if p.req.Level == Typed {
		b.WriteString("This cannot be undone. Type the " + p.label() + " " + st.Key.Render(textsafe.Clean(p.req.Name)) + " to confirm:\n")
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

// Keys implements tui.Page.
func (p *Page) Keys() help.KeyMap { return p.actions() }
