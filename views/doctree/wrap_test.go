package doctree

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// consoleDoc is what GetConsoleOutput looks like once decoded: one string far wider than the
// screen, and a short value after it.
func consoleDoc() map[string]any {
	var out strings.Builder
	for i := range 12 {
		out.WriteString("[    0.00000" + string(rune('0'+i%10)) + "] Linux version 6.1 booting line ")
	}
	return map[string]any{"InstanceId": "i-0abc123", "Output": out.String(), "Timestamp": "2026-12-04T13:00:00Z"}
}

// Long strings used to be cut with "…" in every mode (issue 8 #7), so console output could not
// be read. w wraps them: each line shows whole over as many rows as it needs.
func TestWrapShowsLongLinesWhole(t *testing.T) {
	doc := consoleDoc()
	whole := doc["Output"].(string)
	for _, mode := range []string{"tree", "json", "yaml"} {
		tr := newTree(doc, 40, 60)
		for range map[string]int{"tree": 0, "json": 1, "yaml": 2}[mode] {
			keys(tr, "t")
		}
		cut := ansi.Strip(tr.View())
		if !strings.Contains(cut, "…") {
			t.Fatalf("%s: without wrap the long line should be cut:\n%s", mode, cut)
		}
		keys(tr, "w")
		view := ansi.Strip(tr.View())
		var joined strings.Builder
		for _, row := range strings.Split(view, "\n") {
			if w := ansi.StringWidth(row); w > 40 {
				t.Errorf("%s: row wider than the screen (%d): %q", mode, w, row)
			}
			joined.WriteString(strings.TrimSpace(row))
		}
		if strings.Contains(view, "…") || !strings.Contains(strings.ReplaceAll(joined.String(), " ", ""), strings.ReplaceAll(whole, " ", "")) {
			t.Errorf("%s: wrapped view does not hold the whole string:\n%s", mode, view)
		}
		if !strings.Contains(view, "Timestamp") {
			t.Errorf("%s: the line after the long one is missing:\n%s", mode, view)
		}
	}
}

func TestWrapGolden(t *testing.T) {
	tr := newTree(consoleDoc(), 40, 12)
	keys(tr, "w")
	tuitest.Golden(t, "wrap_tree_40x12.golden", ansi.Strip(tr.View()))
	keys(tr, "t", "t")
	tuitest.Golden(t, "wrap_yaml_40x12.golden", ansi.Strip(tr.View()))
}

// A line taller than the screen is read a row at a time with j, then j goes on to the next
// line; k scrolls back up through it.
func TestWrapScrollsThroughATallLine(t *testing.T) {
	tr := newTree(consoleDoc(), 30, 5)
	keys(tr, "w", "j") // cursor on Output, which takes far more than 5 rows
	if got := tr.CursorPath(); got != "Output" {
		t.Fatalf("cursor on %q, want Output", got)
	}
	first := ansi.Strip(tr.View())
	keys(tr, "j")
	if tr.CursorPath() != "Output" {
		t.Fatalf("j left the tall line before showing its end")
	}
	second := ansi.Strip(tr.View())
	if first == second || strings.Split(second, "\n")[0] != strings.Split(first, "\n")[1] {
		t.Errorf("j should scroll the tall line by one row:\n%s\n---\n%s", first, second)
	}
	for range 100 {
		keys(tr, "j")
	}
	if got := tr.CursorPath(); got != "Timestamp" {
		t.Errorf("after scrolling through, the cursor is on %q, want Timestamp", got)
	}
	if v := ansi.Strip(tr.View()); !strings.Contains(v, "Timestamp") || !strings.Contains(v, "booting line") {
		t.Errorf("the end of the tall line and the next line should both show:\n%s", v)
	}
	keys(tr, "k", "k")
	if got := tr.CursorPath(); got != "Output" {
		t.Errorf("k: cursor on %q, want Output", got)
	}
	keys(tr, "w") // back to cut lines: the same line, one row each
	if v := ansi.Strip(tr.View()); strings.Count(v, "\n") != 4 || !strings.Contains(v, "…") {
		t.Errorf("unwrapped view:\n%s", v)
	}
}

// Wrapped, a string's newlines end rows, so console output reads as its lines; a backslash
// followed by n in the text itself does not.
func TestWrapBreaksAtNewlines(t *testing.T) {
	doc := map[string]any{"Output": "Booting Linux\nMounting /\nC:\\new folder\nlogin:"}
	for _, mode := range []int{0, 1, 2} {
		tr := newTree(doc, 60, 8)
		for range mode {
			keys(tr, "t")
		}
		keys(tr, "w")
		rows := strings.Split(ansi.Strip(tr.View()), "\n")
		var got []string
		for _, r := range rows {
			if r = strings.TrimSpace(r); r != "" {
				got = append(got, r)
			}
		}
		text := strings.Join(got, "|")
		if !strings.Contains(text, `Booting Linux\n|Mounting /\n|C:\\new folder\n|login:`) {
			t.Errorf("mode %d: rows %q", mode, got)
		}
	}
}

// TestClickLinePutsTheCursorThere: a click on a row of a tree (or its JSON/YAML) did not move the
// cursor, though the wheel scrolled; in a wrapped view a row of a long line is that line.
func TestClickLinePutsTheCursorThere(t *testing.T) {
	tr := newTree(consoleDoc(), 40, 30)
	if !tr.ClickLine(1) || tr.Cursor() != 1 || tr.CursorPath() != "Output" {
		t.Fatalf("click on row 1: cursor %d at %q", tr.Cursor(), tr.CursorPath())
	}
	if tr.ClickLine(3) || tr.CursorPath() != "Output" {
		t.Fatalf("a click below the last line should find nothing, cursor now at %q", tr.CursorPath())
	}
	keys(tr, "w") // Output now takes several rows: the row after them is Timestamp
	rows := tr.rowCount(&tr.cur, 1)
	if rows < 3 || 1+rows >= 30 {
		t.Fatalf("the long line should wrap on screen, it takes %d rows", rows)
	}
	if !tr.ClickLine(1+rows) || tr.CursorPath() != "Timestamp" {
		t.Fatalf("wrapped, click on row %d: cursor at %q", 1+rows, tr.CursorPath())
	}
	if !tr.ClickLine(3) || tr.CursorPath() != "Output" {
		t.Fatalf("wrapped, a click inside the long line: cursor at %q", tr.CursorPath())
	}
	keys(tr, "w", "t") // unwrapped JSON: "{" first
	if !tr.ClickLine(0) || tr.Cursor() != 0 {
		t.Fatalf("json: click on row 0, cursor %d", tr.Cursor())
	}
}
