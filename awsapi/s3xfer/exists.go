package s3xfer

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// listAbove is how many uploads to one bucket a Run checks with HeadObject, one each, before it
// lists instead: a directory of 1,000 files would otherwise send 1,000 HeadObjects before the
// first byte moves, where one listing of the plan's key range (1,000 keys a page) says the same.
// A few files keep HeadObject: exact, and it needs no s3:ListBucket.
const listAbove = 4

// listedKeys is what a Run's listing found out: per bucket, which of the planned keys exist.
// A bucket it has no answer for (few uploads, a listing denied or too long) is not in it.
type listedKeys map[string]map[string]bool

// lookup says whether the listing saw bucket/key; known is false when there was no listing.
func (l listedKeys) lookup(bucket, key string) (exists, known bool) {
	keys, ok := l[bucket]
	if !ok {
		return false, false
	}
	return keys[key], true
}

// listExisting lists, for each bucket that more than listAbove uploads go to, the key range the
// uploads span (ListObjectsV2 under their common prefix, from just below the first key to past
// the last), and keeps the planned keys it saw. Where the listing fails — 403 when the caller
// may not list the bucket, or any other error — or would take more pages than a quarter of the
// HeadObjects it replaces, the bucket is left out and its uploads ask HeadObject one by one
// (which tells a 403 apart: "may exist").
func (e *Engine) listExisting(ctx context.Context, items []Item) listedKeys {
	byBucket := map[string][]string{}
	for _, it := range items {
		if it.Op == Upload {
			byBucket[it.Bucket] = append(byBucket[it.Bucket], it.Key)
		}
	}
	out := listedKeys{}
	for bucket, keys := range byBucket {
		if len(keys) <= listAbove {
			continue
		}
		if seen, ok := e.listRange(ctx, bucket, keys, max(1, len(keys)/4)); ok {
			out[bucket] = seen
		}
	}
	return out
}

// listRange lists the range of keys in at most maxPages pages and returns which of keys exist;
// ok is false when it could not (the caller falls back to HeadObject).
func (e *Engine) listRange(ctx context.Context, bucket string, keys []string, maxPages int) (map[string]bool, bool) {
	want := make(map[string]bool, len(keys))
	for _, k := range keys {
		want[k] = true
	}
	lo, hi := slices.Min(keys), slices.Max(keys)
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket)}
	if p := commonPrefix(lo, hi); p != "" {
		in.Prefix = aws.String(p)
	}
	if s := justBelow(lo); s != "" {
		in.StartAfter = aws.String(s)
	}
	api, err := e.nav.API(ctx, bucket)
	if err != nil {
		return nil, false
	}
	seen := map[string]bool{}
	pages := s3.NewListObjectsV2Paginator(api, in)
	for n := 0; pages.HasMorePages(); n++ {
		if n == maxPages {
			return nil, false // a crowded range: the HeadObjects cost less
		}
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, false
		}
		for _, o := range page.Contents {
			if k := aws.ToString(o.Key); want[k] {
				seen[k] = true
			}
		}
		if len(page.Contents) > 0 && aws.ToString(page.Contents[len(page.Contents)-1].Key) >= hi {
			break // past the last planned key: the rest of the prefix is not ours
		}
	}
	return seen, true
}

// commonPrefix is the longest common prefix of a and b, cut back to whole UTF-8 characters (S3
// takes a prefix as text).
func commonPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	p := a[:n]
	for len(p) > 0 && !utf8.ValidString(p) {
		p = p[:len(p)-1]
	}
	return p
}

// justBelow is a StartAfter that lists from k on: k with its last byte one less (every key from k
// on sorts after it), or "" when that would not be plain text (start at the prefix instead).
func justBelow(k string) string {
	if k == "" {
		return ""
	}
	last := k[len(k)-1]
	if last <= 0x20 || last >= 0x7f {
		return ""
	}
	return k[:len(k)-1] + string(last-1)
}

// isForbidden reports a 403: S3's answer when the caller may not read or list.
func isForbidden(err error) bool {
	var status interface{ HTTPStatusCode() int }
	return errors.As(err, &status) && status.HTTPStatusCode() == http.StatusForbidden
}
