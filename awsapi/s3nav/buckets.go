package s3nav

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// CreateBucket makes bucket in region ("" : the session's), with the LocationConstraint every
// region but us-east-1 needs, and remembers its region.
func (c *Client) CreateBucket(ctx context.Context, bucket, region string) error {
	if region == "" {
		region = c.Region()
	}
	in := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if region != "us-east-1" {
		in.CreateBucketConfiguration = &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraint(region)}
	}
	if _, err := c.regionClient(region).CreateBucket(ctx, in); err != nil {
		return wrap("creating bucket "+bucket+" in "+region, err)
	}
	c.remember(bucket, region)
	return nil
}

// DeleteBucket deletes an empty bucket.
func (c *Client) DeleteBucket(ctx context.Context, bucket string) error {
	action := "deleting bucket " + bucket
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return wrap(action, err)
	}
	if _, err := api.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)}); err != nil {
		return wrap(action, err)
	}
	c.mu.Lock()
	delete(c.regions, bucket)
	c.mu.Unlock()
	return nil
}
