package s3nav

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Version is one version of an object, or a delete marker. Strings are raw S3 data.
type Version struct {
	Key          string
	VersionID    string // "null" for an object written before versioning was enabled
	IsLatest     bool
	DeleteMarker bool
	Size         int64
	LastModified time.Time
	StorageClass string
	ETag         string
}

// VersionPage is one ListObjectVersions answer: versions and delete markers in key order, newest
// first within a key, and the common prefixes when grouped at "/".
type VersionPage struct {
	Versions []Version
	Prefixes []string
	More     bool
}

// VersionLister walks ListObjectVersions page by page (KeyMarker and VersionIdMarker), like Lister.
type VersionLister struct {
	c         *Client
	bucket    string
	prefix    string
	recursive bool
	pageSize  int32

	api                      *s3.Client
	keyMarker, versionMarker *string
	done                     bool
}

// NewVersionLister prepares a listing of every version under prefix; unless recursive, keys are
// grouped at "/".
func (c *Client) NewVersionLister(bucket, prefix string, recursive bool, pageSize int32) *VersionLister {
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	return &VersionLister{c: c, bucket: bucket, prefix: prefix, recursive: recursive, pageSize: pageSize}
}

var errRepeatedMarker = errors.New("the server returned the same version markers twice; stopping")

// Next fetches the next page. After an error the lister stays where it was.
func (l *VersionLister) Next(ctx context.Context) (VersionPage, error) {
	if l.done {
		return VersionPage{}, nil
	}
	action := "listing versions of " + uri(l.bucket, l.prefix)
	if l.api == nil {
		api, err := l.c.clientFor(ctx, l.bucket)
		if err != nil {
			return VersionPage{More: true}, wrap(action, err)
		}
		l.api = api
	}
	in := &s3.ListObjectVersionsInput{Bucket: aws.String(l.bucket), MaxKeys: aws.Int32(l.pageSize),
		EncodingType: types.EncodingTypeUrl, KeyMarker: l.keyMarker, VersionIdMarker: l.versionMarker}
	if l.prefix != "" {
		in.Prefix = aws.String(l.prefix)
	}
	if !l.recursive {
		in.Delimiter = aws.String("/")
	}
	out, err := l.api.ListObjectVersions(ctx, in)
	if err != nil {
		return VersionPage{More: true}, wrap(action, err)
	}
	decode := func(s *string) string { return aws.ToString(s) }
	if out.EncodingType == types.EncodingTypeUrl {
		decode = func(s *string) string {
			if d, err := url.QueryUnescape(aws.ToString(s)); err == nil {
				return d
			}
			return aws.ToString(s)
		}
	}
	var page VersionPage
	for _, v := range out.Versions {
		page.Versions = append(page.Versions, Version{Key: decode(v.Key), VersionID: aws.ToString(v.VersionId),
			IsLatest: aws.ToBool(v.IsLatest), Size: aws.ToInt64(v.Size), LastModified: aws.ToTime(v.LastModified),
			StorageClass: string(v.StorageClass), ETag: aws.ToString(v.ETag)})
	}
	for _, m := range out.DeleteMarkers {
		page.Versions = append(page.Versions, Version{Key: decode(m.Key), VersionID: aws.ToString(m.VersionId),
			IsLatest: aws.ToBool(m.IsLatest), DeleteMarker: true, LastModified: aws.ToTime(m.LastModified)})
	}
	// S3 sends versions and markers as two lists: merge them as one history, newest first per key.
	sort.SliceStable(page.Versions, func(i, j int) bool {
		a, b := page.Versions[i], page.Versions[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		if !a.LastModified.Equal(b.LastModified) {
			return a.LastModified.After(b.LastModified)
		}
		return a.IsLatest && !b.IsLatest // times to the second tie: the current one first
	})
	for _, p := range out.CommonPrefixes {
		page.Prefixes = append(page.Prefixes, decode(p.Prefix))
	}
	nk, nv := out.NextKeyMarker, out.NextVersionIdMarker
	switch {
	case !aws.ToBool(out.IsTruncated) || (aws.ToString(nk) == "" && aws.ToString(nv) == ""):
		l.done = true
	case aws.ToString(nk) == aws.ToString(l.keyMarker) && aws.ToString(nv) == aws.ToString(l.versionMarker):
		l.done = true // gofakes3 pages its versions in a loop: stop rather than list forever
		return page, wrap(action, errRepeatedMarker)
	default:
		k := decode(nk)
		l.keyMarker, l.versionMarker = &k, nv
	}
	page.More = !l.done
	return page, nil
}

// NameIn is v's key relative to prefix.
func (v Version) NameIn(prefix string) string { return strings.TrimPrefix(v.Key, prefix) }
