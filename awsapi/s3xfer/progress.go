package s3xfer

import (
	"time"
)

// Meter turns byte counts into a rate and an ETA over a sliding window, on a clock the caller
// gives (tests inject one). It is not safe for concurrent use: feed it from one goroutine (the
// UI's update loop or the headless printer).
type Meter struct {
	Now    func() time.Time
	Window time.Duration // default 5 s

	start   time.Time
	samples []sample
}

type sample struct {
	at   time.Time
	done int64
}

// Add records that done bytes are transferred in all at the meter's now.
func (m *Meter) Add(done int64) {
	now := m.now()
	if m.start.IsZero() {
		m.start = now
	}
	m.samples = append(m.samples, sample{now, done})
	w := m.window()
	i := 0
	// Keep one sample older than the window, so the rate spans the whole window.
	for i+1 < len(m.samples) && now.Sub(m.samples[i+1].at) >= w {
		i++
	}
	m.samples = m.samples[i:]
}

// Rate is bytes per second over the window (0 until two samples are apart in time).
func (m *Meter) Rate() float64 {
	if len(m.samples) < 2 {
		return 0
	}
	first, last := m.samples[0], m.samples[len(m.samples)-1]
	dt := last.at.Sub(first.at).Seconds()
	if dt <= 0 {
		return 0
	}
	return float64(last.done-first.done) / dt
}

// ETA is the time left for total bytes at the current rate; ok is false while the rate is unknown.
func (m *Meter) ETA(total int64) (eta time.Duration, ok bool) {
	rate := m.Rate()
	if rate <= 0 || len(m.samples) == 0 {
		return 0, false
	}
	left := total - m.samples[len(m.samples)-1].done
	if left <= 0 {
		return 0, true
	}
	return time.Duration(float64(left) / rate * float64(time.Second)), true
}

// Elapsed is the time since the first sample.
func (m *Meter) Elapsed() time.Duration {
	if m.start.IsZero() {
		return 0
	}
	return m.now().Sub(m.start)
}

func (m *Meter) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func (m *Meter) window() time.Duration {
	if m.Window > 0 {
		return m.Window
	}
	return 5 * time.Second
}
