package s3nav

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// DefaultPageSize is the page size S3 itself uses; a page of 1,000 arrives in well under a
// second, so the first rows are on screen quickly.
const DefaultPageSize int32 = 1000

// Entry is one row of a listing: a common prefix ("folder") or an object. Strings are raw
// S3 data: sanitise them (textsafe.Clean) before they reach a terminal.
type Entry struct {
	// Key is the full key of an object, or the full prefix (ending in the delimiter) of a folder.
	Key string
	// Name is Key relative to the listed prefix ("01/" or "img-0001.jpg").
	Name         string
	IsPrefix     bool
	Size         int64
	LastModified time.Time
	StorageClass string
	ETag         string
}

// Page is what one Next call brings: the entries of one ListObjectsV2 response, common prefixes
// first (as S3 sends them), and whether more pages follow.
type Page struct {
	Entries []Entry
	More    bool
}

// Lister walks one listing page by page, so the caller (a Bubble Tea Cmd per page) can draw the
// first page as soon as it arrives and stop whenever it likes. A Lister is not safe for
// concurrent Next calls: call Next again only after the previous call returned.
type Lister struct {
	c         *Client
	bucket    string
	prefix    string
	recursive bool
	pageSize  int32

	// startAfter, when set, is the first page's StartAfter: a key just below the prefix, so that
	// a server which does not seek to the prefix itself starts there (see seekHint).
	startAfter string

	api   *s3.Client
	token *string
	done  bool
	// seen de-duplicates common prefixes across pages: some servers (gofakes3 with a small
	// MaxKeys) repeat a prefix on every page that holds keys under it.
	seen map[string]struct{}
	// body is the response buffer listDecoder reuses from page to page.
	body []byte
}

// NewLister prepares a listing of bucket under prefix. Unless recursive, keys are grouped at
// "/" into common prefixes. pageSize <= 0 means DefaultPageSize; S3 caps it at 1,000.
func (c *Client) NewLister(bucket, prefix string, recursive bool, pageSize int32) *Lister {
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	return &Lister{c: c, bucket: bucket, prefix: prefix, recursive: recursive, pageSize: pageSize,
		seen: map[string]struct{}{}}
}

// Bucket is the bucket being listed.
func (l *Lister) Bucket() string { return l.bucket }

// Prefix is the prefix being listed.
func (l *Lister) Prefix() string { return l.prefix }

// Next fetches the next page with one ListObjectsV2 call. After the last page it returns an
// empty Page with More false. On an error the Lister stays where it was (More is true), so
// calling Next again retries the same page.
func (l *Lister) Next(ctx context.Context) (Page, error) {
	if l.done {
		return Page{}, nil
	}
	action := "listing " + uri(l.bucket, l.prefix)
	if l.api == nil {
		api, err := l.c.clientFor(ctx, l.bucket)
		if err != nil {
			return Page{More: true}, wrap(action, err)
		}
		l.api = api
	}
	in := &s3.ListObjectsV2Input{
		Bucket:  aws.String(l.bucket),
		MaxKeys: aws.Int32(l.pageSize),
		// Keys may hold bytes XML 1.0 cannot carry (ESC and other controls); url encoding gets
		// them through intact. Servers that ignore it answer without EncodingType and we skip
		// the decoding.
		EncodingType:      types.EncodingTypeUrl,
		ContinuationToken: l.token,
	}
	if l.prefix != "" {
		in.Prefix = aws.String(l.prefix)
	}
	if l.token == nil && l.startAfter != "" {
		in.StartAfter = aws.String(l.startAfter)
	}
	if !l.recursive {
		in.Delimiter = aws.String("/")
	}
	out, err := l.api.ListObjectsV2(ctx, in, withListDecoder(&l.body))
	if err != nil {
		return Page{More: true}, wrap(action, err)
	}
	decode := func(s *string) (string, error) { return aws.ToString(s), nil }
	if out.EncodingType == types.EncodingTypeUrl {
		decode = func(s *string) (string, error) { return url.QueryUnescape(aws.ToString(s)) }
	}

	page := Page{Entries: make([]Entry, 0, len(out.CommonPrefixes)+len(out.Contents))}
	for _, cp := range out.CommonPrefixes {
		p, err := decode(cp.Prefix)
		if err != nil {
			return Page{More: true}, wrap(action, err)
		}
		if _, dup := l.seen[p]; dup {
			continue
		}
		l.seen[p] = struct{}{}
		page.Entries = append(page.Entries, Entry{Key: p, Name: strings.TrimPrefix(p, l.prefix), IsPrefix: true})
	}
	for _, o := range out.Contents {
		k, err := decode(o.Key)
		if err != nil {
			return Page{More: true}, wrap(action, err)
		}
		page.Entries = append(page.Entries, Entry{
			Key:          k,
			Name:         strings.TrimPrefix(k, l.prefix),
			Size:         aws.ToInt64(o.Size),
			LastModified: aws.ToTime(o.LastModified),
			StorageClass: string(o.StorageClass),
			ETag:         aws.ToString(o.ETag),
		})
	}

	next := out.NextContinuationToken
	switch {
	case !aws.ToBool(out.IsTruncated) || aws.ToString(next) == "":
		l.done = true
	case l.token != nil && *l.token == *next:
		// A server that hands back the token it was given would keep us listing forever.
		l.done = true
		return page, wrap(action, errRepeatedToken)
	default:
		l.token = next
	}
	page.More = !l.done
	return page, nil
}

var errRepeatedToken = errors.New("the server returned the same continuation token twice; stopping")
