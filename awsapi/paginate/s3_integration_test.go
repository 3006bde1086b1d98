package paginate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

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

// motoS3 is a typed client for moto's S3, emptied first: a second implementation of S3, so
// pagination is not checked against the demo's own backend only.
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

func TestListObjectsV2OverS3(t *testing.T) {
	s3Backends(t, func(t *testing.T, client *s3.Client) {
		ctx := context.Background()
		if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("photos")}); err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := range 7 {
			key := fmt.Sprintf("2024/img-%02d.jpg", i)
			want = append(want, key)
			if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String(key), Body: strings.NewReader("x")}); err != nil {
				t.Fatal(err)
			}
		}

		def := botocorePaginator(t, "s3", "ListObjectsV2")
		p := New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": "photos", "MaxKeys": 2}, Options{})
		pages := drain(t, p)
		if len(pages) != 4 {
			t.Errorf("%d pages, want 4 for 7 keys at MaxKeys=2", len(pages))
		}
		if got := keysOf(t, itemValues(pages, "Contents"), "Key"); !slices.Equal(got, want) {
			t.Fatalf("listed %v\nwant each of %v once", got, want)
		}

		// Limit and resume against the real protocol, at every limit.
		for limit := 1; limit <= 7; limit++ {
			first := drain(t, New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": "photos"}, Options{PageSize: 2, Limit: limit}))
			got := keysOf(t, itemValues(first, "Contents"), "Key")
			if token := first[len(first)-1].NextToken; token != "" {
				rest := drain(t, New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": "photos"},
					Options{PageSize: 2, StartingToken: token}))
				got = append(got, keysOf(t, itemValues(rest, "Contents"), "Key")...)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("limit %d then resume listed %v", limit, got)
			}
		}

		// Delimiter: prefixes and keys are two result keys of the same pages.
		for i := range 3 {
			if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String(fmt.Sprintf("top-%d", i)), Body: strings.NewReader("x")}); err != nil {
				t.Fatal(err)
			}
		}
		pages = drain(t, New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": "photos", "Delimiter": "/"}, Options{PageSize: 2}))
		if got := keysOf(t, itemValues(pages, "Contents"), "Key"); !slices.Equal(got, []string{"top-0", "top-1", "top-2"}) {
			t.Errorf("keys beside the prefix: %v", got)
		}
		if got := keysOf(t, itemValues(pages, "CommonPrefixes"), "Prefix"); !slices.Equal(got, []string{"2024/"}) {
			t.Errorf("prefixes: %v", got)
		}
	})
}

// On moto, which writes both markers, ListObjectVersions pages with its two tokens (key and
// version id), and every version is listed once, also across a limit and a resume.
func TestListObjectVersionsTwoTokensOverMoto(t *testing.T) {
	ctx := context.Background()
	client := motoS3(t)
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("versions")}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("versions"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, k := range []string{"a", "b", "c"} {
		for range 3 {
			out, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("versions"), Key: aws.String(k), Body: strings.NewReader("x")})
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
		return got
	}
	def := botocorePaginator(t, "s3", "ListObjectVersions")
	pages := drain(t, New(s3Caller{client}, "ListObjectVersions", def, map[string]any{"Bucket": "versions"}, Options{PageSize: 2}))
	if len(pages) != 5 {
		t.Errorf("%d pages, want 5 for 9 versions at 2 a page", len(pages))
	}
	got := versions(pages)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("listed %v\nwant each of %v once", got, want)
	}
	first := drain(t, New(s3Caller{client}, "ListObjectVersions", def, map[string]any{"Bucket": "versions"}, Options{PageSize: 2, Limit: 5}))
	rest := drain(t, New(s3Caller{client}, "ListObjectVersions", def, map[string]any{"Bucket": "versions"},
		Options{PageSize: 2, StartingToken: first[len(first)-1].NextToken}))
	got = append(versions(first), versions(rest)...)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("limit 5 then resume listed %v", got)
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
