package resources

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/vtable"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// RowHost is a page that shows rows of one resource type, as its RowActions see it: the
// collection page, and the S3 browser's bucket and object pages, which hold their rows in a
// form of their own and build a resource.Row only for the rows acted on.
type RowHost interface {
	// Tasks runs the calls; their results come back through the host's Update to RowActions.Update.
	Tasks() *tui.Tasks
	// Session is the session the rows were listed in.
	Session() tui.Session
	// Row is row i as a resource row; ok is false when the row is no resource of the type (an S3
	// prefix), and why then says what it is instead.
	Row(i int) (row resource.Row, ok bool, why string)
	// Cursor is the row under the cursor, -1 when none.
	Cursor() int
	// Targets are the rows an action applies to: the selected rows the filter shows, else the
	// cursor's row; hidden counts selected rows the filter hides (pagekit.TablePage.Targets).
	Targets() (rows []int, hidden int)
	// ClearSelection ends the selection after an action ran on it.
	ClearSelection()
	// Refresh lists the rows again after an action or a waiter changed them; busy pages may skip it.
	Refresh() tea.Cmd
}

// RowActions are the keys every page of resource rows shares: describe, copy, the actions menu
// and the actions' own keys (with prompts, confirmation and read-only checks), waiters and
// sub-resources, all driven by the type's definition. One path: the collection page and the S3
// browser both use it.
type RowActions struct {
	pages *Pages
	def   *resource.Def
	host  RowHost
	// copyText, when set, gives the text y copies for row i instead of the ARN or identifier
	// (the S3 browser copies s3:// URIs).
	copyText func(i int) string
	// label, when set, names a row for breadcrumbs and confirmations ("" falls back to its name
	// and identifier): an item of attribute maps is named by its key's values.
	label func(row resource.Row) string
	// snippet is the listing's aws CLI / boto3 equivalent, shown with each described row (a
	// paginated operation run from the services form).
	snippet docpage.Snippet
	// keys are the page's own bindings for some actions, by name (SetKey).
	keys map[string]key.Binding
}

// NewRowActions returns the row actions of def's rows on host.
func (ps *Pages) NewRowActions(def *resource.Def, host RowHost) *RowActions {
	return &RowActions{pages: ps, def: def, host: host}
}

// SetLabel names rows by f (see RowActions.label).
func (r *RowActions) SetLabel(f func(row resource.Row) string) { r.label = f }

// SetCopyText makes y copy f(i) for row i.
func (r *RowActions) SetCopyText(f func(i int) string) { r.copyText = f }

// Def is the type of the rows.
func (r *RowActions) Def() *resource.Def { return r.def }

// invokerReadyMsg carries the service's invoker, loaded in a task, to work that continues in
// Update (starting waiters on the board, which belongs to the UI goroutine).
type invokerReadyMsg struct {
	inv   *invoke.Invoker
	svc   *model.Service
	err   error
	start func(invokerReadyMsg) tea.Cmd
}

type (
	describedMsg struct {
		title string
		item  any // the row's listed item
		doc   any
		err   error
	}
	waitedMsg struct{}
)

// Actions is the row keys' action table, for the host's own table: describe, the actions menu,
// sub-resources, sel (the host's select key, in its footer place), copy, wait, then each
// action's and row page's own key: the key map's resource.<type>.<action> binding, whose
// default is the definition's key (an action without one is in the menu only). In read-only
// mode the keys of the hidden mutating actions say so instead of doing nothing.
func (r *RowActions) Actions(sel tui.Action) tui.Actions {
	km := r.pages.env.Keys
	a := km.Actions
	has := func() bool { return r.host.Cursor() >= 0 }
	onRow := func(f func(i int) tea.Cmd) func() tea.Cmd {
		return func() tea.Cmd { return f(r.host.Cursor()) }
	}
	as := tui.Actions{
		{Binding: a.Describe, Footer: true, Enabled: has, Run: onRow(r.describe)},
		{Binding: a.Menu, Footer: true, Enabled: has, Run: r.actionsMenu},
	}
	// The pages rows open (t tails a log group) are what a user of the type looks for: in the
	// footer, after the menu.
	for _, rp := range r.pages.rowPages[r.def.Type] {
		as = append(as, tui.Action{Binding: r.keyOf(rp.Name), Footer: true, Enabled: has, Run: func() tea.Cmd { return r.openRowPage(rp) }})
	}
	as = append(as, tui.Actions{
		{Binding: offered(a.Children, len(r.def.Children) > 0), Footer: true, Enabled: has, Run: onRow(r.childrenMenu)},
		sel,
		{Binding: a.Copy, Footer: true, Enabled: has, Run: onRow(r.copy)},
		{Binding: offered(a.Wait, len(r.def.Waiters) > 0), Enabled: has, Run: onRow(r.waitMenu)},
	}...)
	for _, act := range r.visibleActions() {
		as = append(as, tui.Action{Binding: r.keyOf(act.Name), Enabled: has, Run: func() tea.Cmd { return r.runAction(act) }})
	}
	if r.host.Session().ReadOnly {
		for _, act := range r.def.Actions {
			if !readonly.IsMutating(r.def.Service, act.Operation) {
				continue
			}
			b := r.keyOf(act.Name)
			b.SetHelp("", "") // no help text: the help lists what works
			as = append(as, tui.Action{Binding: b, Enabled: has,
				Run: func() tea.Cmd { return tui.Toast(textsafe.Sprintf("read-only: %s is disabled", act.Name)) }})
		}
	}
	return as
}

// offered is b, or b without its help text when the type has nothing for it: the key then
// only says so (no sub-resources, no waiters) and is neither in the footer nor in the help.
func offered(b key.Binding, has bool) key.Binding {
	if !has {
		b.SetHelp("", "")
	}
	return b
}

// keyOf is the binding of the type's action or row page called name: the key map's, or the
// page's own binding for it (SetKey).
func (r *RowActions) keyOf(name string) key.Binding {
	if b, ok := r.keys[name]; ok {
		return b
	}
	return r.pages.env.Keys.Resource.Key(r.def.Type, name)
}

// SetKey runs the type's action called name on b instead of its resource.<type>.<action>
// binding: a page whose own binding does the same on its listing (the S3 browser's D deletes
// objects and prefixes there, and an object on its own page).
func (r *RowActions) SetKey(name string, b key.Binding) {
	if r.keys == nil {
		r.keys = map[string]key.Binding{}
	}
	r.keys[name] = b
}

// Update takes the results of the row actions' tasks and the answers of their dialogs; ok is false
// for other messages.
func (r *RowActions) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case describedMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		page := docpage.New(r.pages.env, m.title, r.def.Title, m.doc, r.snippet)
		if r.pages.describePanel != nil {
			if load := r.pages.describePanel(r.def.Type, r.host.Session(), m.item, m.doc); load != nil {
				page.SetPanel(load)
			}
		}
		return tui.Push(page), true
	case waitedMsg:
		return r.host.Refresh(), true
	case actionDoneMsg:
		return r.actionDone(m), true
	case promptedMsg:
		return r.confirmAndCall(m.action, m.rows, m.hidden, m.inputs), true
	case confirmedMsg:
		return r.call(m.action, m.rows, m.inputs), true
	case invokerReadyMsg:
		if m.err != nil {
			return tui.Error(m.err), true
		}
		return m.start(m), true
	}
	return nil, false
}

// row is row i, or a toast saying why the keys do not apply to it.
func (r *RowActions) row(i int) (resource.Row, tea.Cmd) {
	row, ok, why := r.host.Row(i)
	if !ok {
		return row, tui.Toast(textsafe.Sprintf("%s", why))
	}
	return row, nil
}

func (r *RowActions) describe(i int) tea.Cmd {
	row, refuse := r.row(i)
	if refuse != nil {
		return refuse
	}
	ps, s, def := r.pages, r.host.Session(), r.def
	title := r.labelOf(row)
	return r.host.Tasks().Run(func(ctx context.Context) tea.Msg {
		inv, _, err := ps.catalog.Invoker(ctx, s, def.Service)
		if err != nil {
			return describedMsg{err: err}
		}
		doc, err := def.Describe(ctx, inv, row)
		return describedMsg{title: title, item: row.Item, doc: doc, err: err}
	})
}

// Label names row i for breadcrumbs and confirmations: "web-1 (i-0abc)" or the id.
func (r *RowActions) Label(i int) string {
	row, _, _ := r.host.Row(i)
	return r.labelOf(row)
}

func (r *RowActions) labelOf(row resource.Row) string {
	if r.label != nil {
		if l := r.label(row); l != "" {
			return textsafe.Clean(l)
		}
	}
	id := r.def.ID(row.Item)
	name := r.def.DisplayName(row.Item)
	if name != "" && name != id {
		return textsafe.Clean(name + " (" + id + ")")
	}
	return textsafe.Clean(id)
}

func (r *RowActions) copy(i int) tea.Cmd {
	var text string
	if r.copyText != nil {
		text = r.copyText(i)
	} else {
		row, refuse := r.row(i)
		if refuse != nil {
			return refuse
		}
		if text = r.def.ARNOf(row.Item); text == "" {
			text = r.def.ID(row.Item)
		}
	}
	return tea.Batch(tea.SetClipboard(text), tui.Toast(textsafe.Sprintf("copied %s", text)))
}

func (r *RowActions) openChild(c resource.Child, i int) tea.Cmd {
	row, refuse := r.row(i)
	if refuse != nil {
		return refuse
	}
	child, ok := r.pages.registry.Lookup(c.Type)
	if !ok {
		return tui.Error(fmt.Errorf("sub-resource %s: no resource type %q", c.Name, c.Type))
	}
	input, err := c.Input(r.def, row)
	if err != nil {
		return tui.Error(err)
	}
	return tui.Push(r.pages.Open(r.host.Session(), child, input, r.labelOf(row)+" › "+c.Name))
}

// DefaultChild opens the type's default sub-resource of row i; ok is false when it has none.
func (r *RowActions) DefaultChild(i int) (tea.Cmd, bool) {
	if r.def.Default == "" {
		return nil, false
	}
	for _, c := range r.def.Children {
		if c.Name == r.def.Default {
			return r.openChild(c, i), true
		}
	}
	return nil, false
}

func (r *RowActions) childrenMenu(i int) tea.Cmd {
	if len(r.def.Children) == 0 {
		return tui.Toast(textsafe.Sprintf("%s have no sub-resources: %s", r.def.Title, tui.KeyHint(r.pages.env.Keys.Actions.Describe, "describes one")))
	}
	if _, refuse := r.row(i); refuse != nil {
		return refuse
	}
	cols := []vtable.Column{{Title: "SUB-RESOURCE", MinWidth: 12, MaxWidth: 30}, {Title: "TYPE", MinWidth: 8, Flex: true}}
	var choices []picker.Choice
	for _, c := range r.def.Children {
		choices = append(choices, picker.Choice{Value: c.Name, Cells: []string{c.Name, c.Type}})
	}
	children := r.def.Children
	return tui.Open(picker.New(r.pages.env, "sub-resources", "sub-resources", cols, choices, r.def.Default, func(v string) tea.Cmd {
		for _, c := range children {
			if c.Name == v {
				return r.openChild(c, i)
			}
		}
		return nil
	}))
}

// visibleActions hides mutating actions in read-only mode (the engine would refuse them anyway).
func (r *RowActions) visibleActions() []resource.Action {
	var out []resource.Action
	for _, a := range r.def.Actions {
		if r.host.Session().ReadOnly && readonly.IsMutating(r.def.Service, a.Operation) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// openRowPage opens rp's page on the targeted rows.
func (r *RowActions) openRowPage(rp RowPage) tea.Cmd {
	targets, _ := r.host.Targets()
	var rows []resource.Row
	for _, i := range targets {
		row, refuse := r.row(i)
		if refuse != nil {
			return refuse
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil
	}
	return rp.Open(r.host.Session(), rows)
}

// keyLabel is how the menu names b's keys: the user's, or nothing when it has none.
func keyLabel(b key.Binding) string {
	if !b.Enabled() {
		return ""
	}
	return b.Help().Key
}

func (r *RowActions) actionsMenu() tea.Cmd {
	actions := r.visibleActions()
	pages := r.pages.rowPages[r.def.Type]
	if len(actions) == 0 && len(pages) == 0 {
		msg := textsafe.Sprintf("%s have no actions", r.def.Title)
		if r.host.Session().ReadOnly {
			msg += " allowed in read-only mode"
		}
		return tui.Toast(msg)
	}
	cols := []vtable.Column{{Title: "ACTION", MinWidth: 8, MaxWidth: 24}, {Title: "KEY", MinWidth: 3, MaxWidth: 6},
		{Title: "OPERATION", MinWidth: 10, MaxWidth: 40}, {Title: "THEN", MinWidth: 4, Flex: true}}
	var choices []picker.Choice
	for _, a := range actions {
		then := ""
		if a.Waiter != "" {
			then = "waits for " + a.Waiter
		}
		choices = append(choices, picker.Choice{Value: a.Name, Cells: []string{a.Name, keyLabel(r.keyOf(a.Name)), a.Operation, then}})
	}
	for _, p := range pages {
		choices = append(choices, picker.Choice{Value: "page:" + p.Name, Cells: []string{p.Name, keyLabel(r.keyOf(p.Name)), "–", p.Then}})
	}
	return tui.Open(picker.New(r.pages.env, "actions", "actions", cols, choices, "", func(v string) tea.Cmd {
		for _, a := range actions {
			if a.Name == v {
				return r.runAction(a)
			}
		}
		for _, p := range pages {
			if "page:"+p.Name == v {
				return r.openRowPage(p)
			}
		}
		return nil
	}))
}

func (r *RowActions) waitMenu(i int) tea.Cmd {
	if len(r.def.Waiters) == 0 {
		return tui.Toast(textsafe.Sprintf("%s have no waiters", r.def.Title))
	}
	row, refuse := r.row(i)
	if refuse != nil {
		return refuse
	}
	cols := []vtable.Column{{Title: "WAIT FOR", MinWidth: 12, Flex: true}}
	var choices []picker.Choice
	for _, w := range r.def.Waiters {
		choices = append(choices, picker.Choice{Value: w.Waiter, Cells: []string{w.Waiter}})
	}
	refs := r.def.Waiters
	return tui.Open(picker.New(r.pages.env, "wait for", "waiters", cols, choices, "", func(v string) tea.Cmd {
		for _, w := range refs {
			if w.Waiter == v {
				input, err := w.InputFor(r.def, row)
				if err != nil {
					return tui.Error(err)
				}
				return r.startWaiters(w.Waiter, []resource.Row{row}, []map[string]any{input})
			}
		}
		return nil
	}))
}

// startWaiters puts one waiter per row on the board; when each ends, the host refreshes.
func (r *RowActions) startWaiters(name string, rows []resource.Row, inputs []map[string]any) tea.Cmd {
	ps, s, def, tasks := r.pages, r.host.Session(), r.def, r.host.Tasks()
	onDone := func(waitboard.Entry) tea.Cmd {
		return tasks.Wrap(func() tea.Msg { return waitedMsg{} })
	}
	targets := make([]string, len(rows))
	for k, row := range rows {
		targets[k] = def.ID(row.Item)
	}
	return tasks.Run(func(ctx context.Context) tea.Msg {
		inv, svc, err := ps.catalog.Invoker(ctx, s, def.Service)
		return invokerReadyMsg{inv: inv, svc: svc, err: err, start: func(m invokerReadyMsg) tea.Cmd {
			var cmds []tea.Cmd
			for k := range targets {
				in := inputs[0]
				if k < len(inputs) {
					in = inputs[k]
				}
				cmds = append(cmds, ps.board.StartFor(s.Profile+" · "+s.Region, m.inv, m.svc, name, targets[k], in, waiter.Options{Delay: ps.waitDelay}, onDone))
			}
			if open := ps.waiterPages[def.Service]; open != nil {
				cmds = append(cmds, open(s, def, rows, name, targets))
			}
			return tea.Batch(cmds...)
		}}
	})
}
