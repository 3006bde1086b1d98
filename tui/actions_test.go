package tui

import (
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

func TestActionsDispatchAndHelpComeFromOneTable(t *testing.T) {
	var ran []string
	on := true
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	as := Actions{
		{Binding: b("d", "describe"), Footer: true, Run: func() tea.Cmd { ran = append(ran, "d"); return nil }},
		{Binding: b("x", "cancel"), Footer: true, Enabled: func() bool { return on }, Run: func() tea.Cmd { ran = append(ran, "x"); return nil }},
		{Binding: b("j", "down")}, // the table's: shown, not run here
		{Binding: b("d", "describe")},
	}
	if _, ok := as.Handle(tuitest.KeyPress("j")); ok {
		t.Error("a documented key must fall through to the component")
	}
	as.Handle(tuitest.KeyPress("d"))
	as.Handle(tuitest.KeyPress("x"))
	on = false
	if _, ok := as.Handle(tuitest.KeyPress("x")); ok {
		t.Error("a disabled action must not run")
	}
	if len(ran) != 2 || ran[0] != "d" || ran[1] != "x" {
		t.Errorf("ran %v", ran)
	}
	if got := as.ShortHelp(); len(got) != 1 || got[0].Help().Desc != "describe" {
		t.Errorf("the footer shows the enabled footer actions: %v", got)
	}
	full := as.FullHelp()
	if n := len(full[0]) + len(full[1]); n != 2 {
		t.Errorf("the help lists each enabled key once, got %d: %v", n, full)
	}
}

func TestJoinAndRenameKeepTheUsersKeys(t *testing.T) {
	left := key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "prev"))
	right := key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next"))
	j := Join("value", left, right)
	if j.Help().Key != "←/h/→" || !key.Matches(tuitest.KeyPress("h"), j) {
		t.Errorf("join: %q %v", j.Help().Key, j.Keys())
	}
	r := Rename(left, "back")
	if r.Help().Key != "←/h" || r.Help().Desc != "back" || left.Help().Desc != "prev" {
		t.Errorf("rename: %+v, original %+v", r.Help(), left.Help())
	}
}
