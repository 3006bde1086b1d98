package invoke

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/botocore"
)

// botocoreData finds the installed botocore's data directory.
func botocoreData(t testing.TB) string {
	t.Helper()
	dir, err := botocore.DataDir()
	if err != nil {
		t.Fatalf("botocore is needed for these tests: %v", err)
	}
	return dir
}

// loadModel returns the project's embedded model of a service.
func loadModel(t testing.TB, name string) *model.Service {
	t.Helper()
	svc, err := model.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// loadBotocoreModel reads a service's newest service-2.json from the installed botocore, decoded
// straight into the model types, to check the compact embedded form against the original.
func loadBotocoreModel(t testing.TB, name string) *model.Service {
	t.Helper()
	dir := filepath.Join(botocoreData(t), name)
	versions, _ := filepath.Glob(filepath.Join(dir, "*", "service-2.json*"))
	if len(versions) == 0 {
		t.Fatalf("botocore has no model for %s", name)
	}
	sort.Strings(versions)
	path := versions[len(versions)-1]
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = gz
	}
	var svc model.Service
	if err := json.NewDecoder(r).Decode(&svc); err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	svc.Name = name
	for n, op := range svc.Operations {
		op.Name = n
	}
	return &svc
}

// recordedRequest is what a request looked like on the wire.
type recordedRequest struct {
	Length int64 // Content-Length as net/http will send it (-1: chunked)
	Method string
	Host   string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

// recorder is an aws.HTTPClient that keeps every request and answers with a canned response.
type recorder struct {
	mu       sync.Mutex
	requests []recordedRequest
	status   int
	header   http.Header
	body     string
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	r.mu.Lock()
	r.requests = append(r.requests, recordedRequest{
		Length: req.ContentLength, Method: req.Method, Host: req.URL.Host, Path: req.URL.EscapedPath(), Query: req.URL.RawQuery,
		Header: req.Header.Clone(), Body: body,
	})
	r.mu.Unlock()
	status := r.status
	if status == 0 {
		status = 200
	}
	h := http.Header{}
	for k, v := range r.header {
		h[k] = v
	}
	return &http.Response{
		StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader([]byte(r.body))),
		ContentLength: int64(len(r.body)), Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}, nil
}

func (r *recorder) last(t testing.TB) recordedRequest {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.requests) == 0 {
		t.Fatal("no request was sent")
	}
	return r.requests[len(r.requests)-1]
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}
