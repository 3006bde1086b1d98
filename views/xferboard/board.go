// Package xferboard keeps every transfer of the session (downloads and uploads started from the
// S3 browser), runs them on the s3xfer engine in the background, reports their bytes, rate and
// ETA live and lists them on the transfers page, where each can be cancelled and its failed files
// retried. Overwrite questions are dialogs. It outlives the pages that started the transfers.
package xferboard

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// Job is one transfer: the files of one download or upload.
type Job struct {
	ID      int
	Title   string // "download 3 objects to /home/me/x"
	Items   []s3xfer.Item
	Started time.Time
	Ended   time.Time
	Done    bool
	// Cancelled is set when the person cancelled it: its failures are no failures of S3.
	Cancelled bool

	Total, Bytes                 int64
	FilesDone, Skipped, Failures int
	// Errors are the failed items' errors by index into Items.
	Errors map[int]error
	// LeftOut is what the plan left out (symlinks, keys that would leave the directory), told
	// with the job rather than in a toast its end would replace.
	LeftOut []s3xfer.Warning

	itemBytes map[int]int64
	meter     s3xfer.Meter
	// ran and drained: the run returned, and every event it sent is applied. The job ends when
	// both are true, so its state and toast count every file (the run's message can overtake
	// the last batch of events).
	ran, drained bool
	events       chan s3xfer.Event
	questions    chan *Question
	eng          Runner
	cancel       context.CancelFunc
	onDone       func(*Job) tea.Cmd
}

// Running reports whether the job still runs.
func (j *Job) Running() bool { return !j.Done }

// Rate is bytes per second over the last seconds.
func (j *Job) Rate() float64 { return j.meter.Rate() }

// ETA is the time left at the current rate; ok is false while it is unknown.
func (j *Job) ETA() (time.Duration, bool) { return j.meter.ETA(j.Total) }

// State is a short text: "⟳ 2/3 files", "✓ 3 files", "✗ 1 of 3 failed", "✗ cancelled".
func (j *Job) State() string {
	n := len(j.Items)
	switch {
	case !j.Done:
		return fmt.Sprintf("⟳ %d/%d files", j.FilesDone+j.Skipped+j.Failures, n)
	case j.Cancelled:
		return "✗ cancelled"
	case j.Failures > 0:
		return fmt.Sprintf("✗ %d of %d failed", j.Failures, n)
	case j.Skipped > 0:
		return fmt.Sprintf("✓ %d %s, %d skipped", j.FilesDone, plural(j.FilesDone, "file", "files"), j.Skipped)
	}
	return fmt.Sprintf("✓ %d %s", n, plural(n, "file", "files"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Runner carries out a job's items: *s3xfer.Engine (tests give a scripted one).
type Runner interface {
	Run(ctx context.Context, items []s3xfer.Item, h s3xfer.Handlers) s3xfer.Summary
}

var _ Runner = (*s3xfer.Engine)(nil)

// Board is the set of transfers, a tui.Component: its tasks' results reach it whatever page is
// on top. Use it from the UI goroutine only.
type Board struct {
	env    tui.Env
	tasks  *tui.Tasks
	jobs   []*Job
	nextID int
	budget *s3xfer.Budget
	// busy, when set, hears that transfers run (true: as each starts, and at most every
	// busyEvery while any runs) or that none runs any more (false).
	busy     func(running bool)
	lastBusy time.Time
}

// busyEvery is how often a long transfer tells busy again (the process's memory may have
// grown meanwhile).
const busyEvery = 5 * time.Second

// SetBusy gives the board what keeps the process's memory in check while its transfers run
// (ui.go: the runtime's soft memory limit, raised for them and given back after).
func (b *Board) SetBusy(fn func(running bool)) { b.busy = fn }

// tellBusy calls busy with whether any job runs; throttled, a running board is told no sooner
// than busyEvery after the last time.
func (b *Board) tellBusy(throttled bool) {
	if b.busy == nil {
		return
	}
	_, _, _, n := b.Totals()
	if n == 0 {
		b.busy(false)
		return
	}
	if throttled && b.now().Sub(b.lastBusy) < busyEvery {
		return
	}
	b.lastBusy = b.now()
	b.busy(true)
}

// Files is how many files the board's transfers have in flight at once, all jobs together (the
// engine's default for one).
const Files = 32

// New returns an empty board whose transfers stop when env.Ctx ends, timed by env's clock.
func New(env tui.Env) *Board {
	return &Board{env: env, tasks: tui.NewTasks(env.Ctx), budget: s3xfer.NewBudget(s3xfer.DefaultMemory, Files)}
}

// Budget is the memory and the files in flight that every transfer of the board shares: the
// engines the board runs are made with it (s3xfer.Options.Budget), so the whole process holds
// one DefaultMemory of part buffers however many uploads run at once.
func (b *Board) Budget() *s3xfer.Budget { return b.budget }

func (b *Board) now() time.Time { return b.env.Time().Now() }

type (
	// eventsMsg is a batch of a job's events, read from its channel; closed when it ended.
	eventsMsg struct {
		id     int
		events []s3xfer.Event
		closed bool
	}
	questionMsg struct {
		id int
		q  *Question
	}
	doneMsg struct {
		id  int
		sum s3xfer.Summary
	}
)

// Start runs items on eng as a new job titled title. onDone, when set, runs when it ends (a page
// listing the prefix again).
func (b *Board) Start(eng Runner, title string, items []s3xfer.Item, onDone func(*Job) tea.Cmd) tea.Cmd {
	return b.StartPlan(eng, title, s3xfer.Plan{Items: items}, onDone)
}

// StartPlan is Start of a plan's items; its warnings stay with the job.
func (b *Board) StartPlan(eng Runner, title string, plan s3xfer.Plan, onDone func(*Job) tea.Cmd) tea.Cmd {
	items := plan.Items
	b.nextID++
	ctx, cancel := context.WithCancel(b.tasks.Context())
	j := &Job{ID: b.nextID, Title: title, Items: items, LeftOut: plan.Warnings, Started: b.now(), Errors: map[int]error{},
		itemBytes: map[int]int64{}, eng: eng, cancel: cancel, onDone: onDone}
	j.meter.Now = b.now
	j.meter.Add(0) // nothing done at the start: the rate counts from here, not from the first bytes
	for _, it := range items {
		j.Total += it.Size
	}
	b.jobs = append(b.jobs, j)
	j.events, j.questions = make(chan s3xfer.Event, 256), make(chan *Question)
	events, questions := j.events, j.questions
	id := j.ID
	run := b.tasks.Run(func(context.Context) tea.Msg {
		defer close(events)
		sum := eng.Run(ctx, items, s3xfer.Handlers{
			Progress: func(ev s3xfer.Event) {
				select {
				case events <- ev:
				case <-ctx.Done():
					if ev.Kind != s3xfer.Progress { // the ends still count
						events <- ev
					}
				}
			},
			Conflict: func(qctx context.Context, it s3xfer.Item) (s3xfer.Answer, error) {
				q := &Question{Item: it, reply: make(chan reply, 1)}
				select {
				case questions <- q:
				case <-qctx.Done():
					return s3xfer.Answer{}, qctx.Err()
				}
				select {
				case r := <-q.reply:
					return r.answer, r.err
				case <-qctx.Done():
					return s3xfer.Answer{}, qctx.Err()
				}
			},
		})
		return doneMsg{id: id, sum: sum}
	})
	b.tellBusy(false)
	return tea.Batch(run, b.read(j))
}

// read waits for the job's next events (taking whatever else is ready with them, so a flood of
// progress makes one redraw) or its next question.
func (b *Board) read(j *Job) tea.Cmd {
	id, events, questions := j.ID, j.events, j.questions
	return b.tasks.Run(func(ctx context.Context) tea.Msg {
		var batch []s3xfer.Event
		select {
		case ev, ok := <-events:
			if !ok {
				return eventsMsg{id: id, closed: true}
			}
			batch = append(batch, ev)
		case q := <-questions:
			return questionMsg{id: id, q: q}
		case <-ctx.Done():
			return nil
		}
		for len(batch) < 1024 {
			select {
			case ev, ok := <-events:
				if !ok {
					return eventsMsg{id: id, events: batch, closed: true}
				}
				batch = append(batch, ev)
			default:
				return eventsMsg{id: id, events: batch}
			}
		}
		return eventsMsg{id: id, events: batch}
	})
}

// Tasks implements tui.Component.
func (b *Board) Tasks() *tui.Tasks { return b.tasks }

// Update implements tui.Component.
func (b *Board) Update(msg tea.Msg) tea.Cmd {
	inner, ok := b.tasks.Accept(msg)
	if !ok {
		return nil
	}
	switch m := inner.(type) {
	case eventsMsg:
		j := b.Get(m.id)
		if j == nil {
			return nil
		}
		for _, ev := range m.events {
			j.apply(ev)
		}
		j.meter.Add(j.Bytes)
		b.tellBusy(true)
		if m.closed {
			j.drained = true
			return b.end(j)
		}
		return b.read(j)
	case questionMsg:
		j := b.Get(m.id)
		if j == nil {
			m.q.Answer(s3xfer.Answer{Action: s3xfer.Skip})
			return nil
		}
		return tea.Batch(tui.Open(NewConflictDialog(b.env, m.q)), b.read(j))
	case doneMsg:
		j := b.Get(m.id)
		if j == nil {
			return nil
		}
		j.ran = true
		return b.end(j)
	}
	return nil
}

// end finishes j once its run returned and its events are all in: its state, its onDone and
// a toast saying how it went.
func (b *Board) end(j *Job) tea.Cmd {
	if !j.ran || !j.drained || j.Done {
		return nil
	}
	j.Done, j.Ended = true, b.now()
	j.cancel()
	b.tellBusy(true) // false once no job runs
	var cmds []tea.Cmd
	if j.onDone != nil {
		cmds = append(cmds, j.onDone(j))
	}
	text := textsafe.Sprintf("%s: %s in %s", j.Title, j.State(), format.Duration(j.Ended.Sub(j.Started)))
	failed := j.Failures > 0 && !j.Cancelled
	if failed {
		text = textsafe.Sprintf("%s: %s — %s", j.Title, j.State(), firstError(j))
	}
	if n := len(j.LeftOut); n > 0 && !failed {
		text = textsafe.Sprintf("%s; %d left out: %s", text, n, j.LeftOut[0])
	}
	bad := failed || len(j.LeftOut) > 0
	cmds = append(cmds, func() tea.Msg { return tui.ToastMsg{Text: text, Error: bad} })
	return tea.Batch(cmds...)
}

func firstError(j *Job) string {
	first := -1
	for i := range j.Errors {
		if first < 0 || i < first {
			first = i
		}
	}
	if first < 0 {
		return ""
	}
	return s3xfer.Describe(j.Errors[first])
}

// apply takes one event into the job's counts.
func (j *Job) apply(ev s3xfer.Event) {
	set := func(n int64) {
		if d := n - j.itemBytes[ev.Index]; d != 0 {
			j.Bytes += d
			j.itemBytes[ev.Index] = n
		}
	}
	switch ev.Kind {
	case s3xfer.Progress:
		set(ev.Bytes)
	case s3xfer.Done:
		set(ev.Total)
		j.Items[ev.Index] = ev.Item // a rename is its final name
		j.FilesDone++
	case s3xfer.Skipped:
		j.Total -= ev.Total
		set(0)
		j.Skipped++
	case s3xfer.Failed:
		j.Failures++
		j.Errors[ev.Index] = ev.Err
	}
}

// Cancel stops a running job; its files in flight fail as cancelled and leave no partial file.
func (b *Board) Cancel(id int) {
	if j := b.Get(id); j != nil && !j.Done {
		j.Cancelled = true
		j.cancel()
	}
}

// Retry starts the failed files of a finished job again, as a new job.
func (b *Board) Retry(id int) tea.Cmd {
	j := b.Get(id)
	if j == nil || !j.Done || len(j.Errors) == 0 {
		return nil
	}
	var items []s3xfer.Item
	for i, it := range j.Items {
		if _, failed := j.Errors[i]; failed {
			items = append(items, it)
		}
	}
	return b.Start(j.eng, "retry: "+j.Title, items, j.onDone)
}

// Get returns the job with id, or nil.
func (b *Board) Get(id int) *Job {
	if i := slices.IndexFunc(b.jobs, func(j *Job) bool { return j.ID == id }); i >= 0 {
		return b.jobs[i]
	}
	return nil
}

// Jobs returns every job, newest first.
func (b *Board) Jobs() []*Job {
	out := slices.Clone(b.jobs)
	slices.Reverse(out)
	return out
}

// Totals are the running jobs' bytes, total and rate together.
func (b *Board) Totals() (done, total int64, rate float64, running int) {
	for _, j := range b.jobs {
		if j.Done {
			continue
		}
		running++
		done += j.Bytes
		total += j.Total
		rate += j.Rate()
	}
	return done, total, rate, running
}

// Indicator implements tui.Component: "⇅ 2 transfers 45%" while any runs.
func (b *Board) Indicator() string {
	done, total, _, n := b.Totals()
	if n == 0 {
		return ""
	}
	pct := 0
	if total > 0 {
		pct = int(done * 100 / total)
	}
	return fmt.Sprintf("⇅ %d %s %d%%", n, plural(n, "transfer", "transfers"), pct)
}

// Question is an overwrite question of a running job: the file exists. Answer it once; later
// answers are ignored.
type Question struct {
	Item  s3xfer.Item
	reply chan reply
	once  sync.Once
}

type reply struct {
	answer s3xfer.Answer
	err    error
}

// Answer gives the decision.
func (q *Question) Answer(a s3xfer.Answer) {
	q.once.Do(func() { q.reply <- reply{answer: a} })
}

// Cancel fails the file instead: nothing is written.
func (q *Question) Cancel() {
	q.once.Do(func() { q.reply <- reply{err: errors.New("the overwrite question was closed unanswered")} })
}
