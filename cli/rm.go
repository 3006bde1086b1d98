package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// RmOptions are the flags of `nimbus rm`, aws s3 rm's.
type RmOptions struct {
	Path      string // s3://bucket/key, or s3://bucket/prefix with Recursive
	Recursive bool
	DryRun    bool
	Quiet     bool          // no "delete:" lines; failures are still printed
	Rules     []s3xfer.Rule // --include / --exclude, in command-line order, on the key below the path
}

// Rm deletes one object, or with Recursive every key under a prefix (DeleteObjects, 1,000 keys a
// call, as the listing goes), printing aws s3 rm's lines: "delete: s3://b/k" on stdout for each
// key deleted, "delete failed: s3://b/k <why>" on stderr for each refused, "fatal error: <why>"
// when the listing or a whole call fails. The exit code is 0, or 1 when anything failed (aws s3's
// code), or the configuration's codes (252, 253, 255) for what never reached S3.
func Rm(ctx context.Context, nav *s3nav.Client, o RmOptions, stdout, stderr io.Writer) int {
	bucket, key, ok := parseObjectURI(o.Path)
	if !ok {
		fmt.Fprintf(stderr, "nimbus rm: %s is not an s3:// path (s3://bucket/key)\n", textsafe.Clean(o.Path))
		return ExitUsage
	}
	filter, err := s3xfer.Rules(o.Rules)
	if err != nil {
		fmt.Fprintf(stderr, "nimbus rm: %s\n", textsafe.Clean(err.Error()))
		return ExitUsage
	}
	r := &rmRun{nav: nav, o: o, bucket: bucket, stdout: stdout, stderr: stderr, filter: filter}
	if !o.Recursive {
		if key == "" {
			fmt.Fprintf(stderr, "nimbus rm: %s names a bucket, not a key: add --recursive to delete every key in it\n", textsafe.Clean(o.Path))
			return ExitUsage
		}
		// aws s3 matches a single key's patterns below its "directory": s3://b/p/k is "k".
		if filter == nil || filter(key[strings.LastIndex(key, "/")+1:]) {
			r.single(ctx, key)
		}
		return r.code
	}
	if key != "" && !strings.HasSuffix(key, "/") {
		key += "/" // aws s3 treats a recursive path as a directory: s3://b/di does not match dir/x
	}
	r.recursive(ctx, key)
	return r.code
}

type rmRun struct {
	nav            *s3nav.Client
	o              RmOptions
	bucket         string
	stdout, stderr io.Writer
	code           int
	filter         s3xfer.Filter // nil: every key
}

func (r *rmRun) single(ctx context.Context, key string) {
	if r.o.DryRun {
		r.deleted(key, "(dryrun) ")
		return
	}
	if err := r.nav.DeleteObject(ctx, r.bucket, s3nav.ObjectID{Key: key}); err != nil {
		r.failed(key, err)
		return
	}
	r.deleted(key, "")
}

// recursive lists the prefix (in parallel, in key order) and deletes each full batch as the listing goes, so a prefix of
// millions of keys needs the memory of one batch.
func (r *rmRun) recursive(ctx context.Context, prefix string) {
	batch := make([]s3nav.ObjectID, 0, s3nav.DeleteBatch)
	flush := func() error {
		defer func() { batch = batch[:0] }()
		if r.o.DryRun {
			for _, id := range batch {
				r.deleted(id.Key, "(dryrun) ")
			}
			return nil
		}
		res, err := r.nav.Delete(ctx, r.bucket, batch, nil)
		for _, id := range res.Deleted {
			r.deleted(id.Key, "")
		}
		for _, e := range res.Errors {
			r.code = ExitS3Failed
			fmt.Fprintf(r.stderr, "delete failed: %s An error occurred (%s): %s\n",
				textsafe.Clean(objectURI(r.bucket, e.Key)), textsafe.Clean(e.Code), textsafe.Clean(e.Message))
		}
		return err
	}
	err := r.nav.Walk(ctx, r.bucket, prefix, s3nav.WalkOptions{}, func(page []s3nav.Entry) error {
		for _, e := range page {
			if r.filter != nil && !r.filter(strings.TrimPrefix(e.Key, prefix)) {
				continue
			}
			batch = append(batch, s3nav.ObjectID{Key: e.Key})
			if len(batch) == s3nav.DeleteBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		fmt.Fprintf(r.stderr, "fatal error: %s\n", textsafe.Clean(cliErrorText(err)))
		r.code = s3Code(err)
	}
}

func (r *rmRun) deleted(key, dry string) {
	if !r.o.Quiet {
		fmt.Fprintf(r.stdout, "%sdelete: %s\n", dry, textsafe.Clean(objectURI(r.bucket, key)))
	}
}

func (r *rmRun) failed(key string, err error) {
	fmt.Fprintf(r.stderr, "delete failed: %s %s\n", textsafe.Clean(objectURI(r.bucket, key)), textsafe.Clean(cliErrorText(err)))
	r.code = s3Code(err)
}

// s3Code is aws s3's exit code for a failed command: 1 when S3 answered with an error, else
// the code of what went wrong before (configuration, --readonly, the network).
func s3Code(err error) int {
	if code := ExitCode(err); code != ExitService {
		return code
	}
	return ExitS3Failed
}

// cliErrorText words a failed call as the AWS CLI does ("An error occurred (NoSuchBucket) when calling
// the DeleteObject operation: The specified bucket does not exist"), else as s3nav.Describe does.
// Not sanitised.
func cliErrorText(err error) string {
	var (
		api smithy.APIError
		op  *smithy.OperationError
	)
	if !errors.As(err, &api) {
		return s3nav.Describe(err)
	}
	code, msg := api.ErrorCode(), api.ErrorMessage()
	var resp *smithyhttp.ResponseError
	switch {
	case errors.As(err, &resp) && resp.Response != nil && resp.Response.Request != nil && resp.Response.Request.Method == http.MethodHead:
		// A HEAD answer has no body: botocore names the error by its status ("403", "Forbidden"),
		// where the SDK makes a code of the status text.
		code, msg = strconv.Itoa(resp.HTTPStatusCode()), http.StatusText(resp.HTTPStatusCode())
	case msg == "" || msg == "UnknownError":
		// An S3 error document without a Message: the SDK leaves it empty (modelled errors) or
		// puts its placeholder, botocore says "Unknown".
		msg = "Unknown"
	}
	s := "An error occurred (" + code + ")"
	if errors.As(err, &op) {
		s += " when calling the " + op.OperationName + " operation"
	}
	return s + ": " + msg
}

// parseObjectURI reads s3://bucket/key; ok is false without the scheme or a bucket.
func parseObjectURI(p string) (bucket, key string, ok bool) {
	rest, found := strings.CutPrefix(p, "s3://")
	if !found {
		return "", "", false
	}
	bucket, key, _ = strings.Cut(rest, "/")
	return bucket, key, bucket != ""
}

func objectURI(bucket, key string) string { return "s3://" + bucket + "/" + key }
