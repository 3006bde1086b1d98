package s3nav_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

func TestCopyPartsDecision(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		size int64
		o    s3nav.CopyOptions
		want string
	}{
		{5 << 30, s3nav.CopyOptions{}, "[]"}, // exactly 5 GiB: one CopyObject
		{5<<30 + 1, s3nav.CopyOptions{}, fmt.Sprintf("11 parts, first {0 %d}, last {%d %d}", 512*mib-1, 10*512*mib, 5<<30)},
		{100, s3nav.CopyOptions{Threshold: 100}, "[]"},
		{101, s3nav.CopyOptions{Threshold: 100, PartSize: 50}, "3 parts, first {0 49}, last {100 100}"},
		// 10,000 parts at most: the part size grows to ceil(100001/10000) = 11 bytes.
		{100_001, s3nav.CopyOptions{Threshold: 1, PartSize: 1}, "9091 parts, first {0 10}, last {99990 100000}"},
	} {
		parts := s3nav.CopyParts(c.size, c.o)
		got := "[]"
		if len(parts) > 0 {
			got = fmt.Sprintf("%d parts, first %v, last %v", len(parts), parts[0], parts[len(parts)-1])
			for i := 1; i < len(parts); i++ {
				if parts[i].First != parts[i-1].Last+1 {
					t.Fatalf("size %d: a gap between parts %d and %d", c.size, i-1, i)
				}
			}
		}
		if got != c.want {
			t.Errorf("size %d %+v: %s, want %s", c.size, c.o, got, c.want)
		}
	}
}

// A copy across buckets keeps the body, the content type and the user metadata; a key with
// spaces, a plus and unicode survives the copy-source encoding.
func TestCopyAcrossBuckets(t *testing.T) {
	f := newFake(t, true)
	f.bucket(t, "src")
	f.bucket(t, "dst")
	key := "dir/a b+c ünï.txt"
	f.put(t, "src", key, []byte("payload"), map[string]string{"Content-Type": "text/plain", "X-Amz-Meta-Owner": "ann"})
	ctx := context.Background()
	res, err := f.nav.Copy(ctx, s3nav.ObjectRef{Bucket: "src", Key: key}, s3nav.ObjectRef{Bucket: "dst", Key: "copied/" + key}, s3nav.CopyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Parts != 0 {
		t.Fatalf("%d parts for a 7-byte object", res.Parts)
	}
	info, err := f.nav.Head(ctx, "dst", "copied/"+key)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != 7 || info.ContentType != "text/plain" || info.Metadata["owner"] != "ann" {
		t.Fatalf("copy %+v", info)
	}
}

// Moving a prefix copies every key under it to the new prefix, then deletes the sources; a
// prefix cannot go inside itself.
func TestMoveTree(t *testing.T) {
	f := newFake(t, true)
	f.bucket(t, "b")
	for _, k := range []string{"old/a", "old/sub/b", "older/c"} {
		f.put(t, "b", k, []byte(k), nil)
	}
	ctx := context.Background()
	items, n, err := f.nav.PlanTree(ctx, s3nav.ObjectRef{Bucket: "b", Key: "old/"}, "b", "new/")
	if err != nil {
		t.Fatal(err)
	}
	if n.Objects != 2 || fmt.Sprint(items) != "[{s3://b/old/a s3://b/new/a} {s3://b/old/sub/b s3://b/new/sub/b}]" {
		t.Fatalf("plan %v %+v", items, n)
	}
	res, err := f.nav.CopyAll(ctx, items, s3nav.CopyOptions{}, true, nil)
	if err != nil || len(res.Errors) > 0 || res.Deleted != 2 {
		t.Fatalf("move: %+v, %v", res, err)
	}
	left, _, err := f.nav.Keys(ctx, "b", "")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(left) != "[{new/a } {new/sub/b } {older/c }]" {
		t.Fatalf("left %v", left)
	}
	if _, _, err := f.nav.PlanTree(ctx, s3nav.ObjectRef{Bucket: "b", Key: "new/"}, "b", "new/deeper/"); !errors.Is(err, s3nav.ErrIntoItself) {
		t.Fatalf("into itself: %v", err)
	}
}

// Above the threshold (lowered here to 1 MiB) the copy is a multipart upload of UploadPartCopy
// parts that carries the metadata, content type and tags UploadPartCopy itself does not. moto, for
// its UploadPartCopy (gofakes3 has none).
func TestCopyMultipartOnMoto(t *testing.T) {
	srv := motoserver.StartShared(t)
	cfg := srv.AWSConfig("us-east-1")
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	src, dst := "mpcopy-src", "mpcopy-dst"
	for _, b := range []string{src, dst} {
		if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	body := bytes.Repeat([]byte("0123456789abcdef"), 12<<20/16) // 12 MiB
	if _, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(src), Key: aws.String("big.bin"), Body: bytes.NewReader(body),
		ContentType: aws.String("application/x-test"), Metadata: map[string]string{"owner": "ann"}, Tagging: aws.String("team=blue")}); err != nil {
		t.Fatal(err)
	}
	nav := s3nav.New(cfg)
	res, err := nav.Copy(ctx, s3nav.ObjectRef{Bucket: src, Key: "big.bin"}, s3nav.ObjectRef{Bucket: dst, Key: "copy.bin"},
		s3nav.CopyOptions{Threshold: 1 << 20, PartSize: 5 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.Parts != 3 {
		t.Fatalf("%d parts, want 3 (5 + 5 + 2 MiB)", res.Parts)
	}
	out, err := api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(dst), Key: aws.String("copy.bin")})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(out.Body)
	out.Body.Close()
	if !bytes.Equal(got, body) || aws.ToString(out.ContentType) != "application/x-test" || out.Metadata["owner"] != "ann" {
		t.Fatalf("copy: %d bytes, type %q, metadata %v", len(got), aws.ToString(out.ContentType), out.Metadata)
	}
	tags, err := api.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String(dst), Key: aws.String("copy.bin")})
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.TagSet) != 1 || aws.ToString(tags.TagSet[0].Key) != "team" || aws.ToString(tags.TagSet[0].Value) != "blue" {
		t.Fatalf("tags %v", tags.TagSet)
	}
	// No upload left behind.
	ups, err := api.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(dst)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ups.Uploads) != 0 {
		t.Fatalf("%d uploads left", len(ups.Uploads))
	}
	_ = types.StorageClassStandard
}

// A part that keeps failing aborts the multipart copy: no upload is left to bill, and the
// destination does not exist.
func TestCopyMultipartAbortsOnFailure(t *testing.T) {
	srv := motoserver.StartShared(t)
	cfg := srv.AWSConfig("us-east-1")
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	bucket := "mpcopy-abort"
	if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	body := bytes.Repeat([]byte("x"), 11<<20)
	if _, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("big"), Body: bytes.NewReader(body)}); err != nil {
		t.Fatal(err)
	}
	proxy := faultproxy.Start(t, srv.URL, func(_ int, r *http.Request) faultproxy.Fault {
		if r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "2" && r.Header.Get("X-Amz-Copy-Source") != "" {
			return faultproxy.Status(500)
		}
		return nil
	})
	pcfg := cfg.Copy()
	pcfg.BaseEndpoint = aws.String(proxy.URL)
	nav := s3nav.New(pcfg)
	_, err := nav.Copy(ctx, s3nav.ObjectRef{Bucket: bucket, Key: "big"}, s3nav.ObjectRef{Bucket: bucket, Key: "copy"},
		s3nav.CopyOptions{Threshold: 1 << 20, PartSize: 5 << 20})
	if err == nil || !strings.Contains(err.Error(), "InternalError: injected by faultproxy") {
		t.Fatalf("copy: %v", err)
	}
	ups, err := api.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ups.Uploads) != 0 {
		t.Fatalf("%d uploads left after the failure", len(ups.Uploads))
	}
	if _, err := api.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String("copy")}); err == nil {
		t.Fatal("the copy exists")
	}
}
