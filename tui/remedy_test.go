package tui

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/internal/advice"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

var errExpired = errors.New("ExpiredToken")

// stepClock is a clock the test moves by hand.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time                                  { return c.now }
func (c *stepClock) Sleep(ctx context.Context, _ time.Duration) bool { <-ctx.Done(); return false }

// remedyApp is an app whose advice offers a login for errExpired; the remedy dialogs it opens
// are returned through opened.
func remedyApp(t *testing.T, pages ...*fakePage) (*App, *[]*fakeDialog, *stepClock) {
	t.Helper()
	a := newTestApp(t, pages[0])
	for _, p := range pages[1:] {
		a.Update(PushMsg{Page: p})
	}
	a.opts.Commands.Add(Command{Name: "login", Run: func(Session, []string) tea.Cmd { return nil }})
	clock := &stepClock{now: time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)}
	a.opts.Clock = clock
	a.opts.Advise = func(err error) advice.Advice {
		if errors.Is(err, errExpired) {
			return advice.Advice{What: "credentials expired", Do: []advice.Step{{Text: "log in again", Hint: advice.SSOLogin}}, Offer: advice.SSOLogin}
		}
		return advice.Advice{What: err.Error()}
	}
	var opened []*fakeDialog
	a.opts.Remedy = func(step advice.Hint, s Session) Dialog {
		if step != advice.SSOLogin || s.Profile != "dev" {
			t.Errorf("Remedy(%v, %v)", step, s)
		}
		d := newFakeDialog()
		opened = append(opened, d)
		return d
	}
	return a, &opened, clock
}

// An expired session opens the step's dialog over the page; nothing is retried until the step
// succeeds, then the page on top reloads once and the page under it when it is shown again.
func TestExpiredCredentialsOfferTheStepThenRetry(t *testing.T) {
	under, top := newFakePage("buckets"), newFakePage("objects")
	a, opened, clock := remedyApp(t, under, top)
	a.Update(ErrorMsg{Err: errExpired})
	if len(*opened) != 1 || a.dialog() != (*opened)[0] {
		t.Fatalf("the login step was not offered: %d dialogs, on top %v", len(*opened), a.dialog())
	}
	if screen := ansi.Strip(a.Render()); !strings.Contains(screen, "credentials expired — log in again (L)") {
		t.Errorf("the toast should name the login key:\n%s", screen)
	}
	a.Update(ErrorMsg{Err: errExpired}) // a second failure while the offer is open: no second dialog
	if len(*opened) != 1 || len(top.reloads) != 0 {
		t.Fatalf("%d dialogs, %d reloads before the step", len(*opened), len(top.reloads))
	}
	a.Update(CloseMsg{Dialog: (*opened)[0], Result: Renewed{}})
	if a.dialog() != nil || len(top.reloads) != 1 || !top.reloads[0].Same(a.Session()) {
		t.Fatalf("after the step: dialog %v, reloads %v", a.dialog(), top.reloads)
	}
	for _, m := range top.got {
		if _, ok := m.(Renewed); ok {
			t.Fatal("Renewed reached the page: the app should act on it")
		}
	}
	// The retry fails the same way at once: the toast says so, the step is not offered in a loop.
	a.Update(ErrorMsg{Err: errExpired})
	if len(*opened) != 1 {
		t.Fatal("the step was offered again right after the retry it led to")
	}
	clock.now = clock.now.Add(2 * remedyQuiet)
	a.Update(ErrorMsg{Err: errExpired})
	if len(*opened) != 2 {
		t.Fatal("a later expiry was not offered")
	}
	a.Update(CloseMsg{Dialog: (*opened)[1]}) // esc: declined
	a.Update(PopMsg{})
	if len(under.reloads) != 1 {
		t.Fatalf("the page under reloaded %d times when shown, want 1", len(under.reloads))
	}
}

// A dismissed offer is not made again in the session (the login key still works); a session
// switch forgets it.
func TestDeclinedRemedyIsNotOfferedAgain(t *testing.T) {
	p := newFakePage("buckets")
	a, opened, _ := remedyApp(t, p)
	a.Update(ErrorMsg{Err: errExpired})
	a.Update(CloseMsg{Dialog: (*opened)[0]})
	a.Update(ErrorMsg{Err: errExpired})
	if len(*opened) != 1 || len(p.reloads) != 0 {
		t.Fatalf("offered %d times, reloaded %d times after esc", len(*opened), len(p.reloads))
	}
	a.Update(SwitchSessionMsg{Region: "us-east-1"})
	a.Update(SwitchSessionMsg{Region: "eu-west-1"})
	a.Update(ErrorMsg{Err: errExpired})
	if len(*opened) != 2 {
		t.Fatal("after a session switch the step was not offered")
	}
}

// Errors without an offer open nothing; the login key in hints is the effective one.
func TestRemedyHintUsesTheEffectiveLoginKey(t *testing.T) {
	a, opened, _ := remedyApp(t, newFakePage("buckets"))
	a.Update(ErrorMsg{Err: errors.New("NoSuchBucket")})
	if len(*opened) != 0 {
		t.Fatal("an error without an offer opened a dialog")
	}
	a.opts.Keys.Global.Login = key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "login"))
	a.opts.Remedy = nil
	a.Update(ErrorMsg{Err: errExpired})
	if screen := ansi.Strip(a.Render()); !strings.Contains(screen, "log in again (ctrl+l)") {
		t.Errorf("the toast should name the remapped key:\n%s", screen)
	}
}

// actionPage runs one action whose outcome the test sets; a failure is answered, like the
// views do, with the error in a batch (and here a sequence) next to other commands.
type actionPage struct {
	*fakePage
	fail  bool
	calls int
	done  int
}

type actedMsg struct{ err error }

func (p *actionPage) act() tea.Cmd {
	return p.tasks.Run(func(context.Context) tea.Msg {
		p.calls++ // commands run on the test's goroutine here
		if p.fail {
			return actedMsg{err: errExpired}
		}
		return actedMsg{}
	})
}

func (p *actionPage) Update(msg tea.Msg) tea.Cmd {
	inner, ok := p.tasks.Accept(msg)
	if !ok {
		return p.fakePage.Update(msg)
	}
	if m, ok := inner.(actedMsg); ok {
		if m.err != nil {
			return tea.Batch(Toast(textsafe.Sprintf("failed")), tea.Sequence(func() tea.Msg { return nil }, Error(m.err)))
		}
		p.done++
	}
	return nil
}

// drive runs cmd and what its batches and sequences hold, feeding the app every message.
func drive(a *App, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	v := reflect.ValueOf(msg)
	if msg != nil && v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		for i := range v.Len() {
			c, _ := v.Index(i).Interface().(tea.Cmd)
			drive(a, c)
		}
		return
	}
	if _, tick := msg.(spinner.TickMsg); tick || msg == nil {
		return
	}
	_, next := a.Update(msg)
	drive(a, next)
}

// An action that fails for expired credentials runs again — the action itself, once — after the
// step renewed them; the page is not reloaded instead. A declined step retries nothing.
func TestRemedyRunsTheFailedActionAgain(t *testing.T) {
	p := &actionPage{fakePage: newFakePage("instances"), fail: true}
	a, opened, _ := remedyApp(t, p.fakePage)
	a.stack[0].page = p
	drive(a, p.act())
	if len(*opened) != 1 || p.calls != 1 {
		t.Fatalf("offered %d, calls %d", len(*opened), p.calls)
	}
	p.fail = false
	_, cmd := a.Update(CloseMsg{Dialog: (*opened)[0], Result: Renewed{}})
	drive(a, cmd)
	if p.calls != 2 || p.done != 1 || len(p.reloads) != 0 {
		t.Fatalf("after the step: calls %d (want 2), done %d (want 1), reloads %d (want 0)", p.calls, p.done, len(p.reloads))
	}
	_, cmd = a.Update(CloseMsg{Dialog: newFakeDialog(), Result: Renewed{}}) // a later login: nothing left to retry
	drive(a, cmd)
	if p.calls != 2 {
		t.Fatalf("the action ran %d times, want 2 (once again, not on every renewal)", p.calls)
	}

	// Declined: the failure stays failed, even when the login key later renews.
	p.fail = true
	a.remedy.retriedAt = time.Time{}
	drive(a, p.act())
	if len(*opened) != 2 {
		t.Fatalf("offered %d times", len(*opened))
	}
	a.Update(CloseMsg{Dialog: (*opened)[1]})
	p.fail = false
	_, cmd = a.Update(CloseMsg{Dialog: newFakeDialog(), Result: Renewed{}})
	drive(a, cmd)
	if p.calls != 3 {
		t.Fatalf("a declined step's failure ran again: %d calls, want 3", p.calls)
	}
}
