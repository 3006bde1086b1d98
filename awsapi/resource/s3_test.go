package resource_test

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
)

// TestS3BucketAndObjects runs the s3 definitions on an in-process gofakes3: :s3 opens the S3
// browser, buckets list, a bucket's objects list with its name bound, an object is described and
// deleted, and ObjectNotExists confirms it.
func TestS3BucketAndObjects(t *testing.T) {
	fake := httptest.NewUnstartedServer(gofakes3.New(s3mem.New()).Server())
	fake.Config.ErrorLog = log.New(io.Discard, "", 0)
	fake.Start()
	t.Cleanup(fake.Close)
	svc, err := model.Default().Load("s3")
	if err != nil {
		t.Fatal(err)
	}
	s3 := invoke.New(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(fake.URL),
	}, svc, invoke.Options{S3PathStyle: true})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	call := func(op string, in map[string]any) map[string]any {
		t.Helper()
		out, err := s3.Call(ctx, op, in)
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		return out
	}
	call("CreateBucket", map[string]any{"Bucket": "photos"})
	call("PutObject", map[string]any{"Bucket": "photos", "Key": "2026/cat.jpg", "Body": strings.NewReader(strings.Repeat("x", 2048))})
	call("PutObject", map[string]any{"Bucket": "photos", "Key": "readme.txt", "Body": strings.NewReader("hi")})

	r, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	bd, _ := r.Lookup("s3")
	if bd.Type != "bucket" || bd.Browser != "s3" {
		t.Fatalf(":s3 → %s (browser %q), want bucket in the s3 browser", bd.Type, bd.Browser)
	}
	list := func(d *resource.Def, in map[string]any) []resource.Row {
		t.Helper()
		l := d.NewLister(s3, svc, in, 0)
		var rows []resource.Row
		for {
			items, more, err := l.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				rows = append(rows, resource.Row{Item: it, ListInput: in})
			}
			if !more {
				return rows
			}
		}
	}
	buckets := list(bd, bd.ListInput(nil))
	if len(buckets) != 1 || bd.ID(buckets[0].Item) != "photos" || bd.ARNOf(buckets[0].Item) != "arn:aws:s3:::photos" {
		t.Fatalf("buckets: %v", buckets)
	}
	in, err := bd.Children[0].Input(bd, buckets[0])
	if err != nil {
		t.Fatal(err)
	}
	od, _ := r.Lookup(bd.Children[0].Type)
	objects := list(od, in)
	if got := []string{od.ID(objects[0].Item), od.ID(objects[1].Item)}; len(objects) != 2 || got[0] != "2026/cat.jpg" || got[1] != "readme.txt" {
		t.Fatalf("objects: %v", objects)
	}
	cat := cellsByTitle(od, objects[0].Item)
	if cat["SIZE"].Text != "2.0 KiB" || cat["SIZE"].Sort != 2048 || cat["MODIFIED"].Sort == 0 {
		t.Errorf("object cells %+v", cat)
	}
	head, err := od.Describe(ctx, s3, objects[0])
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := head.(map[string]any)["ContentLength"].(int64); n != 2048 {
		t.Errorf("HeadObject: %v", head)
	}
	del := action(t, od, "delete")
	ins, err := del.Inputs(od, objects[1:])
	if err != nil {
		t.Fatal(err)
	}
	call(del.Operation, ins[0])
	wins, err := del.WaiterInputs(od, objects[1:])
	if err != nil {
		t.Fatal(err)
	}
	w, _, _ := svc.Waiter(del.Waiter)
	if _, err := waiter.Run(ctx, s3, w, wins[0], waiter.Options{Delay: 50 * time.Millisecond}); err != nil {
		t.Fatalf("%s: %v", del.Waiter, err)
	}
	if left := list(od, in); len(left) != 1 {
		t.Errorf("after delete: %d objects", len(left))
	}
}
