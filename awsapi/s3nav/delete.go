package s3nav

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
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
		for _, id := range batch {
			if !xmlSafe(id.Key) {
				// XML cannot carry the key (the encoder would send U+FFFD in its place, and S3
				// would report that other key deleted): one DeleteObject, as aws s3 rm does.
				if err := c.DeleteObject(ctx, bucket, id); err != nil {
					if ke, ok := keyError(id, err); ok {
						res.Errors = append(res.Errors, ke)
						continue
					}
					return res, err
				}
				res.Deleted = append(res.Deleted, id)
				continue
			}
			obj := types.ObjectIdentifier{Key: aws.String(id.Key)}
			if id.VersionID != "" {
				obj.VersionId = aws.String(id.VersionID)
			}
			objs = append(objs, obj)
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

// xmlSafe reports whether key can travel in an XML document: XML 1.0 has no way to write most
// control characters (not even as a character reference), nor invalid UTF-8.
func xmlSafe(key string) bool {
	for i, r := range key {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(key[i:], "\uFFFD"):
			return false
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
	}
	return true
}

// keyError is a refusal of one key by S3 (an API error) as a DeleteObjects result reports one;
// ok is false for a failure of the call itself (network, credentials), which stops the delete.
func keyError(id ObjectID, err error) (KeyError, bool) {
	var api smithy.APIError
	var re *smithyhttp.ResponseError
	if !errors.As(err, &api) || !errors.As(err, &re) || re.HTTPStatusCode() >= 500 {
		return KeyError{}, false
	}
	return KeyError{ObjectID: id, Code: api.ErrorCode(), Message: api.ErrorMessage()}, true
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
