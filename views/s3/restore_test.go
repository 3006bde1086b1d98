package s3_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// motoPhotos is a moto_server of the test's own holding what rowApp's gofakes3 holds, a.txt in
// GLACIER: moto restores archived objects, gofakes3 has no RestoreObject.
func motoPhotos(t *testing.T) (string, *s3.Client) {
	t.Helper()
	srv := motoserver.Start(t)
	api := s3.NewFromConfig(srv.AWSConfig("us-east-1"), func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	for _, b := range []string{"photos", "spare"} {
		if _, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []string{"a.txt", "b.txt", "dir/c.txt"} {
		in := &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String(k), Body: strings.NewReader("hello")}
		if k == "a.txt" {
			in.StorageClass = types.StorageClassGlacier
		}
		if _, err := api.PutObject(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	return srv.URL, api
}

// T on an archived object picks a tier and days, sends RestoreObject and watches the restore on
// the board until HeadObject's Restore header says it is done.
func TestRestoreFromGlacierOnMoto(t *testing.T) {
	url, api := motoPhotos(t)
	d, _, _ := rowAppWith(t, rowOptions{endpoint: url})
	openPhotos(t, d)
	d.WaitForText(wait, "GLACIER")
	d.Key("j") // a.txt
	d.Key("T")
	d.WaitForText(wait, "restore a.txt", "Expedited", "Bulk", "30 days", "3–5 hours")
	d.Key("enter") // Standard, 7 days
	d.WaitForText(wait, "ObjectRestored s3://photos/a.txt: ✓")
	h, err := api.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String("photos"), Key: aws.String("a.txt")})
	if err != nil {
		t.Fatal(err)
	}
	if r := aws.ToString(h.Restore); !strings.Contains(r, `ongoing-request="false"`) {
		t.Fatalf("Restore header %q", r)
	}
}

func TestRestoreIsDisabledReadOnly(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{readOnly: true})
	openPhotos(t, d)
	d.Key("j")
	d.Key("T")
	d.WaitForText(wait, "read-only: restore is disabled")
}
