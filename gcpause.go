package main

import (
	"sync"
	"time"
)

// pauseGC turns the garbage collector off until the returned function is called (the first
// frame): most of the few MB allocated before it stay (screen buffers, key tables, pages), and
// each collection before the frame would delay it by milliseconds. limit bounds the heap
// meanwhile (the collector runs if it is reached). The GOGC and GOMEMLIMIT the program started
// with come back after, or after at most maxPause should the frame never come; calling resume
// again does nothing. Outside the real process (p without its knobs) it does nothing.
func (p process) pauseGC(limit int64, maxPause time.Duration) (resume func()) {
	if p.setGCPercent == nil || p.setMemoryLimit == nil {
		return func() {}
	}
	percent := p.setGCPercent(-1)
	old := p.setMemoryLimit(-1)
	p.setMemoryLimit(min(old, limit))
	var once sync.Once
	resume = func() {
		once.Do(func() {
			p.setGCPercent(percent)
			p.setMemoryLimit(old)
		})
	}
	time.AfterFunc(maxPause, resume)
	return resume
}
