package paginate

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
)

// proxiedS3 seeds a gofakes3 bucket with keys and returns a client that reaches it through a
// fault proxy with rule (one attempt per request, so a fault is not retried away).
func proxiedS3(t *testing.T, keys []string, rule faultproxy.Rule) (*s3.Client, *faultproxy.Proxy) {
	t.Helper()
	ctx := context.Background()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	direct := s3.NewFromConfig(demo.Config(srv.URL), func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := direct.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("photos")}); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if _, err := direct.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String(k), Body: strings.NewReader("x")}); err != nil {
			t.Fatal(err)
		}
	}
	proxy := faultproxy.Start(t, srv.URL, rule)
	client := s3.NewFromConfig(demo.Config(proxy.URL), func(o *s3.Options) {
		o.UsePathStyle = true
		o.RetryMaxAttempts = 1
	})
	return client, proxy
}

func TestPageThatFailsReportsHowFarThePaginationGot(t *testing.T) {
	var keys []string
	for i := range 7 {
		keys = append(keys, fmt.Sprintf("img-%02d.jpg", i))
	}
	client, _ := proxiedS3(t, keys, faultproxy.FromRequest(3, faultproxy.Status(500)))
	def := botocorePaginator(t, "s3", "ListObjectsV2")
	p := New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": "photos"}, Options{PageSize: 2})

	var pages []Page
	var err error
	for p.HasMore() && err == nil {
		var page Page
		if page, err = p.Next(context.Background()); err == nil {
			pages = append(pages, page)
		}
	}
	var pe *PartialError
	if !errors.As(err, &pe) {
		t.Fatalf("page 3 failed with %T %v, want a *PartialError", err, err)
	}
	if pe.Pages != 2 || pe.Page != 3 || pe.Items != 4 || !pe.Partial() {
		t.Errorf("partial error says %d pages, page %d failed, %d items; want 2, 3, 4", pe.Pages, pe.Page, pe.Items)
	}
	if pe.Token != pages[1].NextToken || pe.Token == "" {
		t.Errorf("resume token %q, want the last good page's NextToken %q", pe.Token, pages[1].NextToken)
	}
	if !strings.Contains(err.Error(), "paginating ListObjectsV2, page 3: ") || !strings.Contains(err.Error(), "500") {
		t.Errorf("message %q should name the page and the service's error", err)
	}
	if !p.HasMore() {
		t.Error("after a failed page the paginator should still have more")
	}

	// Resuming from the token sends the last good continuation token and lists the rest once.
	resumeClient, proxy := proxiedS3(t, keys, nil)
	// gofakes3's continuation token is the last key returned: valid against another server
	// holding the same keys.
	rest := drain(t, New(s3Caller{resumeClient}, "ListObjectsV2", def, map[string]any{"Bucket": "photos"},
		Options{PageSize: 2, StartingToken: pe.Token}))
	want := url.QueryEscape(pages[1].Raw["NextContinuationToken"].(string))
	if reqs := proxy.Requests(); len(reqs) == 0 || !strings.Contains(reqs[0], "continuation-token="+want) {
		t.Fatalf("the resumed listing sent %v, want continuation-token=%s first", reqs, want)
	}
	got := append(keysOf(t, itemValues(pages, "Contents"), "Key"), keysOf(t, itemValues(rest, "Contents"), "Key")...)
	if !slices.Equal(got, keys) {
		t.Fatalf("two pages, a failure and a resume listed %v, want %v", got, keys)
	}
}

func TestFirstPageFailureIsNotPartial(t *testing.T) {
	client, _ := proxiedS3(t, []string{"a", "b"}, faultproxy.Always(faultproxy.Throttle()))
	def := botocorePaginator(t, "s3", "ListObjectsV2")
	_, err := New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": "photos"}, Options{}).Next(context.Background())
	var pe *PartialError
	if !errors.As(err, &pe) || pe.Partial() || pe.Page != 1 || pe.Token != "" {
		t.Fatalf("first page failed with %#v, want a PartialError of page 1 with no pages, no token", err)
	}
}

func TestAllReturnsThePagesMergedBeforeTheFailure(t *testing.T) {
	var keys []string
	for i := range 5 {
		keys = append(keys, fmt.Sprintf("k%d", i))
	}
	client, _ := proxiedS3(t, keys, faultproxy.FromRequest(3, faultproxy.Status(503)))
	def := botocorePaginator(t, "s3", "ListObjectsV2")
	out, err := New(s3Caller{client}, "ListObjectsV2", def, map[string]any{"Bucket": "photos"}, Options{PageSize: 2}).All(context.Background())
	var pe *PartialError
	if !errors.As(err, &pe) {
		t.Fatalf("All: %v, want a *PartialError", err)
	}
	if got := keysOf(t, out["Contents"].([]any), "Key"); !slices.Equal(got, keys[:4]) {
		t.Errorf("merged before the failure: %v, want %v", got, keys[:4])
	}
	if out["NextToken"] != pe.Token {
		t.Errorf("merged NextToken %v, want the resume token %q", out["NextToken"], pe.Token)
	}
}
