package s3nav

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// MaxCopyObject is the largest object one CopyObject call may copy (5 GiB); above it a copy is a
// multipart upload of UploadPartCopy parts.
const MaxCopyObject int64 = 5 << 30

// Meta is the metadata a copy may replace: the content headers and the user metadata.
type Meta struct {
	ContentType, ContentEncoding, ContentDisposition, ContentLanguage, CacheControl string
	Metadata                                                                        map[string]string
}

// CopyOptions tune a copy. The zero value copies as S3 does: metadata, tags and storage class kept.
type CopyOptions struct {
	// Replace, when set, replaces the metadata (MetadataDirective REPLACE).
	Replace *Meta
	// StorageClass, when set, is the copy's storage class.
	StorageClass string
	// Threshold is the size above which the copy is multipart (0: MaxCopyObject). Tests lower it.
	Threshold int64
	// PartSize is the size of each UploadPartCopy part (0: 512 MiB); it grows so that a copy needs
	// at most 10,000 parts.
	PartSize int64
	// Concurrency is how many parts, or objects in CopyTree, are copied at once (0: 8).
	Concurrency int
}

func (o CopyOptions) withDefaults() CopyOptions {
	if o.Threshold <= 0 {
		o.Threshold = MaxCopyObject
	}
	if o.PartSize <= 0 {
		o.PartSize = 512 << 20
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	return o
}

// ByteRange is one part of a multipart copy: bytes First through Last, inclusive.
type ByteRange struct{ First, Last int64 }

// maxParts is S3's limit of parts in one multipart upload.
const maxParts = 10000

// CopyParts decides how an object of size bytes is copied: nil for one CopyObject call (size at
// most the threshold), else the byte ranges of its UploadPartCopy parts.
func CopyParts(size int64, o CopyOptions) []ByteRange {
	o = o.withDefaults()
	if size <= o.Threshold {
		return nil
	}
	part := max(o.PartSize, (size+maxParts-1)/maxParts)
	var parts []ByteRange
	for first := int64(0); first < size; first += part {
		parts = append(parts, ByteRange{First: first, Last: min(first+part, size) - 1})
	}
	return parts
}

// ObjectRef names an object: bucket, key and (for a source) optionally a version.
type ObjectRef struct {
	Bucket, Key, VersionID string
}

func (r ObjectRef) String() string { return uri(r.Bucket, r.Key) }

// copySource is the x-amz-copy-source value: bucket/key url-encoded, ?versionId= for a version.
func (r ObjectRef) copySource() string {
	segs := strings.Split(r.Key, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), "+", "%2B")
	}
	s := url.PathEscape(r.Bucket) + "/" + strings.Join(segs, "/")
	if r.VersionID != "" {
		s += "?versionId=" + url.QueryEscape(r.VersionID)
	}
	return s
}

// CopyResult says how a copy went: Parts is 0 for a single CopyObject call.
type CopyResult struct {
	Parts int
}

// Copy copies src to dst on the server (no byte passes through nimbus): CopyObject up to the
// threshold, else a multipart upload of UploadPartCopy parts, copied o.Concurrency at a time, with
// the source's metadata, content headers and tags (which UploadPartCopy does not carry) unless
// replaced. A failed multipart copy is aborted.
func (c *Client) Copy(ctx context.Context, src, dst ObjectRef, o CopyOptions) (CopyResult, error) {
	o = o.withDefaults()
	action := "copying " + src.String() + " to " + dst.String()
	srcAPI, err := c.clientFor(ctx, src.Bucket)
	if err != nil {
		return CopyResult{}, wrap(action, err)
	}
	hin := &s3.HeadObjectInput{Bucket: aws.String(src.Bucket), Key: aws.String(src.Key)}
	if src.VersionID != "" {
		hin.VersionId = aws.String(src.VersionID)
	}
	head, err := srcAPI.HeadObject(ctx, hin)
	if err != nil {
		return CopyResult{}, wrap(action, err)
	}
	api, err := c.clientFor(ctx, dst.Bucket)
	if err != nil {
		return CopyResult{}, wrap(action, err)
	}
	parts := CopyParts(aws.ToInt64(head.ContentLength), o)
	if parts == nil {
		in := &s3.CopyObjectInput{Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key), CopySource: aws.String(src.copySource())}
		if o.StorageClass != "" {
			in.StorageClass = types.StorageClass(o.StorageClass)
		}
		if m := o.Replace; m != nil {
			in.MetadataDirective = types.MetadataDirectiveReplace
			in.ContentType, in.ContentEncoding = nonEmpty(m.ContentType), nonEmpty(m.ContentEncoding)
			in.ContentDisposition, in.ContentLanguage = nonEmpty(m.ContentDisposition), nonEmpty(m.ContentLanguage)
			in.CacheControl, in.Metadata = nonEmpty(m.CacheControl), m.Metadata
		}
		if _, err := api.CopyObject(ctx, in); err != nil {
			return CopyResult{}, wrap(action, err)
		}
		return CopyResult{}, nil
	}
	return c.copyMultipart(ctx, action, srcAPI, api, src, dst, head, parts, o)
}

func (c *Client) copyMultipart(ctx context.Context, action string, srcAPI, api *s3.Client, src, dst ObjectRef,
	head *s3.HeadObjectOutput, parts []ByteRange, o CopyOptions) (CopyResult, error) {
	create := &s3.CreateMultipartUploadInput{Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key),
		ContentType: head.ContentType, ContentEncoding: head.ContentEncoding, ContentDisposition: head.ContentDisposition,
		ContentLanguage: head.ContentLanguage, CacheControl: head.CacheControl, Metadata: head.Metadata,
		StorageClass: head.StorageClass}
	if m := o.Replace; m != nil {
		create.ContentType, create.ContentEncoding = nonEmpty(m.ContentType), nonEmpty(m.ContentEncoding)
		create.ContentDisposition, create.ContentLanguage = nonEmpty(m.ContentDisposition), nonEmpty(m.ContentLanguage)
		create.CacheControl, create.Metadata = nonEmpty(m.CacheControl), m.Metadata
	}
	if o.StorageClass != "" {
		create.StorageClass = types.StorageClass(o.StorageClass)
	}
	tin := &s3.GetObjectTaggingInput{Bucket: aws.String(src.Bucket), Key: aws.String(src.Key)}
	if src.VersionID != "" {
		tin.VersionId = aws.String(src.VersionID)
	}
	if tags, err := srcAPI.GetObjectTagging(ctx, tin); err == nil && len(tags.TagSet) > 0 {
		q := url.Values{}
		for _, t := range tags.TagSet {
			q.Set(aws.ToString(t.Key), aws.ToString(t.Value))
		}
		create.Tagging = aws.String(q.Encode())
	}
	up, err := api.CreateMultipartUpload(ctx, create)
	if err != nil {
		return CopyResult{}, wrap(action, err)
	}
	abort := func(err error) (CopyResult, error) {
		// Not ctx: a cancelled copy must still release its parts.
		_, _ = api.AbortMultipartUpload(context.WithoutCancel(ctx), &s3.AbortMultipartUploadInput{
			Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key), UploadId: up.UploadId})
		return CopyResult{}, wrap(action, err)
	}
	done := make([]types.CompletedPart, len(parts))
	err = forEach(ctx, len(parts), o.Concurrency, func(ctx context.Context, i int) error {
		out, err := api.UploadPartCopy(ctx, &s3.UploadPartCopyInput{
			Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key), UploadId: up.UploadId,
			PartNumber: aws.Int32(int32(i + 1)), CopySource: aws.String(src.copySource()),
			CopySourceRange:   aws.String(fmt.Sprintf("bytes=%d-%d", parts[i].First, parts[i].Last)),
			CopySourceIfMatch: head.ETag, // the source must not change between parts
		})
		if err != nil {
			return fmt.Errorf("part %d of %d: %w", i+1, len(parts), err)
		}
		done[i] = types.CompletedPart{PartNumber: aws.Int32(int32(i + 1)), ETag: out.CopyPartResult.ETag}
		return nil
	})
	if err != nil {
		return abort(err)
	}
	if _, err := api.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key), UploadId: up.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: done},
	}); err != nil {
		return abort(err)
	}
	return CopyResult{Parts: len(parts)}, nil
}

// forEach runs fn for 0..n-1, at most limit at once; the first error cancels the rest and is returned.
func forEach(ctx context.Context, n, limit int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	sem := make(chan struct{}, limit)
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := fn(ctx, i); err != nil {
				once.Do(func() { first = err; cancel() })
			}
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// CopyError is one key of a tree copy that failed.
type CopyError struct {
	Src, Dst ObjectRef
	Err      error
}

// TreeResult is what a tree copy or move did.
type TreeResult struct {
	Copied  []ObjectRef // destinations written
	Errors  []CopyError
	Deleted int // sources deleted (a move)
	// DeleteErrors are sources a move copied but could not delete.
	DeleteErrors []KeyError
}

// CopyItem is one source and where it goes.
type CopyItem struct{ Src, Dst ObjectRef }

// CopyAll copies every item (o.Concurrency at once); with move, the sources copied are then
// deleted (DeleteObjects, in batches), the ones whose copy failed stay. Per-key failures are in
// the result; the error is for a delete call that failed as a whole, or ctx.
func (c *Client) CopyAll(ctx context.Context, items []CopyItem, o CopyOptions, move bool, progress func(done int)) (TreeResult, error) {
	o = o.withDefaults()
	var (
		mu  sync.Mutex
		res TreeResult
		n   int
	)
	ok := make([]bool, len(items))
	_ = forEach(ctx, len(items), o.Concurrency, func(ctx context.Context, i int) error {
		_, err := c.Copy(ctx, items[i].Src, items[i].Dst, o)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			res.Errors = append(res.Errors, CopyError{Src: items[i].Src, Dst: items[i].Dst, Err: err})
		} else {
			ok[i] = true
		}
		n++
		if progress != nil {
			progress(n)
		}
		return nil // one key failing does not stop the others
	})
	if err := ctx.Err(); err != nil {
		return res, err
	}
	sort.Slice(res.Errors, func(i, j int) bool { return res.Errors[i].Src.Key < res.Errors[j].Src.Key })
	bySource := map[string][]ObjectID{}
	var buckets []string
	for i, it := range items {
		if !ok[i] {
			continue
		}
		res.Copied = append(res.Copied, it.Dst)
		if move {
			if _, seen := bySource[it.Src.Bucket]; !seen {
				buckets = append(buckets, it.Src.Bucket)
			}
			bySource[it.Src.Bucket] = append(bySource[it.Src.Bucket], ObjectID{Key: it.Src.Key, VersionID: it.Src.VersionID})
		}
	}
	for _, b := range buckets {
		del, err := c.Delete(ctx, b, bySource[b], nil)
		res.Deleted += len(del.Deleted)
		res.DeleteErrors = append(res.DeleteErrors, del.Errors...)
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// ErrIntoItself refuses a copy or move of a prefix into itself, which would copy its own copies.
var ErrIntoItself = errors.New("the destination is inside the source prefix")

// PlanTree lists every key under src's prefix (src.Key) and maps each to dstPrefix plus its path
// below src's prefix. A destination inside the source prefix (same bucket) is refused.
func (c *Client) PlanTree(ctx context.Context, src ObjectRef, dstBucket, dstPrefix string) ([]CopyItem, Count, error) {
	if src.Bucket == dstBucket && strings.HasPrefix(dstPrefix, src.Key) {
		return nil, Count{}, wrap("copying "+src.String()+" to "+uri(dstBucket, dstPrefix), ErrIntoItself)
	}
	var (
		items []CopyItem
		n     Count
	)
	err := c.Walk(ctx, src.Bucket, src.Key, WalkOptions{}, func(page []Entry) error {
		for _, e := range page {
			items = append(items, CopyItem{Src: ObjectRef{Bucket: src.Bucket, Key: e.Key},
				Dst: ObjectRef{Bucket: dstBucket, Key: dstPrefix + strings.TrimPrefix(e.Key, src.Key)}})
			n.Objects++
			n.Bytes += e.Size
		}
		return nil
	})
	return items, n, err
}
