package s3nav

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// Tag is one object tag.
type Tag struct {
	Key, Value string
}

// ObjectInfo is what the detail page shows about one object: HeadObject's metadata plus the
// object's tags. Strings are raw S3 data: sanitise them before display.
type ObjectInfo struct {
	Bucket, Key        string
	Size               int64
	ContentType        string
	ContentEncoding    string
	ContentDisposition string
	ContentLanguage    string
	CacheControl       string
	ETag               string
	// StorageClass is "STANDARD" when S3 leaves the header out, as it does for STANDARD objects.
	StorageClass         string
	LastModified         time.Time
	VersionID            string
	ServerSideEncryption string
	SSEKMSKeyID          string
	// Restore is S3's x-amz-restore header for archived objects ("ongoing-request=…").
	Restore string
	// Metadata is the user metadata (x-amz-meta-*), keys lower-cased by S3.
	Metadata map[string]string
	// Tags are sorted by key. When they could not be read, Tags is empty and TagsNote says why.
	Tags     []Tag
	TagsNote string
}

// IsObject reports whether key is an object of bucket (HeadObject): false, without an error, when
// S3 says it is not there.
func (c *Client) IsObject(ctx context.Context, bucket, key string) (bool, error) {
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return false, wrap("reading metadata of "+uri(bucket, key), err)
	}
	_, err = api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	switch {
	case err == nil:
		return true, nil
	case IsNotFound(err):
		return false, nil
	}
	return false, wrap("reading metadata of "+uri(bucket, key), err)
}

// Head reads an object's metadata (HeadObject) and its tags (GetObjectTagging). Failing to read
// the tags does not fail Head: the detail page still has everything else, and TagsNote explains.
func (c *Client) Head(ctx context.Context, bucket, key string) (ObjectInfo, error) {
	action := "reading metadata of " + uri(bucket, key)
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return ObjectInfo{}, wrap(action, err)
	}
	h, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return ObjectInfo{}, wrap(action, err)
	}
	info := ObjectInfo{
		Bucket:               bucket,
		Key:                  key,
		Size:                 aws.ToInt64(h.ContentLength),
		ContentType:          aws.ToString(h.ContentType),
		ContentEncoding:      aws.ToString(h.ContentEncoding),
		ContentDisposition:   aws.ToString(h.ContentDisposition),
		ContentLanguage:      aws.ToString(h.ContentLanguage),
		CacheControl:         aws.ToString(h.CacheControl),
		ETag:                 aws.ToString(h.ETag),
		StorageClass:         string(h.StorageClass),
		LastModified:         aws.ToTime(h.LastModified),
		VersionID:            aws.ToString(h.VersionId),
		ServerSideEncryption: string(h.ServerSideEncryption),
		SSEKMSKeyID:          aws.ToString(h.SSEKMSKeyId),
		Restore:              aws.ToString(h.Restore),
		Metadata:             h.Metadata,
	}
	if info.StorageClass == "" {
		info.StorageClass = "STANDARD"
	}
	if info.Metadata == nil {
		info.Metadata = map[string]string{}
	}

	t, err := api.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	switch {
	case err == nil:
		for _, tg := range t.TagSet {
			info.Tags = append(info.Tags, Tag{Key: aws.ToString(tg.Key), Value: aws.ToString(tg.Value)})
		}
		sort.Slice(info.Tags, func(i, j int) bool { return info.Tags[i].Key < info.Tags[j].Key })
	case ctx.Err() != nil:
		return ObjectInfo{}, wrap(action, ctx.Err())
	default:
		info.TagsNote = tagsNote(err)
	}
	return info, nil
}

func tagsNote(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "AccessDenied", "Forbidden":
			return "tags hidden: these credentials lack s3:GetObjectTagging"
		case "NotImplemented", "MethodNotAllowed":
			return "tags unavailable: this endpoint does not support object tagging"
		}
	}
	return "tags unavailable: " + Describe(err)
}
