package s3nav

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// SetMetadata rewrites an object's metadata and content headers, and its storage class when class
// is set, by copying the object over itself (CopyObject with MetadataDirective REPLACE; multipart
// above 5 GiB): S3 has no call that changes metadata in place. The tags stay.
func (c *Client) SetMetadata(ctx context.Context, bucket, key string, m Meta, class string) error {
	ref := ObjectRef{Bucket: bucket, Key: key}
	_, err := c.Copy(ctx, ref, ref, CopyOptions{Replace: &m, StorageClass: class})
	return err
}

// SetStorageClass moves an object to another storage class by copying it over itself, metadata
// and tags kept.
func (c *Client) SetStorageClass(ctx context.Context, bucket, key, class string) error {
	ref := ObjectRef{Bucket: bucket, Key: key}
	_, err := c.Copy(ctx, ref, ref, CopyOptions{StorageClass: class})
	return err
}

// SetTags replaces an object's tags (PutObjectTagging; DeleteObjectTagging for none).
func (c *Client) SetTags(ctx context.Context, bucket, key string, tags []Tag) error {
	action := "tagging " + uri(bucket, key)
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return wrap(action, err)
	}
	if len(tags) == 0 {
		_, err = api.DeleteObjectTagging(ctx, &s3.DeleteObjectTaggingInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	} else {
		set := make([]types.Tag, len(tags))
		for i, t := range tags {
			set[i] = types.Tag{Key: aws.String(t.Key), Value: aws.String(t.Value)}
		}
		_, err = api.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: aws.String(bucket), Key: aws.String(key),
			Tagging: &types.Tagging{TagSet: set}})
	}
	if err != nil {
		return wrap(action, err)
	}
	return nil
}

// MetaOf is the part of info a metadata edit may change.
func MetaOf(info ObjectInfo) Meta {
	md := make(map[string]string, len(info.Metadata))
	for k, v := range info.Metadata {
		md[k] = v
	}
	return Meta{ContentType: info.ContentType, ContentEncoding: info.ContentEncoding,
		ContentDisposition: info.ContentDisposition, ContentLanguage: info.ContentLanguage,
		CacheControl: info.CacheControl, Metadata: md}
}

// TagsOf turns a map into tags sorted by key.
func TagsOf(m map[string]string) []Tag {
	tags := make([]Tag, 0, len(m))
	for k, v := range m {
		tags = append(tags, Tag{Key: k, Value: v})
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	return tags
}

// StorageClasses are the classes an object may be copied into.
var StorageClasses = []string{"STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR",
	"GLACIER", "DEEP_ARCHIVE", "REDUCED_REDUNDANCY"}
