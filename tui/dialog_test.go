package tui

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
)

// fakeDialog records what reaches it; y closes it with a result for its page.
type fakeDialog struct {
	tasks   *Tasks
	got     []tea.Msg
	results []string
	w, h    int
}

type answerMsg struct{ text string }

func newFakeDialog() *fakeDialog { return &fakeDialog{tasks: NewTasks(context.Background())} }

func (d *fakeDialog) Title() string     { return "Delete bucket b?" }
func (d *fakeDialog) Init() tea.Cmd     { return nil }
func (d *fakeDialog) Tasks() *Tasks     { return d.tasks }
func (d *fakeDialog) SetSize(w, h int)  { d.w, d.h = w, h }
func (d *fakeDialog) View() string      { return "  • b\n\ny confirm · esc cancel" }
func (d *fakeDialog) Keys() help.KeyMap { return inputKeys(keymap.Default().Input) }

type inputKeys keymap.Input

func (k inputKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Submit, k.Cancel} }
func (k inputKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
func (d *fakeDialog) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := d.tasks.Accept(msg); ok {
		d.results = append(d.results, inner.(loadedMsg).text)
		return nil
	}
	d.got = append(d.got, msg)
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "y" {
		return Close(d, answerMsg{"yes"})
	}
	return nil
}

// openOver opens d over the top page as the app would, returning the app's command.
func openOver(a *App, d Dialog) tea.Cmd {
	_, cmd := a.Update(OpenMsg{Dialog: d})
	return cmd
}

func TestDialogDrawsOverThePageAndKeepsTheBreadcrumbs(t *testing.T) {
	p := newFakePage("buckets")
	a := newTestApp(t, p)
	a.Update(tea.WindowSizeMsg{Width: 60, Height: 12})
	openOver(a, newFakeDialog())
	screen := ansi.Strip(a.Render())
	lines := strings.Split(screen, "\n")
	if len(lines) != 12 {
		t.Fatalf("got %d lines, want 12:\n%s", len(lines), screen)
	}
	if strings.TrimSpace(lines[1]) != "buckets" || !strings.HasPrefix(lines[2], "body of buckets") {
		t.Errorf("the breadcrumbs and the page should stay as they were:\n%s", screen)
	}
	if !strings.Contains(screen, "│ Delete bucket b?") || !strings.Contains(screen, "│   • b") {
		t.Errorf("the dialog should be drawn in its frame:\n%s", screen)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	if !strings.Contains(lines[len(lines)-1], "enter apply") || strings.Contains(lines[len(lines)-1], "quit") {
		t.Errorf("the footer should show the dialog's keys only: %q", lines[len(lines)-1])
	}
}

func TestDialogGetsKeysFirst(t *testing.T) {
	p := newFakePage("buckets")
	a := newTestApp(t, p)
	d := newFakeDialog()
	openOver(a, d)
	for _, k := range []string{"q", ":", "/", "?", "esc", "x"} {
		if _, cmd := a.Update(keyPress(k)); isQuit(cmd) {
			t.Fatalf("%s reached the app under a dialog", k)
		}
	}
	if len(d.got) != 6 || len(p.got) != 0 || a.bar.active() || a.help != nil || a.Depth() != 1 {
		t.Fatalf("the dialog got %d keys, the page %d (bar %v, help %v, depth %d): every key goes to the dialog",
			len(d.got), len(p.got), a.bar.active(), a.help != nil, a.Depth())
	}
	if _, cmd := a.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}); !isQuit(cmd) {
		t.Fatal("ctrl+c should still quit")
	}
}

func TestDialogResultReachesItsPageWhereverItIs(t *testing.T) {
	bottom := newFakePage("bottom")
	a := newTestApp(t, bottom)
	d := newFakeDialog()
	openOver(a, d)
	_, cmd := a.Update(keyPress("y"))
	closeMsg := cmd()
	// A page pushed before the close arrives covers the dialog's page: the answer still goes there.
	top := newFakePage("top")
	a.Update(PushMsg{Page: top})
	a.Update(closeMsg)
	if len(bottom.got) != 1 || bottom.got[0] != (answerMsg{"yes"}) || len(top.got) != 0 {
		t.Fatalf("bottom got %v, top got %v: the answer must reach the page that opened the dialog", bottom.got, top.got)
	}
	a.Update(keyPress("esc"))
	if a.dialog() != nil {
		t.Fatal("the dialog should be closed")
	}
	if d.tasks.Context().Err() == nil {
		t.Error("closing a dialog must end its tasks")
	}
}

func TestDialogTasksAndMessagesReachTheDialog(t *testing.T) {
	p := newFakePage("page")
	a := newTestApp(t, p)
	d := newFakeDialog()
	openOver(a, d)
	run := d.tasks.Run(func(context.Context) tea.Msg { return loadedMsg{"codes"} })
	a.Update(run())
	type blink struct{}
	a.Update(blink{}) // a widget's message, as a text input's cursor sends
	if len(d.results) != 1 || len(d.got) != 1 || len(p.got) != 0 {
		t.Fatalf("dialog results %v, messages %v; page got %v", d.results, d.got, p.got)
	}
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	if w, h := a.dialogSize(); d.w != w || d.h != h {
		t.Errorf("the dialog was sized %dx%d, want %dx%d", d.w, d.h, w, h)
	}
}

func TestClosingAPageClosesItsDialogs(t *testing.T) {
	bottom := newFakePage("bottom")
	a := newTestApp(t, bottom)
	top := newFakePage("top")
	a.Update(PushMsg{Page: top})
	d := newFakeDialog()
	openOver(a, d)
	a.Update(ReplaceMsg{Page: newFakePage("elsewhere")})
	if d.tasks.Context().Err() == nil {
		t.Fatal("a dialog whose page left the stack must end its tasks")
	}
	if a.dialog() != nil {
		t.Fatal("the new page should have no dialog")
	}
}

// An answer about rows listed under the old session must not act in the new one: the page's
// tasks restarted while the dialog was open, so the answer is stale and dropped.
func TestDialogAnswerAfterASessionSwitchIsDropped(t *testing.T) {
	p := newFakePage("instances")
	a := newTestApp(t, p)
	d := newFakeDialog()
	openOver(a, d)
	a.Update(SwitchSessionMsg{Region: "us-west-2"})
	_, cmd := a.Update(keyPress("y"))
	a.Update(cmd())
	if len(p.got) != 0 {
		t.Fatalf("the page acted on an answer given about the old session's rows: %v", p.got)
	}
	if a.dialog() != nil {
		t.Fatal("the dialog should be closed")
	}
}

// A type that embeds a dialog (a picker with checks of its own) closes with the embedded one's
// Close: the dialog is known by its tasks.
func TestEmbeddedDialogCloses(t *testing.T) {
	a := newTestApp(t, newFakePage("page"))
	inner := newFakeDialog()
	openOver(a, &wrapped{inner})
	_, cmd := a.Update(keyPress("y"))
	a.Update(cmd())
	if a.dialog() != nil {
		t.Fatal("the wrapper should have closed by the embedded dialog's Close")
	}
}

type wrapped struct{ *fakeDialog }

// A dialog's footer wider than the window was cut in the middle of a key ("esc canc…"): the
// keys that do not fit are left out whole, and "…" says so.
func TestDialogFooterKeepsKeysWhole(t *testing.T) {
	a := newTestApp(t, newFakePage("buckets"))
	a.Update(tea.WindowSizeMsg{Width: 20, Height: 12})
	openOver(a, newFakeDialog())
	lines := strings.Split(ansi.Strip(a.Render()), "\n")
	if footer := strings.TrimRight(lines[len(lines)-1], " "); footer != "enter apply · …" {
		t.Errorf("footer %q, want the keys that fit, whole", footer)
	}
}

// A key typed right after the one that closes a dialog (esc then K, in one burst) reached the
// dialog, which was still open until its close came back, and was lost: it now waits and goes
// to the page, after the dialog's answer.
func TestKeysTypedWhileADialogClosesGoToThePage(t *testing.T) {
	p := newFakePage("buckets")
	a := newTestApp(t, p)
	d := newFakeDialog()
	openOver(a, d)
	_, closing := a.Update(keyPress("y"))
	a.Update(keyPress("x"))
	a.Update(keyPress("z"))
	if len(d.got) != 1 {
		t.Fatalf("the closing dialog got %v", d.got)
	}
	var after []tea.Msg
	for _, m := range drain(closing) {
		_, cmd := a.Update(m)
		after = append(after, drain(cmd)...)
	}
	for _, m := range after {
		a.Update(m)
	}
	var keys []string
	var answer int
	for i, m := range p.got {
		switch m := m.(type) {
		case tea.KeyPressMsg:
			keys = append(keys, m.String())
		case answerMsg:
			answer = i
		}
	}
	if strings.Join(keys, "") != "xz" || answer != 0 {
		t.Errorf("the page got %v, want the answer then x and z", p.got)
	}
}

// drain runs cmd, and what it batches or sequences, in order.
func drain(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch m := msg.(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, drain(c)...)
		}
		return out
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, drain(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}
