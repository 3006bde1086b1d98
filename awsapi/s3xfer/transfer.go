package s3xfer

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	tmtypes "github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
)

// tm is a transfer manager on the bucket's regional client, with the engine's bounds and parts
// parts in flight.
func (e *Engine) tm(api *s3.Client, parts int) *transfermanager.Client {
	return transfermanager.New(api, func(o *transfermanager.Options) {
		o.Concurrency = parts
		o.PartSizeBytes = e.opts.PartSize
		o.MultipartUploadThreshold = e.opts.Threshold
		// The session's choice (the demo and other S3-compatible servers say "when required").
		o.RequestChecksumCalculation = api.Options().RequestChecksumCalculation
		o.ChecksumAlgorithm = e.opts.Checksum
		o.DisableChecksumValidation = api.Options().ResponseChecksumValidation == aws.ResponseChecksumValidationWhenRequired
	})
}

func s3err(action string, err error) error {
	if err == nil {
		return nil
	}
	var se *s3nav.Error
	if errors.As(err, &se) {
		return err
	}
	return &s3nav.Error{Action: action, Err: err}
}

// ErrSymlink is an upload source that is a symbolic link while links are not followed.
var ErrSymlink = errors.New("is a symbolic link (not followed)")

// maxUploadParts is S3's (and transfermanager's default) limit of parts in one upload: above
// 10,000 parts of PartSize, transfermanager makes the parts bigger.
const maxUploadParts = 10_000

// uploadPlan is how an upload of size bytes goes: parts in flight, and what it holds of the
// memory budget. transfermanager reads a small object whole; a big one it reads a part at a time
// into a pool of (parts+1) buffers it allocates up front, plus the first part. The pool is sized by
// the parts the file has, not Parts: a 10 MiB file has two, and five buffers of 8 MiB for it
// would be 40 MiB of nothing.
func (e *Engine) uploadPlan(size int64) (parts int, weight int64) {
	if size < e.opts.Threshold {
		return e.opts.Parts, min(max(size, 1), e.opts.Memory)
	}
	partSize := e.opts.PartSize
	if size/partSize >= maxUploadParts {
		partSize = size/maxUploadParts + 1
	}
	n := (size + partSize - 1) / partSize
	parts = int(min(int64(e.opts.Parts), max(n-1, 1))) // the first part is read before the pool
	return parts, min(int64(parts+2)*partSize, e.opts.Memory)
}

func (e *Engine) upload(ctx context.Context, it *Item, progress func(done, total int64)) error {
	action := "uploading " + it.Local + " to " + S3URI(it.Bucket, it.Key)
	if !e.opts.FollowSymlinks {
		if st, err := os.Lstat(it.Local); err == nil && st.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s: %w", action, ErrSymlink)
		}
	}
	f, err := os.Open(it.Local)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", action)
	}
	it.Size = st.Size()
	api, err := e.nav.API(ctx, it.Bucket)
	if err != nil {
		return err
	}
	parts, w := e.uploadPlan(it.Size)
	release, err := e.budget.acquireMemory(ctx, w)
	if err != nil {
		return s3err(action, err)
	}
	defer release()

	in := &transfermanager.UploadObjectInput{
		Bucket:       aws.String(it.Bucket),
		Key:          aws.String(it.Key),
		Body:         f,
		StorageClass: tmtypes.StorageClass(e.opts.StorageClass),
	}
	if ct := e.contentType(it.Local); ct != "" {
		in.ContentType = aws.String(ct)
	}
	l := &listener{total: it.Size, fn: progress}
	_, err = e.tm(api, parts).UploadObject(ctx, in, func(o *transfermanager.Options) {
		o.ObjectProgressListeners.Register(l)
	})
	return s3err(action, err)
}

// contentType is --content-type, else the type the file's extension says, without the charset
// Go adds to text types (the AWS CLI sends "text/plain", not "text/plain; charset=utf-8").
func (e *Engine) contentType(name string) string {
	if e.opts.ContentType != "" {
		return e.opts.ContentType
	}
	ct := mime.TypeByExtension(filepath.Ext(name))
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return ""
}

// listener turns transfermanager's cumulative byte events into progress calls.
type listener struct {
	total int64
	fn    func(done, total int64)
}

func (l *listener) OnObjectBytesTransferred(_ context.Context, ev *transfermanager.ObjectBytesTransferredEvent) {
	if l.fn != nil {
		l.fn(ev.BytesTransferred, max(l.total, ev.TotalBytes))
	}
}

// download writes the object to a temporary file in the target directory and renames it over
// the final name only once every byte arrived and the checksums agree: an interrupted download
// leaves nothing under the final name.
func (e *Engine) download(ctx context.Context, it *Item, progress func(done, total int64)) (err error) {
	action := "downloading " + it.Src() + " to " + it.Local
	dir := filepath.Dir(it.Local)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	api, err := e.nav.API(ctx, it.Bucket)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+tempStem(filepath.Base(it.Local))+".*.nimbus-part")
	if err != nil {
		return err
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := &writerAt{f: tmp, md5: md5.New(), sequential: true, total: it.Size, progress: progress}
	in := &transfermanager.DownloadObjectInput{
		Bucket:       aws.String(it.Bucket),
		Key:          aws.String(it.Key),
		WriterAt:     w,
		ChecksumMode: tmtypes.ChecksumModeEnabled,
	}
	if it.VersionID != "" {
		in.VersionID = aws.String(it.VersionID) // a version never changes: no If-Match needed
	} else if it.ETag != "" {
		in.IfMatch = aws.String(it.ETag) // the object listed, not one replaced since
	}
	out, err := e.tm(api, e.opts.Parts).DownloadObject(ctx, in)
	if err != nil {
		return s3err(action, err)
	}
	n := aws.ToInt64(out.ContentLength)
	if w.written() != n && n > 0 {
		return s3err(action, fmt.Errorf("got %d of %d bytes", w.written(), n))
	}
	if err := w.verifyETag(aws.ToString(out.ETag), string(out.ServerSideEncryption), aws.ToString(out.SSECustomerAlgorithm)); err != nil {
		return s3err(action, err)
	}
	it.Size = w.written()
	if err := tmp.Close(); err != nil {
		return err
	}
	_ = os.Chmod(tmp.Name(), 0o644) // CreateTemp made it 0600: a downloaded file is an ordinary one
	// The file takes the object's time, as the AWS CLI does, so that sync compares like it: the
	// listing's (milliseconds), else the response's (seconds).
	if it.ModTime.IsZero() {
		it.ModTime = aws.ToTime(out.LastModified)
	}
	if !it.ModTime.IsZero() {
		_ = os.Chtimes(tmp.Name(), it.ModTime, it.ModTime)
	}
	if err := os.Rename(tmp.Name(), it.Local); err != nil {
		return err
	}
	renamed = true
	return nil
}

// tempStem is as much of a file's name as its temporary file's name can hold: the longest name
// most file systems take is 255 bytes, and the temporary name adds "." and ".123456789.nimbus-part"
// (32 bytes at most). The cut keeps whole UTF-8 characters.
func tempStem(name string) string {
	const most = 255 - 32
	if len(name) <= most {
		return name
	}
	name = name[:most]
	for len(name) > 0 && !utf8.ValidString(name) {
		name = name[:len(name)-1]
	}
	return name
}

// writerAt writes the parts into the file, reports the bytes as they arrive and hashes them
// while they come in order (a single-part object), so the ETag can be checked without reading
// the file again.
type writerAt struct {
	f        *os.File
	total    int64
	progress func(done, total int64)

	mu         sync.Mutex
	md5        hash.Hash
	sequential bool
	next       int64 // the offset the hash has reached
	n          int64
	reported   int64
}

func (w *writerAt) WriteAt(p []byte, off int64) (int, error) {
	n, err := w.f.WriteAt(p, off)
	w.mu.Lock()
	if w.sequential && off == w.next {
		w.md5.Write(p[:n])
		w.next += int64(n)
	} else {
		w.sequential = false // a part out of order or a retried chunk: no whole-object hash
	}
	w.n += int64(n)
	done := w.n
	// Report every 256 KiB and the end, not every 32 KiB write.
	report := done-w.reported >= 256<<10 || done == w.total
	if report {
		w.reported = done
	}
	w.mu.Unlock()
	if report && w.progress != nil {
		w.progress(done, max(w.total, done))
	}
	return n, err
}

func (w *writerAt) written() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

// verifyETag compares the MD5 of the bytes with the ETag when the ETag is an MD5: a single-part
// object not encrypted with KMS or a customer key.
func (w *writerAt) verifyETag(etag, sse, sseC string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	etag = strings.Trim(etag, `"`)
	if !w.sequential || len(etag) != 32 || sse == "aws:kms" || sse == "aws:kms:dsse" || sseC != "" {
		return nil
	}
	if _, err := hex.DecodeString(etag); err != nil {
		return nil
	}
	if got := hex.EncodeToString(w.md5.Sum(nil)); !strings.EqualFold(got, etag) {
		return fmt.Errorf("the bytes received (MD5 %s) do not match the object's ETag %s", got, etag)
	}
	return nil
}

// remove deletes an object, or a local file when bucket is empty (mv, sync --delete).
func (e *Engine) remove(ctx context.Context, bucket, key, local string) error {
	if bucket == "" {
		return os.Remove(local)
	}
	api, err := e.nav.API(ctx, bucket)
	if err != nil {
		return err
	}
	_, err = api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	return s3err("deleting "+S3URI(bucket, key), err)
}
