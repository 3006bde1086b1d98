package demo_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
)

func countKeys(t *testing.T, nav *s3nav.Client, bucket, prefix string, recursive bool) (objects, prefixes int) {
	t.Helper()
	l := nav.NewLister(bucket, prefix, recursive, 1000)
	for {
		p, err := l.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Entries {
			if e.IsPrefix {
				prefixes++
			} else {
				objects++
			}
		}
		if !p.More {
			return objects, prefixes
		}
	}
}

func TestStartSeedsEveryBucket(t *testing.T) {
	ctx := context.Background()
	start := time.Now()
	srv, err := demo.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	started := time.Since(start)
	t.Logf("Start returned after %v", started)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL %q is not on loopback", srv.URL)
	}
	nav := s3nav.New(srv.AWSConfig())

	buckets, err := nav.Buckets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range buckets {
		names = append(names, b.Name)
	}
	if want := []string{demo.AssetsBucket, demo.BigBucket, demo.LogsBucket, demo.PhotosBucket}; !slices.Equal(names, want) {
		t.Fatalf("buckets %v, want %v", names, want)
	}

	for bucket, want := range map[string]int{demo.PhotosBucket: 93, demo.LogsBucket: 15, demo.AssetsBucket: 7} {
		if got, _ := countKeys(t, nav, bucket, "", true); got != want {
			t.Errorf("%s holds %d objects, want %d", bucket, got, want)
		}
	}
	objs, prefixes := countKeys(t, nav, demo.PhotosBucket, "2024/01/", false)
	if objs != 30 || prefixes != 1 {
		t.Errorf("demo-photos/2024/01/: %d objects, %d prefixes; want 30 and thumbs/", objs, prefixes)
	}

	select {
	case <-srv.Seeded():
	case <-time.After(60 * time.Second):
		t.Fatal("the big bucket was not seeded within a minute")
	}
	t.Logf("100,000-key bucket seeded %v after Start was called", time.Since(start))
	if err := srv.SeedErr(); err != nil {
		t.Fatal(err)
	}
	listStart := time.Now()
	if got, _ := countKeys(t, nav, demo.BigBucket, "", true); got != demo.BigKeys {
		t.Errorf("%s holds %d keys, want %d", demo.BigBucket, got, demo.BigKeys)
	}
	t.Logf("listing 100,000 keys through s3nav took %v", time.Since(listStart))
	if objs, prefixes := countKeys(t, nav, demo.BigBucket, "", false); objs != 0 || prefixes != 2 {
		t.Errorf("demo-big top level: %d objects, %d prefixes; want flat/ and by-day/", objs, prefixes)
	}
	if _, days := countKeys(t, nav, demo.BigBucket, "by-day/", false); days != (demo.BigKeys-demo.BigFlatKeys)/1000 {
		t.Errorf("by-day/ has %d days", days)
	}
}

func TestDemoObjectsShowcase(t *testing.T) {
	ctx := context.Background()
	srv, err := demo.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	nav := s3nav.New(srv.AWSConfig())

	// The key with ESC arrives intact through the url-encoded listing and opens.
	objs := listKeys(t, nav, demo.AssetsBucket, "weird/")
	if !slices.Equal(objs, []string{demo.EscapeKey}) {
		t.Fatalf("weird/ lists %q, want %q", objs, demo.EscapeKey)
	}
	info, err := nav.Head(ctx, demo.AssetsBucket, demo.EscapeKey)
	if err != nil {
		t.Fatal(err)
	}
	if info.Metadata["note"] == "" || len(info.Tags) != 1 {
		t.Errorf("metadata %v tags %v", info.Metadata, info.Tags)
	}
	p, err := nav.Preview(ctx, demo.AssetsBucket, demo.EscapeKey, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(p.Data, []byte("\x1b[31m")) || strings.Contains(s3nav.Render(p), "\x1b") {
		t.Errorf("preview data %q rendered %q", p.Data, s3nav.Render(p))
	}

	info, err = nav.Head(ctx, demo.AssetsBucket, "docs/manual.txt")
	if err != nil {
		t.Fatal(err)
	}
	if info.Metadata["owner"] != "ana" || info.ContentType != "text/plain; charset=utf-8" || info.ContentLanguage != "en" {
		t.Errorf("manual.txt: %+v", info)
	}
	info, err = nav.Head(ctx, demo.AssetsBucket, "docs/report.json")
	if err != nil {
		t.Fatal(err)
	}
	if want := []s3nav.Tag{{Key: "env", Value: "demo"}, {Key: "owner", Value: "ana"}, {Key: "project", Value: "nimbus"}}; !slices.Equal(info.Tags, want) {
		t.Errorf("report.json tags %v", info.Tags)
	}

	for key, binary := range map[string]bool{"images/logo.png": true, "bin/random-1m.bin": true} {
		p, err := nav.Preview(ctx, demo.AssetsBucket, key, 0)
		if err != nil || p.Binary != binary {
			t.Errorf("%s: binary %v, %v", key, p.Binary, err)
		}
	}
	p, err = nav.Preview(ctx, demo.LogsBucket, "app/2024-06-07.log", 0)
	if err != nil || !p.Truncated || p.Binary || len(p.Data) != int(s3nav.PreviewLimit) {
		t.Errorf("big log: truncated %v binary %v len %d, %v", p.Truncated, p.Binary, len(p.Data), err)
	}
	// Dates are the story's, not the wall clock's, so screens can be compared across runs.
	photos, err := nav.NewLister(demo.PhotosBucket, "2024/02/", false, 0).Next(ctx)
	if err != nil || len(photos.Entries) == 0 || photos.Entries[0].LastModified.Year() != 2024 || photos.Entries[0].LastModified.Month() != 2 {
		t.Errorf("photos of February: %+v, %v", photos.Entries, err)
	}
}

func listKeys(t *testing.T, nav *s3nav.Client, bucket, prefix string) []string {
	t.Helper()
	var keys []string
	l := nav.NewLister(bucket, prefix, false, 0)
	for {
		p, err := l.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Entries {
			keys = append(keys, e.Key)
		}
		if !p.More {
			return keys
		}
	}
}

func TestCloseStopsTheSeed(t *testing.T) {
	srv, err := demo.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	srv.Close()
	if d := time.Since(begin); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	select {
	case <-srv.Seeded():
	default:
		t.Fatal("Seeded not closed after Close")
	}
	if err := srv.SeedErr(); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("SeedErr %v", err)
	}
	srv.Close() // twice is fine
}

// The url-encoded listing is our own code in front of gofakes3: it must page exactly as
// gofakes3's own listing does.
func TestEncodedListingMatchesGofakes3(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("b"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		key := fmt.Sprintf("%c/%02d/k%d", 'a'+i%3, i%7, i)
		if _, err := backend.PutObject("b", key, map[string]string{}, strings.NewReader("x"), 1, nil); err != nil {
			t.Fatal(err)
		}
	}
	ours := httptest.NewServer(demo.Handler(backend))
	defer ours.Close()
	plain := httptest.NewServer(gofakes3.New(backend).Server())
	defer plain.Close()

	pages := func(url string, enc types.EncodingType, prefix, delim string, maxKeys int32) []string {
		api := s3.NewFromConfig(demo.Config(url), func(o *s3.Options) { o.UsePathStyle = true })
		in := &s3.ListObjectsV2Input{Bucket: aws.String("b"), MaxKeys: aws.Int32(maxKeys), EncodingType: enc}
		if prefix != "" {
			in.Prefix = aws.String(prefix)
		}
		if delim != "" {
			in.Delimiter = aws.String(delim)
		}
		var out []string
		p := s3.NewListObjectsV2Paginator(api, in)
		for p.HasMorePages() {
			page, err := p.NextPage(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			line := ""
			for _, cp := range page.CommonPrefixes {
				line += "P:" + aws.ToString(cp.Prefix) + " "
			}
			for _, o := range page.Contents {
				line += aws.ToString(o.Key) + " "
			}
			out = append(out, strings.ReplaceAll(line, "%2F", "/"))
		}
		return out
	}
	for _, c := range []struct {
		prefix, delim string
		max           int32
	}{{"", "", 7}, {"", "/", 2}, {"a/", "/", 3}, {"b/0", "", 1000}, {"nothing", "/", 5}} {
		got := pages(ours.URL, types.EncodingTypeUrl, c.prefix, c.delim, c.max)
		want := pages(plain.URL, "", c.prefix, c.delim, c.max)
		if !slices.Equal(got, want) {
			t.Errorf("%+v:\nours %q\ngofakes3 %q", c, got, want)
		}
	}
}

func TestTaggingAPI(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("b"); err != nil {
		t.Fatal(err)
	}
	if _, err := backend.PutObject("b", "k", map[string]string{}, strings.NewReader("body"), 4, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(demo.Handler(backend))
	defer srv.Close()
	api := s3.NewFromConfig(demo.Config(srv.URL), func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	in := &s3.GetObjectTaggingInput{Bucket: aws.String("b"), Key: aws.String("k")}

	_, err := api.PutObjectTagging(ctx, &s3.PutObjectTaggingInput{Bucket: aws.String("b"), Key: aws.String("k"),
		Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := api.GetObjectTagging(ctx, in)
	if err != nil || len(out.TagSet) != 1 || aws.ToString(out.TagSet[0].Key) != "a" || aws.ToString(out.TagSet[0].Value) != "1" {
		t.Fatalf("tags %+v, %v", out, err)
	}
	obj, err := api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("b"), Key: aws.String("k")})
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(obj.Body)
	if body.String() != "body" {
		t.Errorf("tagging changed the object's body to %q", body.String())
	}
	if _, err := api.DeleteObjectTagging(ctx, &s3.DeleteObjectTaggingInput{Bucket: aws.String("b"), Key: aws.String("k")}); err != nil {
		t.Fatal(err)
	}
	if out, err := api.GetObjectTagging(ctx, in); err != nil || len(out.TagSet) != 0 {
		t.Errorf("after delete: %+v, %v", out, err)
	}
	_, err = api.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: aws.String("b"), Key: aws.String("missing")})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "NoSuchKey" {
		t.Errorf("missing object: %v", err)
	}
}

// BenchmarkStart is how long `nimbus --demo` waits for its server: small buckets seeded,
// big bucket created (its 100,000 keys fill in the background, stopped by Close here).
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		srv, err := demo.Start(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		srv.Close()
		b.StartTimer()
	}
}

// BenchmarkSeedBig is the background seed of the 100,000-key bucket, from Start to Seeded.
func BenchmarkSeedBig(b *testing.B) {
	for b.Loop() {
		srv, err := demo.Start(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		<-srv.Seeded()
		b.StopTimer()
		if err := srv.SeedErr(); err != nil {
			b.Fatal(err)
		}
		srv.Close()
		b.StartTimer()
	}
}
