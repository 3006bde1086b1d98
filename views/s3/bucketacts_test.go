package s3_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
)

// n asks for a name (checked) and a region (the session's first), then creates the bucket.
func TestCreateBucket(t *testing.T) {
	d, _, backend := rowApp(t)
	d.Key("n")
	d.WaitForText(wait, "Create a bucket", "bucket name")
	d.Type("No_Such")
	d.Key("enter")
	d.WaitForText(wait, "a bucket name is 3–63 lower-case letters")
	d.Key("ctrl+u")
	d.Type("fresh-bucket")
	d.Key("enter")
	d.WaitForText(wait, "create fresh-bucket in", "34 regions", "▸ us-east-1", "ap-east-1", "Asia Pacific (Hong Kong)")
	d.Key("enter") // the session's region comes first
	d.WaitForText(wait, "created bucket fresh-bucket in us-east-1")
	d.WaitForText(wait, "3 buckets", "fresh-bucket")
	if ok, _ := backend.BucketExists("fresh-bucket"); !ok {
		t.Fatal("no bucket")
	}
}

// E counts the bucket's objects and asks for "empty N" before deleting them all.
func TestEmptyBucket(t *testing.T) {
	d, clock, backend := rowApp(t)
	d.Key("E") // photos
	d.WaitForText(wait, "Empty photos?", "3 objects, 15 B in all", "Type the phrase empty 3")
	clock.Advance(time.Second)
	d.Type("empty 3")
	d.Key("enter")
	d.WaitForText(wait, "emptied photos: deleted 3 objects")
	res, err := backend.ListBucket("photos", nil, listAll())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Contents) != 0 {
		t.Fatalf("%d objects left", len(res.Contents))
	}
}

// i shows every section of the bucket's configuration as one document; e edits one in $EDITOR
// and puts it back (moto: gofakes3 has no bucket policies).
func TestBucketPropertiesAndPolicyEditOnMoto(t *testing.T) {
	url, api := motoVersioned(t)
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::photos"}]}`
	var edited string
	d, _, _ := rowAppWith(t, rowOptions{endpoint: url, edit: func(name, text string) string {
		edited = name + "\n" + text
		return policy
	}})
	d.Key("i")
	d.WaitForText(wait, "photos properties", "Versioning", "Enabled", "Policy", "not set", "ObjectLock", "Replication")
	d.Key("esc")
	d.WaitForText(wait, "2 buckets")
	d.Key("e")
	d.WaitForText(wait, "edit a property of photos", "Policy", "CORS", "Lifecycle")
	d.Key("enter") // Policy, the picker's first choice
	d.WaitForText(wait, "saved Policy of bucket photos")
	if !strings.HasPrefix(edited, "policy-photos\n{}") {
		t.Errorf("the editor got %q", edited)
	}
	out, err := api.GetBucketPolicy(context.Background(), &s3.GetBucketPolicyInput{Bucket: aws.String("photos")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(aws.ToString(out.Policy), "s3:DeleteBucket") {
		t.Fatalf("policy %s", aws.ToString(out.Policy))
	}
}

func TestBucketActionsReadOnly(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{readOnly: true})
	d.Key("n")
	d.WaitForText(wait, "read-only: create is disabled")
	d.Key("E")
	d.WaitForText(wait, "read-only: empty is disabled")
	d.Key("e")
	d.WaitForText(wait, "read-only: editing is disabled")
	d.Key("i") // reading stays
	d.WaitForText(wait, "photos properties")
}

func listAll() gofakes3.ListBucketPage { return gofakes3.ListBucketPage{} }
