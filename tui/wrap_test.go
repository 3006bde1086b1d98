package tui

import (
	"context"
	"os/exec"
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"
)

type pageOwnMsg struct{ n int }

// Bubble Tea's own messages must reach the program: wrapped in a Result, tea.ExecProcess never
// started $EDITOR (ctrl+e in an operation form) and tea.SetClipboard copied nothing (y/Y on every
// document page).
func TestWrapLetsBubbleTeasOwnMessagesThrough(t *testing.T) {
	tasks := NewTasks(context.Background())
	for name, cmd := range map[string]tea.Cmd{
		"exec":      tea.ExecProcess(exec.Command("true"), nil),
		"clipboard": tea.SetClipboard("arn:aws:s3:::b"),
		"quit":      tea.Quit,
	} {
		msg := tasks.Wrap(cmd)()
		if _, wrapped := msg.(Result); wrapped {
			t.Errorf("%s: Bubble Tea's message was wrapped for the page: the program never sees it", name)
		}
		if want := cmd(); reflect.TypeOf(msg) != reflect.TypeOf(want) {
			t.Errorf("%s: got %T, want %T", name, msg, want)
		}
	}
}

func TestWrapRoutesThePagesOwnMessages(t *testing.T) {
	tasks := NewTasks(context.Background())
	msg := tasks.Wrap(func() tea.Msg { return pageOwnMsg{1} })()
	if inner, ok := tasks.Accept(msg); !ok || inner.(pageOwnMsg).n != 1 {
		t.Fatalf("the page's message should come back to it, got %#v", msg)
	}
	tasks.Restart()
	if _, ok := tasks.Accept(msg); ok {
		t.Fatal("a message wrapped before a restart must be stale")
	}
}

// A batch (doctree's copy returns the clipboard command and a toast together) is unpacked: each
// command is wrapped on its own, so the clipboard reaches the program and the note the page.
func TestWrapUnpacksBatchesAndSequences(t *testing.T) {
	tasks := NewTasks(context.Background())
	page := func() tea.Msg { return pageOwnMsg{2} }
	for name, cmd := range map[string]tea.Cmd{
		"batch":    tea.Batch(tea.SetClipboard("x"), page),
		"sequence": tea.Sequence(tea.SetClipboard("x"), page),
	} {
		msg := tasks.Wrap(cmd)()
		var cmds []tea.Cmd
		if b, ok := msg.(tea.BatchMsg); ok {
			cmds = b
		} else if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			for i := range v.Len() {
				cmds = append(cmds, v.Index(i).Interface().(tea.Cmd))
			}
		} else {
			t.Fatalf("%s: got %T, want the batch or sequence itself", name, msg)
		}
		if len(cmds) != 2 {
			t.Fatalf("%s: %d commands", name, len(cmds))
		}
		if _, wrapped := cmds[0]().(Result); wrapped {
			t.Errorf("%s: the clipboard command inside was wrapped", name)
		}
		if inner, ok := tasks.Accept(cmds[1]()); !ok || inner.(pageOwnMsg).n != 2 {
			t.Errorf("%s: the page's command inside should still come back to it", name)
		}
	}
	if msg := tasks.Wrap(tea.Sequence(page))(); msg == nil {
		t.Error("a sequence of one command lost its message")
	}
}
