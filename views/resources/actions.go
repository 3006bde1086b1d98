package resources

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/plural"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
)

// actionDoneMsg is the end of an action's calls, one per input.
type actionDoneMsg struct {
	action  resource.Action
	rows    []resource.Row
	outputs []map[string]any
	err     error
}

// runAction binds the action to the target rows, asks for its prompted fields and its
// confirmation, then calls it.
func (p *RowActions) runAction(a resource.Action) tea.Cmd {
	targets, hidden := p.host.Targets()
	if len(targets) == 0 {
		if hidden > 0 {
			return tui.Toast(textsafe.Sprintf("%s: %s", p.hiddenNote(hidden), tui.KeyHint(p.pages.env.Keys.Global.Back, "clears it")))
		}
		return nil
	}
	rows := make([]resource.Row, len(targets))
	for k, i := range targets {
		row, refuse := p.row(i)
		if refuse != nil {
			return refuse
		}
		rows[k] = row
	}
	session := p.host.Session()
	// Refuse before binding or prompting: with prompted members the input is not known yet, so
	// the worst class decides; the bound inputs are checked again below.
	check := readonly.CheckInput(session.ReadOnly, p.def.Service, a.Operation, a.Input)
	if len(a.Prompt) > 0 {
		check = readonly.Check(session.ReadOnly, p.def.Service, a.Operation)
	}
	if check != nil {
		return tui.Error(check)
	}
	inputs, err := a.Inputs(p.def, rows)
	if err != nil {
		return tui.Error(err)
	}
	for _, in := range inputs {
		if err := readonly.CheckInput(session.ReadOnly, p.def.Service, a.Operation, in); err != nil {
			return tui.Error(err)
		}
	}
	if len(a.Prompt) > 0 {
		return tui.Open(newPromptDialog(p, a, rows, hidden, inputs))
	}
	return p.confirmAndCall(a, rows, hidden, inputs)
}

// Dialog answers, which come back to the page (and from it to RowActions.Update) as these.
type (
	// promptedMsg holds the inputs with the prompted fields filled in.
	promptedMsg struct {
		action resource.Action
		rows   []resource.Row
		hidden int
		inputs []map[string]any
	}
	// confirmedMsg is the go-ahead for the calls; nothing is sent before it.
	confirmedMsg promptedMsg
)

// confirmAndCall asks for the action's confirmation, saying how many selected rows the filter
// hides (hidden), which it leaves out; the calls start when the answer comes (confirmedMsg).
func (p *RowActions) confirmAndCall(a resource.Action, rows []resource.Row, hidden int, inputs []map[string]any) tea.Cmd {
	level := a.ConfirmLevel(p.def.Service)
	if level == resource.ConfirmNone {
		return p.call(a, rows, inputs)
	}
	names := make([]string, len(rows))
	for k, row := range rows {
		names[k] = p.labelOf(row)
	}
	session := p.host.Session()
	req := confirm.Request{
		Title:     fmt.Sprintf("%s %d %s", capitalize(a.Name), len(rows), p.def.Title),
		Targets:   names,
		Detail:    fmt.Sprintf("%s %s in %s · %s", p.def.Service, a.Operation, session.Profile, session.Region),
		Confirmed: confirmedMsg{action: a, rows: rows, hidden: hidden, inputs: inputs},
	}
	if hidden > 0 {
		req.Detail += "\n" + p.hiddenNote(hidden) + " and left out"
	}
	if len(inputs) > 0 {
		if d := readonly.Classify(p.def.Service, a.Operation, inputs[0]); d.Class == readonly.RevealsSecret {
			req.Detail += "\nshows a secret on screen: " + d.Reason
		}
	}
	if len(rows) == 1 {
		req.Title = fmt.Sprintf("%s %s", capitalize(a.Name), names[0])
	}
	if level == resource.ConfirmTyped {
		req.Level = confirm.Typed
		req.Name, req.NameLabel = p.def.ID(rows[0].Item), p.def.IdentifierLabel()
		if len(rows) > 1 {
			req.Name, req.NameLabel = fmt.Sprintf("%s %d", a.Name, len(rows)), "phrase"
		}
	}
	return confirm.Open(p.pages.env, req)
}

// hiddenNote says that n selected rows are hidden by the filter.
func (p *RowActions) hiddenNote(n int) string {
	verb := "are"
	if n == 1 {
		verb = "is"
	}
	return fmt.Sprintf("%d selected %s %s hidden by the filter", n, plural.Noun(n, p.def.Title), verb)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// call runs the action's calls in one task, in order, stopping at the first error.
func (p *RowActions) call(a resource.Action, rows []resource.Row, inputs []map[string]any) tea.Cmd {
	ps, s, def := p.pages, p.host.Session(), p.def
	return p.host.Tasks().Run(func(ctx context.Context) tea.Msg {
		inv, _, err := ps.catalog.Invoker(ctx, s, def.Service)
		if err != nil {
			return actionDoneMsg{action: a, rows: rows, err: err}
		}
		var outputs []map[string]any
		for _, in := range inputs {
			out, err := inv.Call(ctx, a.Operation, in)
			if err != nil {
				return actionDoneMsg{action: a, rows: rows, outputs: outputs, err: fmt.Errorf("%s: %w", a.Name, err)}
			}
			outputs = append(outputs, out)
		}
		return actionDoneMsg{action: a, rows: rows, outputs: outputs}
	})
}

func (p *RowActions) actionDone(m actionDoneMsg) tea.Cmd {
	if m.err != nil {
		return tui.Error(m.err)
	}
	a := m.action
	p.host.ClearSelection()
	var cmds []tea.Cmd
	switch a.Result {
	case "document", "secret":
		var doc any = map[string]any{}
		if len(m.outputs) == 1 {
			doc = readable(m.outputs[0])
		} else if len(m.outputs) > 1 {
			list := make([]any, len(m.outputs))
			for i, o := range m.outputs {
				list[i] = readable(o)
			}
			doc = list
		}
		cmds = append(cmds, tui.Push(docpage.New(p.pages.env, a.Name+" "+p.labelOf(m.rows[0]), a.Operation, doc, docpage.Snippet{})))
	default:
		cmds = append(cmds, tui.Toast(textsafe.Sprintf("%s: %d %s done", a.Name, len(m.rows), plural.Noun(len(m.rows), p.def.Title))))
	}
	if a.Waiter != "" {
		inputs, err := a.WaiterInputsWithOutputs(p.def, m.rows, m.outputs)
		if err != nil {
			return tea.Batch(append(cmds, tui.Error(err))...)
		}
		cmds = append(cmds, p.startWaiters(a.Waiter, m.rows, inputs))
	} else if a.Result == "" {
		cmds = append(cmds, p.host.Refresh())
	}
	return tea.Batch(cmds...)
}
