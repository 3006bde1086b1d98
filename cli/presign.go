package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// PresignOptions are the flags of `nimbus presign`: aws s3 presign's, and the method.
type PresignOptions struct {
	Path      string // s3://bucket/key
	ExpiresIn int    // seconds; aws s3 presign's default is 3600
	Method    string // GET (aws s3 presign's only one) or PUT
}

// Presign prints a presigned URL of an object, as `aws s3 presign` does: the URL alone on stdout.
// Nothing is sent; the URL is signed with the session's credentials in the bucket's region.
func Presign(ctx context.Context, nav *s3nav.Client, o PresignOptions, stdout, stderr io.Writer) int {
	bucket, key, ok := parseObjectURI(o.Path)
	if !ok || key == "" {
		fmt.Fprintf(stderr, "nimbus presign: %s is not an object's s3:// path (s3://bucket/key)\n", textsafe.Clean(o.Path))
		return ExitUsage
	}
	method := strings.ToUpper(o.Method)
	if method == "" {
		method = http.MethodGet
	}
	expires := time.Duration(o.ExpiresIn) * time.Second
	if expires <= 0 || expires > s3nav.MaxPresign {
		fmt.Fprintf(stderr, "nimbus presign: --expires-in must be between 1 and %d seconds (7 days), not %d\n",
			int(s3nav.MaxPresign.Seconds()), o.ExpiresIn)
		return ExitUsage
	}
	ps, err := nav.Presign(ctx, bucket, key, method, expires)
	if err != nil {
		fmt.Fprintf(stderr, "nimbus presign: %s\n", textsafe.Clean(s3nav.Describe(err)))
		return ExitCode(err)
	}
	fmt.Fprintln(stdout, ps.URL)
	return ExitOK
}
