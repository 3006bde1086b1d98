package s3nav

import (
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// headBucketRegion asks S3 which region a bucket lives in: an unsigned HeadBucket, whose answer
// (even a 301 or 403) carries X-Amz-Bucket-Region. It is feature/s3/manager's GetBucketRegion,
// kept here since that module is deprecated in favour of feature/s3/transfermanager, which has
// no such helper.
func headBucketRegion(ctx context.Context, api *s3.Client, bucket string) (string, error) {
	var capture regionCapture
	_, err := api.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)},
		func(o *s3.Options) {
			o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
				return st.Deserialize.Add(&capture, middleware.After)
			})
			o.Credentials = nil // anonymous: a bucket of another account still says its region
		})
	if capture.region != "" {
		return capture.region, nil
	}
	if err != nil {
		var status interface{ HTTPStatusCode() int }
		if errors.As(err, &status) && status.HTTPStatusCode() == http.StatusNotFound {
			return "", errBucketNotFound
		}
		return "", err
	}
	return "", nil
}

var errBucketNotFound = errors.New("bucket not found")

// regionCapture reads the bucket region header off the raw response, error or not.
type regionCapture struct{ region string }

func (*regionCapture) ID() string { return "NimbusBucketRegion" }

func (c *regionCapture) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (
	middleware.DeserializeOutput, middleware.Metadata, error,
) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil {
		c.region = resp.Header.Get("X-Amz-Bucket-Region")
	}
	return out, md, err
}
