package s3_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// motoVersioned is rowApp's buckets on a moto_server of the test's own, photos versioned: a.txt
// written twice ("one", then "two"), b.txt written then deleted (a delete marker on top).
func motoVersioned(t *testing.T) (string, *s3.Client) {
	t.Helper()
	srv := motoserver.Start(t)
	api := s3.NewFromConfig(srv.AWSConfig("us-east-1"), func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	for _, b := range []string{"photos", "spare"} {
		if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := api.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("photos"),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	for _, kv := range []string{"a.txt=one", "a.txt=two", "b.txt=bee", "dir/c.txt=sea", "keep.txt=k"} {
		k, v, _ := strings.Cut(kv, "=")
		if _, err := api.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String(k), Body: strings.NewReader(v)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := api.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("photos"), Key: aws.String("b.txt")}); err != nil {
		t.Fatal(err)
	}
	return srv.URL, api
}

func getBody(t *testing.T, api *s3.Client, key string) (string, error) {
	t.Helper()
	out, err := api.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("photos"), Key: aws.String(key)})
	if err != nil {
		return "", err
	}
	defer out.Body.Close()
	b, _ := io.ReadAll(out.Body)
	return string(b), nil
}

// v lists every version and delete marker of the prefix; C copies an old version over the
// current one; D deletes a delete marker for good, which brings the object back.
func TestVersionsRestoreAndDeleteOnMoto(t *testing.T) {
	url, api := motoVersioned(t)
	d, clock, _ := rowAppWith(t, rowOptions{endpoint: url})
	d.Key("enter")
	d.WaitFor("photos listed", wait, func(s string) bool {
		return strings.Contains(s, "s3 › photos") && strings.Contains(s, "keep.txt") && !strings.Contains(s, "loading")
	})
	d.Key("v")
	d.WaitFor("the versions", wait, func(s string) bool {
		return strings.Contains(s, "s3 › photos › versions") && strings.Contains(s, "delete marker ●") &&
			strings.Count(s, "a.txt") == 2 && strings.Contains(s, "current") && !strings.Contains(s, "loading")
	})
	// Rows: a.txt current, a.txt version, b.txt delete marker ●, b.txt version, keep.txt current.
	d.Key("j") // a.txt's older version, "one"
	d.Key("C")
	d.WaitForText(wait, "Restore a.txt to this version?", "copies the version over the current object")
	clock.Advance(time.Second)
	d.Key("y")
	d.WaitForText(wait, "restored s3://photos/a.txt to version")
	if b, err := getBody(t, api, "a.txt"); err != nil || b != "one" {
		t.Fatalf("a.txt holds %q, %v", b, err)
	}
	d.WaitFor("three versions of a.txt", wait, func(s string) bool {
		return strings.Count(s, "a.txt") == 3 && !strings.Contains(s, "loading")
	})
	d.Key("g")
	d.Key("j")
	d.Key("j")
	d.Key("j") // b.txt's delete marker, after a.txt's three versions
	d.Key("D")
	d.WaitForText(wait, "Delete 1 versions permanently?", "b.txt delete marker", "Type the phrase delete 1")
	clock.Advance(time.Second)
	d.Type("delete 1")
	d.Key("enter")
	d.WaitForText(wait, "deleted 1 versions permanently")
	if b, err := getBody(t, api, "b.txt"); err != nil || b != "bee" {
		t.Fatalf("b.txt holds %q, %v: the delete marker should be gone", b, err)
	}
}

// S on the versions page downloads the versions chosen through the transfer board: each file
// holds its version's bytes (GetObject with versionId), two versions of one key get names that
// carry their ids, a delete marker is left out, and a file that exists is asked about.
func TestDownloadVersionsOnMoto(t *testing.T) {
	url, _ := motoVersioned(t)
	d, _, _ := rowAppWith(t, rowOptions{endpoint: url, transfers: true})
	d.Key("enter")
	d.WaitFor("photos listed", wait, func(s string) bool {
		return strings.Contains(s, "s3 › photos") && strings.Contains(s, "keep.txt") && !strings.Contains(s, "loading")
	})
	d.Key("v")
	d.WaitFor("the versions", wait, func(s string) bool {
		return strings.Contains(s, "delete marker ●") && strings.Count(s, "a.txt") == 2 && !strings.Contains(s, "loading")
	})
	// Rows: a.txt current ("two"), a.txt version ("one"), b.txt delete marker ●, b.txt version, keep.txt.
	dest := t.TempDir()
	d.Key("j") // a.txt's older version
	d.Key("S")
	d.WaitForText(wait, "Download to", "s3://photos/a.txt version ")
	answerPath(d, dest)
	d.WaitForText(wait, "download 1 version to", "✓ 1 file")
	if got := readFile(t, filepath.Join(dest, "a.txt")); got != "one" {
		t.Errorf("a.txt holds %q, want the older version's \"one\"", got)
	}

	// Again: the file exists now; s keeps it.
	d.Key("esc")
	d.WaitFor("the versions again", wait, func(s string) bool { return !strings.Contains(s, "transfers") })
	d.Key("S")
	d.WaitForText(wait, "Download to")
	answerPath(d, dest)
	d.WaitForText(wait, "File exists", "exists; downloading s3://photos/a.txt (version ")
	d.Key("s")
	d.WaitFor("the skip", wait, func(s string) bool {
		return strings.Contains(s, "1 skipped") && !strings.Contains(s, "⟳") && !strings.Contains(s, "File exists")
	})

	// Both versions of a.txt and b.txt's delete marker, into a new directory.
	d.Key("esc")
	d.WaitFor("the versions again", wait, func(s string) bool { return !strings.Contains(s, "transfers") })
	d.Key("g")
	d.Key("space")
	d.Key("space")
	d.Key("space")
	d.WaitForText(wait, "3 selected")
	d.Key("S")
	d.WaitForText(wait, "Download to", "2 versions under s3://photos/", "1 delete marker left out")
	dest2 := filepath.Join(t.TempDir(), "both")
	answerPath(d, dest2)
	d.WaitFor("two versions", wait, func(s string) bool {
		return strings.Contains(s, "download 2 versions to") && strings.Contains(s, "✓ 2 files") && !strings.Contains(s, "⟳")
	})
	entries, err := os.ReadDir(dest2)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "a (") || !strings.HasSuffix(e.Name(), ").txt") {
			t.Errorf("a version's file is named %q", e.Name())
		}
		bodies = append(bodies, readFile(t, filepath.Join(dest2, e.Name())))
	}
	slices.Sort(bodies)
	if !slices.Equal(bodies, []string{"one", "two"}) {
		t.Errorf("files hold %q", bodies)
	}
}
