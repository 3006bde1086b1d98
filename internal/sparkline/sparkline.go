// Package sparkline draws a series of numbers as one line of Unicode blocks (▁▂▃▄▅▆▇█), the
// metric sparklines of describe pages and tables. Bubble Tea v2 has no kept charting library
// (ntcharts builds on Bubble Tea v1), and one line of runes is all a table cell needs.
package sparkline

import (
	"math"
	"strings"
)

// Blocks are the eight levels, lowest first.
var Blocks = []rune("▁▂▃▄▅▆▇█")

// Gap stands for a period with no data point.
const Gap = ' '

// Render draws values (NaN: no data) in at most width runes. A longer series is folded: each
// rune is the highest value of its share, so a spike is never averaged away. The scale runs from
// min(0, lowest) to the highest value; an all-zero series is a flat ▁ line.
func Render(values []float64, width int) string {
	if width <= 0 || len(values) == 0 {
		return ""
	}
	cells := bucket(values, width)
	lo, hi := 0.0, math.Inf(-1)
	for _, v := range cells {
		if math.IsNaN(v) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var b strings.Builder
	for _, v := range cells {
		switch {
		case math.IsNaN(v):
			b.WriteRune(Gap)
		case hi <= lo:
			b.WriteRune(Blocks[0])
		default:
			i := int(math.Round((v - lo) / (hi - lo) * float64(len(Blocks)-1)))
			b.WriteRune(Blocks[min(max(i, 0), len(Blocks)-1)])
		}
	}
	return b.String()
}

// bucket folds values into at most width cells, each the maximum of its share (NaN when the
// share has no data); fewer values than width give one cell each.
func bucket(values []float64, width int) []float64 {
	if len(values) <= width {
		return values
	}
	cells := make([]float64, width)
	for i := range cells {
		from, to := i*len(values)/width, (i+1)*len(values)/width
		m := math.NaN()
		for _, v := range values[from:to] {
			if !math.IsNaN(v) && (math.IsNaN(m) || v > m) {
				m = v
			}
		}
		cells[i] = m
	}
	return cells
}

// Chart draws values as columns of blocks height rows tall (eighths of a row per level), the
// first line the top; like Render, a longer series is folded by maxima. Gaps are blank columns.
func Chart(values []float64, width, height int) []string {
	if width <= 0 || height <= 0 || len(values) == 0 {
		return nil
	}
	cells := bucket(values, width)
	lo, hi := 0.0, math.Inf(-1)
	for _, v := range cells {
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	levels := height * len(Blocks)
	rows := make([][]rune, height)
	for r := range rows {
		rows[r] = make([]rune, len(cells))
	}
	for c, v := range cells {
		n := 0 // eighths filled, from the bottom
		switch {
		case math.IsNaN(v):
			n = -1
		case hi <= lo:
			n = 1
		default:
			n = max(int(math.Round((v-lo)/(hi-lo)*float64(levels))), 1)
		}
		for r := range height {
			fill := n - (height-1-r)*len(Blocks) // eighths for row r (0 is the top)
			switch {
			case n < 0 || fill <= 0:
				rows[r][c] = ' '
			case fill >= len(Blocks):
				rows[r][c] = Blocks[len(Blocks)-1]
			default:
				rows[r][c] = Blocks[fill-1]
			}
		}
	}
	out := make([]string, height)
	for r, row := range rows {
		out[r] = string(row)
	}
	return out
}
