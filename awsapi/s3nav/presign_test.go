package s3nav_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// A presigned GET fetched with curl returns the object; a presigned PUT sent with curl stores one.
func TestPresignGetAndPutWithCurl(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		needtool.Missing(t, "curl is needed to fetch presigned URLs: %v", err)
	}
	f := newFake(t, true)
	f.bucket(t, "b")
	f.put(t, "b", "dir/hello world.txt", []byte("hello, presigned"), nil)
	ctx := context.Background()

	get, err := f.nav.Presign(ctx, "b", "dir/hello world.txt", http.MethodGet, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(get.URL)
	if err != nil {
		t.Fatal(err)
	}
	if q := u.Query(); q.Get("X-Amz-Expires") != "900" || q.Get("X-Amz-Signature") == "" || !strings.HasPrefix(get.URL, f.url+"/b/dir/hello%20world.txt?") {
		t.Fatalf("GET URL %s", get.URL)
	}
	out, err := exec.Command(curl, "-sS", "--fail", get.URL).Output()
	if err != nil || string(out) != "hello, presigned" {
		t.Fatalf("curl GET: %q, %v", out, err)
	}

	put, err := f.nav.Presign(ctx, "b", "uploads/new.bin", http.MethodPut, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-sS", "--fail", "-X", "PUT", "--data-binary", "@-"}
	for k := range put.Header {
		args = append(args, "-H", k+": "+put.Header.Get(k))
	}
	cmd := exec.Command(curl, append(args, put.URL)...)
	cmd.Stdin = bytes.NewReader([]byte("uploaded by curl"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("curl PUT: %v: %s", err, msg)
	}
	obj, err := f.backend.GetObject("b", "uploads/new.bin", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Contents.Close()
	var body bytes.Buffer
	_, _ = body.ReadFrom(obj.Contents)
	if body.String() != "uploaded by curl" {
		t.Fatalf("stored %q", body.String())
	}
}

func TestPresignRefusesBadExpiryAndMethod(t *testing.T) {
	f := newFake(t, true)
	ctx := context.Background()
	for _, c := range []struct {
		method  string
		expires time.Duration
		says    string
	}{
		{http.MethodGet, 8 * 24 * time.Hour, "between 1 second and 7 days"},
		{http.MethodGet, 0, "between 1 second and 7 days"},
		{http.MethodDelete, time.Hour, "only GET and PUT"},
	} {
		if _, err := f.nav.Presign(ctx, "b", "k", c.method, c.expires); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s %s: %v", c.method, c.expires, err)
		}
	}
}
