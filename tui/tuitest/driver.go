// Package tuitest drives a Bubble Tea model in tests the way tea.Program does, without a terminal:
// commands run in goroutines, their messages come back to one loop that owns the model, and the
// test waits until the rendered screen shows what it expects.
package tuitest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// Renderer is a model that can draw its whole screen as a string (tui.App does).
type Renderer interface {
	tea.Model
	Render() string
}

// Driver owns the model: only the test goroutine calls Update, as only tea.Program's loop would.
type Driver struct {
	t     testing.TB
	model Renderer
	msgs  chan tea.Msg
	quit  bool
	// clipboard is what the model last copied with tea.SetClipboard (OSC 52 in a terminal).
	clipboard string
}

// Clipboard is the text the model last copied with tea.SetClipboard.
func (d *Driver) Clipboard() string { return d.clipboard }

// isClipboard reports Bubble Tea's SetClipboard message, whose type it does not export.
func isClipboard(msg tea.Msg) (string, bool) {
	t := reflect.TypeOf(msg)
	if t.Kind() != reflect.String || t.Name() != "setClipboardMsg" || t.PkgPath() != reflect.TypeOf(tea.KeyPressMsg{}).PkgPath() {
		return "", false
	}
	return reflect.ValueOf(msg).String(), true
}

// New starts m at width×height and runs its Init.
func New(t testing.TB, m Renderer, width, height int) *Driver {
	d := &Driver{t: t, model: m, msgs: make(chan tea.Msg, 1024)}
	d.run(m.Init())
	d.Send(tea.WindowSizeMsg{Width: width, Height: height})
	if v, ok := m.(interface{ View() tea.View }); ok {
		v.View() // Bubble Tea's first frame: the app starts what waits for it (identity, late commands)
	}
	return d
}

// run executes cmd in the background; its message comes back through the loop.
func (d *Driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() { d.msgs <- cmd() }()
}

// Send applies msg now and starts the command it returns.
func (d *Driver) Send(msg tea.Msg) {
	if msg == nil {
		return
	}
	switch m := msg.(type) {
	case tea.BatchMsg:
		for _, c := range m {
			d.run(c)
		}
		return
	case tea.QuitMsg:
		d.quit = true
		return
	}
	if text, ok := isClipboard(msg); ok { // the program's to handle, not the model's
		d.clipboard = text
		return
	}
	if cmds, ok := Sequence(msg); ok {
		go func() {
			for _, c := range cmds {
				if c != nil {
					d.msgs <- c()
				}
			}
		}()
		return
	}
	next, cmd := d.model.Update(msg)
	d.model = next.(Renderer)
	d.run(cmd)
}

// Sequence unpacks tea.Sequence's message, whose type Bubble Tea does not export.
func Sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// Key presses one key: a printable character, or a name such as "enter", "esc", "down", "ctrl+r".
func (d *Driver) Key(name string) { d.Send(KeyPress(name)) }

// Type presses the keys of each character of s.
func (d *Driver) Type(s string) {
	for _, r := range s {
		d.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// Screen is the rendered screen without colours or styles.
func (d *Driver) Screen() string { return ansi.Strip(d.model.Render()) }

// Quit reports whether the model asked to quit.
func (d *Driver) Quit() bool { return d.quit }

// WaitFor applies messages as they arrive until the screen satisfies ok, failing the test with the
// last screen after timeout.
func (d *Driver) WaitFor(what string, timeout time.Duration, ok func(screen string) bool) {
	d.t.Helper()
	deadline := time.After(timeout)
	for {
		if ok(d.Screen()) {
			return
		}
		select {
		case msg := <-d.msgs:
			d.Send(msg)
		case <-deadline:
			d.t.Fatalf("waited %s for %s; the screen is:\n%s", timeout, what, d.Screen())
		}
	}
}

// WaitForText waits until the screen contains every one of texts.
func (d *Driver) WaitForText(timeout time.Duration, texts ...string) {
	d.t.Helper()
	d.WaitFor(strings.Join(texts, ", "), timeout, func(s string) bool {
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

// Await applies messages as they arrive until ch yields a value (an event outside the model,
// such as a request reaching a test server), failing the test after timeout.
func (d *Driver) Await(what string, timeout time.Duration, ch <-chan struct{}) {
	d.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case <-ch:
			return
		case msg := <-d.msgs:
			d.Send(msg)
		case <-deadline:
			d.t.Fatalf("waited %s for %s; the screen is:\n%s", timeout, what, d.Screen())
		}
	}
}

// Pump applies the messages that arrive within d, for states that show no text to wait for.
func (d *Driver) Pump(dur time.Duration) {
	deadline := time.After(dur)
	for {
		select {
		case msg := <-d.msgs:
			d.Send(msg)
		case <-deadline:
			return
		}
	}
}

// KeyPress builds the key message Bubble Tea sends for a key name.
func KeyPress(name string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"tab": tea.KeyTab, "backspace": tea.KeyBackspace, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
		"home": tea.KeyHome, "end": tea.KeyEnd, "space": tea.KeySpace,
	}
	if strings.HasPrefix(name, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(name[len(name)-1]), Mod: tea.ModCtrl}
	}
	if r, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// Messages runs cmd and every command it batches or sequences, synchronously, and returns the
// messages: for Update tests of a single page. Do not pass commands that wait (ticks).
func Messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, Messages(c)...)
		}
		return out
	}
	if seq, ok := Sequence(msg); ok {
		var out []tea.Msg
		for _, c := range seq {
			out = append(out, Messages(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}
