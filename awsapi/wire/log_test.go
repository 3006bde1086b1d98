package wire

import "testing"

// A reader that took n entries gets only the newer ones, those the log still keeps, and the
// counts that say how many of its own it must let go.
func TestLogSince(t *testing.T) {
	l := NewLog(3)
	rec := func(ops ...string) {
		for _, op := range ops {
			l.Record(Entry{Op: op})
		}
	}
	ops := func(es []Entry) (s string) {
		for _, e := range es {
			s += e.Op
		}
		return s
	}
	rec("a", "b")
	es, total, dropped := l.Since(0)
	if ops(es) != "ab" || total != 2 || dropped != 0 {
		t.Fatalf("since 0: %q %d %d", ops(es), total, dropped)
	}
	rec("c", "d")
	if es, total, dropped = l.Since(2); ops(es) != "cd" || total != 4 || dropped != 1 {
		t.Fatalf("since 2: %q %d %d", ops(es), total, dropped)
	}
	rec("e", "f", "g")
	if es, total, dropped = l.Since(4); ops(es) != "efg" || total != 7 || dropped != 4 {
		t.Fatalf("since 4: %q %d %d", ops(es), total, dropped)
	}
	rec("h", "i", "j", "k")
	if es, _, dropped = l.Since(7); ops(es) != "ijk" || dropped != 8 {
		t.Fatalf("since 7, past the log's reach: %q %d", ops(es), dropped)
	}
	if all, d := l.Entries(); ops(all) != "ijk" || d != 8 {
		t.Fatalf("entries %q dropped %d", ops(all), d)
	}
}
