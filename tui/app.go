// Package tui is nimbus's app shell: a root model that routes messages to a stack of pages and the
// dialogs open over them, and draws the chrome around them (header, breadcrumbs, command and
// filter bars, toasts, footer help). Each job has its file: the stack (stack.go), dialogs
// (dialog.go), the bars (bar.go), the identity (identity.go), the spinner and waits (spinner.go,
// waiting.go), drawing (view.go); app.go only routes.
package tui

import (
	"context"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/advice"
	"github.com/nimbus-tui/nimbus/keymap"
)

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
	// ProfileMarks, when set, says whether a profile is read-only and its header colour; a switch
	// takes them with the profile.
	ProfileMarks func(profile string) Marks
	// Console, when set, opens the AWS console signed in as s at loc (`O`): the command it
	// returns does the sign-in off the UI goroutine.
	Console func(s Session, loc Location) tea.Cmd
	// OnSwitch, when set, hears of every switch to a new session; the command it returns runs off
	// the UI goroutine like any other (it records the profile's use in a file).
	OnSwitch func(s Session) tea.Cmd
	// Advise says what an error means and what to do about it (sessionmgr.Advise); optional.
	Advise func(error) advice.Advice
	// Remedy is the dialog that takes a step an error's advice offers (advice.Advice.Offer: an
	// SSO login, new credentials) for session s; it closes with Renewed when the step worked, and
	// the app then retries (remedy.go). nil, or a nil dialog: the step is only named in the toast.
	Remedy func(step advice.Hint, s Session) Dialog
	// Components are long-lived workers whose task results the app routes to them.
	Components []Component
	// Clock times how long a page has waited on AWS (nil: the real clock).
	Clock Clock
	// LateCommands, when set, loads commands that the first frame should not wait for; it runs
	// off the UI goroutine after start and returns what adds them (see late.go).
	LateCommands func() (func(*Commands), error)
	// NoMouse leaves the mouse to the terminal (its own selection and scrolling).
	NoMouse bool
	// OnFirstFrame, when set, is called once, on a goroutine of its own, just after the first
	// frame with a page is out: start there the background work the first frame should not
	// compete with.
	OnFirstFrame func()
}

// App is the root model. It only routes: pages own their data and their contexts.
type App struct {
	opts     Options
	session  Session
	stack    []*entry          // the pages, with the dialogs open over each
	held     []tea.KeyPressMsg // keys typed while the dialog on top closes (closingDialog)
	width    int
	height   int
	bar      inputBar
	help     *helpScreen // the `?` screen while it is open
	click    lastClick   // the previous click on a row, for double clicks
	toast    toast
	spin     ticker
	identity identity
	rootCtx  context.Context
	cancel   context.CancelFunc
	waits    waits // when the app first saw each AWS call the top page waits on
	late     lateCommands
	remedy   remedies
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
	a := &App{
		opts:     opts,
		session:  opts.Session,
		rootCtx:  ctx,
		cancel:   cancel,
		spin:     newTicker(),
		bar:      newInputBar(opts.Styles, opts.Keys.Input, opts.Keys.Bar),
		identity: identity{lookup: opts.Identity, tasks: NewTasks(ctx)},
	}
	if opts.ProfileMarks != nil {
		a.session = a.marked(opts.Session)
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
	// The identity call (STS) waits for the first frame: its SDK client, credentials and round
	// trip would take the CPU the first frame needs, and the header says "…" until then anyway.
	cmds = append(cmds, a.afterFirstFrame(a.identity.load(a.session)), a.loadLateCommands())
	return tea.Batch(cmds...)
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.route(msg)
	a.waits.observe(a.topTasks(), a.clock().Now())
	if !a.spin.spinning && a.busy() {
		cmd = tea.Batch(cmd, a.spin.start())
	}
	return a, cmd
}

func (a *App) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.bar.setWidth(msg.Width)
		a.resize(msg.Width, msg.Height)
		return nil
	case Result:
		return a.deliver(msg)
	case OpenMsg:
		return a.open(msg.Dialog)
	case CloseMsg:
		return a.close(msg)
	case PushMsg:
		return a.push(msg.Page)
	case PopMsg:
		return a.pop()
	case LeaveMsg:
		return a.leave(msg.Page)
	case ReplaceMsg:
		return a.replace(msg)
	case SwitchSessionMsg:
		return a.switchSession(msg)
	case RefreshMarksMsg:
		return a.refreshMarks()
	case ToastMsg:
		return a.toast.show(msg.Text, msg.Error)
	case ErrorMsg:
		adv := a.advise(msg.Err)
		return tea.Batch(a.toast.show(a.render(adv), true), a.offer(adv, msg.task))
	case lateCommandsMsg:
		return a.addLateCommands(msg)
	case toastExpiredMsg:
		a.toast.expire(msg)
		return nil
	case spinner.TickMsg:
		return a.spin.tick(msg, a.busy())
	case tea.KeyPressMsg:
		return a.handleKey(msg)
	case tea.MouseMsg:
		return a.handleMouse(msg)
	}
	if keys, ok := keysAfterEsc(msg); ok {
		cmds := make([]tea.Cmd, len(keys))
		for i, k := range keys {
			cmds[i] = a.handleKey(k)
		}
		return tea.Batch(cmds...)
	}
	if d := a.dialog(); d != nil {
		return d.Update(msg)
	}
	if t := a.top(); t != nil {
		return t.page.Update(msg)
	}
	return nil
}

// deliver hands a task's result to its owner (a page, a dialog, a component, the identity),
// covered or not; a result whose owner is gone is dropped.
func (a *App) deliver(r Result) tea.Cmd {
	if r.Owner == a.identity.tasks {
		return a.identity.update(r)
	}
	for _, e := range a.stack {
		if e.page.Tasks() == r.Owner {
			return failedTask(e.page.Update(r), r.task)
		}
		for _, d := range e.dialogs {
			if d.Tasks() == r.Owner {
				return failedTask(d.Update(r), r.task)
			}
		}
	}
	for _, c := range a.opts.Components {
		if c.Tasks() == r.Owner {
			return failedTask(c.Update(r), r.task)
		}
	}
	return nil
}

func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, keymap.Interrupt()) {
		return a.quit()
	}
	if plain, ok := splitEsc(msg, a.textFocused(), a.opts.Keys.Binds); ok {
		first := a.handleKey(tea.KeyPressMsg{Code: tea.KeyEscape})
		return tea.Batch(first, a.handleKey(plain))
	}
	if a.bar.active() {
		return a.handleBarKey(msg)
	}
	if a.closingDialog() {
		a.held = append(a.held, msg) // for what is under the dialog, once it is gone (close)
		return nil
	}
	if d := a.dialog(); d != nil {
		return d.Update(msg)
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
	if cmd, ok := a.globalActions().Handle(msg); ok {
		return cmd
	}
	return t.page.Update(msg)
}

func (a *App) quit() tea.Cmd {
	for _, e := range a.stack {
		e.leave()
	}
	a.cancel()
	return tea.Quit
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
