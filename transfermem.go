package main

import (
	"math"
	"os"
	"runtime/metrics"
	"sync"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
)

// transferLimit is the TUI's counterpart of limitTransferMemory. transfermanager allocates an
// upload's part buffers afresh for every file, so without a soft memory limit the garbage of
// finished files lets the heap grow to about twice the budget before the collector runs. A
// headless command sets the limit once, after planning, and exits; the TUI runs for hours and
// its own heap grows and shrinks with what is open (a listing of 100,000 keys is tens of MB), so
// a limit fixed at start would later make the collector run without end (Go lets it take half
// the CPU near a soft limit). The TUI therefore sets the limit only while transfers run, to the
// heap live besides the part buffers held plus the budget plus transferHeadroom; raises it when
// the TUI's heap has grown (the board tells busy again every few seconds); never lowers it
// during a run of transfers, and gives the old limit (none, by default) back once none runs.
// GOMEMLIMIT, when set, wins.
type transferLimit struct {
	set    func(int64) int64 // debug.SetMemoryLimit
	live   func() int64      // the heap live after the last collection
	budget *s3xfer.Budget
	getenv func(string) string

	mu    sync.Mutex
	ours  bool  // the limit now is ours
	old   int64 // the limit before ours
	limit int64
}

// newTransferLimit is the limit for the board's budget on the process's knobs, or nil outside
// the real process.
func (p process) newTransferLimit(budget *s3xfer.Budget) *transferLimit {
	if p.setMemoryLimit == nil {
		return nil
	}
	return &transferLimit{set: p.setMemoryLimit, live: liveHeap, budget: budget, getenv: os.Getenv}
}

// raiseStep is how much the TUI's heap must have grown before the limit follows it.
const raiseStep = 8 << 20

// busy is xferboard.Board's busy hook.
func (l *transferLimit) busy(running bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !running {
		if l.ours {
			l.set(l.old)
			l.ours = false
		}
		return
	}
	if l.getenv("GOMEMLIMIT") != "" {
		return
	}
	held, _, _ := l.budget.Usage()
	want := max(l.live()-held, 0) + l.budget.Memory() + transferHeadroom
	switch {
	case !l.ours:
		l.old = l.set(-1) // -1 reads it
		if l.old < math.MaxInt64 && l.old <= want {
			return // a tighter limit than ours is someone's choice
		}
		l.ours, l.limit = true, want
		l.set(want)
	case want >= l.limit+raiseStep:
		l.limit = want
		l.set(want)
	}
}

// liveHeap is the heap the last collection found live (runtime/metrics: no stop of the world,
// unlike runtime.ReadMemStats, so the UI goroutine may ask).
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}
