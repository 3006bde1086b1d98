package wirepage

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

func testEnv(tb testing.TB) tui.Env {
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	return tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
}

var t0 = time.Date(2026, 12, 4, 22, 0, 0, 0, time.UTC)

// entry is the i-th of a call's entries: a request with a JSON body, its response, its body, and
// now and then a retry or a refusal.
func entry(i int) wire.Entry {
	e := wire.Entry{Time: t0.Add(time.Duration(i) * 37 * time.Millisecond), Service: "logs", Op: "FilterLogEvents",
		Attempt: 1 + i%3, Max: 3, BodySize: -1}
	switch i % 5 {
	case 0:
		e.Kind, e.Method, e.URL = wire.Request, "POST", "https://logs.us-east-1.amazonaws.com/"
		e.Header = http.Header{"X-Amz-Target": {"Logs_20140328.FilterLogEvents"}, "Content-Type": {"application/x-amz-json-1.1"},
			"Authorization": {"AWS4-HMAC-SHA256 Credential=…"}}
		e.Body = []byte(fmt.Sprintf("{\n  \"logGroupName\": \"/dev/web\",\n  \"startTime\": %d,\n  \"filterPattern\": \"ERROR and a pattern long enough to be cut at the page's width\"\n}", 1796400000000+i))
		e.BodySize = int64(len(e.Body))
	case 1:
		e.Kind, e.Status, e.Elapsed = wire.Response, 200, time.Duration(i)*time.Millisecond
		e.Header = http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amzn-Requestid": {fmt.Sprintf("req-%04d", i)}}
	case 2:
		e.Kind, e.Elapsed = wire.Body, 3*time.Millisecond
		e.Body = []byte(fmt.Sprintf("{\"events\": [{\"message\": \"line %d été \x1b[31mred\x1b[0m\tend\"}]}", i))
		e.BodySize = int64(len(e.Body))
	case 3:
		e.Kind, e.Delay, e.Reason = wire.Retry, 1200*time.Millisecond, "ThrottlingException: Rate exceeded"
	case 4:
		e.Kind, e.Reason = wire.GiveUp, "AccessDeniedException: not allowed"
	}
	return e
}

// The screens of the wire page as entries arrive, older ones drop out, the reader scrolls and
// the terminal narrows: what the page draws does not depend on how it keeps its lines.
func TestWireScreens(t *testing.T) {
	log := wire.NewLog(12)
	p := New(testEnv(t), "FilterLogEvents wire", log)
	p.SetSize(90, 14)
	var shots []string
	shot := func(what string) {
		shots = append(shots, "== "+what+" · "+p.Status(), p.View())
	}
	shot("empty")
	for i := 0; i < 7; i++ {
		log.Record(entry(i))
		p.Update(changedMsg{})
		shot(fmt.Sprintf("after %d", i+1))
	}
	keys := func(name string, n int) {
		for range n {
			p.Update(tuitest.KeyPress(name))
		}
	}
	keys("g", 1)
	shot("top")
	keys("j", 3)
	shot("down 3")
	for i := 7; i < 16; i++ { // the log keeps 12: the first four drop out
		log.Record(entry(i))
	}
	p.Update(changedMsg{})
	shot("9 more while scrolled")
	keys("G", 1)
	shot("bottom")
	p.SetSize(40, 8)
	shot("narrow")
	log.Record(entry(16))
	p.Update(changedMsg{})
	shot("one more, narrow")
	p.SetSize(120, 30)
	shot("wide")
	tuitest.Golden(t, "screens", strings.Join(shots, "\n"))
}

// BenchmarkWireArrival is the cost of one entry arriving on a wire page that holds n: the page
// takes it in and draws a frame (go test ./views/wirepage -bench Arrival -benchmem).
func BenchmarkWireArrival(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			log := wire.NewLog(n)
			for i := range n {
				log.Record(entry(i))
			}
			p := New(testEnv(b), "wire", log)
			p.SetSize(120, 30)
			p.View()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				log.Record(entry(n + i))
				p.Update(changedMsg{})
				p.View()
			}
		})
	}
}

// An arrival costs the new entry's lines, not the log's: the allocations of one arrival and its
// frame are the same with 10,000 entries held as with 100 (they were O(n): every entry was
// formatted again on each arrival).
func TestArrivalCostDoesNotGrowWithTheLog(t *testing.T) {
	perArrival := func(n int) float64 {
		log := wire.NewLog(n)
		for i := range n {
			log.Record(entry(i))
		}
		p := New(testEnv(t), "wire", log)
		p.SetSize(120, 30)
		i := n
		return testing.AllocsPerRun(50, func() {
			log.Record(entry(i))
			i++
			p.Update(changedMsg{})
			p.View()
		})
	}
	small, big := perArrival(100), perArrival(10000)
	if big > 2*small+10 {
		t.Errorf("allocations per arrival: %.0f with 100 entries held, %.0f with 10,000", small, big)
	}
}

// A body on one line and a signed header are longer than the page is wide: cut at the width,
// they are not readable. The wrap key shows each line whole, in as many rows as it takes, made
// again when the width changes, the line at the top staying at the top; it turns back to cut
// lines.
func TestWireWrapShowsLongLinesWhole(t *testing.T) {
	log := wire.NewLog(10)
	p := New(testEnv(t), "FilterLogEvents wire", log)
	p.SetSize(40, 12)
	for i := range 3 {
		log.Record(entry(i))
	}
	p.Update(changedMsg{})
	joined := func() string { return strings.ReplaceAll(p.View(), "\n", "") }
	body := `"filterPattern": "ERROR and a pattern long enough to be cut at the page's width"`
	p.Update(tuitest.KeyPress("g"))
	if strings.Contains(joined(), body) {
		t.Fatal("the long line is whole before wrapping")
	}
	var shots []string
	shot := func(what string) { shots = append(shots, "== "+what, p.View()) }
	shot("cut")
	p.Update(tuitest.KeyPress("w"))
	shot("wrapped")
	p.Update(tuitest.KeyPress("j"))
	p.Update(tuitest.KeyPress("j"))
	shot("wrapped, down 2")
	p.SetSize(60, 12)
	shot("wider")
	p.Update(tuitest.KeyPress("G"))
	shot("bottom")
	log.Record(entry(3))
	p.Update(changedMsg{})
	shot("one more, following")
	p.Update(tuitest.KeyPress("g"))
	for range 8 {
		p.Update(tuitest.KeyPress("j"))
	}
	if !strings.Contains(joined(), body) {
		t.Errorf("wrapped, the body's line is not whole on the screen:\n%s", p.View())
	}
	p.Update(tuitest.KeyPress("w"))
	shot("cut again")
	tuitest.Golden(t, "wrap", strings.Join(shots, "\n"))
}
