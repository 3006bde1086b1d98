package doctree

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// bigDoc is a 10,000-item list of small instances, the size of a long describe or list.
func bigDoc() map[string]any {
	items := make([]any, 10_000)
	for i := range items {
		items[i] = map[string]any{
			"InstanceId":   fmt.Sprintf("i-%017x", i),
			"State":        map[string]any{"Code": int64(16), "Name": "running"},
			"LaunchTime":   time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			"PrivateIp":    fmt.Sprintf("10.0.%d.%d", i/256, i%256),
			"Tags":         []any{map[string]any{"Key": "Name", "Value": fmt.Sprintf("web-%d", i)}},
			"EbsOptimized": i%2 == 0,
		}
	}
	return map[string]any{"Instances": items, "NextToken": "abc"}
}

// bigTree is bigDoc with the list and every instance open: 70,002 lines.
func bigTree(b *testing.B) *Tree {
	tr := newTree(bigDoc(), 120, 40)
	tr.setOpen(0, true)
	for i := 0; i < len(tr.lines); i++ {
		if n := tr.lines[i]; n.depth == 1 {
			tr.setOpen(i, true)
		}
	}
	if len(tr.lines) != 70_002 {
		b.Fatalf("%d lines", len(tr.lines))
	}
	tr.moveTo(&tr.cur, len(tr.lines), len(tr.lines)/2, 0)
	return tr
}

func BenchmarkView(b *testing.B) {
	tr := bigTree(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = tr.View()
	}
}

// BenchmarkKeyDownAndView is one keystroke: move the cursor, draw the screen.
func BenchmarkKeyDownAndView(b *testing.B) {
	tr := bigTree(b)
	down, up := press("j"), press("k")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			tr.Update(down)
		} else {
			tr.Update(up)
		}
		i++
		_ = tr.View()
	}
}

// BenchmarkToggleAndView closes and opens the 10,000-item list: the worst splice.
func BenchmarkToggleAndView(b *testing.B) {
	tr := bigTree(b)
	tr.moveTo(&tr.cur, len(tr.lines), 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		tr.Toggle()
		_ = tr.View()
	}
}

func BenchmarkJSONModeView(b *testing.B) {
	tr := bigTree(b)
	tr.SetMode(ModeJSON)
	down := press("j")
	b.ReportAllocs()
	for b.Loop() {
		tr.Update(down)
		_ = tr.View()
	}
}

func BenchmarkNew(b *testing.B) {
	doc := bigDoc()
	b.ReportAllocs()
	for b.Loop() {
		_ = newTree(doc, 120, 40)
	}
}

func BenchmarkSetFilter(b *testing.B) {
	tr := bigTree(b)
	q := []string{"web-99", "running"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tr.SetFilter(q[i%2])
		i++
	}
}

func BenchmarkYAMLLines(b *testing.B) {
	tr := bigTree(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = yamlLines(tr.root)
	}
}

func BenchmarkJSONLines(b *testing.B) {
	tr := bigTree(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = jsonLines(tr.root)
	}
}

// BenchmarkWrappedConsoleOutput is j through 64 KiB of console output with lines wrapped: the
// tall line is laid out again for each keystroke (only the rows on screen are styled).
func BenchmarkWrappedConsoleOutput(b *testing.B) {
	var out strings.Builder
	for i := 0; out.Len() < 64<<10; i++ {
		fmt.Fprintf(&out, "[%8d.%06d] systemd[1]: Started Session %d of user ec2-user.\n", i/1000, i%1000, i)
	}
	tr := newTree(map[string]any{"InstanceId": "i-0abc123", "Output": out.String()}, 120, 40)
	tr.SetWrap(true)
	down, up := press("j"), press("k")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%200 < 100 {
			tr.Update(down)
		} else {
			tr.Update(up)
		}
		i++
		_ = tr.View()
	}
}
