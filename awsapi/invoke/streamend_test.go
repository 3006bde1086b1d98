package invoke

import "testing"

// Err is documented to hold the stream's end once Events is closed, so Done must be closed
// before Events: a reader that ranges over Events and then asks Err must never get nil for a
// stream that failed. The window is a few instructions wide, so the stream is run many times.
func TestStreamErrIsSetOnceEventsIsClosed(t *testing.T) {
	chunks := liveTailFrames(t, 2)
	chunks[3] = chunks[3][:len(chunks[3])/2] // cut inside the last event: Err must be a StreamError
	srv := newStreamServer(t, nil, chunks...)
	for i := range 500 {
		s := engineStream(t, srv, "logs", "StartLiveTail", map[string]any{"logGroupIdentifiers": []any{liveTailGroup}})
		drain(t, s)
		select {
		case <-s.Done():
		default:
			t.Fatalf("run %d: Events was closed while Done was not: Err would say nil", i)
		}
		if s.Err() == nil {
			t.Fatalf("run %d: Err is nil after Events closed on a cut stream", i)
		}
	}
}
