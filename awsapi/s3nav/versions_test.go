package s3nav_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/johannesboyne/gofakes3"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// versioned makes a versioned bucket on the shared moto holding three versions of doc.txt then a
// delete marker, two of other.txt and one of dir/x.
func versioned(t *testing.T, bucket string) (*s3nav.Client, *s3.Client) {
	t.Helper()
	srv := motoserver.StartShared(t)
	cfg := srv.AWSConfig("us-east-1")
	api := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(bucket),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	for _, kv := range []string{"doc.txt=v1", "doc.txt=v2", "doc.txt=v3", "other.txt=o1", "other.txt=o2", "dir/x=x"} {
		k, v, _ := strings.Cut(kv, "=")
		if _, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(k), Body: strings.NewReader(v)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String("doc.txt")}); err != nil {
		t.Fatal(err)
	}
	return s3nav.New(cfg), api
}

// Every version and delete marker comes, pages of two at a time, newest first per key, the
// folder as a prefix.
func TestVersionsPagedOnMoto(t *testing.T) {
	nav, _ := versioned(t, "versions-paged")
	l := nav.NewVersionLister("versions-paged", "", false, 2)
	var got []string
	var prefixes []string
	pages := 0
	for {
		p, err := l.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, v := range p.Versions {
			s := fmt.Sprintf("%s latest=%v marker=%v size=%d", v.Key, v.IsLatest, v.DeleteMarker, v.Size)
			got = append(got, s)
			if v.VersionID == "" {
				t.Errorf("%s without a version id", v.Key)
			}
		}
		prefixes = append(prefixes, p.Prefixes...)
		if !p.More {
			break
		}
	}
	want := []string{
		"doc.txt latest=true marker=true size=0",
		"doc.txt latest=false marker=false size=2",
		"doc.txt latest=false marker=false size=2",
		"doc.txt latest=false marker=false size=2",
		"other.txt latest=true marker=false size=2",
		"other.txt latest=false marker=false size=2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("versions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fmt.Sprint(prefixes) != "[dir/]" || pages < 3 {
		t.Fatalf("prefixes %v in %d pages", prefixes, pages)
	}
}

// gofakes3 pages its versions in a loop (it hands back the markers it was given): the lister
// stops with an error instead of listing forever, keeping what it got. The demo handler serves it.
func TestVersionsStopWhenTheServerLoops(t *testing.T) {
	f := newFake(t, true)
	f.bucket(t, "v")
	if err := f.backend.SetVersioningConfiguration("v", gofakes3.VersioningConfiguration{Status: gofakes3.VersioningEnabled}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		f.put(t, "v", "k", []byte(fmt.Sprint(i)), nil)
	}
	l := f.nav.NewVersionLister("v", "", true, 2)
	var n int
	for pages := 0; ; pages++ {
		if pages == 50 {
			t.Fatal("still listing after 50 pages")
		}
		p, err := l.Next(context.Background())
		n += len(p.Versions)
		if err != nil {
			if !strings.Contains(err.Error(), "same version markers twice") {
				t.Fatalf("error %v", err)
			}
			break
		}
		if !p.More {
			break // a server that pages correctly: fine too
		}
	}
	if n < 2 {
		t.Fatalf("%d versions before stopping", n)
	}
	t.Logf("%d versions listed before the lister stopped", n)
}
