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

// motoS3 returns a typed client for the shared moto_server: a second, independent S3.
func motoS3(t *testing.T) *s3.Client {
	t.Helper()
	return s3.NewFromConfig(motoserver.StartShared(t).AWSConfig("us-east-1"), func(o *s3.Options) { o.UsePathStyle = true })
}

func TestS3WaitersOverGofakes3AndMoto(t *testing.T) {
	for name, backend := range map[string]func(*testing.T) *s3.Client{"gofakes3": fakeS3, "moto": motoS3} {
		t.Run(name, func(t *testing.T) { testS3Waiters(t, backend(t)) })
	}
}

func testS3Waiters(t *testing.T, client *s3.Client) {
	ctx := context.Background()
	caller := s3Caller{client}
	late, never := fmt.Sprintf("late-%d", time.Now().UnixNano()), fmt.Sprintf("never-%d", time.Now().UnixNano())

	// BucketExists: 404 (retry) until the bucket is made, after the second attempt, then 200.
	// The bucket is made from OnAttempt, between two attempts: no timing involved.
	var rec recorder
	res, err := Run(ctx, caller, botocoreWaiter(t, "s3", "BucketExists"), map[string]any{"Bucket": late},
		Options{Name: "BucketExists", Delay: time.Millisecond, OnAttempt: func(a Attempt) {
			rec.on(a)
			if a.N == 2 {
				if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(late)}); err != nil {
					t.Error(err)
				}
			}
		}})
	if err != nil {
		t.Fatalf("BucketExists: %v", err)
	}
	atts := rec.all()
	if len(atts) != 3 || atts[0].State != StateRetry || atts[0].Observed != 404 || atts[1].Observed != 404 || res.Last.Observed != 200 {
		t.Fatalf("BucketExists attempts %+v; want 404, 404 (retries) then 200", atts)
	}

	// ObjectExists: succeeds once the object is put, after the first attempt.
	rec = recorder{}
	res, err = Run(ctx, caller, botocoreWaiter(t, "s3", "ObjectExists"), map[string]any{"Bucket": late, "Key": "report.csv"},
		Options{Name: "ObjectExists", Delay: time.Millisecond, OnAttempt: func(a Attempt) {
			rec.on(a)
			if a.N == 1 {
				if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(late), Key: aws.String("report.csv"), Body: strings.NewReader("a,b\n")}); err != nil {
					t.Error(err)
				}
			}
		}})
	if err != nil {
		t.Fatalf("ObjectExists: %v", err)
	}
	if n := len(rec.all()); n != 2 || res.Output["ContentLength"] != 4.0 {
		t.Fatalf("ObjectExists after %d attempts (want 2), output %v", n, res.Output)
	}

	// BucketExists on a bucket that never comes gives up with the last status.
	_, err = Run(ctx, caller, botocoreWaiter(t, "s3", "BucketExists"), map[string]any{"Bucket": never},
		Options{Name: "BucketExists", Delay: time.Millisecond, MaxAttempts: 3})
	var werr *Error
	if !errors.As(err, &werr) || werr.Kind != KindMaxAttempts || !strings.Contains(err.Error(), "last state: error NotFound (HTTP 404)") {
		t.Fatalf("got %v", err)
	}
}
