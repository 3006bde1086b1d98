package doctree

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/theme"
)

// press turns a key name into the message the terminal would send.
func press(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// keys sends each key name to the tree and returns the last command.
func keys(tr *Tree, names ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, n := range names {
		cmd = tr.Update(press(n))
	}
	return cmd
}

// ec2Doc is a small describe-instances answer with the awkward bits: a quoted key, a time,
// bytes, a null, a control character.
func ec2Doc() map[string]any {
	return map[string]any{
		"Reservations": []any{
			map[string]any{
				"OwnerId": "123456789012",
				"Instances": []any{
					map[string]any{
						"InstanceId":   "i-0abc123",
						"State":        map[string]any{"Code": int64(16), "Name": "running"},
						"LaunchTime":   time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
						"EbsOptimized": false,
						"CpuCredits":   1.5,
						"Tags": []any{
							map[string]any{"Key": "Name", "Value": "web\x1b[31m-1"},
						},
						"Labels": map[string]any{"aws:cloudformation:stack-name": "prod"},
					},
				},
			},
		},
		"NextToken": nil,
		"UserData":  []byte("#!/bin/sh\necho hi\n"),
	}
}

func newTree(doc any, w, h int) *Tree {
	tr := New(doc, keymap.Default(), StylesFrom(theme.Default(false)))
	tr.SetSize(w, h)
	return tr
}

// textOf joins text-mode lines back into the document's text, unstyled.
func textOf(lines []textLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.prefix)
		if l.key != "" {
			b.WriteString(l.key)
			b.WriteString(":")
			if l.value != "" {
				b.WriteString(" ")
			}
		}
		b.WriteString(l.value)
		b.WriteString(l.suffix)
		b.WriteByte('\n')
	}
	return b.String()
}
