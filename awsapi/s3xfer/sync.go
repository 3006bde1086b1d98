package s3xfer

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
)

// Location is one end of a sync: a local directory, or s3://Bucket/Prefix when Bucket is set.
type Location struct {
	Local  string
	Bucket string
	Prefix string
}

// IsS3 reports whether the location is in S3.
func (l Location) IsS3() bool { return l.Bucket != "" }

// SyncMode is how sync decides that a file present at both ends must be transferred again.
type SyncMode int

const (
	// SizeAndTime (the default): the sizes differ, or for an upload or copy the source is newer
	// than the destination, for a download the local file is newer than the object (the AWS CLI's
	// rule: a download sets the file's time to the object's, so a file changed since is newer).
	SizeAndTime     SyncMode = iota
	SizeOnly                 // --size-only: only the sizes
	ExactTimestamps          // --exact-timestamps: as SizeAndTime, but a download when the times differ at all
)

// FileStat is what sync compares.
type FileStat struct {
	Size    int64
	ModTime time.Time
}

// ShouldSync is aws s3 sync's decision for a file at both ends (awscli's syncstrategy: base.py,
// sizeonly.py, exacttimestamps.py), op being the transfer it would be.
func ShouldSync(op Op, src, dst FileStat, mode SyncMode) bool {
	if src.Size != dst.Size {
		return true
	}
	if mode == SizeOnly {
		return false
	}
	delta := dst.ModTime.Sub(src.ModTime)
	if op == Download {
		if mode == ExactTimestamps {
			return delta != 0
		}
		return delta > 0
	}
	return delta < 0
}

// SyncOptions shape PlanSync.
type SyncOptions struct {
	Mode   SyncMode
	Delete bool   // delete what the destination has and the source has not (filtered like the source)
	Filter Filter // applies to both ends, by path relative to each
}

type syncEntry struct {
	rel   string
	local string // the local file, for a local end
	key   string // the key, for an S3 end
	stat  FileStat
	etag  string
}

// PlanSync compares src and dst by path relative to each and plans what `aws s3 sync` would do:
// a transfer for each file missing or different at the destination, and with Delete a delete
// for each file only at the destination. Local to local is not a sync nimbus does.
func (e *Engine) PlanSync(ctx context.Context, src, dst Location, o SyncOptions) (Plan, error) {
	var p Plan
	if !src.IsS3() && !dst.IsS3() {
		return p, errors.New("sync needs an s3:// end")
	}
	srcEntries, err := e.syncList(ctx, src, o.Filter, &p.Warnings)
	if err != nil {
		return p, err
	}
	dstEntries, err := e.syncList(ctx, dst, o.Filter, &p.Warnings)
	if err != nil && !(errors.Is(err, fs.ErrNotExist) && !dst.IsS3()) {
		return p, err
	}
	have := make(map[string]syncEntry, len(dstEntries))
	for _, d := range dstEntries {
		have[d.rel] = d
	}
	op := Copy
	switch {
	case !src.IsS3():
		op = Upload
	case !dst.IsS3():
		op = Download
	}
	for _, s := range srcEntries {
		d, ok := have[s.rel]
		delete(have, s.rel)
		if ok && !ShouldSync(op, s.stat, d.stat, o.Mode) {
			continue
		}
		it := Item{Op: op, Size: s.stat.Size, ModTime: s.stat.ModTime, ETag: s.etag}
		switch op {
		case Upload:
			it.Local, it.Bucket, it.Key = s.local, dst.Bucket, joinKey(dst.Prefix, s.rel)
		case Download:
			local, err := LocalPath(dst.Local, s.key, s.rel)
			if err != nil {
				p.Warnings = append(p.Warnings, Warning{Path: S3URI(src.Bucket, s.key), Err: err})
				continue
			}
			it.Bucket, it.Key, it.Local = src.Bucket, s.key, local
		case Copy:
			it.Bucket, it.Key, it.DstBucket, it.DstKey = src.Bucket, s.key, dst.Bucket, joinKey(dst.Prefix, s.rel)
		}
		p.Items = append(p.Items, it)
	}
	if o.Delete {
		var gone []syncEntry
		for _, d := range have {
			gone = append(gone, d)
		}
		sort.Slice(gone, func(i, j int) bool { return gone[i].rel < gone[j].rel })
		for _, d := range gone {
			if dst.IsS3() {
				p.Items = append(p.Items, Item{Op: Delete, Bucket: dst.Bucket, Key: d.key})
			} else {
				p.Items = append(p.Items, Item{Op: Delete, Local: d.local})
			}
		}
	}
	return p, nil
}

// syncList lists one end, sorted by relative path.
func (e *Engine) syncList(ctx context.Context, l Location, filter Filter, warn *[]Warning) ([]syncEntry, error) {
	var out []syncEntry
	if l.IsS3() {
		prefix := l.Prefix
		if prefix != "" && !strings.HasSuffix(prefix, "/") {
			prefix += "/"
		}
		err := e.nav.Walk(ctx, l.Bucket, prefix, s3nav.WalkOptions{}, func(entries []s3nav.Entry) error {
			for _, en := range entries {
				if strings.HasSuffix(en.Key, "/") || !filter.keep(en.Name) {
					continue
				}
				out = append(out, syncEntry{rel: en.Name, key: en.Key, etag: en.ETag,
					stat: FileStat{Size: en.Size, ModTime: en.LastModified}})
			}
			return nil
		})
		return out, err
	}
	st, err := os.Stat(l.Local)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, errors.New(l.Local + " is not a directory")
	}
	err = e.walkLocal(l.Local, "", map[string]bool{}, func(local, rel string, st fs.FileInfo) {
		if filter.keep(rel) {
			out = append(out, syncEntry{rel: rel, local: local, stat: FileStat{Size: st.Size(), ModTime: st.ModTime()}})
		}
	}, warn)
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, err
}
