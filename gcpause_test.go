package main

import (
	"runtime/debug"
	"testing"
	"time"
)

// The collector is off only until the first frame: resuming gives back the GOGC and GOMEMLIMIT
// nimbus started with, and a second resume (the deferred one after OnFirstFrame's) changes nothing.
func TestPauseGCResumesTheStartSettings(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(3 << 30))
	real := process{setMemoryLimit: debug.SetMemoryLimit, setGCPercent: debug.SetGCPercent}
	resume := real.pauseGC(64<<20, time.Hour)
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("GOGC while paused: %d, want off", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 64<<20 {
		t.Errorf("memory limit while paused: %d, want %d", l, 64<<20)
	}
	resume()
	debug.SetGCPercent(90) // a change after the first frame stays
	resume()
	if p := debug.SetGCPercent(150); p != 90 {
		t.Errorf("GOGC after resume: %d, want 90 (150 restored once, then changed)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 3<<30 {
		t.Errorf("memory limit after resume: %d, want %d", l, 3<<30)
	}
	// A limit below the start-up bound stays the lower one.
	debug.SetMemoryLimit(16 << 20)
	resume = real.pauseGC(64<<20, time.Hour)
	if l := debug.SetMemoryLimit(-1); l != 16<<20 {
		t.Errorf("memory limit while paused under a lower GOMEMLIMIT: %d, want %d", l, 16<<20)
	}
	resume()
}

// Tests run the TUI in their own process: there it leaves the collector alone.
func TestPauseGCOnlyInTheRealProcess(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(120))
	resume := process{}.pauseGC(64<<20, time.Hour)
	if p := debug.SetGCPercent(120); p != 120 {
		t.Errorf("GOGC in a test's process: %d, want it untouched (120)", p)
	}
	resume()
}
