package s3nav_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
)

// The write-back sends If-Match with the ETag read, keeps the content type and metadata, and
// refuses when the object changed: seen by HeadObject, or by S3's own 412 on If-Match (the race
// between the check and the write).
func TestPutIfUnchanged(t *testing.T) {
	var ifMatch []string
	race := false
	f := newFake(t, true, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut {
				ifMatch = append(ifMatch, r.Header.Get("If-Match"))
				if race {
					w.WriteHeader(http.StatusPreconditionFailed)
					_, _ = io.WriteString(w, `<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>`)
					return
				}
			}
			h.ServeHTTP(w, r)
		})
	})
	f.bucket(t, "b")
	f.put(t, "b", "k.json", []byte(`{"a":1}`), map[string]string{"Content-Type": "application/json", "X-Amz-Meta-Owner": "ann"})
	ctx := context.Background()
	got, err := f.nav.Fetch(ctx, "b", "k.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != `{"a":1}` || got.ETag == "" {
		t.Fatalf("fetched %+v", got)
	}
	if err := f.nav.PutIfUnchanged(ctx, "b", "k.json", []byte(`{"a":2}`), got, got.ETag); err != nil {
		t.Fatal(err)
	}
	info, err := f.nav.Head(ctx, "b", "k.json")
	if err != nil {
		t.Fatal(err)
	}
	if info.ContentType != "application/json" || info.Metadata["owner"] != "ann" || info.Size != 7 {
		t.Fatalf("after the write: %+v", info)
	}
	if len(ifMatch) != 1 || ifMatch[0] != got.ETag {
		t.Fatalf("If-Match sent: %q, want %q", ifMatch, got.ETag)
	}
	// The object is no longer the one read: HeadObject sees it, nothing is written.
	if err := f.nav.PutIfUnchanged(ctx, "b", "k.json", []byte("x"), got, got.ETag); !errors.Is(err, s3nav.ErrChanged) {
		t.Fatalf("stale write: %v", err)
	}
	// It changes between the check and the write: S3's 412 is the same answer.
	now, _ := f.nav.Fetch(ctx, "b", "k.json")
	race = true
	if err := f.nav.PutIfUnchanged(ctx, "b", "k.json", []byte("x"), now, now.ETag); !errors.Is(err, s3nav.ErrChanged) {
		t.Fatalf("412: %v", err)
	}
}
