package s3nav_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// motoObject makes bucket on the shared moto server with key holding body, its content type and
// metadata, tagged team=blue; it returns the nimbus and SDK clients.
func motoObject(t *testing.T, bucket, key string, body []byte) (*s3nav.Client, *s3.Client) {
	t.Helper()
	srv := motoserver.StartShared(t)
	cfg := srv.AWSConfig("us-east-1")
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body),
		ContentType: aws.String("text/plain"), Metadata: map[string]string{"owner": "ann"}, Tagging: aws.String("team=blue")}); err != nil {
		t.Fatal(err)
	}
	return s3nav.New(cfg), api
}

func bodyOf(t *testing.T, api *s3.Client, bucket, key string) string {
	t.Helper()
	out, err := api.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	b, _ := io.ReadAll(out.Body)
	return string(b)
}

// Tags are replaced, then removed, and the body stays (moto: gofakes3's own tagging would overwrite it).
func TestSetTagsOnMoto(t *testing.T) {
	nav, api := motoObject(t, "tags-b", "k", []byte("body"))
	ctx := context.Background()
	if err := nav.SetTags(ctx, "tags-b", "k", s3nav.TagsOf(map[string]string{"env": "prod", "team": "red"})); err != nil {
		t.Fatal(err)
	}
	info, err := nav.Head(ctx, "tags-b", "k")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(info.Tags) != "[{env prod} {team red}]" {
		t.Fatalf("tags %v (%s)", info.Tags, info.TagsNote)
	}
	if err := nav.SetTags(ctx, "tags-b", "k", nil); err != nil {
		t.Fatal(err)
	}
	if info, err = nav.Head(ctx, "tags-b", "k"); err != nil || len(info.Tags) != 0 {
		t.Fatalf("tags after removing them: %v, %v", info.Tags, err)
	}
	if b := bodyOf(t, api, "tags-b", "k"); b != "body" {
		t.Fatalf("body %q", b)
	}
}

// Metadata and storage class change by a copy over the object: the body and the tags stay.
func TestSetMetadataAndStorageClassOnMoto(t *testing.T) {
	nav, api := motoObject(t, "meta-b", "k", []byte("body"))
	ctx := context.Background()
	m := s3nav.Meta{ContentType: "application/json", CacheControl: "max-age=60", Metadata: map[string]string{"owner": "bob", "stage": "2"}}
	if err := nav.SetMetadata(ctx, "meta-b", "k", m, "STANDARD_IA"); err != nil {
		t.Fatal(err)
	}
	info, err := nav.Head(ctx, "meta-b", "k")
	if err != nil {
		t.Fatal(err)
	}
	if info.ContentType != "application/json" || info.CacheControl != "max-age=60" || fmt.Sprint(info.Metadata) != "map[owner:bob stage:2]" ||
		info.StorageClass != "STANDARD_IA" || fmt.Sprint(info.Tags) != "[{team blue}]" {
		t.Fatalf("after the edit: %+v", info)
	}
	if err := nav.SetStorageClass(ctx, "meta-b", "k", "STANDARD"); err != nil {
		t.Fatal(err)
	}
	if info, err = nav.Head(ctx, "meta-b", "k"); err != nil || info.StorageClass != "STANDARD" || info.Metadata["owner"] != "bob" {
		t.Fatalf("after the class change: %+v, %v", info, err)
	}
	if b := bodyOf(t, api, "meta-b", "k"); b != "body" {
		t.Fatalf("body %q", b)
	}
}
