package faultproxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestListingFailsAPageOnEveryAttemptUntilHealed(t *testing.T) {
	up, bodies := upstreamEcho(t)
	l := NewListing(Target("Svc.List"), JSONToken("NextToken"))
	p := Start(t, up, l.FailFrom(3, Status(500)))
	post := func(body string) int {
		req, _ := http.NewRequest("POST", p.URL+"/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "Svc.List")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	codes := []int{post(`{}`), post(`{"NextToken":"a"}`), post(`{"NextToken":"a"}`), post(`{"NextToken":"b"}`), post(`{"NextToken":"b"}`)}
	if want := []int{200, 200, 200, 500, 500}; !slices.Equal(codes, want) {
		t.Fatalf("codes %v, want %v (page 3 is the request with token b, on every attempt)", codes, want)
	}
	l.Heal()
	if code := post(`{"NextToken":"b"}`); code != 200 {
		t.Fatalf("after Heal: %d", code)
	}
	if got, want := l.Tokens(), []string{"", "a", "a", "b", "b", "b"}; !slices.Equal(got, want) {
		t.Fatalf("tokens %q, want %q", got, want)
	}
	if got := bodies(); got[len(got)-1] != `{"NextToken":"b"}` {
		t.Fatalf("the body reached the upstream as %q", got[len(got)-1])
	}
}

// upstreamEcho answers 200 and records every request body.
func upstreamEcho(t *testing.T) (string, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		io.WriteString(w, "{}")
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), bodies...)
	}
}
