package s3nav

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// MaxEdit is the largest object Fetch reads for an edit: an editor is no place for more.
const MaxEdit = 16 << 20

// Fetched is an object read whole for an edit: its body and what a write-back must keep.
type Fetched struct {
	Body        []byte
	ETag        string
	ContentType string
	Metadata    map[string]string
}

// Fetch reads a whole object (at most MaxEdit bytes) with its ETag, content type and metadata.
func (c *Client) Fetch(ctx context.Context, bucket, key string) (Fetched, error) {
	action := "reading " + uri(bucket, key)
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return Fetched{}, wrap(action, err)
	}
	out, err := api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return Fetched{}, wrap(action, err)
	}
	defer out.Body.Close()
	if n := aws.ToInt64(out.ContentLength); n > MaxEdit {
		return Fetched{}, wrap(action, fmt.Errorf("%d bytes is too big to edit (at most %d)", n, MaxEdit))
	}
	body, err := io.ReadAll(io.LimitReader(out.Body, MaxEdit+1))
	if err != nil {
		return Fetched{}, wrap(action, err)
	}
	if len(body) > MaxEdit {
		return Fetched{}, wrap(action, fmt.Errorf("too big to edit (more than %d bytes)", MaxEdit))
	}
	return Fetched{Body: body, ETag: aws.ToString(out.ETag), ContentType: aws.ToString(out.ContentType), Metadata: out.Metadata}, nil
}

// ErrChanged is returned by PutIfUnchanged when the object is no longer the one fetched.
var ErrChanged = errors.New("the object changed since it was read")

// PutIfUnchanged writes body over the object if its ETag is still etag: HeadObject checks it
// first (every server), and PutObject carries If-Match, which S3 enforces atomically. With etag
// "" the object is written whatever it holds. Content type and metadata are kept from f.
func (c *Client) PutIfUnchanged(ctx context.Context, bucket, key string, body []byte, f Fetched, etag string) error {
	action := "writing " + uri(bucket, key)
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return wrap(action, err)
	}
	in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))), Metadata: f.Metadata}
	if f.ContentType != "" {
		in.ContentType = aws.String(f.ContentType)
	}
	if etag != "" {
		h, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		switch {
		case err != nil:
			return wrap(action, err)
		case aws.ToString(h.ETag) != etag:
			return wrap(action, ErrChanged)
		}
		in.IfMatch = aws.String(etag)
	}
	if _, err := api.PutObject(ctx, in); err != nil {
		if code := errorCode(err); code == "PreconditionFailed" || code == "ConditionalRequestConflict" {
			return wrap(action, ErrChanged)
		}
		return wrap(action, err)
	}
	return nil
}

func errorCode(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		return api.ErrorCode()
	}
	return ""
}
