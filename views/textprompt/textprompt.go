// Package textprompt is the dialog that asks for one line of text (a destination, a key, a bucket
// name), prefilled, checked as it is submitted; the page that opened it gets the answer.
package textprompt

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// Request describes the question.
type Request struct {
	Title  string // heads the frame: "Copy 3 objects to"
	Detail string // lines under it (what is being done, what the answer means)
	Label  string // before the input: "destination"
	Value  string // the answer filled in
	// Check returns why an answer is refused ("" accepts it); nil accepts any non-empty answer.
	Check func(string) string
	// Answer makes the message delivered to the opening page's Update once the dialog has closed.
	Answer func(string) tea.Msg
}

// Dialog asks.
type Dialog struct {
	env   tui.Env
	req   Request
	input textinput.Model
	tasks *tui.Tasks
	w     int
	hint  string
}

var _ tui.Dialog = (*Dialog)(nil)

// New returns the dialog for req; open it with tui.Open.
func New(env tui.Env, req Request) *Dialog {
	in := textinput.New()
	in.Prompt = "> "
	in.SetValue(req.Value)
	in.CursorEnd()
	return &Dialog{env: env, req: req, input: in, tasks: tui.NewTasks(env.Ctx)}
}

// Open is a command that opens the dialog of req over the page on top.
func Open(env tui.Env, req Request) tea.Cmd { return tui.Open(New(env, req)) }

func (d *Dialog) Title() string     { return d.req.Title }
func (d *Dialog) Init() tea.Cmd     { return d.input.Focus() }
func (d *Dialog) Tasks() *tui.Tasks { return d.tasks }
func (d *Dialog) SetSize(w, _ int) {
	d.w = w
	d.input.SetWidth(min(max(w-4, 10), 100))
}

// Value is the answer as typed so far.
func (d *Dialog) Value() string { return d.input.Value() }

func (d *Dialog) actions() tui.Actions {
	in := d.env.Keys.Input
	return tui.Actions{
		{Binding: tui.Rename(in.Submit, "ok"), Footer: true, Run: d.submit},
		{Binding: tui.Rename(in.Cancel, "cancel"), Footer: true, Run: func() tea.Cmd {
			return tea.Batch(tui.Close(d, nil), tui.Toast(textsafe.Sprintf("cancelled: nothing was sent")))
		}},
	}
}

func (d *Dialog) submit() tea.Cmd {
	v := strings.TrimSpace(d.input.Value())
	why := ""
	switch {
	case v == "":
		why = "type " + d.label() + " first"
	case d.req.Check != nil:
		why = d.req.Check(v)
	}
	if why != "" {
		d.hint = why
		return nil
	}
	return tui.Close(d, d.req.Answer(v))
}

func (d *Dialog) label() string {
	if d.req.Label == "" {
		return "an answer"
	}
	return "the " + d.req.Label
}

// Update implements tui.Dialog.
func (d *Dialog) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if cmd, ok := d.actions().Handle(k); ok {
		return cmd
	}
	d.hint = ""
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(k)
	return cmd
}

// View implements tui.Dialog.
func (d *Dialog) View() string {
	st := d.env.Styles
	var b strings.Builder
	if d.req.Detail != "" {
		for _, l := range strings.Split(textsafe.CleanMultiline(d.req.Detail), "\n") {
			b.WriteString(st.Dim.Render(ansi.Wrap(l, max(d.w, 10), " /-")) + "\n")
		}
		b.WriteString("\n")
	}
	if d.req.Label != "" {
		b.WriteString(textsafe.Clean(d.req.Label) + ":\n")
	}
	b.WriteString(d.input.View() + "\n")
	if d.hint != "" {
		b.WriteString(st.Error.Render(textsafe.Clean(d.hint)) + "\n")
	}
	return b.String()
}

// Keys implements tui.Dialog.
func (d *Dialog) Keys() help.KeyMap { return d.actions() }
