package format

import (
	"testing"
	"time"
)

func TestBytesAreIEC(t *testing.T) {
	for n, want := range map[int64]string{-1: "–", 0: "0 B", 512: "512 B", 1536: "1.5 KiB", 128 << 20: "128 MiB", 20 << 30: "20 GiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		84 * time.Millisecond:     "84ms",
		30 * time.Second:          "30s",
		1234 * time.Millisecond:   "1.2s",
		2 * time.Second:           "2s",
		29500 * time.Millisecond:  "30s",
		90 * time.Second:          "1m 30s",
		15 * time.Minute:          "15m",
		65 * time.Minute:          "1h 5m",
		12 * time.Hour:            "12h",
		4 * 24 * time.Hour:        "4d",
		(4*24 + 2) * time.Hour:    "4d 2h",
		-(30 * time.Second):       "30s",
		time.Hour + 5*time.Second: "1h",
		time.Hour + 59*time.Minute + 59*time.Second + 600*time.Millisecond: "2h",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestTimeAgoCount(t *testing.T) {
	now := time.Date(2026, 12, 4, 13, 0, 0, 0, time.UTC)
	if got := Time(now.In(time.FixedZone("x", 3600))); got != "2026-12-04 13:00:00" {
		t.Errorf("Time = %q, want UTC", got)
	}
	if got := Time(time.Time{}); got != Unknown {
		t.Errorf("Time(zero) = %q", got)
	}
	if got := Ago(now.Add(-3*time.Hour), now); got != "3h ago" {
		t.Errorf("Ago = %q", got)
	}
	if got := Ago(now.Add(5*time.Minute), now); got != "in 5m" {
		t.Errorf("Ago(future) = %q", got)
	}
	if got := Count(48210); got != "48,210" {
		t.Errorf("Count = %q", got)
	}
}
