// Package prefault maps nimbus's machine code into memory in one go, beside start-up, instead of
// a page fault at a time on the first frame's path. The binary is large (tens of MB: the AWS
// SDK, the demo server, every command) and start-up runs code all over it: package inits, the
// flag parser, the views, Bubble Tea. Each first touch of a code page is a fault (≈ 5–10 µs in
// a VM, mapping 16 pages at most); a few hundred of them sit on the first frame's path.
// madvise(MADV_POPULATE_READ) over the executable's code mapping does the same work in a batch,
// on a goroutine started by this package's init, which runs early: it imports nothing but
// syscall and unsafe. The pages are the file's, clean and shared (the page cache already holds
// them): the process's RSS grows by the code mapped (≈ 5 MB), not its memory use.
//
// Only Linux has MADV_POPULATE_READ (5.14 and later); elsewhere, or when the kernel refuses, the
// pages fault in as before.
package prefault

// done is closed once the code is mapped (or mapping it was given up).
var done = make(chan struct{})

// Done is closed once the work is over; tests wait for it.
func Done() <-chan struct{} { return done }
