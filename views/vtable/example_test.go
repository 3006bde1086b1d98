package vtable_test

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// A page owns a table, appends pages of rows as they arrive, and hands the Cmds of SetFilter
// and SetSort to Bubble Tea; their results come back through Update (route them with Owns).
func Example() {
	table := vtable.New([]vtable.Column{
		{Title: "NAME", Flex: true},
		{Title: "SIZE", Right: true, Keyed: true}, // sorts by bytes, not by text
	}, keymap.Default().Table, vtable.Styles{CursorMark: "> "})
	table.SetSize(24, 4)
	table.AppendKeyed(
		[][]string{{"b.txt", "2 KB"}, {"a.txt", "900 B"}, {"c.txt", "1 MB"}, {"notes.md", "12 KB"}},
		[][]int64{nil, {2_000, 900, 1_000_000, 12_000}},
	)

	// Bubble Tea would run these Cmds on its own goroutines; here they run inline. The cursor
	// stays on its row (b.txt) through the sort and the filter, then moves down.
	table.Update(table.SetSort(1, true)())
	table.Update(table.SetFilter(".TXT")())
	table.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})

	for _, line := range strings.Split(ansi.Strip(table.View()), "\n") {
		fmt.Println(strings.TrimRight(line, " "))
	}
	fmt.Printf("%d matches, cursor on %q\n", table.MatchCount(), table.Row(table.Cursor()))
	// Output:
	//   NAME            SIZE ↓
	//   c.txt             1 MB
	//   b.txt             2 KB
	// > a.txt            900 B
	// 3 matches, cursor on ["a.txt" "900 B"]
}
