package logview

import "github.com/nimbus-tui/nimbus/tui"

var _ tui.Clicker = (*TailPage)(nil)

// ClickLine implements tui.Clicker: a click on a log line puts the cursor on it (and stops
// following, as moving up does). Line 0 is the mode line; the lines below are drawn as View
// draws them: the lines ending at bottom, the oldest cut at its top when they overflow.
func (p *TailPage) ClickLine(line int) bool {
	rows := p.bodyRows()
	if p.tail == nil || p.buf.Len() == 0 || line < 1 || line > rows {
		return false
	}
	type shown struct {
		seq  uint64
		rows int
	}
	var lines []shown // bottom line first
	var scratch []string
	total := 0
	for seq := p.bottom; total < rows; seq-- {
		l, ok := p.buf.Get(seq)
		if !ok {
			break
		}
		scratch = p.look.rows(l, false, scratch[:0])
		lines = append(lines, shown{seq, len(scratch)})
		total += len(scratch)
		if seq == 0 {
			break
		}
	}
	at := line - 1 + max(total-rows, 0) // rows from the top of the first line drawn
	for i := len(lines) - 1; i >= 0; i-- {
		if at < lines[i].rows {
			p.cursor = lines[i].seq
			p.following = false
			return true
		}
		at -= lines[i].rows
	}
	return false
}
