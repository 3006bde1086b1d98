package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// TransferOptions are the flags of `nimbus cp`, `mv` and `sync`: aws s3's.
type TransferOptions struct {
	Src, Dst        string
	Recursive       bool           // cp, mv (sync always is)
	Rules           []s3xfer.Rule  // --include / --exclude, in command-line order
	DryRun          bool           // print what would be done; do nothing
	Quiet           bool           // no result lines (failures are still printed)
	NoProgress      bool           // no progress line
	StorageClass    string         // uploads and copies
	ContentType     string         // uploads and copies
	FollowSymlinks  bool           // uploads read what symlinks point to (default: skipped, with a warning)
	Delete          bool           // sync: delete what only the destination has
	SizeOnly        bool           // sync: compare sizes only
	ExactTimestamps bool           // sync: a download when the times differ at all
	Terminal        bool           // stdout is a terminal: the progress line is drawn there
	Engine          s3xfer.Options // bounds; zero means the engine's defaults
	// Planned, when set, is called once the plan is made, before the first transfer: the command
	// sizes the process's memory limit then, with the plan in memory (nimbus's main).
	Planned func()
}

// Cp copies files and objects like `aws s3 cp`: local to S3 (upload), S3 to local (download),
// S3 to S3 (server-side copy), one file or with Recursive a directory or prefix. It prints aws's
// lines ("upload: ./a to s3://b/a"; "upload failed: … <why>" on stderr) and returns aws s3's
// codes: 0, 1 when a transfer failed, 2 when files were skipped (symlinks, unsafe keys), 255 for
// a missing local source, 252 for a command line that does not make sense.
func Cp(ctx context.Context, nav *s3nav.Client, o TransferOptions, stdout, stderr io.Writer) int {
	return transfer(ctx, nav, "cp", o, stdout, stderr)
}

// Mv is Cp that removes each source once it is transferred, printing "move: …".
func Mv(ctx context.Context, nav *s3nav.Client, o TransferOptions, stdout, stderr io.Writer) int {
	return transfer(ctx, nav, "mv", o, stdout, stderr)
}

// Sync makes the destination like the source as `aws s3 sync` does: what is missing or differs
// (size, or time as aws compares it; --size-only, --exact-timestamps) is transferred, and with
// Delete what only the destination has is deleted.
func Sync(ctx context.Context, nav *s3nav.Client, o TransferOptions, stdout, stderr io.Writer) int {
	return transfer(ctx, nav, "sync", o, stdout, stderr)
}

func transfer(ctx context.Context, nav *s3nav.Client, cmd string, o TransferOptions, stdout, stderr io.Writer) int {
	filter, err := s3xfer.Rules(o.Rules)
	if err != nil {
		fmt.Fprintf(stderr, "nimbus %s: %s\n", cmd, textsafe.Clean(err.Error()))
		return ExitUsage
	}
	src, srcOK := parseLocation(o.Src)
	dst, dstOK := parseLocation(o.Dst)
	switch {
	case o.Src == "-" || o.Dst == "-":
		// aws s3 cp streams stdin or stdout there; nimbus does not (yet), and must not take "-"
		// for a file name: a download would write ./-, an upload would send a file named -.
		fmt.Fprintf(stderr, "nimbus %s: - (streaming stdin or stdout, as aws s3 cp does) is not supported: give a file or directory\n", cmd)
		return ExitUsage
	case !srcOK || !dstOK:
		fmt.Fprintf(stderr, "nimbus %s: an s3:// path needs a bucket (s3://bucket/key)\n", cmd)
		return ExitUsage
	case !src.IsS3() && !dst.IsS3():
		fmt.Fprintf(stderr, "nimbus %s: one of the paths must be s3:// (local to local is not a transfer)\n", cmd)
		return ExitUsage
	}
	eo := o.Engine
	eo.StorageClass, eo.ContentType, eo.FollowSymlinks = o.StorageClass, o.ContentType, o.FollowSymlinks
	eng := s3xfer.New(nav, eo)

	if !src.IsS3() {
		if _, err := os.Stat(src.Local); err != nil && errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "\nThe user-provided path %s does not exist.\n", textsafe.Clean(o.Src))
			return ExitError
		}
	}
	if !src.IsS3() && cmd != "sync" && !o.Recursive {
		if st, err := os.Stat(src.Local); err == nil && st.IsDir() {
			// aws s3 tries the upload and fails it as Python's open() of a directory does.
			verb := "upload"
			if cmd == "mv" {
				verb = "move"
			}
			abs, _ := filepath.Abs(src.Local)
			if o.DryRun { // aws opens nothing then, and says it would upload the directory
				if !o.Quiet {
					fmt.Fprintf(stdout, "(dryrun) %s: %s to %s\n", verb, textsafe.Clean(displayDir(abs)), textsafe.Clean(o.Dst))
				}
				return ExitOK
			}
			fmt.Fprintf(stderr, "%s failed: %s to %s [Errno 21] Is a directory: '%s'\n", verb,
				textsafe.Clean(displayDir(abs)), textsafe.Clean(o.Dst), textsafe.Clean(abs+string(filepath.Separator)))
			return ExitS3Failed
		}
	}
	plan, err := planFor(ctx, eng, cmd, o, src, dst, filter)
	if err != nil {
		fmt.Fprintf(stderr, "fatal error: %s\n", textsafe.Clean(fatalText(err)))
		return s3Code(err)
	}
	code := ExitOK
	for _, w := range plan.Warnings {
		fmt.Fprintf(stderr, "warning: Skipping file %s. %s\n", textsafe.Clean(displayPath(w.Path)), textsafe.Clean(w.Err.Error()))
		code = 2
	}
	verb := func(it s3xfer.Item) string {
		if cmd == "mv" {
			return "move"
		}
		return it.Op.String()
	}
	if o.DryRun {
		for _, it := range plan.Items {
			if !o.Quiet {
				fmt.Fprintf(stdout, "(dryrun) %s\n", resultLine(verb(it), it))
			}
		}
		return code
	}

	if o.Planned != nil {
		o.Planned()
	}
	pr := &printer{w: stdout, draw: o.Terminal && !o.Quiet && !o.NoProgress, files: len(plan.Items), total: plan.Total()}
	sum := eng.Run(ctx, plan.Items, s3xfer.Handlers{Progress: func(ev s3xfer.Event) {
		switch ev.Kind {
		case s3xfer.Progress:
			pr.progress(ev.Index, ev.Bytes)
		case s3xfer.Done:
			pr.progress(ev.Index, ev.Total)
			pr.finished()
			if !o.Quiet {
				pr.line(resultLine(verb(ev.Item), ev.Item))
			}
		case s3xfer.Failed:
			pr.finished()
			pr.clear()
			fmt.Fprintf(stderr, "%s failed: %s %s\n", verb(ev.Item), resultPaths(ev.Item), textsafe.Clean(itemErrorText(ev.Err)))
		}
	}})
	pr.clear()
	if sum.Failed > 0 {
		if ctx.Err() != nil {
			return ExitInterrupted
		}
		return ExitS3Failed
	}
	return code
}

func planFor(ctx context.Context, eng *s3xfer.Engine, cmd string, o TransferOptions, src, dst s3xfer.Location, filter s3xfer.Filter) (s3xfer.Plan, error) {
	var plan s3xfer.Plan
	var err error
	switch {
	case cmd == "sync":
		mode := s3xfer.SizeAndTime
		if o.SizeOnly {
			mode = s3xfer.SizeOnly
		} else if o.ExactTimestamps {
			mode = s3xfer.ExactTimestamps
		}
		return eng.PlanSync(ctx, src, dst, s3xfer.SyncOptions{Mode: mode, Delete: o.Delete, Filter: filter})
	case !src.IsS3():
		plan, err = eng.PlanUpload(src.Local, o.Recursive, dst.Bucket, dst.Prefix, filter)
	case !dst.IsS3():
		plan, err = eng.PlanDownload(ctx, src.Bucket, src.Prefix, o.Recursive, dst.Local, filter)
	default:
		plan, err = eng.PlanCopy(ctx, src.Bucket, src.Prefix, o.Recursive, dst.Bucket, dst.Prefix, filter)
	}
	if cmd == "mv" {
		for i := range plan.Items {
			plan.Items[i].Move = true
		}
	}
	return plan, err
}

// parseLocation reads s3://bucket/key or a local path.
func parseLocation(p string) (s3xfer.Location, bool) {
	if strings.HasPrefix(p, "s3://") {
		bucket, key, ok := parseObjectURI(p)
		return s3xfer.Location{Bucket: bucket, Prefix: key}, ok
	}
	return s3xfer.Location{Local: p}, p != ""
}

// resultLine is aws's "upload: ./a to s3://b/a", "delete: s3://b/k".
func resultLine(verb string, it s3xfer.Item) string {
	return verb + ": " + resultPaths(it)
}

func resultPaths(it s3xfer.Item) string {
	src := textsafe.Clean(displayPath(it.Src()))
	if it.Op == s3xfer.Delete {
		return src
	}
	return src + " to " + textsafe.Clean(displayPath(it.Dst()))
}

// displayPath shows a local path as the AWS CLI does (relative_path): its directory relative to
// the working directory, then its name — "./a.txt", "out/sub/b.txt". s3:// paths are as they are.
func displayPath(p string) string {
	if strings.HasPrefix(p, "s3://") {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	dir, base := filepath.Split(abs)
	wd, err := os.Getwd()
	if err != nil {
		return abs
	}
	rel, err := filepath.Rel(wd, dir)
	if err != nil {
		return abs
	}
	if rel == "." {
		return "." + string(filepath.Separator) + base // os.path.join(".", name) keeps the "./"
	}
	return filepath.Join(rel, base)
}

// displayDir shows a local directory as the AWS CLI does, relative to the working directory and
// with a separator after it: "d/", "./".
func displayDir(abs string) string {
	wd, err := os.Getwd()
	if err != nil {
		return abs + string(filepath.Separator)
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil {
		return abs + string(filepath.Separator)
	}
	return rel + string(filepath.Separator)
}

// fatalText words a planning failure as aws s3 does; a missing object reads like its
// "An error occurred (404) when calling the HeadObject operation: Key "k" does not exist".
func fatalText(err error) string {
	var resp *smithyhttp.ResponseError
	var op *smithy.OperationError
	if errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusNotFound && errors.As(err, &op) && op.OperationName == "HeadObject" {
		key := ""
		var se *s3nav.Error
		if errors.As(err, &se) {
			if _, k, ok := parseObjectURI(strings.TrimPrefix(se.Action, "reading ")); ok {
				key = k
			}
		}
		return fmt.Sprintf("An error occurred (404) when calling the HeadObject operation: Key %q does not exist", key)
	}
	return itemErrorText(err)
}

// itemErrorText is the reason after "upload failed: SRC to DST".
func itemErrorText(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return cliErrorText(err)
	}
	var uk *s3xfer.UnsafeKeyError
	if errors.As(err, &uk) {
		return uk.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return s3xfer.Describe(err)
}

// printer draws aws's progress line on a terminal ("Completed 1.0 MiB/4.0 MiB (2.1 MiB/s) with 3
// file(s) remaining") under the result lines, at most ten times a second.
type printer struct {
	w     io.Writer
	draw  bool
	files int
	total int64

	bytes   map[int]int64
	done    int64
	ended   int
	meter   s3xfer.Meter
	last    time.Time
	showing bool
}

func (p *printer) progress(i int, n int64) {
	if p.bytes == nil {
		p.bytes = map[int]int64{}
	}
	if d := n - p.bytes[i]; d > 0 {
		p.done += d
		p.bytes[i] = n
	}
	if !p.draw {
		return
	}
	p.meter.Add(p.done)
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond {
		p.last = now
		p.redraw()
	}
}

func (p *printer) finished() { p.ended++ }

func (p *printer) redraw() {
	rate := humanSize(int64(p.meter.Rate()))
	fmt.Fprintf(p.w, "\r\x1b[2KCompleted %s/%s (%s/s) with %d file(s) remaining", humanSize(p.done), humanSize(p.total), rate, p.files-p.ended)
	p.showing = true
}

func (p *printer) clear() {
	if p.showing {
		fmt.Fprint(p.w, "\r\x1b[2K")
		p.showing = false
	}
}

// line prints a result line above the progress line.
func (p *printer) line(s string) {
	p.clear()
	fmt.Fprintln(p.w, s)
	if p.draw && p.ended < p.files {
		p.redraw()
	}
}
