package netpolicy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"

	"github.com/nimbus-tui/nimbus/internal/faultproxy"
)

func upstream(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func ok(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "<ok/>") }

func request(t *testing.T, ctx context.Context, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "POST", url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Amz-Sdk-Request", "attempt=2; max=3")
	return req
}

func TestStallEndsTheAttemptWithAPlainMessage(t *testing.T) {
	p := faultproxy.Start(t, upstream(t, ok), faultproxy.Always(faultproxy.Stall()))
	c := Policy{ReadTimeout: 100 * time.Millisecond}.HTTPClient()
	_, err := c.Do(request(t, context.Background(), p.URL, nil))
	var f *Failure
	if !errors.As(err, &f) || f.Kind != Stalled {
		t.Fatalf("err %v, want a Stalled failure", err)
	}
	want := "no answer from " + strings.TrimPrefix(p.URL, "http://") + " in 0.1 s (attempt 2/3)"
	if err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
}

func TestStallInTheBodyIsBoundedToo(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	url := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "<partial")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := Policy{ReadTimeout: 100 * time.Millisecond}.HTTPClient()
	resp, err := c.Do(request(t, context.Background(), url, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	var f *Failure
	if !errors.As(err, &f) || f.Kind != Stalled {
		t.Fatalf("reading the body: %v, want a Stalled failure", err)
	}
}

// slowReader is a request body that makes the transport wait on the caller, not the network.
type slowReader struct {
	parts []string
	pause time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.parts) == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.pause)
	n := copy(p, r.parts[0])
	r.parts = r.parts[1:]
	return n, nil
}

func TestSlowRequestBodyIsNotAStall(t *testing.T) {
	url := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write(b)
	})
	c := Policy{ReadTimeout: 50 * time.Millisecond}.HTTPClient()
	resp, err := c.Do(request(t, context.Background(), url, &slowReader{parts: []string{"a", "b", "c"}, pause: 150 * time.Millisecond}))
	if err != nil {
		t.Fatalf("a body the caller reads slowly failed the attempt: %v", err)
	}
	defer resp.Body.Close()
	if b, err := io.ReadAll(resp.Body); err != nil || string(b) != "abc" {
		t.Fatalf("echo %q %v", b, err)
	}
}

func TestCallersCancellationIsNotAFailure(t *testing.T) {
	p := faultproxy.Start(t, upstream(t, ok), faultproxy.Always(faultproxy.Stall()))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := Policy{ReadTimeout: time.Minute}.HTTPClient().Do(request(t, ctx, p.URL, nil))
	var f *Failure
	if !errors.Is(err, context.Canceled) || errors.As(err, &f) {
		t.Fatalf("err %v, want the caller's cancellation as it is", err)
	}
}

func TestTruncatedAndResetAreFailures(t *testing.T) {
	c := Policy{ReadTimeout: time.Second}.HTTPClient()
	tr := faultproxy.Start(t, upstream(t, func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, strings.Repeat("x", 100))
	}), faultproxy.Always(faultproxy.Truncate(10)))
	resp, err := c.Do(request(t, context.Background(), tr.URL, nil))
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	var f *Failure
	if !errors.As(err, &f) || f.Kind != Truncated || !strings.Contains(err.Error(), "was cut off (attempt 2/3)") {
		t.Fatalf("truncated body: %v", err)
	}
	rs := faultproxy.Start(t, upstream(t, ok), faultproxy.Always(faultproxy.Reset()))
	_, err = c.Do(request(t, context.Background(), rs.URL, nil))
	if !errors.As(err, &f) || f.Kind != Reset {
		t.Fatalf("reset: %v", err)
	}
}

func TestRetryerRetriesNetworkFailuresButNotGarbledAnswers(t *testing.T) {
	r := Default().Retryer()
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&Failure{Kind: Stalled}, true},
		{&Failure{Kind: Truncated}, true},
		{&Failure{Kind: Reset}, true},
		{&Failure{Kind: Garbled}, false},
		{io.ErrUnexpectedEOF, true},
		{errors.New("something else"), false},
	} {
		if got := r.IsErrorRetryable(c.err); got != c.want {
			t.Errorf("IsErrorRetryable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
	if r.MaxAttempts() != 3 || (Policy{MaxAttempts: 5}).Retryer().MaxAttempts() != 5 {
		t.Fatal("MaxAttempts not honoured")
	}
}

func TestWatchSeesTheAttemptInFlight(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	url := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "<ok/>")
	})
	w := &Watch{}
	ctx := WithWatch(context.Background(), w)
	ctx = awsmiddleware.SetOperationName(awsmiddleware.SetServiceID(ctx, "S3"), "ListObjectsV2")
	done := make(chan error)
	go func() {
		resp, err := Default().HTTPClient().Do(request(t, ctx, url, nil))
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		done <- err
	}()
	<-entered
	call, seen := w.Last()
	if !seen || w.InFlight() != 1 || call.String() != "s3 ListObjectsV2 (attempt 2/3)" {
		t.Fatalf("in flight %d, last %q (%v)", w.InFlight(), call.String(), seen)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if w.InFlight() != 0 {
		t.Fatalf("in flight %d after the body was read", w.InFlight())
	}
}

func TestApplyWrapsOnceAndKeepsTheClient(t *testing.T) {
	inner := Default().Transport()
	cfg := aws.Config{HTTPClient: inner}
	Default().Apply(&cfg)
	first := cfg.HTTPClient
	Default().Apply(&cfg)
	if cfg.HTTPClient != first || first.(*client).inner != inner || cfg.Retryer == nil {
		t.Fatal("Apply should wrap the config's client once and set the retryer")
	}
}

func TestSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{60 * time.Second: "60 s", time.Second: "1 s", 1500 * time.Millisecond: "1.5 s"} {
		if got := Seconds(d); got != want {
			t.Errorf("Seconds(%v) = %q, want %q", d, got, want)
		}
	}
}

// An event stream waits on the service's events: its body's reads are not bounded by the read
// timeout (LiveBody), though the wait for its headers still is.
func TestLiveBodyMayIdleBetweenEvents(t *testing.T) {
	url := upstream(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "event 1;")
		w.(http.Flusher).Flush()
		time.Sleep(300 * time.Millisecond) // six read timeouts without a byte
		io.WriteString(w, "event 2")
	})
	c := Policy{ReadTimeout: 50 * time.Millisecond}.HTTPClient()
	resp, err := c.Do(request(t, LiveBody(context.Background()), url, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, err := io.ReadAll(resp.Body); err != nil || string(b) != "event 1;event 2" {
		t.Fatalf("live body %q: %v", b, err)
	}
}
