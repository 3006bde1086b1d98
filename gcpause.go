package main

import (
	"runtime/debug"
	"sync"
	"time"
)

// pauseGC turns the garbage collector off until the returned function is called (the first
// frame): most of the few MB allocated before it stay (screen buffers, key tables, pages), and
// each collection before the frame would delay it by milliseconds. limit bounds the heap
// meanwhile (the collector runs if it is reached). The GOGC and GOMEMLIMIT the program started
// with come back after, or after at most maxPause should the frame never come; calling resume
// again does nothing.
func pauseGC(limit int64, maxPause time.Duration) (resume func()) {
	percent := debug.SetGCPercent(-1)
	old := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(old, limit))
	var once sync.Once
	resume = func() {
		once.Do(func() {
			debug.SetGCPercent(percent)
			debug.SetMemoryLimit(old)
		})
	}
	time.AfterFunc(maxPause, resume)
	return resume
}
