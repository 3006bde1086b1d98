package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// bucketOf reads s3://bucket (a trailing slash allowed, no key).
func bucketOf(path string) (string, bool) {
	bucket, key, ok := parseObjectURI(path)
	return bucket, ok && key == ""
}

// Mb makes a bucket like `aws s3 mb`: "make_bucket: NAME" on stdout, or "make_bucket failed:
// s3://NAME <why>" on stderr and exit 1. region "" is the session's.
func Mb(ctx context.Context, nav *s3nav.Client, path, region string, stdout, stderr io.Writer) int {
	bucket, ok := bucketOf(path)
	if !ok {
		fmt.Fprintf(stderr, "nimbus mb: %s is not a bucket's s3:// path (s3://bucket)\n", textsafe.Clean(path))
		return ExitUsage
	}
	if err := nav.CreateBucket(ctx, bucket, region); err != nil {
		fmt.Fprintf(stderr, "make_bucket failed: s3://%s %s\n", textsafe.Clean(bucket), textsafe.Clean(cliErrorText(err)))
		return s3Code(err)
	}
	fmt.Fprintf(stdout, "make_bucket: %s\n", textsafe.Clean(bucket))
	return ExitOK
}

// Rb removes a bucket like `aws s3 rb`: with force, every object is deleted first (rm
// --recursive's lines); "remove_bucket: NAME" on stdout, or "remove_bucket failed: s3://NAME
// <why>" on stderr and exit 1.
func Rb(ctx context.Context, nav *s3nav.Client, path string, force bool, stdout, stderr io.Writer) int {
	bucket, ok := bucketOf(path)
	if !ok {
		fmt.Fprintf(stderr, "nimbus rb: %s is not a bucket's s3:// path (s3://bucket)\n", textsafe.Clean(path))
		return ExitUsage
	}
	if force {
		if code := Rm(ctx, nav, RmOptions{Path: "s3://" + bucket + "/", Recursive: true}, stdout, stderr); code != ExitOK {
			// aws s3 rb --force stops when the objects could not all be deleted.
			return code
		}
	}
	if err := nav.DeleteBucket(ctx, bucket); err != nil {
		fmt.Fprintf(stderr, "remove_bucket failed: s3://%s %s\n", textsafe.Clean(bucket), textsafe.Clean(cliErrorText(err)))
		return s3Code(err)
	}
	fmt.Fprintf(stdout, "remove_bucket: %s\n", textsafe.Clean(strings.TrimSuffix(bucket, "/")))
	return ExitOK
}
