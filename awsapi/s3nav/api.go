package s3nav

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// API is the typed S3 client for the bucket's own region (see clientFor), for packages that make
// calls s3nav does not wrap (transfers, actions on objects).
func (c *Client) API(ctx context.Context, bucket string) (*s3.Client, error) {
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return nil, wrap("finding the region of bucket "+bucket, err)
	}
	return api, nil
}
