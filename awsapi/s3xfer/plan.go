package s3xfer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
)

// Filter says whether a file or object, by its path relative to the source (slash-separated),
// takes part. Nil takes everything.
type Filter func(rel string) bool

func (f Filter) keep(rel string) bool { return f == nil || f(rel) }

// Warning is something a plan left out, to tell the user: a symlink not followed, a special
// file, a key that cannot be a local path. The transfer goes on without it.
type Warning struct {
	Path string
	Err  error
}

// String says what was left out and why, naming it: an unsafe key's error names the key itself.
func (w Warning) String() string {
	var uk *UnsafeKeyError
	switch {
	case w.Err == nil:
		return w.Path + " names no file"
	case errors.As(w.Err, &uk):
		return w.Err.Error()
	}
	return w.Path + ": " + w.Err.Error()
}

// Plan is the items to run and what was left out.
type Plan struct {
	Items    []Item
	Warnings []Warning
}

// Total is the bytes of the plan's items.
func (p Plan) Total() int64 {
	var n int64
	for _, it := range p.Items {
		n += it.Size
	}
	return n
}

// PlanUpload plans the upload of src (a file, or with recursive a directory's files) to
// s3://bucket/key. A single file goes to key, or to key + its base name when key is empty or ends
// in "/"; a directory's files go to key/relative/path. Symlinks are skipped with a warning unless
// FollowSymlinks; sockets, devices and pipes always are.
func (e *Engine) PlanUpload(src string, recursive bool, bucket, key string, filter Filter) (Plan, error) {
	var p Plan
	if !recursive {
		st, err := e.statSource(src)
		if err != nil {
			return p, err
		}
		if st.IsDir() {
			return p, fmt.Errorf("%s is a directory (use --recursive)", src)
		}
		if key == "" || strings.HasSuffix(key, "/") {
			key += filepath.Base(src)
		}
		p.Items = append(p.Items, Item{Op: Upload, Local: src, Bucket: bucket, Key: key, Size: st.Size(), ModTime: st.ModTime()})
		return p, nil
	}
	st, err := e.statSource(src)
	if err != nil {
		return p, err
	}
	if !st.IsDir() {
		return p, fmt.Errorf("%s is not a directory", src)
	}
	err = e.walkLocal(src, "", map[string]bool{}, func(local, rel string, st fs.FileInfo) {
		if filter.keep(rel) {
			p.Items = append(p.Items, Item{Op: Upload, Local: local, Bucket: bucket, Key: joinKey(key, rel),
				Size: st.Size(), ModTime: st.ModTime()})
		}
	}, &p.Warnings)
	return p, err
}

// statSource stats an upload's source: the link itself unless links are followed.
func (e *Engine) statSource(src string) (fs.FileInfo, error) {
	st, err := os.Lstat(src)
	if err != nil {
		return nil, fmt.Errorf("the source %s: %w", src, errors.Unwrap(err))
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		if !e.opts.FollowSymlinks {
			return nil, fmt.Errorf("%s %w; use --follow-symlinks to read what it points to", src, ErrSymlink)
		}
		return os.Stat(src)
	}
	return st, nil
}

// walkLocal walks dir in lexical order. seen holds the real paths of directories entered
// through links, so a link cycle ends.
func (e *Engine) walkLocal(dir, relDir string, seen map[string]bool, fn func(local, rel string, st fs.FileInfo), warn *[]Warning) error {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if seen[real] {
			*warn = append(*warn, Warning{Path: dir, Err: errors.New("a symbolic link loop; skipped")})
			return nil
		}
		seen[real] = true
		defer delete(seen, real)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, d := range entries {
		local := filepath.Join(dir, d.Name())
		rel := path.Join(relDir, d.Name())
		st, err := d.Info()
		if err != nil {
			*warn = append(*warn, Warning{Path: local, Err: err})
			continue
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			if !e.opts.FollowSymlinks {
				*warn = append(*warn, Warning{Path: local, Err: ErrSymlink})
				continue
			}
			if st, err = os.Stat(local); err != nil {
				*warn = append(*warn, Warning{Path: local, Err: fmt.Errorf("a broken symbolic link: %w", errors.Unwrap(err))})
				continue
			}
		}
		switch {
		case st.IsDir():
			if err := e.walkLocal(local, rel, seen, fn, warn); err != nil {
				*warn = append(*warn, Warning{Path: local, Err: err})
			}
		case st.Mode().IsRegular():
			fn(local, rel, st)
		default:
			*warn = append(*warn, Warning{Path: local, Err: fmt.Errorf("not a regular file (%s); skipped", st.Mode().Type())})
		}
	}
	return nil
}

// PlanDownload plans the download of s3://bucket/key to dest. Without recursive, key is one
// object: it goes to dest, or into dest when dest is a directory or ends in a separator. With
// recursive, every object under key (as a directory: "/" is added) goes under dest by its path
// relative to key; keys that cannot be a path under dest are left out with a warning naming
// them, folder markers ("a/") are left out.
func (e *Engine) PlanDownload(ctx context.Context, bucket, key string, recursive bool, dest string, filter Filter) (Plan, error) {
	var p Plan
	if !recursive {
		api, err := e.nav.API(ctx, bucket)
		if err != nil {
			return p, err
		}
		head, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			return p, s3err("reading "+S3URI(bucket, key), err)
		}
		local := dest
		if isDirTarget(dest) {
			name := path.Base(key)
			if _, err := LocalPath(dest, key, name); err != nil || strings.HasSuffix(key, "/") {
				return p, &UnsafeKeyError{Key: key, Reason: "it names no file"}
			}
			local = filepath.Join(dest, name)
		}
		p.Items = append(p.Items, Item{Op: Download, Bucket: bucket, Key: key, Local: local,
			Size: aws.ToInt64(head.ContentLength), ModTime: aws.ToTime(head.LastModified), ETag: aws.ToString(head.ETag)})
		return p, nil
	}
	prefix := key
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	err := e.nav.Walk(ctx, bucket, prefix, s3nav.WalkOptions{}, func(entries []s3nav.Entry) error {
		for _, en := range entries {
			if strings.HasSuffix(en.Key, "/") || !filter.keep(en.Name) {
				continue
			}
			local, err := LocalPath(dest, en.Key, en.Name)
			if err != nil {
				p.Warnings = append(p.Warnings, Warning{Path: S3URI(bucket, en.Key), Err: err})
				continue
			}
			p.Items = append(p.Items, Item{Op: Download, Bucket: bucket, Key: en.Key, Local: local,
				Size: en.Size, ModTime: en.LastModified, ETag: en.ETag})
		}
		return nil
	})
	return p, err
}

// PlanCopy plans a server-side copy of s3://bucket/key to s3://dstBucket/dstKey: one object (into
// dstKey, or dstKey + its base name when dstKey is empty or ends in "/"), or with recursive every
// object under key to dstKey + its path relative to key.
func (e *Engine) PlanCopy(ctx context.Context, bucket, key string, recursive bool, dstBucket, dstKey string, filter Filter) (Plan, error) {
	var p Plan
	if !recursive {
		api, err := e.nav.API(ctx, bucket)
		if err != nil {
			return p, err
		}
		head, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			return p, s3err("reading "+S3URI(bucket, key), err)
		}
		if dstKey == "" || strings.HasSuffix(dstKey, "/") {
			dstKey += path.Base(key)
		}
		p.Items = append(p.Items, Item{Op: Copy, Bucket: bucket, Key: key, DstBucket: dstBucket, DstKey: dstKey,
			Size: aws.ToInt64(head.ContentLength), ModTime: aws.ToTime(head.LastModified), ETag: aws.ToString(head.ETag)})
		return p, nil
	}
	prefix := key
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	err := e.nav.Walk(ctx, bucket, prefix, s3nav.WalkOptions{}, func(entries []s3nav.Entry) error {
		for _, en := range entries {
			if !filter.keep(en.Name) {
				continue
			}
			p.Items = append(p.Items, Item{Op: Copy, Bucket: bucket, Key: en.Key, DstBucket: dstBucket,
				DstKey: joinKey(dstKey, en.Name), Size: en.Size, ModTime: en.LastModified, ETag: en.ETag})
		}
		return nil
	})
	return p, err
}

// isDirTarget: a download goes into dest (rather than to it) when dest is an existing directory
// or ends in a separator.
func isDirTarget(dest string) bool {
	if strings.HasSuffix(dest, "/") || strings.HasSuffix(dest, string(filepath.Separator)) {
		return true
	}
	st, err := os.Stat(dest)
	return err == nil && st.IsDir()
}
