package format

import (
	"math"
	"testing"
	"time"
)

func TestAppendFormsWriteWhatTheFormattersWrite(t *testing.T) {
	sizes := []int64{-1, 0, 1, 9, 10, 1023, 1024, 1075, 1076, 10188, 10189, 10239, 10240, 1 << 20, 1<<20 - 1,
		1 << 30, 5_000_000_000_000, math.MaxInt64}
	for n := int64(1); n < 1<<62; n = n*3 + 1 {
		sizes = append(sizes, n)
	}
	for _, n := range sizes {
		if got, want := string(AppendBytes(nil, n)), Bytes(n); got != want {
			t.Errorf("size %d: %q, want %q", n, got, want)
		}
	}
	secs := []int64{0, -1, 86399, 951782400, 4102444799, 253402300799, 253402300800, -62135596799, -62135596800, -62135596801}
	for sec := int64(-70 * 365 * 86400); sec < 200*365*86400; sec += 86400*17 + 3607 {
		secs = append(secs, sec)
	}
	for _, sec := range secs {
		if got, want := string(AppendUnix(nil, sec)), Time(time.Unix(sec, 0)); got != want {
			t.Errorf("time %d: %q, want %q", sec, got, want)
		}
	}
}
