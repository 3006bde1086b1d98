package s3nav

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// RestoreTiers are the retrieval tiers of a restore, fastest (and dearest) first.
var RestoreTiers = []string{"Expedited", "Standard", "Bulk"}

// Restore asks S3 to restore an archived object (GLACIER, DEEP_ARCHIVE, or an archive tier of
// INTELLIGENT_TIERING) for days, at tier. S3 answers at once; the restore itself takes minutes
// to hours: HeadObject's Restore header says when it is done.
func (c *Client) Restore(ctx context.Context, bucket, key string, days int32, tier string) error {
	action := "restoring " + uri(bucket, key)
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return wrap(action, err)
	}
	_, err = api.RestoreObject(ctx, &s3.RestoreObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		RestoreRequest: &types.RestoreRequest{Days: aws.Int32(days),
			GlacierJobParameters: &types.GlacierJobParameters{Tier: types.Tier(tier)}}})
	if err != nil {
		return wrap(action, err)
	}
	return nil
}
