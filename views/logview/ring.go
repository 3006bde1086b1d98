package logview

// ring is a bounded buffer of lines: past its capacity the oldest line goes (and is counted).
// Lines are addressed by sequence number, which stays the same while older lines drop out, so
// the cursor and search keep their line.
type ring struct {
	buf     []line
	head    int    // index in buf of the oldest line
	n       int    // lines held
	total   uint64 // lines ever pushed: the next line's sequence number
	dropped uint64
	// capLimit is the most lines held.
	capLimit int
}

func newRing(capacity int) *ring {
	return &ring{buf: make([]line, 0, min(capacity, 4096)), capLimit: max(capacity, 1)}
}

// Len is the number of lines held.
func (r *ring) Len() int { return r.n }

// First is the sequence number of the oldest line held.
func (r *ring) First() uint64 { return r.total - uint64(r.n) }

// Last is the sequence number of the newest line (meaningless when empty).
func (r *ring) Last() uint64 { return r.total - 1 }

// Dropped is how many lines went out of the buffer.
func (r *ring) Dropped() uint64 { return r.dropped }

// Push adds l as the newest line. The buffer grows as lines come (n == len(buf), head 0) up to
// its capacity, then overwrites the oldest.
func (r *ring) Push(l line) {
	r.total++
	if len(r.buf) < r.capLimit {
		r.buf = append(r.buf, l)
		r.n++
		return
	}
	r.buf[r.head] = l
	r.head = (r.head + 1) % len(r.buf)
	r.dropped++
}

// Get returns the line with sequence number seq; ok is false when it is not held.
func (r *ring) Get(seq uint64) (*line, bool) {
	if r.n == 0 || seq < r.First() || seq >= r.total {
		return nil, false
	}
	i := int(seq - r.First())
	return &r.buf[(r.head+i)%len(r.buf)], true
}

// Clear empties the buffer; sequence numbers go on.
func (r *ring) Clear() {
	r.buf, r.head, r.n = r.buf[:0], 0, 0
}
