package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/advice"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// LsOptions are the flags of `nimbus ls` (main declares them with the global flags --profile,
// --region, --endpoint-url and --readonly, so they may come anywhere on the line).
type LsOptions struct {
	// Path is s3://bucket/prefix (or bucket/prefix, as aws accepts); empty lists the buckets.
	Path string
	// Recursive lists every key under the prefix instead of grouping them at "/".
	Recursive bool
	// JSON prints one JSON object per line instead of aws's columns.
	JSON bool
	// HumanReadable prints sizes as KiB, MiB… like aws s3 ls.
	HumanReadable bool
	// Summarize prints the number of objects and their total size.
	Summarize bool
	// PageSize is the keys per request, 1–1000; 0 means s3nav.DefaultPageSize.
	PageSize int
}

// Ls runs `nimbus ls` on nav and returns the exit code. Output matches `aws s3 ls` line for line
// (dates in the local time zone); --json prints one JSON object per line instead. Every string
// from S3 is sanitised before it is printed: textsafe.Clean for text, JSON escaping (control
// characters as \u00XX) for --json. Errors are one line on stderr.
//
// It lists through s3nav, the S3 browser's data layer, not the generic invoker `nimbus call`
// runs on: s3nav.Walk lists a --recursive subtree in parallel, in key order.
func Ls(ctx context.Context, nav *s3nav.Client, opts LsOptions, stdout, stderr io.Writer) int {
	return ls(ctx, nav, opts, stdout, stderr, time.Local)
}

func ls(ctx context.Context, nav *s3nav.Client, opts LsOptions, stdout, stderr io.Writer, loc *time.Location) int {
	if opts.PageSize == 0 {
		opts.PageSize = int(s3nav.DefaultPageSize)
	}
	if opts.PageSize < 1 || opts.PageSize > 1000 {
		fmt.Fprintf(stderr, "nimbus ls: --page-size must be between 1 and 1000, not %d\n", opts.PageSize)
		return ExitUsage
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	p := &lsPrinter{w: out, opts: opts, loc: loc}

	var err error
	bucket, prefix := splitS3Path(opts.Path)
	if bucket == "" {
		err = p.buckets(ctx, nav)
	} else {
		var found bool
		found, err = p.objects(ctx, nav, bucket, prefix)
		if err == nil && !found && prefix != "" {
			// aws s3 ls exits 1 when nothing matches a prefix, so scripts can test for existence.
			out.Flush()
			return ExitS3Failed
		}
	}
	if err == nil && opts.Summarize && bucket != "" && !opts.JSON {
		p.summary()
	}
	if flushErr := out.Flush(); err == nil && flushErr != nil {
		err = fmt.Errorf("writing the listing: %w", flushErr)
	}
	if err != nil {
		msg := s3nav.Describe(err)
		if adv := sessionmgr.Advise(err); adv.Offer != advice.None {
			msg += " — " + adv.Steps(advice.CLI) // expired credentials: the session's advice
		}
		fmt.Fprintf(stderr, "nimbus ls: %s\n", textsafe.Clean(msg))
		if p.written > 0 {
			fmt.Fprintf(stderr, "nimbus ls: %s\n", p.incomplete())
		}
		return ExitCode(err)
	}
	return ExitOK
}

// splitS3Path reads "s3://bucket/prefix" (or "bucket/prefix", as aws accepts) into its parts.
func splitS3Path(p string) (bucket, prefix string) {
	p = strings.TrimPrefix(p, "s3://")
	bucket, prefix, _ = strings.Cut(p, "/")
	return bucket, prefix
}

type lsPrinter struct {
	w    *bufio.Writer
	opts LsOptions
	loc  *time.Location

	count     int
	totalSize int64
	// written counts the lines (prefixes and objects) of the pages fully written; pages counts
	// those pages, so a failure can say how much of the listing is out.
	written int
	pages   int
}

// incomplete says how much was written before a listing failed: "incomplete listing: 2,000
// entries from 2 pages were written before page 3 failed".
func (p *lsPrinter) incomplete() string {
	entries, pages := "entries", "pages"
	if p.written == 1 {
		entries = "entry"
	}
	if p.pages == 1 {
		pages = "page"
	}
	return fmt.Sprintf("incomplete listing: %s %s from %d %s were written before page %d failed",
		format.Count(p.written), entries, p.pages, pages, p.pages+1)
}

const awsTimeLayout = "2006-01-02 15:04:05"

func (p *lsPrinter) buckets(ctx context.Context, nav *s3nav.Client) error {
	buckets, err := nav.Buckets(ctx)
	if err != nil {
		return err
	}
	for _, b := range buckets {
		if p.opts.JSON {
			if err := p.json(jsonBucket{Type: "bucket", Name: b.Name, Region: b.Region, Created: b.Created.UTC()}); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(p.w, "%s %s\n", b.Created.In(p.loc).Format(awsTimeLayout), textsafe.Clean(b.Name))
	}
	return nil
}

// objects prints the listing page by page, flushing each so a long listing shows at once.
// found reports whether anything was listed.
func (p *lsPrinter) objects(ctx context.Context, nav *s3nav.Client, bucket, prefix string) (found bool, err error) {
	if p.opts.Recursive {
		// The whole subtree: list the common prefixes' runs concurrently, printed in key order.
		err := nav.Walk(ctx, bucket, prefix, s3nav.WalkOptions{PageSize: int32(p.opts.PageSize)}, func(entries []s3nav.Entry) error {
			for _, e := range entries {
				found = true
				if err := p.entry(e); err != nil {
					return err
				}
			}
			if err := p.w.Flush(); err != nil {
				return fmt.Errorf("writing the listing: %w", err)
			}
			p.written += len(entries)
			p.pages++
			return nil
		})
		return found, err
	}
	l := nav.NewLister(bucket, prefix, p.opts.Recursive, int32(p.opts.PageSize))
	for {
		page, err := l.Next(ctx)
		if err != nil {
			return found, err
		}
		for _, e := range page.Entries {
			found = true
			if err := p.entry(e); err != nil {
				return found, err
			}
		}
		if err := p.w.Flush(); err != nil {
			return found, fmt.Errorf("writing the listing: %w", err)
		}
		p.written += len(page.Entries)
		p.pages++
		if !page.More {
			return found, nil
		}
	}
}

func (p *lsPrinter) entry(e s3nav.Entry) error {
	if !e.IsPrefix {
		p.count++
		p.totalSize += e.Size
	}
	if p.opts.JSON {
		if e.IsPrefix {
			return p.json(jsonEntry{Type: "prefix", Key: e.Key, Name: e.Name})
		}
		lm := e.LastModified.UTC()
		return p.json(jsonEntry{Type: "object", Key: e.Key, Name: e.Name, Size: &e.Size, LastModified: &lm,
			StorageClass: e.StorageClass, ETag: e.ETag})
	}
	if e.IsPrefix {
		// aws prints the last path component of the prefix: "2024/01/" -> "01/".
		parts := strings.Split(e.Key, "/")
		name := parts[len(parts)-1]
		if len(parts) >= 2 {
			name = parts[len(parts)-2]
		}
		fmt.Fprintf(p.w, "%30s %s/\n", "PRE", textsafe.Clean(name))
		return nil
	}
	name := e.Key
	if !p.opts.Recursive {
		name = name[strings.LastIndexByte(name, '/')+1:]
	}
	fmt.Fprintf(p.w, "%-19s %10s %s\n", e.LastModified.In(p.loc).Format(awsTimeLayout), p.size(e.Size), textsafe.Clean(name))
	return nil
}

func (p *lsPrinter) size(n int64) string {
	if p.opts.HumanReadable {
		return humanSize(n)
	}
	return fmt.Sprint(n)
}

func (p *lsPrinter) summary() {
	size := fmt.Sprint(p.totalSize)
	if p.opts.HumanReadable {
		size = humanSize(p.totalSize)
	}
	fmt.Fprintf(p.w, "\n%15s%d\n%15s%s\n", "Total Objects: ", p.count, "Total Size: ", size)
}

// humanSize is the AWS CLI's human_readable_size: 1 Byte, 10 Bytes, 1.0 KiB, 2.5 MiB…
func humanSize(n int64) string {
	const base = 1024.0
	v := float64(n)
	switch {
	case n == 1:
		return "1 Byte"
	case v < base:
		return fmt.Sprintf("%d Bytes", n)
	}
	for i, suffix := range []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"} {
		unit := math.Pow(base, float64(i+2))
		if math.RoundToEven(v/unit*base) < base {
			return fmt.Sprintf("%.1f %s", base*v/unit, suffix)
		}
	}
	return fmt.Sprintf("%d Bytes", n)
}

type jsonBucket struct {
	Type    string    `json:"type"`
	Name    string    `json:"name"`
	Region  string    `json:"region,omitempty"`
	Created time.Time `json:"created"`
}

type jsonEntry struct {
	Type         string     `json:"type"`
	Key          string     `json:"key"`
	Name         string     `json:"name"`
	Size         *int64     `json:"size,omitempty"`
	LastModified *time.Time `json:"last_modified,omitempty"`
	StorageClass string     `json:"storage_class,omitempty"`
	ETag         string     `json:"etag,omitempty"`
}

// json writes v as one line. encoding/json escapes C0 controls but lets DEL and the C1 controls
// (U+0080–U+009F, which some terminals obey) through; those are escaped here too. Both can only
// occur inside strings, so the result stays valid JSON.
func (p *lsPrinter) json(v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding JSON: %w", err)
	}
	_, err := p.w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

func escapeJSONControls(b []byte) []byte {
	if !bytes.ContainsFunc(b, isUnescapedControl) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if isUnescapedControl(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return out
}

// isUnescapedControl: what encoding/json leaves raw but a terminal would act on (DEL, C1) or
// reorder the line by (bidi controls); \uXXXX keeps the JSON value the same.
func isUnescapedControl(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r < 0xa0) || textsafe.IsBidi(r)
}
