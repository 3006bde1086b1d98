package paginate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// s3Caller stands in for the generic invoker over S3's real wire protocol: it turns the input
// document into the typed client's input and the typed output back into a document.
type s3Caller struct{ client *s3.Client }

func (c s3Caller) Call(ctx context.Context, operation string, in map[string]any) (map[string]any, error) {
	switch operation {
	case "ListObjectsV2":
		return callTyped(ctx, in, c.client.ListObjectsV2)
	case "ListObjectVersions":
		return callTyped(ctx, in, c.client.ListObjectVersions)
	}
	return nil, fmt.Errorf("s3Caller does not know %s", operation)
}

// callTyped converts the document to In, calls the typed method and converts its output back.
func callTyped[In, Out any](ctx context.Context, in map[string]any, call func(context.Context, *In, ...func(*s3.Options)) (*Out, error)) (map[string]any, error) {
	var input In
	if err := convert(in, &input); err != nil {
		return nil, err
	}
	out, err := call(ctx, &input)
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

// fakeS3 starts gofakes3 on loopback and returns a typed client for it.
func fakeS3(t *testing.T) *s3.Client {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	return s3.NewFromConfig(demo.Config(srv.URL), func(o *s3.Options) { o.UsePathStyle = true })
}

// motoS3 returns a typed client for the shared moto_server: a second, independent S3, so the
// paging is not only checked against the demo's own handler.
func motoS3(t *testing.T) *s3.Client {
	t.Helper()
	return s3.NewFromConfig(motoserver.StartShared(t).AWSConfig("us-east-1"), func(o *s3.Options) { o.UsePathStyle = true })
}

// s3Backends are the S3 servers the paging tests run against.
var s3Backends = map[string]func(*testing.T) *s3.Client{"gofakes3": fakeS3, "moto": motoS3}

func TestListObjectsV2OverGofakes3AndMoto(t *testing.T) {
	for name, backend := range s3Backends {
		t.Run(name, func(t *testing.T) { testListObjectsV2(t, backend(t)) })
	}
}

func testListObjectsV2(t *testing.T, client *s3.Client) {
	ctx := context.Background()
	bucket := fmt.Sprintf("photos-%d", time.Now().UnixNano()) // unique on the shared moto
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 7 {
		key := fmt.Sprintf("2024/img-%02d.jpg", i)
		want = append(want, key)
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader("x")}); err != nil {
			t.Fatal(err)
		}
	}

	def := botocorePaginator(t, "s3", "ListObjectsV2")
	p := New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": bucket, "MaxKeys": 2}, Options{})
	pages := drain(t, p)
	if len(pages) != 4 {
		t.Errorf("%d pages, want 4 for 7 keys at MaxKeys=2", len(pages))
	}
	if got := keysOf(t, itemValues(pages, "Contents"), "Key"); !slices.Equal(got, want) {
		t.Fatalf("listed %v\nwant each of %v once", got, want)
	}

	// Limit and resume against the real protocol.
	first := drain(t, New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": bucket}, Options{PageSize: 2, Limit: 3}))
	rest := drain(t, New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": bucket},
		Options{PageSize: 2, StartingToken: first[len(first)-1].NextToken}))
	got := append(keysOf(t, itemValues(first, "Contents"), "Key"), keysOf(t, itemValues(rest, "Contents"), "Key")...)
	if !slices.Equal(got, want) {
		t.Fatalf("limit 3 then resume listed %v", got)
	}
}

// TestListObjectVersionsOverMoto pages versions on moto, which answers with NextKeyMarker and
// NextVersionIdMarker as S3 does: every version is listed once, two a page.
func TestListObjectVersionsOverMoto(t *testing.T) {
	ctx := context.Background()
	client := motoS3(t)
	bucket := fmt.Sprintf("versions-%d", time.Now().UnixNano())
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 5 {
		key := fmt.Sprint("k", i)
		want = append(want, key)
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader("x")}); err != nil {
			t.Fatal(err)
		}
	}
	def := botocorePaginator(t, "s3", "ListObjectVersions")
	pages := drain(t, New(s3Caller{client}, "ListObjectVersions", def, map[string]any{"Bucket": bucket}, Options{PageSize: 2}))
	if len(pages) != 3 {
		t.Errorf("%d pages, want 3 for 5 versions at 2 a page", len(pages))
	}
	if got := keysOf(t, itemValues(pages, "Versions"), "Key"); !slices.Equal(got, want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
}

// With several versions of each key, a page can end inside a key's versions: both tokens (key
// and version id) are sent, and every version is listed once, also across a limit and a resume.
func TestListObjectVersionsOfOneKeyAcrossPagesOverMoto(t *testing.T) {
	ctx := context.Background()
	client := motoS3(t)
	bucket := fmt.Sprintf("versioned-%d", time.Now().UnixNano())
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, k := range []string{"a", "b", "c"} {
		for range 3 {
			out, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(k), Body: strings.NewReader("x")})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, k+"@"+aws.ToString(out.VersionId))
		}
	}
	slices.Sort(want)
	versions := func(pages []Page) []string {
		var got []string
		for _, v := range itemValues(pages, "Versions") {
			m := v.(map[string]any)
			got = append(got, m["Key"].(string)+"@"+m["VersionId"].(string))
		}
		slices.Sort(got)
		return got
	}
	def := botocorePaginator(t, "s3", "ListObjectVersions")
	input := map[string]any{"Bucket": bucket}
	pages := drain(t, New(s3Caller{client}, "ListObjectVersions", def, input, Options{PageSize: 2}))
	if len(pages) != 5 {
		t.Errorf("%d pages, want 5 for 9 versions at 2 a page", len(pages))
	}
	if got := versions(pages); !slices.Equal(got, want) {
		t.Fatalf("listed %v\nwant each of %v once", got, want)
	}
	for limit := 1; limit < 9; limit++ {
		first := drain(t, New(s3Caller{client}, "ListObjectVersions", def, input, Options{PageSize: 2, Limit: limit}))
		rest := drain(t, New(s3Caller{client}, "ListObjectVersions", def, input,
			Options{PageSize: 2, StartingToken: first[len(first)-1].NextToken}))
		if got := versions(append(first, rest...)); !slices.Equal(got, want) {
			t.Fatalf("limit %d then resume listed %v", limit, got)
		}
	}
}

func TestListObjectVersionsWithoutMarkersEndsOverGofakes3(t *testing.T) {
	// gofakes3 answers IsTruncated=true without NextKeyMarker/NextVersionIdMarker (a known gap);
	// with no token to send, the listing must end, as botocore's does, instead of re-reading
	// the first page forever.
	ctx := context.Background()
	client := fakeS3(t)
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("versions")}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("versions"), Key: aws.String(fmt.Sprint("k", i)), Body: strings.NewReader("x")}); err != nil {
			t.Fatal(err)
		}
	}
	def := botocorePaginator(t, "s3", "ListObjectVersions")
	pages := drain(t, New(s3Caller{client}, "ListObjectVersions", def, map[string]any{"Bucket": "versions"}, Options{PageSize: 2}))
	if len(pages) != 1 || pages[0].Raw["IsTruncated"] != true || len(pages[0].Values("Versions")) != 2 {
		t.Fatalf("%d pages, first %v", len(pages), pages[0].Raw)
	}
}
