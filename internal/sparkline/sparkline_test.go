package sparkline

import (
	"math"
	"testing"
	"unicode/utf8"
)

func TestRender(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name   string
		values []float64
		width  int
		want   string
	}{
		{"ramp", []float64{0, 1, 2, 3, 4, 5, 6, 7}, 8, "▁▂▃▄▅▆▇█"},
		{"flat zero", []float64{0, 0, 0}, 5, "▁▁▁"},
		{"flat positive is the top", []float64{5, 5}, 5, "██"},
		{"gaps", []float64{1, nan, 1}, 3, "█ █"},
		{"all missing", []float64{nan, nan}, 2, "  "},
		{"a spike survives folding", []float64{0, 0, 0, 9, 0, 0, 0, 0}, 4, "▁█▁▁"},
		{"negative values", []float64{-1, 0, 1}, 3, "▁▅█"},
		{"no room", []float64{1}, 0, ""},
		{"no data", nil, 4, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Render(c.values, c.width)
			if got != c.want {
				t.Errorf("Render(%v, %d) = %q, want %q", c.values, c.width, got, c.want)
			}
			if n := utf8.RuneCountInString(got); n > c.width {
				t.Errorf("%d runes for width %d", n, c.width)
			}
		})
	}
}

func TestChart(t *testing.T) {
	got := Chart([]float64{0, 4, 8, 16, math.NaN()}, 5, 2)
	want := []string{"   █ ", "▁▄██ "}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Chart = %q, want %q", got, want)
	}
	if Chart(nil, 4, 2) != nil || Chart([]float64{1}, 4, 0) != nil {
		t.Error("an empty chart draws something")
	}
}
