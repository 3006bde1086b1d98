package resources

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/opform"
)

// promptDialog asks for the fields an action leaves to the user (a payload, a message) in the form
// of the action's operation, with the row's identifiers already filled in. It opens over the page
// of the rows, which gets the completed inputs (promptedMsg) to confirm and call.
type promptDialog struct {
	action resource.Action
	rows   []resource.Row
	hidden int // selected rows the filter hides, left out (said in the confirmation)
	inputs []map[string]any
	form   *opform.Form
	tasks  *tui.Tasks
}

var _ tui.Dialog = (*promptDialog)(nil)

func newPromptDialog(parent *RowActions, a resource.Action, rows []resource.Row, hidden int, inputs []map[string]any) *promptDialog {
	svc, err := parent.pages.catalog.Models().Load(parent.def.Service)
	if err != nil {
		svc = &model.Service{Name: parent.def.Service}
	}
	env := parent.pages.env
	f := opform.New(svc, a.Operation, opform.FormEnv{Keys: env.Keys, Styles: opform.StylesFrom(env.Styles.Theme)})
	if len(inputs) > 0 {
		f.SetValues(inputs[0])
	}
	// The form opens on what the person is asked for, not on the identifiers filled in above it.
	if len(a.Prompt) > 0 {
		f.FocusField(a.Prompt[0])
	}
	return &promptDialog{action: a, rows: rows, hidden: hidden, inputs: inputs, form: f, tasks: tui.NewTasks(env.Ctx)}
}

func (p *promptDialog) Title() string     { return p.action.Name }
func (p *promptDialog) Init() tea.Cmd     { return nil }
func (p *promptDialog) Tasks() *tui.Tasks { return p.tasks }
func (p *promptDialog) SetSize(w, h int)  { p.form.SetSize(w, h) }
func (p *promptDialog) View() string      { return p.form.View() }

// Keys are the form's actions for the focused field, the same table that handles its keys.
func (p *promptDialog) Keys() help.KeyMap { return p.form.Actions() }

func (p *promptDialog) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		msg = inner
	}
	switch m := msg.(type) {
	case opform.CancelMsg:
		return tui.Close(p, nil)
	case opform.SubmitMsg:
		// The prompted members apply to every target row; the bound identifiers stay each row's.
		inputs := make([]map[string]any, len(p.inputs))
		for i, in := range p.inputs {
			merged := make(map[string]any, len(in)+len(p.action.Prompt))
			for k, v := range in {
				merged[k] = v
			}
			for _, name := range p.action.Prompt {
				if v, ok := m.Input[name]; ok {
					merged[name] = v
				}
			}
			inputs[i] = merged
		}
		return tui.Close(p, promptedMsg{action: p.action, rows: p.rows, hidden: p.hidden, inputs: inputs})
	}
	return p.tasks.Wrap(p.form.Update(msg))
}
