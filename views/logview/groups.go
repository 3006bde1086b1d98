package logview

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/picker"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// maxPickGroups bounds the groups the picker lists (DescribeLogGroups pages of 50).
const maxPickGroups = 5000

// groupsMsg carries the log groups listed for the picker.
type groupsMsg struct {
	choices []picker.Choice
	more    bool // there were more than maxPickGroups
	err     error
}

// listGroups lists the session's log groups for a picker.
func listGroups(ctx context.Context, inv Invokers, s tui.Session) groupsMsg {
	logs, _, err := inv.Invoker(ctx, s, "logs")
	if err != nil {
		return groupsMsg{err: err}
	}
	var out groupsMsg
	in := map[string]any{}
	for {
		page, err := logs.Call(ctx, "DescribeLogGroups", in)
		if err != nil {
			return groupsMsg{choices: out.choices, err: err}
		}
		items, _ := page["logGroups"].([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			name := str(m["logGroupName"])
			stored := "–"
			if n, ok := m["storedBytes"].(int64); ok {
				stored = format.Bytes(n)
			}
			out.choices = append(out.choices, picker.Choice{Value: name, Cells: []string{textsafe.Clean(name), stored}})
		}
		tok := str(page["nextToken"])
		if tok == "" {
			return out
		}
		if len(out.choices) >= maxPickGroups {
			out.more = true
			return out
		}
		in = map[string]any{"nextToken": tok}
	}
}

// groupPicker chooses up to MaxGroups log groups; pick gets them.
func groupPicker(env tui.Env, title string, m groupsMsg, pick func([]string) tea.Cmd) tui.Dialog {
	cols := []vtable.Column{{Title: "LOG GROUP", MinWidth: 20, Flex: true}, {Title: "STORED", MinWidth: 8, MaxWidth: 10}}
	if m.more {
		title = fmt.Sprintf("%s (the first %s)", title, format.Count(len(m.choices)))
	}
	return picker.New(env, title, "log groups", cols, m.choices, "", nil).Many(pick, 10)
}
