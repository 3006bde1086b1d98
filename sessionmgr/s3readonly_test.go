package sessionmgr

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
)

// s3Mutations are every call of s3nav's that changes a bucket or an object (the S3 browser's
// actions and the headless rm, mb, rb…), each on the bucket "b" holding "k".
var s3Mutations = map[string]func(context.Context, *s3nav.Client) error{
	"Delete (DeleteObjects)": func(ctx context.Context, c *s3nav.Client) error {
		_, err := c.Delete(ctx, "b", []s3nav.ObjectID{{Key: "k"}}, nil)
		return err
	},
	"DeleteObject": func(ctx context.Context, c *s3nav.Client) error {
		return c.DeleteObject(ctx, "b", s3nav.ObjectID{Key: "k"})
	},
	"Copy (CopyObject)": func(ctx context.Context, c *s3nav.Client) error {
		_, err := c.Copy(ctx, s3nav.ObjectRef{Bucket: "b", Key: "k"}, s3nav.ObjectRef{Bucket: "b", Key: "k2"}, s3nav.CopyOptions{})
		return err
	},
	"Copy (multipart: CreateMultipartUpload)": func(ctx context.Context, c *s3nav.Client) error {
		_, err := c.Copy(ctx, s3nav.ObjectRef{Bucket: "b", Key: "ten"}, s3nav.ObjectRef{Bucket: "b", Key: "k2"}, s3nav.CopyOptions{Threshold: 5, PartSize: 5})
		return err
	},
	"CopyAll move": func(ctx context.Context, c *s3nav.Client) error {
		res, err := c.CopyAll(ctx, []s3nav.CopyItem{{Src: s3nav.ObjectRef{Bucket: "b", Key: "k"}, Dst: s3nav.ObjectRef{Bucket: "b", Key: "k2"}}}, s3nav.CopyOptions{}, true, nil)
		if err == nil && len(res.Errors) == 1 {
			err = res.Errors[0].Err
		}
		return err
	},
	"CreateBucket": func(ctx context.Context, c *s3nav.Client) error { return c.CreateBucket(ctx, "new", "eu-west-1") },
	"DeleteBucket": func(ctx context.Context, c *s3nav.Client) error { return c.DeleteBucket(ctx, "b") },
	"SetTags (PutObjectTagging)": func(ctx context.Context, c *s3nav.Client) error {
		return c.SetTags(ctx, "b", "k", []s3nav.Tag{{Key: "a", Value: "1"}})
	},
	"SetTags none (DeleteObjectTagging)": func(ctx context.Context, c *s3nav.Client) error { return c.SetTags(ctx, "b", "k", nil) },
	"SetMetadata": func(ctx context.Context, c *s3nav.Client) error {
		return c.SetMetadata(ctx, "b", "k", s3nav.Meta{ContentType: "x/y"}, "")
	},
	"SetStorageClass": func(ctx context.Context, c *s3nav.Client) error {
		return c.SetStorageClass(ctx, "b", "k", "STANDARD_IA")
	},
	"Restore (RestoreObject)": func(ctx context.Context, c *s3nav.Client) error {
		return c.Restore(ctx, "b", "k", 1, "Standard")
	},
	"PutBucketSection (PutBucketPolicy)": func(ctx context.Context, c *s3nav.Client) error {
		return c.PutBucketSection(ctx, "b", "Policy", []byte(`{"Version":"2012-10-17","Statement":[]}`))
	},
	"PutBucketSection (PutBucketCors)": func(ctx context.Context, c *s3nav.Client) error {
		return c.PutBucketSection(ctx, "b", "CORS", []byte(`{"CORSRules":[]}`))
	},
	"PutIfUnchanged (PutObject)": func(ctx context.Context, c *s3nav.Client) error {
		return c.PutIfUnchanged(ctx, "b", "k", []byte("x"), s3nav.Fetched{}, "")
	},
	"Presign PUT": func(ctx context.Context, c *s3nav.Client) error {
		_, err := c.Presign(ctx, "b", "k", http.MethodPut, time.Hour)
		return err
	},
}

// Under --readonly every S3 mutation nimbus makes is refused by the session's client before a byte
// is sent: the server sees no request but reads.
func TestReadOnlyRefusesEveryS3Mutation(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("b"); err != nil {
		t.Fatal(err)
	}
	if _, err := backend.PutObject("b", "k", map[string]string{}, bytes.NewReader([]byte("v")), 1, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := backend.PutObject("b", "ten", map[string]string{}, bytes.NewReader([]byte("0123456789")), 10, nil); err != nil {
		t.Fatal(err)
	}
	var writes atomic.Int32
	h := demo.Handler(backend)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writes.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	m := newManager(t, "[default]\nregion = us-east-1\n", "[default]\naws_access_key_id = a\naws_secret_access_key = b\n",
		nil, func(o *Options) { o.EndpointURL = srv.URL; o.ReadOnly = true })
	cfg, err := m.Config(context.Background(), "default", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	nav := s3nav.New(cfg)
	for name, call := range s3Mutations {
		if err := call(context.Background(), nav); !errors.Is(err, readonly.ErrRefused) {
			t.Errorf("%s under --readonly: %v, want a refusal", name, err)
		}
	}
	if _, err := nav.Presign(context.Background(), "b", "k", http.MethodGet, time.Hour); err != nil {
		t.Errorf("presigning a GET under --readonly: %v", err)
	}
	if n := writes.Load(); n != 0 {
		t.Errorf("%d writes reached the server", n)
	}
	if _, err := backend.HeadObject("b", "k"); err != nil {
		t.Errorf("the object is gone: %v", err)
	}
}
