package s3xfer

import "testing"

// An upload holds of the memory budget what transfermanager allocates for it: the first part and
// a pool of (parts in flight + 1), the parts in flight no more than the file has after its first.
func TestUploadPlanHoldsWhatTheFileNeeds(t *testing.T) {
	e := New(nil, Options{})
	const mib = 1 << 20
	for _, c := range []struct {
		size   int64
		parts  int
		weight int64
	}{
		{0, 5, 1},
		{5 * mib, 5, 5 * mib},                      // one PutObject: the file whole
		{10 * mib, 1, 3 * 8 * mib},                 // two parts: one in flight after the first
		{24 * mib, 2, 4 * 8 * mib},                 // three parts
		{1 << 30, 5, 7 * 8 * mib},                  // Parts in flight
		{100 << 30, 5, 7 * ((100<<30)/10_000 + 1)}, // 10,000 parts at most: bigger parts
		{200 << 30, 5, min(7*((200<<30)/10_000+1), DefaultMemory)}, // never more than the budget
	} {
		parts, weight := e.uploadPlan(c.size)
		if parts != c.parts || weight != c.weight {
			t.Errorf("uploadPlan(%d) = %d parts, %d bytes; want %d, %d", c.size, parts, weight, c.parts, c.weight)
		}
	}
	if 2*7*8*mib > DefaultMemory {
		t.Errorf("DefaultMemory %d does not hold two big uploads", DefaultMemory)
	}
}
