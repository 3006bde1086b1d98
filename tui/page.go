package tui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// Page is one screen on the page stack. Pages are pointers updated in place by the app, which only
// routes messages to them.
type Page interface {
	// Title is the page's breadcrumb segment.
	Title() string
	// Init starts the page's loading; it is called when the page is pushed.
	Init() tea.Cmd
	// Update handles a message meant for this page: keys when it is on top, and the results of
	// its own tasks (tui.Result) whether or not it is on top.
	Update(msg tea.Msg) tea.Cmd
	// SetSize tells the page the size of its body.
	SetSize(width, height int)
	// View renders the body at the size last given.
	View() string
	// Keys are the page's own bindings, for the footer and the help screen.
	Keys() help.KeyMap
	// Tasks is the page's task runner; the app routes Results by it and closes it with the page.
	Tasks() *Tasks
}

// Filterable pages accept the `/` filter.
type Filterable interface {
	SetFilter(query string) tea.Cmd
	FilterQuery() string
}

// FilterDescriber is a Filterable whose `/` is not a filter: it says what it does there for the
// footer and the help ("search" on the log tail, which jumps between matches and hides nothing).
type FilterDescriber interface {
	FilterDoes() string
}

// Reloadable pages load their data again under a new session (profile or region switch).
type Reloadable interface {
	Reload(s Session) tea.Cmd
}

// StatusReporter pages show a short status at the right of the breadcrumbs, e.g. "1,000 of 48,210 ·
// loading…", and say whether work is under way (the spinner turns while it is).
type StatusReporter interface {
	Status() string
	Busy() bool
}

// KeyCapturer pages have a focused text input; global keys then go to the page.
type KeyCapturer interface {
	CapturesKeys() bool
}

// BackHandler pages can use esc themselves (to leave a mode) before the app pops them; HandleBack
// reports whether it did.
type BackHandler interface {
	HandleBack() (bool, tea.Cmd)
}

// BackPending is a BackHandler that says whether esc has something to do on it now (a selection to
// clear), so that a root page's footer offers esc only when it does something. A BackHandler
// without it is taken to always have.
type BackPending interface {
	BackPending() bool
}

// BackDescriber is a BackHandler that says what esc does on it now, for the footer and the help
// ("clear selection", "stop"); "" when esc goes back.
type BackDescriber interface {
	BackDoes() string
}

// Visibility pages hear when another page covers them and when they are shown again, to pause
// and resume background work such as auto-refresh.
type Visibility interface {
	Hidden()
	Shown() tea.Cmd
}

// Locator pages say what they show, so `O` can open the AWS console there: a resource type of
// nimbus's definitions ("instance", "bucket") and the row under the cursor, if any.
type Locator interface {
	Location() Location
}

// Location is what a page shows. For S3, ID is the bucket and Prefix the prefix or object key.
type Location struct {
	Service, Type, ID, Prefix string
}

// Component is long-lived work that is not a page (the running waiters): it owns tasks whose
// results the app routes to it, whatever page is on top.
type Component interface {
	Tasks() *Tasks
	Update(msg tea.Msg) tea.Cmd
	// Indicator is a short text for the header ("⟳ 2 waiters"); "" shows nothing.
	Indicator() string
}

// Navigation messages, returned by pages as commands: the app acts on them.
type (
	// PushMsg puts a page on top of the stack.
	PushMsg struct{ Page Page }
	// PopMsg closes the top page.
	PopMsg struct{}
	// LeaveMsg takes Page off the stack wherever it is (a page whose subject is gone).
	LeaveMsg struct{ Page Page }
	// ReplaceMsg replaces the whole stack with one page (a `:` command). Trail, when set, are the
	// pages below it (a deep link such as `:s3 bucket/a/b/` keeps its breadcrumbs); they load when
	// esc first shows them.
	ReplaceMsg struct {
		Page  Page
		Trail []Page
	}
	// SwitchSessionMsg switches profile and/or region; empty fields keep the current value.
	SwitchSessionMsg struct{ Profile, Region string }
	// ToastMsg shows a message in the footer for a few seconds. Text is safe text: outside words
	// in it go through textsafe.From or textsafe.Sprintf.
	ToastMsg struct {
		Text  textsafe.Text
		Error bool
	}
)

// Push is a command that pushes p.
func Push(p Page) tea.Cmd { return func() tea.Msg { return PushMsg{Page: p} } }

// Pop is a command that closes the top page.
func Pop() tea.Msg { return PopMsg{} }

// Leave is a command that takes p off the stack, on top or covered; the pages above it stay.
func Leave(p Page) tea.Cmd { return func() tea.Msg { return LeaveMsg{Page: p} } }

// SwitchSession is a command that switches to profile and/or region.
func SwitchSession(profile, region string) tea.Cmd {
	return func() tea.Msg { return SwitchSessionMsg{Profile: profile, Region: region} }
}

// Toast is a command that shows an informational message.
func Toast(text textsafe.Text) tea.Cmd { return func() tea.Msg { return ToastMsg{Text: text} } }

// capturesKeys reports whether p has a focused text input that takes the global keys as text.
func capturesKeys(p Page) bool {
	c, ok := p.(KeyCapturer)
	return ok && c.CapturesKeys()
}
