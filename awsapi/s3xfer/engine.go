// Package s3xfer is nimbus's transfer engine, shared by the TUI's transfer board and the headless
// cp, mv and sync commands: uploads, downloads and server-side copies of single objects and whole
// prefixes or directories on aws-sdk-go-v2's feature/s3/transfermanager, with bounded file and
// part concurrency, bounded memory, progress events, cancellation through the context, atomic
// downloads and an overwrite policy the caller decides. It never imports anything of the UI.
//
// The work is a list of Items (Plan* build them); Engine.Run carries them out and reports each
// one's start, bytes, end or failure through Handlers.Progress.
package s3xfer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
)

// Op is what an Item does.
type Op int

const (
	Upload   Op = iota // Local file → s3://Bucket/Key
	Download           // s3://Bucket/Key → Local file
	Copy               // s3://Bucket/Key → s3://DstBucket/DstKey, server-side
	Delete             // remove s3://Bucket/Key, or Local when Bucket is empty
)

func (o Op) String() string {
	return [...]string{"upload", "download", "copy", "delete"}[o]
}

// Item is one file or object to transfer.
type Item struct {
	Op     Op
	Local  string // the local file: source of an upload, destination of a download
	Bucket string // the S3 side: destination of an upload, source of a download or copy
	Key    string

	DstBucket, DstKey string // a copy's destination

	Size    int64
	ModTime time.Time // the local file's mtime (upload) or the object's LastModified
	ETag    string    // the object's ETag, when listed
	// VersionID downloads that version of the object rather than the current one.
	VersionID string
	// MayExist marks an upload's overwrite question when S3 would not say whether the object
	// exists (403 to HeadObject: no permission to read or list it).
	MayExist bool

	// Move: remove the source once the transfer succeeded (mv).
	Move bool
}

// Src and Dst are the item's two ends as `aws s3` prints them: a local path or s3://bucket/key.
func (it Item) Src() string {
	switch it.Op {
	case Upload:
		return it.Local
	case Delete:
		if it.Bucket == "" {
			return it.Local
		}
	}
	if it.VersionID != "" {
		return S3URI(it.Bucket, it.Key) + " (version " + it.VersionID + ")"
	}
	return S3URI(it.Bucket, it.Key)
}

func (it Item) Dst() string {
	switch it.Op {
	case Upload:
		return S3URI(it.Bucket, it.Key)
	case Download:
		return it.Local
	case Copy:
		return S3URI(it.DstBucket, it.DstKey)
	}
	return ""
}

// S3URI formats s3://bucket/key.
func S3URI(bucket, key string) string { return "s3://" + bucket + "/" + key }

// Options bound and shape the transfers. Zero values mean the defaults.
type Options struct {
	Files     int   // files in flight at once (default 32)
	Parts     int   // parts in flight per object (default 5)
	PartSize  int64 // bytes per part (default 8 MiB, the AWS CLI's)
	Threshold int64 // objects this big or bigger go in parts (default PartSize)
	// Memory bounds the part buffers of all the uploads in flight together (default
	// DefaultMemory): an upload in parts holds (its parts in flight + 2) parts, a smaller one its
	// size; files wait for their share, so many big files upload a few at a time.
	Memory int64
	// Budget, when set, is shared with other engines (the TUI's transfers): its memory replaces
	// Memory, and its files bound the files in flight of all of them together.
	Budget *Budget
	// CopyPartSize is the part size of a server-side copy in parts, above CopyThreshold (5 GiB,
	// the most one CopyObject takes).
	CopyPartSize  int64
	CopyThreshold int64

	StorageClass string // uploads and copies: x-amz-storage-class
	ContentType  string // uploads: instead of the one guessed from the file name
	// FollowSymlinks: uploads read the files and directories symlinks point to; by default they
	// are skipped (and reported).
	FollowSymlinks bool
	// Checksum is the flexible checksum of uploads (default CRC32 where the client's config
	// computes checksums "when supported"; none where it says "when required").
	Checksum types.ChecksumAlgorithm
}

func (o Options) withDefaults() Options {
	if o.Files <= 0 {
		o.Files = 32
	}
	if o.Parts <= 0 {
		o.Parts = 5
	}
	if o.PartSize <= 0 {
		o.PartSize = 8 << 20
	}
	if o.Threshold <= 0 {
		o.Threshold = o.PartSize
	}
	if o.Budget != nil {
		o.Memory = o.Budget.Memory()
	}
	if o.Memory <= 0 {
		o.Memory = DefaultMemory
	}
	if o.CopyThreshold <= 0 {
		o.CopyThreshold = 5 << 30
	}
	if o.CopyPartSize <= 0 {
		o.CopyPartSize = 512 << 20
	}
	return o
}

// DefaultMemory is the default budget of part buffers: two big uploads at once with the default
// parts (2 × 7 × 8 MiB), which keeps a process uploading any number of big files under 200 MB
// RSS (TestUploadPeakRSS) while five parts of each keep the line busy.
const DefaultMemory = 112 << 20

// Engine runs transfers for one session.
type Engine struct {
	nav    *s3nav.Client
	opts   Options
	budget *Budget
}

// New makes an Engine on the session's S3 client.
func New(nav *s3nav.Client, opts Options) *Engine {
	opts = opts.withDefaults()
	budget := opts.Budget
	if budget == nil {
		budget = NewBudget(opts.Memory, 0) // its own: Files workers bound its files
	}
	return &Engine{nav: nav, opts: opts, budget: budget}
}

// Options are the engine's options, defaults filled in.
func (e *Engine) Options() Options { return e.opts }

// EventKind says what happened to an item.
type EventKind int

const (
	Started  EventKind = iota // the transfer began; Total is known
	Progress                  // Bytes more are done
	Done                      // finished; Item.Local is the final name when it was renamed
	Skipped                   // not transferred (the overwrite answer was skip)
	Failed                    // Err says why
)

// Event reports an item's progress. Events of one Run are delivered one at a time (never
// concurrently), in order for each item.
type Event struct {
	Index int // into the items given to Run
	Item  Item
	Kind  EventKind
	Bytes int64 // Progress: bytes of this item done so far
	Total int64
	Err   error
}

// Action answers "the destination exists".
type Action int

const (
	Overwrite Action = iota
	Skip
	Rename // keep both: the new file gets a free name beside the old one ("a (1).txt")
)

// Answer is the caller's decision about one existing destination; All applies it to every later
// conflict of the same Run.
type Answer struct {
	Action Action
	All    bool
}

// Handlers are the caller's side of a Run; either may be nil.
type Handlers struct {
	// Progress gets every event. It runs on the transfer goroutines (one call at a time): keep it
	// quick, hand the event to a channel.
	Progress func(Event)
	// Conflict is asked, one question at a time, when a download's file exists or an upload's
	// object does (HeadObject tells, or for more than a few uploads one listing of their key
	// range). Nil means overwrite (what `aws s3 cp` does) and asks S3 nothing. An error fails
	// the item.
	Conflict func(ctx context.Context, it Item) (Answer, error)
}

// Summary counts what a Run did.
type Summary struct {
	Done, Skipped, Failed int
	Bytes                 int64
	// Errors holds the failed items' errors by index.
	Errors map[int]error
}

// Err is nil when nothing failed, else an error naming how many items failed and the first.
func (s Summary) Err() error {
	if s.Failed == 0 {
		return nil
	}
	first := -1
	for i := range s.Errors {
		if first < 0 || i < first {
			first = i
		}
	}
	if s.Failed == 1 {
		return s.Errors[first]
	}
	return fmt.Errorf("%d transfers failed; the first: %w", s.Failed, s.Errors[first])
}

// Run carries out the items, Options.Files at a time, and returns when all are done, skipped or
// failed. Cancelling ctx stops them: a download in flight leaves no file under its final name,
// an upload in parts is aborted. Items not started when ctx ends fail with ctx's error.
func (e *Engine) Run(ctx context.Context, items []Item, h Handlers) Summary {
	r := &run{e: e, h: h, sum: Summary{Errors: map[int]error{}}}
	if h.Conflict != nil {
		r.listed = e.listExisting(ctx, items)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(e.opts.Files, max(len(items), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r.one(ctx, i, items[i])
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	return r.sum
}

type run struct {
	e *Engine
	h Handlers

	emitMu sync.Mutex // one event at a time
	sumMu  sync.Mutex
	sum    Summary

	askMu sync.Mutex // one question at a time
	all   *Action
	// keys are the object keys renamed uploads took in this run (under askMu), so two renames
	// never pick the same free key before either object exists.
	keys map[string]bool
	// listed is which planned upload keys exist, where a listing said (many uploads).
	listed listedKeys
}

func (r *run) emit(ev Event) {
	if r.h.Progress == nil {
		return
	}
	r.emitMu.Lock()
	defer r.emitMu.Unlock()
	r.h.Progress(ev)
}

func (r *run) one(ctx context.Context, i int, it Item) {
	var err error
	if err = ctx.Err(); err == nil {
		err = r.do(ctx, i, &it)
	}
	r.sumMu.Lock()
	defer r.sumMu.Unlock()
	switch {
	case errors.Is(err, errSkipped):
		r.sum.Skipped++
		r.emit(Event{Index: i, Item: it, Kind: Skipped, Total: it.Size})
	case err != nil:
		r.sum.Failed++
		r.sum.Errors[i] = err
		r.emit(Event{Index: i, Item: it, Kind: Failed, Total: it.Size, Err: err})
	default:
		r.sum.Done++
		r.sum.Bytes += it.Size
		r.emit(Event{Index: i, Item: it, Kind: Done, Bytes: it.Size, Total: it.Size})
	}
}

var errSkipped = errors.New("skipped")

func (r *run) do(ctx context.Context, i int, it *Item) error {
	progress := func(done, total int64) {
		r.emit(Event{Index: i, Item: *it, Kind: Progress, Bytes: done, Total: total})
	}
	// A place among the files in flight (a shared budget's), taken once any question is
	// answered: a file waiting for a person holds none.
	start := func() (func(), error) {
		release, err := r.e.budget.acquireFile(ctx)
		if err != nil {
			return nil, err
		}
		r.emit(Event{Index: i, Item: *it, Kind: Started, Total: it.Size})
		return release, nil
	}
	var err error
	switch it.Op {
	case Upload:
		if err := r.resolveUploadConflict(ctx, it); err != nil {
			return err
		}
		release, serr := start()
		if serr != nil {
			return serr
		}
		defer release()
		err = r.e.upload(ctx, it, progress)
	case Download:
		reserved, cerr := r.resolveConflict(ctx, it)
		if cerr == nil {
			var release func()
			if release, cerr = start(); cerr == nil {
				defer release()
			}
		}
		if cerr != nil {
			if reserved {
				os.Remove(it.Local)
			}
			return cerr
		}
		if err = r.e.download(ctx, it, progress); err != nil && reserved {
			os.Remove(it.Local) // the empty file that held the new name
		}
	case Copy:
		release, serr := start()
		if serr != nil {
			return serr
		}
		defer release()
		err = r.e.copy(ctx, it, progress)
	case Delete:
		release, err := start()
		if err != nil {
			return err
		}
		defer release()
		return r.e.remove(ctx, it.Bucket, it.Key, it.Local)
	}
	if err != nil || !it.Move {
		return err
	}
	if it.Op == Upload {
		return r.e.remove(ctx, "", "", it.Local)
	}
	return r.e.remove(ctx, it.Bucket, it.Key, "")
}

// resolveConflict asks what to do when a download's file exists, and applies a rename: reserved
// says an empty file now holds the new name.
func (r *run) resolveConflict(ctx context.Context, it *Item) (reserved bool, err error) {
	if r.h.Conflict == nil {
		return false, nil
	}
	if _, err := os.Lstat(it.Local); err != nil {
		return false, nil
	}
	r.askMu.Lock()
	defer r.askMu.Unlock()
	act, err := r.ask(ctx, *it)
	if err != nil {
		return false, err
	}
	switch act {
	case Skip:
		return false, errSkipped
	case Rename:
		p, err := freeName(it.Local)
		if err != nil {
			return false, err
		}
		// Reserve the name under the lock, so two renames never pick the same one.
		f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return false, err
		}
		f.Close()
		it.Local = p
		return true, nil
	}
	return false, nil
}

// ask puts the question, or answers it with an earlier "all"; the caller holds askMu.
func (r *run) ask(ctx context.Context, it Item) (Action, error) {
	if r.all != nil {
		return *r.all, nil
	}
	ans, err := r.h.Conflict(ctx, it)
	if err != nil {
		return 0, err
	}
	if ans.All {
		r.all = &ans.Action
	}
	return ans.Action, nil
}

// resolveUploadConflict asks what to do when an upload's object exists (the run's listing, else
// HeadObject); a rename
// takes a free key beside it ("a (1).txt"). When S3 refuses to say (403), the question is asked
// all the same (Item.MayExist); any other failure to find out fails the item rather than risk
// replacing the object.
func (r *run) resolveUploadConflict(ctx context.Context, it *Item) error {
	if r.h.Conflict == nil {
		return nil
	}
	exists, known := r.listed.lookup(it.Bucket, it.Key)
	var err error
	if !known {
		exists, err = r.e.exists(ctx, it.Bucket, it.Key)
	}
	if isForbidden(err) {
		exists, err = true, nil // S3 would not say: ask rather than replace what may be there
		it.MayExist = true
	}
	if err != nil || !exists {
		return err
	}
	r.askMu.Lock()
	defer r.askMu.Unlock()
	act, err := r.ask(ctx, *it)
	it.MayExist = false
	if err != nil {
		return err
	}
	switch act {
	case Skip:
		return errSkipped
	case Rename:
		if r.keys == nil {
			r.keys = map[string]bool{}
		}
		for n := 1; n < 10000; n++ {
			cand := numbered(it.Key, n)
			if r.keys[cand] {
				continue
			}
			taken, err := r.e.exists(ctx, it.Bucket, cand)
			if err != nil {
				return err
			}
			if !taken {
				r.keys[cand] = true
				it.Key = cand
				return nil
			}
		}
		return fmt.Errorf("no free key beside %s", S3URI(it.Bucket, it.Key))
	}
	return nil
}

// exists asks S3 whether the object is there (HeadObject: 404 says no).
func (e *Engine) exists(ctx context.Context, bucket, key string) (bool, error) {
	api, err := e.nav.API(ctx, bucket)
	if err != nil {
		return false, err
	}
	_, err = api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err == nil {
		return true, nil
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) && status.HTTPStatusCode() == http.StatusNotFound {
		return false, nil
	}
	return false, s3err("checking whether "+S3URI(bucket, key)+" exists", err)
}

// Describe renders a transfer error as one line: s3nav's words for an S3 error, else the error.
func Describe(err error) string {
	var se *s3nav.Error
	if errors.As(err, &se) {
		return s3nav.Describe(err)
	}
	return strings.TrimSpace(err.Error())
}
