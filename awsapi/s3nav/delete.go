package s3nav

import (
	"context"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// DeleteBatch is how many keys one DeleteObjects call may carry (S3's limit).
const DeleteBatch = 1000

// ObjectID names one object, or one version of it when VersionID is set.
type ObjectID struct {
	Key       string
	VersionID string
}

// KeyError is one key a DeleteObjects call did not delete, with S3's code and message for it.
type KeyError struct {
	ObjectID
	Code, Message string
}

// DeleteResult is what a delete did: the keys S3 reported deleted and the ones it refused.
type DeleteResult struct {
	Deleted []ObjectID
	Errors  []KeyError
}

// Count is how many objects, and how many bytes, a prefix holds.
type Count struct {
	Objects int
	Bytes   int64
}

// Keys lists every object under prefix (Walk, in parallel) and counts them: what a prefix delete shows
// before it asks.
func (c *Client) Keys(ctx context.Context, bucket, prefix string) ([]ObjectID, Count, error) {
	var (
		ids []ObjectID
		n   Count
	)
	err := c.Walk(ctx, bucket, prefix, WalkOptions{}, func(page []Entry) error {
		for _, e := range page {
			ids = append(ids, ObjectID{Key: e.Key})
			n.Objects++
			n.Bytes += e.Size
		}
		return nil
	})
	return ids, n, err
}

// Delete deletes ids with DeleteObjects, DeleteBatch keys per call, in order. Keys S3 refuses are
// in the result's Errors, not an error: the batch goes on. progress, when set, is called after
// each batch with the number of keys handled so far. The error is for a call that failed as a
// whole (the result then holds what the earlier batches did).
func (c *Client) Delete(ctx context.Context, bucket string, ids []ObjectID, progress func(done int)) (DeleteResult, error) {
	var res DeleteResult
	if len(ids) == 0 {
		return res, nil
	}
	action := "deleting from " + uri(bucket, "")
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return res, wrap(action, err)
	}
	for start := 0; start < len(ids); start += DeleteBatch {
		batch := ids[start:min(start+DeleteBatch, len(ids))]
		objs := make([]types.ObjectIdentifier, 0, len(batch))
		var alone []ObjectID
		for _, id := range batch {
			if !xmlCarries(id.Key) {
				alone = append(alone, id)
				continue
			}
			o := types.ObjectIdentifier{Key: aws.String(id.Key)}
			if id.VersionID != "" {
				o.VersionId = aws.String(id.VersionID)
			}
			objs = append(objs, o)
		}
		for _, id := range alone {
			if err := deleteOne(ctx, api, bucket, id); err != nil {
				res.Errors = append(res.Errors, KeyError{ObjectID: id, Code: errorCode(err), Message: err.Error()})
				continue
			}
			res.Deleted = append(res.Deleted, id)
		}
		if len(objs) == 0 {
			if progress != nil {
				progress(start + len(batch))
			}
			continue
		}
		out, err := api.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(bucket),
			Delete: &types.Delete{Objects: objs, Quiet: aws.Bool(false)},
		})
		if err != nil {
			return res, wrap(action, err)
		}
		for _, d := range out.Deleted {
			res.Deleted = append(res.Deleted, ObjectID{Key: aws.ToString(d.Key), VersionID: aws.ToString(d.VersionId)})
		}
		for _, e := range out.Errors {
			res.Errors = append(res.Errors, KeyError{
				ObjectID: ObjectID{Key: aws.ToString(e.Key), VersionID: aws.ToString(e.VersionId)},
				Code:     aws.ToString(e.Code), Message: aws.ToString(e.Message),
			})
		}
		if progress != nil {
			progress(start + len(batch))
		}
	}
	return res, nil
}

// DeleteObject deletes one key (or one version) with DeleteObject, as `aws s3 rm` does for a
// single key: S3 answers 204 whether or not the key existed.
func (c *Client) DeleteObject(ctx context.Context, bucket string, id ObjectID) error {
	action := "deleting " + uri(bucket, id.Key)
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return wrap(action, err)
	}
	in := &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(id.Key)}
	if id.VersionID != "" {
		in.VersionId = aws.String(id.VersionID)
	}
	if _, err := api.DeleteObject(ctx, in); err != nil {
		return wrap(action, err)
	}
	return nil
}

// deleteOne deletes a key DeleteObjects cannot name, with DeleteObject (its key goes in the URL).
func deleteOne(ctx context.Context, api *s3.Client, bucket string, id ObjectID) error {
	in := &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(id.Key)}
	if id.VersionID != "" {
		in.VersionId = aws.String(id.VersionID)
	}
	_, err := api.DeleteObject(ctx, in)
	return err
}

// xmlCarries reports whether key can be written in an XML 1.0 body as it is: valid UTF-8 of
// XML's Char production (tab, newline and carriage return, as character references, are fine).
// Go's encoder writes U+FFFD for the others, which names another key.
func xmlCarries(key string) bool {
	for i, r := range key {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(key[i:]); size == 1 {
				return false
			}
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
	}
	return true
}
