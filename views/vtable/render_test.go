package vtable

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

func s3Columns() []Column {
	return []Column{
		{Title: "NAME", Flex: true},
		{Title: "SIZE", Right: true, MaxWidth: 9, Keyed: true},
		{Title: "STORAGE", MaxWidth: 12},
	}
}

func s3Table(width, height int) *Table {
	tb := New(s3Columns(), keymap.Default().Table, DefaultStyles())
	tb.SetSize(width, height)
	tb.AppendKeyed([][]string{
		{"raw/", "–", "–"},
		{"img-00001.jpg", "2.1 MB", "STANDARD"},
		{"notes.txt", "12 KB", "GLACIER"},
		{"日本語のファイル名.txt", "980 B", "STANDARD_IA"},
		{"📁 emoji-folder/", "–", "–"},
	}, [][]int64{nil, {-1, 2_100_000, 12_000, 980, -1}})
	return tb
}

func TestViewGolden(t *testing.T) {
	tb := s3Table(50, 8)
	tb.MoveDown(1)
	tb.ToggleSelected(2)
	tuitest.Golden(t, "s3_50x8.golden", ansi.Strip(tb.View()))

	run(t, tb, tb.SetSort(1, true))
	tuitest.Golden(t, "s3_50x8_size_desc.golden", ansi.Strip(tb.View()))

	tb.SetSize(30, 4)
	tuitest.Golden(t, "s3_30x4_size_desc.golden", ansi.Strip(tb.View()))
}

func TestViewNarrowHidesColumnsFromTheRight(t *testing.T) {
	tb := s3Table(22, 3)
	tuitest.Golden(t, "s3_22x3.golden", ansi.Strip(tb.View()))
	header := strings.SplitN(ansi.Strip(tb.View()), "\n", 2)[0]
	if strings.Contains(header, "STORAGE") {
		t.Fatalf("STORAGE should be hidden at width 22: %q", header)
	}
}

func TestViewStylesOnlyCursorAndHeader(t *testing.T) {
	tb := s3Table(50, 8)
	tb.MoveDown(2)
	lines := strings.Split(tb.View(), "\n")
	for i, l := range lines {
		styled := l != ansi.Strip(l)
		if want := i == 0 || i == 3; styled != want {
			t.Errorf("line %d styled=%v: %q", i, styled, l)
		}
	}
	if !strings.HasPrefix(ansi.Strip(lines[3]), "▸ notes.txt") {
		t.Fatalf("cursor line %q", ansi.Strip(lines[3]))
	}
}

func TestViewExactSizeWithWideUnicode(t *testing.T) {
	for w := 0; w <= 70; w++ {
		for h := 0; h <= 9; h++ {
			tb := s3Table(w, h)
			tb.GotoBottom()
			out := tb.View()
			if h == 0 {
				if out != "" {
					t.Fatalf("%dx%d: want no output, got %q", w, h, out)
				}
				continue
			}
			lines := strings.Split(out, "\n")
			if len(lines) != h {
				t.Fatalf("%dx%d: %d lines", w, h, len(lines))
			}
			for i, l := range lines {
				if got := ansi.StringWidth(l); got != w {
					t.Fatalf("%dx%d line %d is %d wide: %q", w, h, i, got, ansi.Strip(l))
				}
			}
		}
	}
}

func TestViewTruncatesWideCellsWithEllipsis(t *testing.T) {
	tb := New([]Column{{Title: "NAME", MaxWidth: 10}, {Title: "X"}}, keymap.Default().Table, Styles{})
	tb.SetSize(20, 3)
	tb.Append([][]string{{"日本語のファイル名", "x"}, {"abcdefghijklmnop", "y"}})
	lines := strings.Split(ansi.Strip(tb.View()), "\n")
	want := []string{
		"NAME        X       ",
		// 4 wide characters (8 cells) + "…" is 9 cells; one space pads it to the width of 10.
		"日本語の…   x       ",
		"abcdefghi…  y       ",
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d\n got %q\nwant %q", i, lines[i], want[i])
		}
	}
}

func TestViewEmptyAndNoMatches(t *testing.T) {
	tb := New(s3Columns(), keymap.Default().Table, DefaultStyles())
	tb.SetSize(30, 4)
	tb.SetEmptyMessage("loading…")
	lines := strings.Split(ansi.Strip(tb.View()), "\n")
	if len(lines) != 4 || strings.TrimRight(lines[1], " ") != "loading…" {
		t.Fatalf("empty view %q", lines)
	}
	tb = s3Table(30, 4)
	run(t, tb, tb.SetFilter("zzz"))
	lines = strings.Split(ansi.Strip(tb.View()), "\n")
	if strings.TrimRight(lines[1], " ") != "no matches" {
		t.Fatalf("no-match view %q", lines)
	}
}

func TestViewSortArrowInHeader(t *testing.T) {
	tb := s3Table(60, 3)
	cmd := tb.SetSort(0, false)
	if h := ansi.Strip(strings.SplitN(tb.View(), "\n", 2)[0]); strings.Contains(h, "↑") {
		t.Fatalf("arrow shown before the sort applied: %q", h)
	}
	run(t, tb, cmd)
	if h := ansi.Strip(strings.SplitN(tb.View(), "\n", 2)[0]); !strings.Contains(h, "NAME ↑") {
		t.Fatalf("header %q", h)
	}
	tb.SetSort(0, true)
	if h := ansi.Strip(strings.SplitN(tb.View(), "\n", 2)[0]); !strings.Contains(h, "NAME ↓") {
		t.Fatalf("header %q", h)
	}
}

func TestLayoutFlexTakesSpareRoom(t *testing.T) {
	tb := s3Table(80, 3)
	lay := tb.computeLayout()
	total := lay.gutter
	for c, w := range lay.widths {
		total += w
		if c > 0 {
			total += columnGap
		}
	}
	if total != 80 {
		t.Fatalf("columns use %d of 80 cells: %v", total, lay.widths)
	}
	if lay.widths[1] != 6 || lay.widths[2] != 11 {
		t.Fatalf("fixed columns should keep their content width: %v", lay.widths)
	}
}
