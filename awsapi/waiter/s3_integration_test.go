package waiter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// s3Caller stands in for the generic invoker over S3's real wire protocol: it turns the input
// document into the typed client's input and the typed output back into a document; errors
// are the SDK's own, so the waiter reads the HTTP status the way it will in production.
type s3Caller struct{ client *s3.Client }

func (c s3Caller) Call(ctx context.Context, operation string, in map[string]any) (map[string]any, error) {
	var out any
	var err error
	switch operation {
	case "HeadBucket":
		var input s3.HeadBucketInput
		if err := convert(in, &input); err != nil {
			return nil, err
		}
		out, err = c.client.HeadBucket(ctx, &input)
	case "HeadObject":
		var input s3.HeadObjectInput
		if err := convert(in, &input); err != nil {
			return nil, err
		}
		out, err = c.client.HeadObject(ctx, &input)
	default:
		return nil, fmt.Errorf("s3Caller does not know %s", operation)
	}
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := convert(out, &doc); err != nil {
		return nil, err
	}
	delete(doc, "ResultMetadata")
	return doc, nil
}

func convert(from, to any) error {
	raw, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, to)
}

func fakeS3(t *testing.T) *s3.Client {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	return s3.NewFromConfig(demo.Config(srv.URL), func(o *s3.Options) { o.UsePathStyle = true })
}

// motoS3 is a typed client for moto's S3, emptied first: a second implementation of S3, so
// the waiters are not checked against the demo's own backend only.
func motoS3(t *testing.T) *s3.Client {
	t.Helper()
	srv := motoserver.StartShared(t)
	if err := srv.Reset(); err != nil {
		t.Fatal(err)
	}
	return s3.NewFromConfig(srv.AWSConfig("us-east-1"), func(o *s3.Options) { o.UsePathStyle = true })
}

// s3Backends runs test against gofakes3 and against moto.
func s3Backends(t *testing.T, test func(t *testing.T, client *s3.Client)) {
	t.Run("gofakes3", func(t *testing.T) { test(t, fakeS3(t)) })
	t.Run("moto", func(t *testing.T) { test(t, motoS3(t)) })
}

// onAttempt records every attempt and runs then after the n-th, before the waiter sleeps:
// the resource appears between two polls, whatever the machine's speed.
func onAttempt(rec *recorder, n int, then func() error) (func(Attempt), *error) {
	var err error
	return func(a Attempt) {
		rec.on(a)
		if a.N == n {
			err = then()
		}
	}, &err
}

func TestS3Waiters(t *testing.T) {
	s3Backends(t, func(t *testing.T, client *s3.Client) {
		ctx := context.Background()
		caller := s3Caller{client}

		// BucketExists: 404 (retry) until the bucket is created after the first attempt, then 200.
		var rec recorder
		on, created := onAttempt(&rec, 1, func() error {
			_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("late")})
			return err
		})
		res, err := Run(ctx, caller, botocoreWaiter(t, "s3", "BucketExists"), map[string]any{"Bucket": "late"},
			Options{Name: "BucketExists", Delay: time.Millisecond, OnAttempt: on})
		if err != nil {
			t.Fatalf("BucketExists: %v", err)
		}
		if *created != nil {
			t.Fatal(*created)
		}
		atts := rec.all()
		if len(atts) != 2 || atts[0].State != StateRetry || atts[0].Observed != 404 || res.Last.Observed != 200 {
			t.Fatalf("BucketExists attempts %+v; want a 404 retry then 200", atts)
		}

		// ObjectExists: succeeds once the object is put after the first attempt.
		rec = recorder{}
		on, created = onAttempt(&rec, 1, func() error {
			_, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("late"), Key: aws.String("report.csv"), Body: strings.NewReader("a,b\n")})
			return err
		})
		res, err = Run(ctx, caller, botocoreWaiter(t, "s3", "ObjectExists"), map[string]any{"Bucket": "late", "Key": "report.csv"},
			Options{Name: "ObjectExists", Delay: time.Millisecond, OnAttempt: on})
		if err != nil {
			t.Fatalf("ObjectExists: %v", err)
		}
		if *created != nil {
			t.Fatal(*created)
		}
		if n := len(rec.all()); n != 2 || res.Output["ContentLength"] != 4.0 {
			t.Fatalf("ObjectExists after %d attempts, output %v", n, res.Output)
		}

		// ObjectNotExists: done at once for a key that is not there.
		res, err = Run(ctx, caller, botocoreWaiter(t, "s3", "ObjectNotExists"), map[string]any{"Bucket": "late", "Key": "nope"},
			Options{Name: "ObjectNotExists", Delay: time.Millisecond})
		if err != nil || res.Last.Observed != 404 {
			t.Fatalf("ObjectNotExists: %v, last %+v", err, res.Last)
		}

		// BucketExists on a bucket that never comes gives up with the last status.
		_, err = Run(ctx, caller, botocoreWaiter(t, "s3", "BucketExists"), map[string]any{"Bucket": "never"},
			Options{Name: "BucketExists", Delay: time.Millisecond, MaxAttempts: 3})
		var werr *Error
		if !errors.As(err, &werr) || werr.Kind != KindMaxAttempts || !strings.Contains(err.Error(), "last state: error NotFound (HTTP 404)") {
			t.Fatalf("got %v", err)
		}
	})
}
