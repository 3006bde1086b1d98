// Package s3nav is the S3 data layer of the browser and of `nimbus ls`: buckets with their regions,
// listings that stream one page at a time, object metadata and a bounded preview of an object's
// first bytes. It talks to S3 through the typed SDK client, built from an aws.Config that the
// session manager made; it never loads configuration itself and never imports anything of the UI.
package s3nav

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
)

// Client reads S3 for one session (one aws.Config). It is safe for concurrent use: the bucket
// region cache and the per-region clients are guarded by a mutex.
type Client struct {
	cfg    aws.Config
	optFns []func(*s3.Options)
	base   *s3.Client
	// custom is true when an endpoint override is in force (demo, gofakes3, MinIO, LocalStack…):
	// those servers want path-style addressing and often cannot tell a bucket's region.
	custom bool

	mu      sync.Mutex
	regions map[string]string     // bucket -> region
	clients map[string]*s3.Client // region -> client
}

// Bucket is one row of the bucket list. Region is empty when the listing did not say it; use
// Client.BucketRegion to find it.
type Bucket struct {
	Name    string
	Region  string
	Created time.Time
}

// New makes a Client from the session's config. optFns are applied to every S3 client it builds
// (the base one and each per-region one). With an endpoint override (BaseEndpoint, or
// AWS_ENDPOINT_URL_S3 through the config sources) path-style addressing is switched on, since
// such servers rarely resolve bucket.host names; an optFn may switch it off again.
func New(cfg aws.Config, optFns ...func(*s3.Options)) *Client {
	if cfg.HTTPClient == nil || cfg.Retryer == nil {
		// A config the session manager did not make (tests, the demo): bound it all the same.
		netpolicy.Default().Apply(&cfg)
	}
	fns := append([]func(*s3.Options){}, optFns...)
	base := s3.NewFromConfig(cfg, fns...)
	custom := base.Options().BaseEndpoint != nil
	if custom {
		fns = append([]func(*s3.Options){func(o *s3.Options) { o.UsePathStyle = true }}, fns...)
		base = s3.NewFromConfig(cfg, fns...)
	}
	return &Client{
		cfg:     cfg,
		optFns:  fns,
		base:    base,
		custom:  custom,
		regions: map[string]string{},
		clients: map[string]*s3.Client{base.Options().Region: base},
	}
}

// Region is the session's configured region, used for ListBuckets and as the fallback when a
// bucket's own region cannot be found.
func (c *Client) Region() string { return c.base.Options().Region }

// CustomEndpoint reports whether an endpoint override is in force.
func (c *Client) CustomEndpoint() bool { return c.custom }

// Buckets lists every bucket the credentials can see, sorted by name (AWS sorts them so;
// gofakes3 does not). Regions reported by the listing are remembered for later calls.
func (c *Client) Buckets(ctx context.Context) ([]Bucket, error) {
	var out []Bucket
	p := s3.NewListBucketsPaginator(c.base, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, wrap("listing buckets", err)
		}
		for _, b := range page.Buckets {
			bk := Bucket{Name: aws.ToString(b.Name), Created: aws.ToTime(b.CreationDate)}
			if r := aws.ToString(b.BucketRegion); validRegion(r) {
				bk.Region = r
				c.remember(bk.Name, r)
			} else if r, ok := c.cached(bk.Name); ok {
				bk.Region = r
			}
			out = append(out, bk)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// BucketRegion finds the region a bucket lives in (an unsigned HeadBucket) and
// caches it. With an endpoint override, a server that does not say (gofakes3 never does) means
// the configured region, which is cached too. Against AWS a failed lookup is an error and is not
// cached; the clients then fall back to the configured region (see clientFor).
func (c *Client) BucketRegion(ctx context.Context, bucket string) (string, error) {
	if r, ok := c.cached(bucket); ok {
		return r, nil
	}
	r, err := headBucketRegion(ctx, c.base, bucket)
	if err == nil && !validRegion(r) {
		err = errNoRegion
	}
	if err != nil {
		if c.custom && ctx.Err() == nil && !networkFailure(err) {
			c.remember(bucket, c.Region())
			return c.Region(), nil
		}
		return "", wrap("finding the region of bucket "+bucket, err)
	}
	c.remember(bucket, r)
	return r, nil
}

var errNoRegion = errors.New("the server did not report a valid region")

// networkFailure reports a call that failed on the network after its retries (no answer, reset,
// cut off), as opposed to an answer.
func networkFailure(err error) bool {
	var f *netpolicy.Failure
	return errors.As(err, &f) && f.Kind != netpolicy.Garbled
}

// clientFor returns the S3 client for the bucket's own region, so a bucket in another region is
// listed there instead of failing with a redirect. When the lookup fails the configured region is
// used: the real call then reports the real problem (no such bucket, access denied, no network)
// better than the lookup could.
func (c *Client) clientFor(ctx context.Context, bucket string) (*s3.Client, error) {
	region, err := c.BucketRegion(ctx, bucket)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		if networkFailure(err) {
			return nil, err // the endpoint did not answer, after retries: the call would wait as long again
		}
		region = c.Region()
	}
	return c.regionClient(region), nil
}

func (c *Client) regionClient(region string) *s3.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.clients[region]; ok {
		return cl
	}
	fns := append(append([]func(*s3.Options){}, c.optFns...), func(o *s3.Options) { o.Region = region })
	cl := s3.NewFromConfig(c.cfg, fns...)
	c.clients[region] = cl
	return cl
}

func (c *Client) cached(bucket string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.regions[bucket]
	return r, ok
}

func (c *Client) remember(bucket, region string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.regions[bucket] = region
}

// regionPattern keeps a region taken from a response header from steering the endpoint host
// anywhere odd: the region becomes part of a host name.
// ^[a-z0-9][a-z0-9-]{0,48}[a-z0-9]$, as a loop: compiling the pattern cost start-up time.
func validRegion(r string) bool {
	if len(r) < 2 || len(r) > 50 {
		return false
	}
	for i := 0; i < len(r); i++ {
		c := r[i]
		alnum := 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		if !alnum && (c != '-' || i == 0 || i == len(r)-1) {
			return false
		}
	}
	return true
}

// uri formats s3://bucket/key for messages.
func uri(bucket, key string) string { return fmt.Sprintf("s3://%s/%s", bucket, key) }
