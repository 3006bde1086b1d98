package s3nav

import (
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
)

// WalkOptions bound a parallel listing. Zero values mean the defaults.
type WalkOptions struct {
	// Concurrency is how many listings run at once (default 16).
	Concurrency int
	// MinParts: while the key space is split into fewer parts than this, each part is split again
	// one level deeper with the delimiter (default: Concurrency).
	MinParts int
	// MaxDepth bounds that splitting, in levels below the prefix (default 3).
	MaxDepth int
	// MaxParts: when the split finds more common prefixes than this, runs of consecutive
	// prefixes are listed together as one key range each, at most MaxParts ranges (default 4 ×
	// Concurrency): a level of thousands of small prefixes costs a few requests per range instead
	// of one request per prefix.
	MaxParts int
	// PageSize is the keys per request (default DefaultPageSize).
	PageSize int32
	// Buffer is how many pages the parts listed ahead of the output may hold together, beyond
	// one page each (default 64): at most Concurrency + Buffer pages of entries (~170 KB each of
	// 1,000 keys) are in memory, whatever the size of the bucket.
	Buffer int
}

func (o WalkOptions) withDefaults() WalkOptions {
	if o.Concurrency <= 0 {
		o.Concurrency = 16
	}
	if o.MinParts <= 0 {
		o.MinParts = o.Concurrency
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 3
	}
	if o.MaxParts <= 0 {
		o.MaxParts = 4 * o.Concurrency
	}
	if o.Buffer <= 0 {
		o.Buffer = 64
	}
	return o
}

// segment is one run of the key space, in key order: either objects already listed (a level's
// own objects) or a prefix still to be listed recursively.
type segment struct {
	key     string // the first object's key, or the prefix: segments sort by it
	entries []Entry
	prefix  string // non-empty: list recursively
	// ranged: list from prefix up to end ("": the end of the walk's prefix) as one range of keys,
	// every object and prefix in between with it.
	ranged bool
	end    string
	// started is closed once pages is made, when the part's listing starts (a walk may have
	// thousands of parts: each gets its channel only when it runs).
	started chan struct{}
	pages   chan page
	err     error // read after pages is closed
}

// page is a part's page on its way to the output, with the read-ahead slot it holds.
type page struct {
	entries []Entry
	slot    chan struct{} // where the slot goes back once the page is out
}

// readAhead bounds the pages listed but not yet handed to the caller. A part takes a slot
// before each request and the output gives it back once the page is out: first the part's own
// slot, so the part being emitted always moves on, then one of Buffer slots shared by all parts.
type readAhead struct {
	shared chan struct{}
}

func newReadAhead(n int) *readAhead {
	r := &readAhead{shared: make(chan struct{}, n)}
	for range n {
		r.shared <- struct{}{}
	}
	return r
}

// take waits for the part's own slot or a shared one.
func (r *readAhead) take(ctx context.Context, own chan struct{}) (chan struct{}, error) {
	select {
	case <-own:
		return own, nil
	default:
	}
	select {
	case <-own:
		return own, nil
	case <-r.shared:
		return r.shared, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Walk lists every object under prefix (no common prefixes: the whole subtree), calling fn with
// batches of entries strictly in key order, as one ListObjectsV2 walk would. It splits the key
// space by the common prefixes a delimiter listing finds ("/"), deeper while there are fewer
// parts than opt.MinParts, and lists the parts concurrently (more prefixes than opt.MaxParts are
// listed as ranges of consecutive ones); keys under a common prefix are one contiguous run in key
// order, so the parts are emitted one after the other, and the pages listed ahead of fn are
// bounded (opt.Buffer, see readAhead). The first error (or
// one returned by fn) stops the walk and is returned; what fn got before it is correct and in
// order. Entry.Name is relative to prefix.
func (c *Client) Walk(ctx context.Context, bucket, prefix string, opt WalkOptions, fn func([]Entry) error) error {
	opt = opt.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel() // first, so listings waiting for a read-ahead slot return
		wg.Wait()
	}()

	segs, err := c.split(ctx, bucket, prefix, opt)
	if err != nil {
		return err
	}

	// Start the listings in order, at most Concurrency ahead of the output.
	window := make(chan struct{}, opt.Concurrency)
	ahead := newReadAhead(opt.Buffer)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, s := range segs {
			if s.prefix == "" {
				continue
			}
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			// Room for every page the part can hold: sending never waits.
			s.pages = make(chan page, opt.Buffer+1)
			close(s.started)
			wg.Add(1)
			go func(s *segment) {
				defer wg.Done()
				defer close(s.pages)
				s.err = c.listAll(ctx, bucket, s, prefix, opt.PageSize, ahead)
			}(s)
		}
	}()

	for _, s := range segs {
		if s.prefix == "" {
			if err := fn(s.entries); err != nil {
				return err
			}
			continue
		}
		select {
		case <-s.started:
		case <-ctx.Done():
			return ctx.Err()
		}
		for p := range s.pages {
			p.slot <- struct{}{}
			if err := fn(p.entries); err != nil {
				return err
			}
		}
		if s.err != nil {
			return s.err
		}
		<-window
	}
	return nil
}

// listAll lists one segment recursively into its pages, naming entries relative to root, each
// page taken with a slot of ahead.
func (c *Client) listAll(ctx context.Context, bucket string, s *segment, root string, pageSize int32, ahead *readAhead) error {
	listed := s.prefix
	if s.ranged {
		listed = root // the range's bounds are checked below
	}
	l := c.NewLister(bucket, listed, true, pageSize)
	l.startAfter = seekHint(s.prefix)
	own := make(chan struct{}, 1)
	own <- struct{}{}
	for {
		slot, err := ahead.take(ctx, own)
		if err != nil {
			return err
		}
		p, err := l.Next(ctx)
		if err != nil {
			return err
		}
		entries, more := p.Entries, p.More
		if s.ranged {
			// The hint is below the range's first prefix and the server goes on past its end:
			// what lies outside belongs to the segments before and after.
			lo := sort.Search(len(entries), func(i int) bool { return entries[i].Key >= s.prefix })
			hi := len(entries)
			if s.end != "" {
				hi = sort.Search(len(entries), func(i int) bool { return entries[i].Key >= s.end })
			}
			if hi < len(entries) {
				more = false
			}
			entries = entries[lo:max(lo, hi)]
		}
		if len(entries) > 0 {
			rename(entries, root)
			s.pages <- page{entries: entries, slot: slot}
		} else {
			slot <- struct{}{}
		}
		if !more {
			return nil
		}
	}
}

// split cuts the key space under prefix into segments in key order.
func (c *Client) split(ctx context.Context, bucket, prefix string, opt WalkOptions) ([]*segment, error) {
	segs, err := c.level(ctx, bucket, prefix, prefix, opt.PageSize)
	if err != nil {
		return nil, err
	}
	for depth := 1; depth < opt.MaxDepth && countPrefixes(segs) > 0 && countPrefixes(segs) < opt.MinParts; depth++ {
		// Split every prefix one level deeper, concurrently (bounded).
		expanded := make([][]*segment, len(segs))
		errs := make([]error, len(segs))
		sem := make(chan struct{}, opt.Concurrency)
		var wg sync.WaitGroup
		for i, s := range segs {
			if s.prefix == "" {
				continue
			}
			wg.Add(1)
			sem <- struct{}{}
			go func(i int, p string) {
				defer wg.Done()
				defer func() { <-sem }()
				expanded[i], errs[i] = c.level(ctx, bucket, p, prefix, opt.PageSize)
			}(i, s.prefix)
		}
		wg.Wait()
		var next []*segment
		for i, s := range segs {
			if errs[i] != nil {
				return nil, errs[i]
			}
			if s.prefix == "" {
				next = append(next, s)
			} else {
				next = append(next, expanded[i]...)
			}
		}
		segs = next
	}
	segs = group(segs, opt.MaxParts)
	for _, s := range segs {
		if s.prefix != "" {
			s.started = make(chan struct{})
		}
	}
	return segs, nil
}

// group turns more than maxParts prefix segments into at most maxParts ranges of consecutive
// ones: each range runs from its first prefix to the next range's, so the objects between the
// prefixes are listed with them (their segments go); objects before the first prefix stay.
func group(segs []*segment, maxParts int) []*segment {
	n := countPrefixes(segs)
	if n <= maxParts {
		return segs
	}
	var out []*segment
	var last *segment // the range being filled
	seen := 0         // prefixes so far
	for _, s := range segs {
		if s.prefix == "" {
			if last == nil {
				out = append(out, s) // before the first range
			}
			continue
		}
		// Prefix number seen starts a new range where the even share moves on.
		if last == nil || seen*maxParts/n != (seen-1)*maxParts/n {
			if last != nil {
				last.end = s.prefix
			}
			last = &segment{key: s.prefix, prefix: s.prefix, ranged: true}
			out = append(out, last)
		}
		seen++
	}
	return out
}

// level lists one level of prefix with the delimiter: its objects become one ready segment
// each run between common prefixes, its common prefixes segments still to list. Names are made
// relative to root.
func (c *Client) level(ctx context.Context, bucket, prefix, root string, pageSize int32) ([]*segment, error) {
	var objects []Entry
	var prefixes []string
	l := c.NewLister(bucket, prefix, false, pageSize)
	l.startAfter = seekHint(prefix)
	for {
		page, err := l.Next(ctx)
		if err != nil {
			return nil, err
		}
		for _, e := range page.Entries {
			if e.IsPrefix {
				prefixes = append(prefixes, e.Key)
			} else {
				objects = append(objects, e)
			}
		}
		if !page.More {
			break
		}
	}
	sort.Strings(prefixes)
	// Some servers (gofakes3) report a folder marker "c/" as an object of the level beside the
	// common prefix "c/"; the prefix's own listing has it, in its place.
	objects = slices.DeleteFunc(objects, func(e Entry) bool {
		i := sort.SearchStrings(prefixes, e.Key) // the first prefix >= key
		if i < len(prefixes) && prefixes[i] == e.Key {
			return true
		}
		return i > 0 && strings.HasPrefix(e.Key, prefixes[i-1])
	})
	rename(objects, root)
	sort.Slice(objects, func(i, j int) bool { return objects[i].Key < objects[j].Key })

	// Merge: no object of this level starts with a common prefix, so comparing an object's key
	// with a prefix places it before or after every key under that prefix.
	var segs []*segment
	var run []Entry
	flush := func() {
		if len(run) > 0 {
			segs = append(segs, &segment{key: run[0].Key, entries: run})
			run = nil
		}
	}
	i := 0
	for _, p := range prefixes {
		for i < len(objects) && objects[i].Key < p {
			run = append(run, objects[i])
			i++
		}
		flush()
		segs = append(segs, &segment{key: p, prefix: p})
	}
	run = append(run, objects[i:]...)
	flush()
	return segs, nil
}

func countPrefixes(segs []*segment) int {
	n := 0
	for _, s := range segs {
		if s.prefix != "" {
			n++
		}
	}
	return n
}

func rename(entries []Entry, root string) {
	for i := range entries {
		entries[i].Name = strings.TrimPrefix(entries[i].Key, root)
	}
}

// seekHint is a StartAfter that skips nothing under prefix: prefix with its last byte one lower
// ("p05/" → "p05."), below every key that starts with prefix and above every key before them.
// S3 seeks to the prefix anyway; gofakes3 (the demo, scripts/fakes3) starts a listing without a
// marker at the bucket's first key, so each part of a walk would read every key before it. Only
// for a last byte that stays printable ASCII, so the hint is valid UTF-8 (a common prefix ends in
// the delimiter "/").
func seekHint(prefix string) string {
	n := len(prefix)
	if n == 0 || prefix[n-1] < '!' || prefix[n-1] > '~' {
		return ""
	}
	return prefix[:n-1] + string(prefix[n-1]-1)
}
