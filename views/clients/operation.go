package clients

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/awsapi/snippet"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/doctree"
	"github.com/nimbus-tui/nimbus/views/opform"
	"github.com/nimbus-tui/nimbus/views/wirepage"
)

// operationPage is the form of one operation's input. Running it calls the operation (after a
// confirmation when it may change state) and opens the result; a paginated operation opens as a
// collection; in waiter mode it starts the waiter and watches it.
type operationPage struct {
	env     tui.Env
	catalog *Catalog
	session tui.Session
	svc     *model.Service
	op      string
	waiter  string // set in waiter mode
	form    *opform.Form
	tasks   *tui.Tasks
	running bool
	err     error
	wire    *wire.Log // the last call's HTTP exchanges, for the wire view
}

type calledMsg struct {
	doc     map[string]any
	order   doctree.KeyOrder // the AWS CLI's member order
	status  string
	err     error
	snippet docpage.Snippet
}

func newOperationPage(c *Catalog, s tui.Session, svc *model.Service, op string) *operationPage {
	return &operationPage{env: c.env, catalog: c, session: s, svc: svc, op: op, tasks: tui.NewTasks(c.env.Ctx),
		form: opform.New(svc, op, opform.FormEnv{Keys: c.env.Keys, Styles: opform.StylesFrom(c.env.Styles.Theme)})}
}

func newWaiterFormPage(c *Catalog, s tui.Session, svc *model.Service, waiterName string) *operationPage {
	def, name, _ := svc.Waiter(waiterName)
	p := newOperationPage(c, s, svc, def.Operation)
	p.waiter = name
	return p
}

func (p *operationPage) Title() string {
	if p.waiter != "" {
		return "wait " + p.waiter
	}
	return p.op
}

func (p *operationPage) Init() tea.Cmd     { return nil }
func (p *operationPage) Tasks() *tui.Tasks { return p.tasks }
func (p *operationPage) Busy() bool        { return p.running }

// CapturesKeys gives every key to the form while one of its text fields has focus.
func (p *operationPage) CapturesKeys() bool { return p.form.CapturesKeys() }

func (p *operationPage) SetSize(w, h int) { p.form.SetSize(w, max(h-2, 1)) }

// Reload keeps the form for the new session. A call under way was cancelled with the old
// session's tasks and its error was the old session's: neither is shown under the new one.
func (p *operationPage) Reload(s tui.Session) tea.Cmd {
	if !s.Same(p.session) {
		p.running, p.err = false, nil
	}
	p.session = s
	return nil
}

func (p *operationPage) Status() string {
	if p.running {
		return "calling " + p.op + "…"
	}
	label := readonly.Label(p.svc.Name, p.op)
	if p.session.ReadOnly && readonly.Classify(p.svc.Name, p.op, nil).Class == readonly.Mutate {
		// Said before the form is filled in, not only at ctrl+s.
		label += " · refused under --readonly"
	}
	return label
}

func (p *operationPage) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		msg = inner
	}
	switch m := msg.(type) {
	case opform.SubmitMsg:
		return p.submit(m.Input)
	case opform.CancelMsg:
		return tui.Pop
	case confirmedMsg:
		return m.then()
	case calledMsg:
		p.running = false
		if m.err != nil {
			p.err = m.err
			return tui.Error(m.err)
		}
		p.err = nil
		page := docpage.New(p.env, p.op+" result", m.status, m.doc, m.snippet)
		page.SetKeyOrder(m.order)
		log := p.wire
		page.AddActions(wirepage.Open(p.env, p.op+" wire", func() *wire.Log { return log }))
		return tui.Push(page)
	case tea.KeyPressMsg:
		if !p.form.CapturesKeys() {
			if cmd, ok := (tui.Actions{p.wireAction()}).Handle(m); ok {
				return cmd
			}
		}
		return p.tasks.Wrap(p.form.Update(m))
	}
	return p.tasks.Wrap(p.form.Update(msg))
}

func (p *operationPage) snippetFor(input map[string]any) docpage.Snippet {
	opts := snippet.Options{Profile: p.session.Profile, Region: p.session.Region, EndpointURL: p.session.Endpoint}
	if p.session.Profile == "(env)" {
		opts.Profile = ""
	}
	snip := docpage.Snippet{Boto3: snippet.Boto3(p.svc.Name, p.op, input, opts)}
	if snippet.HasCLICommand(p.svc.Name, p.op) { // the CLI has no command for event streams and a few others
		snip.AWSCLI = snippet.AWSCLI(p.svc, p.op, input, opts)
	}
	return snip
}

func (p *operationPage) submit(input map[string]any) tea.Cmd {
	snip := p.snippetFor(input)
	if p.waiter != "" {
		return tui.Push(newWatchPage(p.catalog, p.session, p.svc, p.waiter, input))
	}
	// The class of this call, with its input: WithDecryption makes GetParameter reveal a secret.
	class := readonly.Classify(p.svc.Name, p.op, input)
	if _, paged := p.svc.Paginator(p.op); paged && p.catalog.collections != nil {
		secret := ""
		if class.Class == readonly.RevealsSecret {
			secret = class.Reason
		}
		open := func() tea.Cmd {
			page, err := p.catalog.collections(p.session, p.svc, p.op, input, snip, secret)
			if err != nil {
				return tui.Error(err)
			}
			return tui.Push(page)
		}
		if secret == "" {
			return open()
		}
		return p.confirmReveal(class, snip, open)
	}
	call := func() tea.Cmd { return p.call(input, snip) }
	if answersWithEventStream(p.svc, p.op) {
		call = func() tea.Cmd { return tui.Push(newStreamPage(p.catalog, p.session, p.svc, p.op, input, snip)) }
	}
	switch class.Class {
	case readonly.Read:
		return call()
	case readonly.RevealsSecret:
		return p.confirmReveal(class, snip, call)
	}
	if p.session.ReadOnly {
		err := readonly.CheckInput(true, p.svc.Name, p.op, input)
		return tui.Error(err)
	}
	return confirm.Open(p.env, confirm.Request{
		Title:     fmt.Sprintf("Call %s %s (it may change state)", p.svc.Name, p.op),
		Targets:   []string{p.session.Profile + " · " + p.session.Region},
		Detail:    snip.AWSCLI,
		Confirmed: confirmedMsg{then: call},
	})
}

// confirmedMsg comes back from a confirmation; then starts the work it allowed. Nothing is
// started before: a call cancelled at the confirmation leaves no task behind.
type confirmedMsg struct{ then func() tea.Cmd }

// confirmReveal asks before a call that shows a secret on screen (allowed under --readonly).
func (p *operationPage) confirmReveal(d readonly.Decision, snip docpage.Snippet, then func() tea.Cmd) tea.Cmd {
	return confirm.Open(p.env, confirm.Request{
		Title:     fmt.Sprintf("Reveal a secret: %s %s", p.svc.Name, p.op),
		Targets:   []string{p.session.Profile + " · " + p.session.Region},
		Detail:    "shows a secret on screen: " + d.Reason + "\n" + snip.AWSCLI,
		Confirmed: confirmedMsg{then: then},
	})
}

// call runs the operation in a task and opens its result.
func (p *operationPage) call(input map[string]any, snip docpage.Snippet) tea.Cmd {
	p.running = true
	c, s, svc, op := p.catalog, p.session, p.svc, p.op
	log := wire.NewLog(wireEntries)
	p.wire = log
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		ctx = wire.With(ctx, log)
		inv, err := c.invoker(ctx, s, svc)
		if err != nil {
			return calledMsg{err: err}
		}
		start := time.Now()
		order := document.NewOrder() // the server's member order of maps, which the AWS CLI keeps
		res, err := inv.Invoke(document.WithOrder(ctx, order), op, input)
		if err != nil {
			return calledMsg{err: err}
		}
		if res.Body != nil {
			res.Body.Close() // the result page shows metadata; bodies are for the S3 browser
		}
		status := fmt.Sprintf("HTTP %d · %s", res.StatusCode, format.Duration(time.Since(start)))
		out, _ := svc.OutputShape(op) // nil for an unknown operation: objects sorted
		return calledMsg{doc: res.Output, order: cliOrder(svc, out, res.Output, order), status: status, snippet: snip}
	})
}

func (p *operationPage) View() string {
	st := p.env.Styles
	head := st.Dim.Render(textsafe.Clean(p.svc.Name + " " + p.op))
	if p.waiter != "" {
		head = st.Dim.Render("input of " + p.op + ", polled by waiter " + p.waiter)
	}
	v := head + "\n" + p.form.View()
	if p.err != nil {
		v += "\n" + st.Error.Render("✗ "+strings.ReplaceAll(textsafe.Clean(p.err.Error()), "\n", " "))
	}
	return v
}

// Keys are the form's actions for the focused field, the same table that handles its keys, and
// the wire view of the last call.
func (p *operationPage) Keys() help.KeyMap {
	if p.form.CapturesKeys() {
		return p.form.Actions()
	}
	return append(p.form.Actions(), p.wireAction())
}

// wireEntries is how many wire entries a call keeps (requests, responses, bodies, retries).
const wireEntries = 200

func (p *operationPage) wireAction() tui.Action {
	return wirepage.Open(p.env, p.op+" wire", func() *wire.Log { return p.wire })
}

// The interfaces the app finds this page by (tui.Page and the optional ones it claims).
var (
	_ tui.Page           = (*operationPage)(nil)
	_ tui.KeyCapturer    = (*operationPage)(nil)
	_ tui.Reloadable     = (*operationPage)(nil)
	_ tui.StatusReporter = (*operationPage)(nil)
)
