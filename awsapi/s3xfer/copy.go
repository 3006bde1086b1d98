package s3xfer

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// CopySource is the x-amz-copy-source of bucket/key: percent-encoded, "/" kept, as the AWS CLI
// quotes it (urllib's quote with safe="/~").
func CopySource(bucket, key string) string {
	const hexdig = "0123456789ABCDEF"
	s := bucket + "/" + key
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdig[c>>4])
		b.WriteByte(hexdig[c&15])
	}
	return b.String()
}

// copy copies an object server-side: one CopyObject up to CopyThreshold (5 GiB, the most it
// takes), else a multipart upload of UploadPartCopy ranges, Parts at a time.
func (e *Engine) copy(ctx context.Context, it *Item, progress func(done, total int64)) error {
	action := "copying " + it.Src() + " to " + it.Dst()
	api, err := e.nav.API(ctx, it.DstBucket)
	if err != nil {
		return err
	}
	if it.Size >= e.opts.CopyThreshold {
		return s3err(action, e.copyParts(ctx, api, it, progress))
	}
	in := &s3.CopyObjectInput{
		Bucket:       aws.String(it.DstBucket),
		Key:          aws.String(it.DstKey),
		CopySource:   aws.String(CopySource(it.Bucket, it.Key)),
		StorageClass: types.StorageClass(e.opts.StorageClass),
	}
	if it.ETag != "" {
		in.CopySourceIfMatch = aws.String(it.ETag)
	}
	if e.opts.ContentType != "" {
		in.MetadataDirective = types.MetadataDirectiveReplace
		in.ContentType = aws.String(e.opts.ContentType)
	}
	if _, err := api.CopyObject(ctx, in); err != nil {
		return s3err(action, err)
	}
	progress(it.Size, it.Size)
	return nil
}

func (e *Engine) copyParts(ctx context.Context, api *s3.Client, it *Item, progress func(done, total int64)) error {
	src, err := e.nav.API(ctx, it.Bucket)
	if err != nil {
		return err
	}
	head, err := src.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(it.Bucket), Key: aws.String(it.Key)})
	if err != nil {
		return err
	}
	size := aws.ToInt64(head.ContentLength)
	partSize := max(e.opts.CopyPartSize, (size+9999)/10000)
	create := &s3.CreateMultipartUploadInput{
		Bucket:             aws.String(it.DstBucket),
		Key:                aws.String(it.DstKey),
		ContentType:        head.ContentType,
		CacheControl:       head.CacheControl,
		ContentDisposition: head.ContentDisposition,
		ContentEncoding:    head.ContentEncoding,
		ContentLanguage:    head.ContentLanguage,
		Expires:            head.Expires,
		Metadata:           head.Metadata,
		StorageClass:       types.StorageClass(e.opts.StorageClass),
	}
	if e.opts.ContentType != "" {
		create.ContentType = aws.String(e.opts.ContentType)
	}
	mpu, err := api.CreateMultipartUpload(ctx, create)
	if err != nil {
		return err
	}
	abort := func() {
		// A fresh context: the upload must be aborted even when ctx was cancelled.
		_, _ = api.AbortMultipartUpload(context.WithoutCancel(ctx), &s3.AbortMultipartUploadInput{
			Bucket: aws.String(it.DstBucket), Key: aws.String(it.DstKey), UploadId: mpu.UploadId})
	}

	var (
		mu    sync.Mutex
		parts []types.CompletedPart
		first error
		done  atomic.Int64
		wg    sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sem := make(chan struct{}, e.opts.Parts)
	etag := aws.ToString(head.ETag)
	for n, off := int32(1), int64(0); off < size; n, off = n+1, off+partSize {
		end := min(off+partSize, size) - 1
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(n int32, off, end int64) {
			defer wg.Done()
			defer func() { <-sem }()
			out, err := api.UploadPartCopy(ctx, &s3.UploadPartCopyInput{
				Bucket:            aws.String(it.DstBucket),
				Key:               aws.String(it.DstKey),
				UploadId:          mpu.UploadId,
				PartNumber:        aws.Int32(n),
				CopySource:        aws.String(CopySource(it.Bucket, it.Key)),
				CopySourceRange:   aws.String(fmt.Sprintf("bytes=%d-%d", off, end)),
				CopySourceIfMatch: aws.String(etag),
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if first == nil {
					first = err
					cancel()
				}
				return
			}
			parts = append(parts, types.CompletedPart{ETag: out.CopyPartResult.ETag, PartNumber: aws.Int32(n)})
			progress(done.Add(end-off+1), size)
		}(n, off, end)
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	if first != nil {
		abort()
		return first
	}
	sort.Slice(parts, func(i, j int) bool { return *parts[i].PartNumber < *parts[j].PartNumber })
	_, err = api.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: aws.String(it.DstBucket), Key: aws.String(it.DstKey), UploadId: mpu.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	})
	if err != nil {
		abort()
	}
	return err
}
