package logview

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// BenchmarkTailBatch100 is the cost of one incoming batch of 100 lines on a full 100,000-line
// buffer: adding them (the oldest drop out) and drawing the frame, at 200×50, colours on and the
// filter's term highlighted (goal: ≤ 1 ms).
func BenchmarkTailBatch100(b *testing.B) {
	for _, wrap := range []bool{false, true} {
		b.Run(fmt.Sprintf("wrap=%v", wrap), func(b *testing.B) {
			env := tui.Env{Ctx: context.Background(), Keys: testEnv(context.Background(), nil).Keys, Styles: tui.NewStyles(false), Clock: tuitest.NewClock(start)}
			p := NewTail(env, nil, tui.Session{}, Target{Groups: []string{"/aws/lambda/api"}, Pattern: "ERROR"}, Options{Location: time.UTC})
			p.groups = []string{"/aws/lambda/api"}
			p.SetSize(200, 50)
			p.wrap = wrap
			p.refreshLook()
			batch := make([]logtail.Event, 100)
			for i := range batch {
				batch[i] = logtail.Event{Group: "/aws/lambda/api", Stream: "2026/12/04/[$LATEST]0123456789abcdef",
					Message: fmt.Sprintf(`{"level":"ERROR","requestId":"1f2e-%d","msg":"request handled in 12 ms, status 200, path /v1/items?page=3"}`, i)}
			}
			at := start
			fill := func() {
				for i := range batch {
					at = at.Add(time.Millisecond)
					batch[i].Time = at
				}
			}
			for p.buf.Len() < DefaultCapacity {
				fill()
				p.add(batch)
			}
			b.ResetTimer()
			for b.Loop() {
				fill()
				p.add(batch)
				_ = p.View()
			}
			if p.buf.Len() != DefaultCapacity || p.buf.Dropped() == 0 {
				b.Fatalf("buffer %d, dropped %d", p.buf.Len(), p.buf.Dropped())
			}
		})
	}
}
