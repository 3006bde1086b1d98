package s3xfer

import (
	"context"
	"sync"

	"golang.org/x/sync/semaphore"
)

// Budget is what the transfers of one process share, whichever engine and job runs them: the
// memory of upload part buffers and, optionally, the files in flight. A headless command has one
// engine and lets it make its own; the TUI gives every transfer of the session the board's one
// (Options.Budget), so two big uploads started one after the other wait for each other's buffers
// rather than each taking DefaultMemory, and ten downloads started at once open Files
// connections, not ten times that.
type Budget struct {
	memory int64
	mem    *semaphore.Weighted
	files  *semaphore.Weighted // nil: each engine's Options.Files bounds its own

	mu               sync.Mutex
	held             int64 // bytes of memory held now
	waitMem, waitFil int   // acquisitions waiting
}

// NewBudget makes a budget of memory bytes of part buffers (DefaultMemory when <= 0) and files
// in flight at once across every engine that shares it (no shared bound when <= 0).
func NewBudget(memory int64, files int) *Budget {
	if memory <= 0 {
		memory = DefaultMemory
	}
	b := &Budget{memory: memory, mem: semaphore.NewWeighted(memory)}
	if files > 0 {
		b.files = semaphore.NewWeighted(int64(files))
	}
	return b
}

// Memory is the budget's bytes of part buffers.
func (b *Budget) Memory() int64 { return b.memory }

// Usage says what is held and waited for now: bytes of part buffers held, and how many
// uploads wait for memory and how many files for a place.
func (b *Budget) Usage() (held int64, waitingMemory, waitingFiles int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.held, b.waitMem, b.waitFil
}

// acquireMemory takes n bytes (at most the whole budget) until release is called.
func (b *Budget) acquireMemory(ctx context.Context, n int64) (release func(), err error) {
	n = min(n, b.memory)
	b.count(&b.waitMem, 1)
	err = b.mem.Acquire(ctx, n)
	b.count(&b.waitMem, -1)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.held += n
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		b.held -= n
		b.mu.Unlock()
		b.mem.Release(n)
	}, nil
}

// acquireFile takes a place for one file in flight until release is called.
func (b *Budget) acquireFile(ctx context.Context) (release func(), err error) {
	if b.files == nil {
		return func() {}, nil
	}
	b.count(&b.waitFil, 1)
	err = b.files.Acquire(ctx, 1)
	b.count(&b.waitFil, -1)
	if err != nil {
		return nil, err
	}
	return func() { b.files.Release(1) }, nil
}

func (b *Budget) count(n *int, d int) {
	b.mu.Lock()
	*n += d
	b.mu.Unlock()
}
