package s3nav

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// MaxPresign is the longest a SigV4 presigned URL may live (7 days).
const MaxPresign = 7 * 24 * time.Hour

// Presigned is a presigned request: whoever holds URL may send Method to it (with Header) until
// it expires.
type Presigned struct {
	Method  string
	URL     string
	Header  http.Header // headers the signature covers besides host (none for a plain GET or PUT)
	Expires time.Duration
}

// Presign signs a GET (download) or PUT (upload) of bucket/key valid for expires. Nothing is
// sent: the URL is signed locally with the session's credentials, in the bucket's region. A PUT
// is an upload, so the read-only guard refuses to sign it under --readonly.
func (c *Client) Presign(ctx context.Context, bucket, key, method string, expires time.Duration) (Presigned, error) {
	action := fmt.Sprintf("presigning %s of %s", method, uri(bucket, key))
	if expires <= 0 || expires > MaxPresign {
		return Presigned{}, wrap(action, fmt.Errorf("the expiry must be between 1 second and 7 days, not %s", expires))
	}
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return Presigned{}, wrap(action, err)
	}
	ps := s3.NewPresignClient(api, s3.WithPresignExpires(expires))
	var out Presigned
	switch method {
	case http.MethodGet:
		req, err := ps.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			return Presigned{}, wrap(action, err)
		}
		out = Presigned{Method: req.Method, URL: req.URL, Header: req.SignedHeader}
	case http.MethodPut:
		req, err := ps.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		if err != nil {
			return Presigned{}, wrap(action, err)
		}
		out = Presigned{Method: req.Method, URL: req.URL, Header: req.SignedHeader}
	default:
		return Presigned{}, wrap(action, fmt.Errorf("only GET and PUT can be presigned, not %q", method))
	}
	out.Header.Del("Host")
	out.Expires = expires
	return out, nil
}
