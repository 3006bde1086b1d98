package format

import (
	"math"
	"testing"

	"github.com/dustin/go-humanize"
)

// Sizes and counts read as go-humanize writes them (IBytes, Comma), which format used to call.
func TestMatchesHumanize(t *testing.T) {
	var ns []int64
	for n := int64(1); n < math.MaxInt64/3; n = n*3 + 1 {
		ns = append(ns, n, n-1, n+1, -n)
	}
	for _, b := range []int64{10, 1000, 1023, 1024, 1075, 1076, 10188, 10189, 10239, 10240, 999_999, 1 << 20, 1<<20 - 1, 1 << 30, 1 << 40, 1 << 50, 1 << 60} {
		ns = append(ns, b, b-1, b+1, -b)
	}
	ns = append(ns, 0, 9, 999, 1000, 1001, 123_456_789, math.MaxInt64, math.MinInt64, math.MinInt64+1)
	for _, n := range ns {
		if n >= 0 {
			if got, want := Bytes(n), humanize.IBytes(uint64(n)); got != want {
				t.Errorf("Bytes(%d) = %q, humanize %q", n, got, want)
			}
		}
		if got, want := Count(n), humanize.Comma(n); got != want {
			t.Errorf("Count(%d) = %q, humanize %q", n, got, want)
		}
	}
}
