// Package tui is nimbus's app shell: a root model that routes messages to a stack of pages and
// draws the chrome around them (header, breadcrumbs, command and filter bars, toasts, footer help).
package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/keymap"
)

// Identity is who the session's credentials belong to, shown in the header.
type Identity struct {
	Account string
	ARN     string
}

// Options wires the app to the rest of nimbus.
type Options struct {
	// Context is the parent of every page's context; cancelling it stops all work.
	Context  context.Context
	Session  Session
	Keys     keymap.KeyMap
	Styles   Styles
	Commands *Commands
	// Start is the first page.
	Start func(s Session) Page
	// Identity looks up who the session is (STS GetCallerIdentity); optional.
	Identity func(ctx context.Context, s Session) (Identity, error)
	// ProfileRegion is the region configured for a profile ("" when none); optional.
	ProfileRegion func(profile string) string
	// Explain turns an error into one line with the next step to take; optional.
	Explain func(error) string
	// Components are long-lived workers whose task results the app routes to them.
	Components []Component
	// Clock times how long a page has waited on AWS (nil: the real clock).
	Clock Clock
	// LateCommands, when set, loads commands that the first frame should not wait for; it runs
	// off the UI goroutine after start and returns what adds them (see late.go).
	LateCommands func() (func(*Commands), error)
	// OnFirstFrame, when set, is called once, on a goroutine of its own, just after the first
	// frame with a page is out: start there the background work the first frame should not
	// compete with.
	OnFirstFrame func()
}

// App is the root model. It only routes: pages own their data and their contexts.
type App struct {
	opts     Options
	session  Session
	stack    []*entry
	width    int
	height   int
	bar      inputBar
	help     *helpScreen // the `?` screen while it is open
	toast    toast
	spinner  spinner.Model
	spinning bool
	identity identityState
	idTasks  *Tasks
	rootCtx  context.Context
	cancel   context.CancelFunc
	waits    waits // when the app first saw each AWS call the top page waits on
	late     lateCommands
}

// entry is a page on the stack and the session its data was loaded under.
type entry struct {
	page    Page
	session Session
	started bool // Init has run
}

type identityState struct {
	id      Identity
	err     error
	loading bool
}

type identityMsg struct {
	id  Identity
	err error
}

// New returns the app; Init pushes the start page.
func New(opts Options) *App {
	parent := opts.Context
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	if opts.Commands == nil {
		opts.Commands = NewCommands()
	}
	if opts.Explain == nil {
		opts.Explain = func(err error) string { return err.Error() }
	}
	a := &App{
		opts:    opts,
		session: opts.Session,
		rootCtx: ctx,
		cancel:  cancel,
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		bar:     newInputBar(opts.Styles, opts.Keys.Input),
		idTasks: NewTasks(ctx),
	}
	return a
}

// RootContext is the context pages derive their task contexts from; it ends when the app quits.
func (a *App) RootContext() context.Context { return a.rootCtx }

// Init implements tea.Model.
func (a *App) Init() tea.Cmd {
	var cmds []tea.Cmd
	if a.opts.Start != nil {
		cmds = append(cmds, a.push(a.opts.Start(a.session)))
	}
	cmds = append(cmds, a.loadIdentity(), a.loadLateCommands())
	return tea.Batch(cmds...)
}

func (a *App) top() *entry {
	if len(a.stack) == 0 {
		return nil
	}
	return a.stack[len(a.stack)-1]
}

func (a *App) bodyHeight() int {
	h := a.height - chromeLines
	if h < 1 {
		h = 1
	}
	return h
}

func (a *App) push(p Page) tea.Cmd {
	if t := a.top(); t != nil {
		if v, ok := t.page.(Visibility); ok {
			v.Hidden()
		}
	}
	p.SetSize(a.width, a.bodyHeight())
	a.stack = append(a.stack, &entry{page: p, session: a.session, started: true})
	return tea.Batch(p.Init(), a.startSpinner())
}

func (a *App) pop() tea.Cmd {
	if len(a.stack) <= 1 {
		return nil
	}
	e := a.top()
	e.page.Tasks().Close()
	a.stack = a.stack[:len(a.stack)-1]
	return a.reveal()
}

// reveal reloads the new top page if the session changed while it was covered.
func (a *App) reveal() tea.Cmd {
	t := a.top()
	t.page.SetSize(a.width, a.bodyHeight())
	var shown tea.Cmd
	if v, ok := t.page.(Visibility); ok {
		shown = v.Shown()
	}
	if !t.started {
		t.started, t.session = true, a.session
		return tea.Batch(shown, t.page.Init())
	}
	if t.session.Same(a.session) {
		return shown
	}
	t.session = a.session
	if r, ok := t.page.(Reloadable); ok {
		return tea.Batch(shown, r.Reload(a.session), a.startSpinner())
	}
	return shown
}

func (a *App) replace(msg ReplaceMsg) tea.Cmd {
	for _, e := range a.stack {
		e.page.Tasks().Close()
	}
	a.stack = nil
	for _, p := range msg.Trail {
		p.SetSize(a.width, a.bodyHeight())
		a.stack = append(a.stack, &entry{page: p, session: a.session})
	}
	return a.push(msg.Page)
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.route(msg)
	a.waits.observe(a.topTasks(), a.clock().Now())
	if !a.spinning && a.busy() {
		cmd = tea.Batch(cmd, a.startSpinner())
	}
	return a, cmd
}

func (a *App) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.bar.setWidth(msg.Width)
		if a.help != nil {
			a.help.setSize(a.width, a.bodyHeight())
		}
		for _, e := range a.stack {
			e.page.SetSize(a.width, a.bodyHeight())
		}
		return nil
	case Result:
		if msg.Owner == a.idTasks {
			return a.updateIdentity(msg)
		}
		for _, e := range a.stack {
			if e.page.Tasks() == msg.Owner {
				return e.page.Update(msg)
			}
		}
		for _, c := range a.opts.Components {
			if c.Tasks() == msg.Owner {
				return c.Update(msg)
			}
		}
		return nil // its page is gone: drop it
	case PushMsg:
		return a.push(msg.Page)
	case PopMsg:
		return a.pop()
	case ReplaceMsg:
		return a.replace(msg)
	case SwitchSessionMsg:
		return a.switchSession(msg)
	case ToastMsg:
		return a.toast.show(msg.Text, msg.Error)
	case ErrorMsg:
		return a.toast.show(textsafe.From(textsafe.OneLine(a.opts.Explain(msg.Err))), true)
	case lateCommandsMsg:
		return a.addLateCommands(msg)
	case toastExpiredMsg:
		a.toast.expire(msg)
		return nil
	case spinner.TickMsg:
		return a.tickSpinner(msg)
	case tea.KeyPressMsg:
		return a.handleKey(msg)
	}
	if t := a.top(); t != nil {
		return t.page.Update(msg)
	}
	return nil
}

func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return a.quit()
	}
	if plain, ok := splitEsc(msg, a.textFocused(), a.opts.Keys.Binds); ok {
		first := a.handleKey(tea.KeyPressMsg{Code: tea.KeyEscape})
		return tea.Batch(first, a.handleKey(plain))
	}
	if a.bar.active() {
		return a.handleBarKey(msg)
	}
	if a.help != nil {
		cmd, closed := a.help.update(msg)
		if closed {
			a.help = nil
		}
		return cmd
	}
	t := a.top()
	if t == nil {
		return nil
	}
	if capturesKeys(t.page) {
		return t.page.Update(msg)
	}
	g := a.opts.Keys.Global
	switch {
	case key.Matches(msg, g.Command):
		return a.bar.open(barCommand, "", a.opts.Commands)
	case key.Matches(msg, g.Filter):
		if f, ok := t.page.(Filterable); ok {
			return a.bar.open(barFilter, f.FilterQuery(), nil)
		}
		return a.toast.show("this page has no filter", false)
	case key.Matches(msg, g.Help):
		a.help = newHelpScreen(a.opts.Keys, a.opts.Styles, t.page, a.opts.Commands, a.width, a.bodyHeight())
		return nil
	case key.Matches(msg, g.Aliases):
		return a.runCommand("aliases")
	case key.Matches(msg, g.Back):
		if a.cancelWait() {
			return nil // the calls end with "cancelled", which the page shows; esc again goes back
		}
		return a.back()
	case key.Matches(msg, g.Quit):
		return a.quit()
	case key.Matches(msg, g.Profile):
		return a.runCommand("profile")
	case key.Matches(msg, g.Region):
		return a.runCommand("region")
	}
	return t.page.Update(msg)
}

func (a *App) back() tea.Cmd {
	t := a.top()
	if b, ok := t.page.(BackHandler); ok {
		if handled, cmd := b.HandleBack(); handled {
			return cmd
		}
	}
	if f, ok := t.page.(Filterable); ok && f.FilterQuery() != "" {
		return f.SetFilter("")
	}
	return a.pop()
}

func (a *App) quit() tea.Cmd {
	for _, e := range a.stack {
		e.page.Tasks().Close()
	}
	a.cancel()
	return tea.Quit
}

func (a *App) handleBarKey(msg tea.KeyPressMsg) tea.Cmd {
	in := a.opts.Keys.Input
	kind := a.bar.kind
	switch {
	case key.Matches(msg, in.Cancel):
		a.bar.close()
		if kind == barFilter {
			return a.setFilter("")
		}
		return nil
	case key.Matches(msg, in.Submit):
		value := a.bar.value()
		a.bar.close()
		if kind == barCommand {
			return a.runCommand(value)
		}
		return a.setFilter(value)
	}
	changed, cmd := a.bar.update(msg)
	if kind == barFilter && changed {
		return tea.Batch(cmd, a.setFilter(a.bar.value()))
	}
	return cmd
}

func (a *App) setFilter(q string) tea.Cmd {
	if f, ok := a.top().page.(Filterable); ok {
		return f.SetFilter(q)
	}
	return nil
}

func (a *App) runCommand(line string) tea.Cmd {
	if a.deferCommand(line) {
		return nil
	}
	cmd, err := a.opts.Commands.Parse(a.session, line)
	if err != nil {
		return a.toast.show(textsafe.FromError(err), true)
	}
	return cmd
}

func (a *App) switchSession(msg SwitchSessionMsg) tea.Cmd {
	next := a.session
	if msg.Profile != "" && msg.Profile != next.Profile {
		next.Profile = msg.Profile
		if a.opts.ProfileRegion != nil && msg.Region == "" {
			if r := a.opts.ProfileRegion(msg.Profile); r != "" {
				next.Region = r
			}
		}
	}
	if msg.Region != "" {
		next.Region = msg.Region
	}
	if next.Same(a.session) {
		return nil
	}
	a.session = next
	for _, e := range a.stack {
		e.page.Tasks().Restart() // nothing loaded under the old session may land now
	}
	cmds := []tea.Cmd{a.reveal(), a.loadIdentity(),
		a.toast.show(textsafe.Sprintf("switched to %s · %s", next.Profile, next.Region), false)}
	return tea.Batch(cmds...)
}

func (a *App) loadIdentity() tea.Cmd {
	if a.opts.Identity == nil {
		return nil
	}
	a.idTasks.Restart()
	a.identity = identityState{loading: true}
	s, lookup := a.session, a.opts.Identity
	return a.idTasks.Run(func(ctx context.Context) tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		id, err := lookup(ctx, s)
		return identityMsg{id: id, err: err}
	})
}

func (a *App) updateIdentity(r Result) tea.Cmd {
	msg, ok := a.idTasks.Accept(r)
	if !ok {
		return nil
	}
	m := msg.(identityMsg)
	a.identity = identityState{id: m.id, err: m.err}
	return nil
}

func (a *App) busy() bool {
	if a.identity.loading {
		return true
	}
	if t := a.topTasks(); t != nil && t.Running() > 0 {
		return true // the spinner's ticks also count the seconds of a wait on AWS
	}
	for _, e := range a.stack {
		if s, ok := e.page.(StatusReporter); ok && s.Busy() {
			return true
		}
	}
	for _, c := range a.opts.Components {
		if c.Indicator() != "" {
			return true
		}
	}
	return false
}

func (a *App) startSpinner() tea.Cmd {
	if a.spinning {
		return nil
	}
	a.spinning = true
	return a.spinner.Tick
}

func (a *App) tickSpinner(msg spinner.TickMsg) tea.Cmd {
	if !a.busy() {
		a.spinning = false
		return nil
	}
	var cmd tea.Cmd
	a.spinner, cmd = a.spinner.Update(msg)
	return cmd
}

// Session is the current session.
func (a *App) Session() Session { return a.session }

// Depth is the number of pages on the stack.
func (a *App) Depth() int { return len(a.stack) }

// Top is the page on top of the stack, or nil.
func (a *App) Top() Page {
	if t := a.top(); t != nil {
		return t.page
	}
	return nil
}

// ErrorMsg shows an error as a toast, explained with the next step to take.
type ErrorMsg struct{ Err error }
