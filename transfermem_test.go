package main

import (
	"math"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
)

// knob is the runtime's soft memory limit, for tests: set(-1) reads it.
type knob struct{ limit int64 }

func (k *knob) set(n int64) int64 {
	old := k.limit
	if n >= 0 {
		k.limit = n
	}
	return old
}

// While the TUI's transfers run, the soft memory limit is the heap live besides them plus the
// budget plus the headroom; it follows the TUI's heap up (not down) and is given back when the
// last transfer ends. GOMEMLIMIT, or a tighter limit already set, wins.
func TestTransferLimitIsSetWhileTransfersRunAndGivenBack(t *testing.T) {
	const mb = 1 << 20
	k := &knob{limit: math.MaxInt64}
	live := int64(30 * mb)
	budget := s3xfer.NewBudget(0, 32)
	env := map[string]string{}
	l := &transferLimit{set: k.set, live: func() int64 { return live }, budget: budget, getenv: func(n string) string { return env[n] }}
	base := budget.Memory() + transferHeadroom

	l.busy(true)
	if k.limit != 30*mb+base {
		t.Fatalf("limit %d MB, want the live heap + budget + headroom = %d MB", k.limit/mb, (30*mb+base)/mb)
	}
	live = 34 * mb // less than raiseStep more: left as it is
	l.busy(true)
	if k.limit != 30*mb+base {
		t.Errorf("limit %d MB after 4 MB more; want it unchanged", k.limit/mb)
	}
	live = 130 * mb // the TUI opened a big listing: the limit follows
	l.busy(true)
	if k.limit != 130*mb+base {
		t.Errorf("limit %d MB after the heap grew to 130 MB", k.limit/mb)
	}
	live = 20 * mb
	l.busy(true)
	if k.limit != 130*mb+base {
		t.Errorf("limit %d MB: lowered during the transfers", k.limit/mb)
	}
	l.busy(false)
	if k.limit != math.MaxInt64 {
		t.Errorf("after the transfers the limit is %d, want none again", k.limit)
	}

	k.limit = 100 * mb // tighter than the transfers' limit: someone's choice
	l.busy(true)
	l.busy(false)
	if k.limit != 100*mb {
		t.Errorf("a tighter limit became %d MB", k.limit/mb)
	}
	k.limit = math.MaxInt64
	env["GOMEMLIMIT"] = "1GiB"
	l.busy(true)
	if k.limit != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set, yet the limit became %d MB", k.limit/mb)
	}
}
