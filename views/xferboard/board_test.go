package xferboard_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

const wait = 10 * time.Second

const mib = 1 << 20

var t0 = time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC)

// runFunc is a scripted transfer engine: the test decides every event, question and ending.
type runFunc func(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary

func (f runFunc) Run(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
	return f(ctx, items, h)
}

// boardApp is the transfers page of a board on the app, timed by a test clock, at 110×16.
func boardApp(t *testing.T) (*tuitest.Driver, *xferboard.Board, *tuitest.Clock) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	clock := tuitest.NewClock(t0)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	board := xferboard.New(env)
	cmds := tui.NewCommands()
	xferboard.Register(cmds, env, board)
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Components: []tui.Component{board},
		Session: tui.Session{Profile: "test", Region: "us-east-1"}, Clock: clock,
		Start: func(tui.Session) tui.Page { return xferboard.NewPage(env, board) }})
	d := tuitest.New(t, app, 110, 16)
	d.WaitForText(wait, "No transfers yet")
	return d, board, clock
}

// run hands a command to the driver, as the app would run it.
func run(d *tuitest.Driver, cmd tea.Cmd) { d.Send(tea.BatchMsg{cmd}) }

func download(key string, size int64) s3xfer.Item {
	return s3xfer.Item{Op: s3xfer.Download, Bucket: "photos", Key: key, Local: "/tmp/x/" + key, Size: size}
}

// recv waits for the run's next answer, applying the app's messages meanwhile.
func recv(t *testing.T, d *tuitest.Driver, ch <-chan string) string {
	t.Helper()
	for range 1000 {
		select {
		case s := <-ch:
			return s
		default:
			d.Pump(10 * time.Millisecond)
		}
	}
	t.Fatal("no answer reached the run")
	return ""
}

// stable is the screen without what moves on the real clock: the spinner's frame, and the
// toast line above the footer (the toast leaves after a while; TestTheToastCountsEveryFile
// reads it).
func stable(screen string) string {
	screen = strings.Map(func(r rune) rune {
		if strings.ContainsRune("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏", r) {
			return '*'
		}
		return r
	}, screen)
	lines := strings.Split(screen, "\n")
	if len(lines) >= 2 {
		lines[len(lines)-2] = "(toast)"
	}
	return strings.Join(lines, "\n")
}

// result counts what a scripted run reported, as the engine's Summary would.
func result(done, failed int, errs map[int]error) s3xfer.Summary {
	return s3xfer.Summary{Done: done, Failed: failed, Errors: errs}
}

// The page shows each transfer's state, bar, percentage, bytes, rate and ETA (from the board's
// clock), the one under the cursor in full, and the total of the running ones; under a failed
// transfer, its failed files with their reasons.
func TestTransfersPageGolden(t *testing.T) {
	d, board, clock := boardApp(t)

	// A finished upload that took 1.5 s.
	finish := make(chan struct{})
	up := s3xfer.Item{Op: s3xfer.Upload, Local: "/home/me/report.pdf", Bucket: "photos", Key: "report.pdf", Size: mib}
	run(d, board.Start(runFunc(func(_ context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Started, Total: mib})
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Progress, Bytes: mib, Total: mib})
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Done, Bytes: mib, Total: mib})
		<-finish
		return result(1, 0, nil)
	}), "upload 1 file to s3://photos/", []s3xfer.Item{up}, nil))
	d.WaitForText(wait, "1.0 MiB/1.0 MiB")
	clock.Advance(1500 * time.Millisecond)
	close(finish)
	d.WaitForText(wait, "✓ 1 file", "1.5s")

	// A download with one of its three files refused.
	denied := errors.New("AccessDenied: not today")
	run(d, board.Start(runFunc(func(_ context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
		for i, it := range items {
			h.Progress(s3xfer.Event{Index: i, Item: it, Kind: s3xfer.Started, Total: it.Size})
			if i == 1 {
				h.Progress(s3xfer.Event{Index: i, Item: it, Kind: s3xfer.Failed, Total: it.Size, Err: denied})
				continue
			}
			h.Progress(s3xfer.Event{Index: i, Item: it, Kind: s3xfer.Done, Bytes: it.Size, Total: it.Size})
		}
		return result(2, 1, map[int]error{1: denied})
	}), "download 3 files to /tmp/x", []s3xfer.Item{download("a.jpg", 100), download("b.jpg", 200), download("c.jpg", 300)}, nil))
	d.WaitForText(wait, "✗ 1 of 3 failed")

	// A download under way: 2 of its 4 MiB came in the 2 s since it started, so 1 MiB/s and 2 s left.
	start, emitted, end := make(chan struct{}), make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(end) })
	run(d, board.Start(runFunc(func(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
		<-start
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Started, Total: mib})
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Progress, Bytes: mib, Total: mib})
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Done, Bytes: mib, Total: mib})
		h.Progress(s3xfer.Event{Index: 1, Item: items[1], Kind: s3xfer.Started, Total: 3 * mib})
		h.Progress(s3xfer.Event{Index: 1, Item: items[1], Kind: s3xfer.Progress, Bytes: mib, Total: 3 * mib})
		close(emitted)
		select {
		case <-end:
		case <-ctx.Done():
		}
		return result(1, 0, nil)
	}), "download 2 files to /tmp/x", []s3xfer.Item{download("one.bin", mib), download("three.bin", 3*mib)}, nil))
	clock.Advance(2 * time.Second)
	close(start)
	d.Await("the events", wait, emitted)
	d.WaitForText(wait, "2.0 MiB/4.0 MiB", "1.0 MiB/s", "⟳ 1/2 files")
	if got := board.Indicator(); got != "⇅ 1 transfer 50%" {
		t.Errorf("indicator %q", got)
	}
	tuitest.Golden(t, "transfers", stable(d.Screen()))

	d.Key("j") // the failed download: its failed file and the reason
	d.WaitForText(wait, "s3://photos/b.jpg: AccessDenied: not today")
	tuitest.Golden(t, "transfers-failed", stable(d.Screen()))
}

// x cancels the running transfer under the cursor: the run's context ends, the files in flight
// fail as cancelled, and the job says cancelled (not failed) in its row and its toast.
func TestCancelStopsTheTransferUnderTheCursor(t *testing.T) {
	d, board, _ := boardApp(t)
	started := make(chan struct{})
	var cancelled bool // read after the run ended
	run(d, board.Start(runFunc(func(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Started, Total: mib})
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Progress, Bytes: mib / 4, Total: mib})
		close(started)
		<-ctx.Done()
		cancelled = true
		h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Failed, Total: mib, Err: ctx.Err()})
		return result(0, 1, map[int]error{0: ctx.Err()})
	}), "download 1 file to /tmp/x", []s3xfer.Item{download("big.bin", mib)}, nil))
	d.Await("the start", wait, started)
	d.WaitForText(wait, "256 KiB/1.0 MiB", "⟳ 0/1 files", "x cancel transfer")
	d.Key("x")
	d.WaitForText(wait, "✗ cancelled", "download 1 file to /tmp/x: ✗ cancelled")
	if !cancelled {
		t.Error("the run's context did not end")
	}
	if j := board.Get(1); !j.Cancelled || j.Failures != 1 {
		t.Errorf("job %+v", j)
	}
	if strings.Contains(d.Screen(), "context canceled") {
		t.Errorf("a cancelled transfer lists no failures:\n%s", d.Screen())
	}
	d.Key("x") // finished: x does nothing
	d.Pump(50 * time.Millisecond)
	if n := len(board.Jobs()); n != 1 || !strings.Contains(d.Screen(), "r retry failed files") || strings.Contains(d.Screen(), "x cancel") {
		t.Errorf("%d jobs after x on a cancelled transfer, which r may start again:\n%s", n, d.Screen())
	}
}

// r on a finished transfer with failures starts its failed files again, as a new transfer on
// the same engine; the cursor goes to it.
func TestRetryRunsOnlyTheFailedFiles(t *testing.T) {
	d, board, _ := boardApp(t)
	var mu sync.Mutex
	var runs [][]string
	eng := runFunc(func(_ context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
		mu.Lock()
		var keys []string
		for _, it := range items {
			keys = append(keys, it.Key)
		}
		runs = append(runs, keys)
		first := len(runs) == 1
		mu.Unlock()
		sum := result(0, 0, map[int]error{})
		for i, it := range items {
			h.Progress(s3xfer.Event{Index: i, Item: it, Kind: s3xfer.Started, Total: it.Size})
			if first && it.Key != "a.jpg" {
				err := errors.New("SlowDown: reduce your request rate")
				h.Progress(s3xfer.Event{Index: i, Item: it, Kind: s3xfer.Failed, Total: it.Size, Err: err})
				sum.Failed++
				sum.Errors[i] = err
				continue
			}
			h.Progress(s3xfer.Event{Index: i, Item: it, Kind: s3xfer.Done, Bytes: it.Size, Total: it.Size})
			sum.Done++
		}
		return sum
	})
	run(d, board.Start(eng, "download 3 files to /tmp/x", []s3xfer.Item{download("a.jpg", 1), download("b.jpg", 2), download("c.jpg", 3)}, nil))
	d.WaitForText(wait, "✗ 2 of 3 failed", "s3://photos/b.jpg: SlowDown", "s3://photos/c.jpg: SlowDown", "r retry failed files")
	d.Key("r")
	d.WaitForText(wait, "retry: download 3 files to /tmp/x · ✓ 2 files")
	mu.Lock()
	defer mu.Unlock()
	if len(runs) != 2 || !slices.Equal(runs[1], []string{"b.jpg", "c.jpg"}) {
		t.Errorf("runs %q: the retry should take b.jpg and c.jpg only", runs)
	}
}

// A run that ends right after its last events still counts them: a transfer whose last file
// failed says so in its row and in an error toast, whichever of the run's end and the events'
// last batch the app takes first.
func TestTheToastCountsEveryFile(t *testing.T) {
	for range 5 {
		d, board, _ := boardApp(t)
		run(d, board.Start(runFunc(func(_ context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
			h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Started, Total: 1000})
			for n := range 999 { // more than a batch, so the last events come after the run's end
				h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Progress, Bytes: int64(n), Total: 1000})
			}
			err := errors.New("InternalError: we are sorry")
			h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Failed, Total: 1000, Err: err})
			return result(0, 1, map[int]error{0: err})
		}), "download 1 file to /tmp/x", []s3xfer.Item{download("a.jpg", 1000)}, nil))
		d.WaitFor("the end", wait, func(s string) bool { return strings.Contains(s, "download 1 file to /tmp/x: ") })
		if s := d.Screen(); !strings.Contains(s, "download 1 file to /tmp/x: ✗ 1 of 1 failed — InternalError: we are sorry") {
			t.Fatalf("the toast should say the file failed:\n%s", s)
		}
	}
}

// A run's overwrite question opens the dialog over the page: its answer (capital: for every
// later file) reaches the run; closing it unanswered fails that file.
func TestOverwriteQuestionIsADialog(t *testing.T) {
	d, board, _ := boardApp(t)
	answers := make(chan string, 2)
	run(d, board.Start(runFunc(func(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
		for _, it := range items {
			a, err := h.Conflict(ctx, it)
			switch {
			case err != nil:
				answers <- "error: " + err.Error()
			default:
				answers <- map[s3xfer.Action]string{s3xfer.Overwrite: "overwrite", s3xfer.Skip: "skip", s3xfer.Rename: "rename"}[a.Action] +
					map[bool]string{true: " all", false: ""}[a.All]
			}
		}
		return result(0, 0, nil)
	}), "download 2 files to /tmp/x", []s3xfer.Item{download("a.jpg", 1), download("b.jpg", 2)}, nil))
	d.WaitForText(wait, "File exists", "/tmp/x/a.jpg", "exists; downloading s3://photos/a.jpg", "o overwrite")
	d.Key("R")
	if got := recv(t, d, answers); got != "rename all" {
		t.Errorf("R answered %q", got)
	}
	d.WaitForText(wait, "exists; downloading s3://photos/b.jpg")
	d.Key("esc")
	if got := recv(t, d, answers); got != "error: the overwrite question was closed unanswered" {
		t.Errorf("esc answered %q", got)
	}
	d.WaitFor("the dialog gone", wait, func(s string) bool { return !strings.Contains(s, "File exists") })

	// An upload's question names the object.
	run(d, board.Start(runFunc(func(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
		a, err := h.Conflict(ctx, items[0])
		answers <- map[s3xfer.Action]string{s3xfer.Overwrite: "overwrite", s3xfer.Skip: "skip", s3xfer.Rename: "rename"}[a.Action]
		_ = err
		return result(0, 0, nil)
	}), "upload 1 file to s3://photos/", []s3xfer.Item{{Op: s3xfer.Upload, Local: "/home/me/a.jpg", Bucket: "photos", Key: "a.jpg"}}, nil))
	d.WaitForText(wait, "Object exists", "s3://photos/a.jpg", "exists; uploading /home/me/a.jpg")
	d.Key("s")
	if got := recv(t, d, answers); got != "skip" {
		t.Errorf("s answered %q", got)
	}
	d.WaitFor("the dialog gone", wait, func(s string) bool { return !strings.Contains(s, "Object exists") })

	// When S3 would not say (403), the question says it cannot tell.
	run(d, board.Start(runFunc(func(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
		a, _ := h.Conflict(ctx, items[0])
		answers <- map[s3xfer.Action]string{s3xfer.Overwrite: "overwrite", s3xfer.Skip: "skip", s3xfer.Rename: "rename"}[a.Action]
		return result(0, 0, nil)
	}), "upload 1 file to s3://photos/", []s3xfer.Item{{Op: s3xfer.Upload, Local: "/home/me/b.jpg", Bucket: "photos", Key: "b.jpg", MayExist: true}}, nil))
	d.WaitForText(wait, "Object may exist", "may exist (S3 would not say: no permission to read it); uploading /home/me/b.jpg")
	d.Key("o")
	if got := recv(t, d, answers); got != "overwrite" {
		t.Errorf("o answered %q", got)
	}
}

// The board tells its busy hook that transfers run as each starts, again no more often than
// every few seconds of its clock while they run, and that none runs once the last has ended
// (ui.go raises the soft memory limit for them and gives it back).
func TestBusyIsToldWhileTransfersRun(t *testing.T) {
	d, board, clock := boardApp(t)
	var told []bool
	board.SetBusy(func(running bool) { told = append(told, running) })
	steps := [2]chan int64{make(chan int64), make(chan int64)}
	step := func(n int, bytes int64) { go func() { steps[n] <- bytes }() }
	start := func(n int) {
		run(d, board.Start(runFunc(func(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary {
			h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Started, Total: 10})
			for {
				select {
				case b := <-steps[n]:
					if b == 10 {
						h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Done, Bytes: 10, Total: 10})
						return result(1, 0, nil)
					}
					h.Progress(s3xfer.Event{Index: 0, Item: items[0], Kind: s3xfer.Progress, Bytes: b, Total: 10})
				case <-ctx.Done():
					return result(0, 0, nil)
				}
			}
		}), fmt.Sprintf("download %d", n), []s3xfer.Item{download("a.jpg", 10)}, nil))
	}
	start(0)
	start(1)
	if !slices.Equal(told, []bool{true, true}) {
		t.Fatalf("told %v as two transfers started", told)
	}
	step(0, 5)
	d.WaitForText(wait, "5 B/10 B")
	if len(told) != 2 {
		t.Errorf("told %v within a second of the start", told)
	}
	clock.Advance(6 * time.Second)
	step(1, 5)
	d.WaitForText(wait, "10 B of 20 B")
	if !slices.Equal(told, []bool{true, true, true}) {
		t.Errorf("told %v after 6 s of transfers", told)
	}
	step(0, 10)
	d.WaitForText(wait, "✓ 1 file", "⟳ 0/1 files")
	if slices.Contains(told, false) {
		t.Errorf("told %v while one transfer still runs", told)
	}
	step(1, 10)
	d.WaitFor("both ended", wait, func(s string) bool { return strings.Count(s, "✓ 1 file") >= 2 && !strings.Contains(s, "⟳") })
	if told[len(told)-1] {
		t.Errorf("told %v after the last transfer ended", told)
	}
}
