// Command fakes3 serves an empty in-memory S3 (gofakes3, as behind nimbus --demo) on an address,
// optionally behind added latency per request, for benchmarks and by-hand comparisons of nimbus
// with the aws CLI against one local server: go run ./scripts/fakes3 -addr 127.0.0.1:9000.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "address to listen on")
	latency := flag.Duration("latency", 0, "wait this long before answering each request")
	sink := flag.String("sink", "", "a bucket that takes uploads (single and multipart) and keeps nothing: for measuring a client's memory on uploads bigger than this server's")
	flag.Parse()
	var h http.Handler = demo.Handler(s3mem.New())
	if *sink != "" {
		h = sinkBucket(*sink, h)
	}
	if *latency > 0 {
		next := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(*latency)
			next.ServeHTTP(w, r)
		})
	}
	srv := &http.Server{Addr: *addr, Handler: h, ErrorLog: log.New(io.Discard, "", 0)}
	fmt.Fprintf(os.Stderr, "fakes3: serving http://%s\n", *addr)
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "fakes3:", err)
		os.Exit(1)
	}
}

// sinkBucket answers the uploads to bucket (path style) itself and drops the bytes; every other
// request goes to next.
func sinkBucket(bucket string, next http.Handler) http.Handler {
	prefix := "/" + bucket
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != prefix && !strings.HasPrefix(r.URL.Path, prefix+"/") {
			next.ServeHTTP(w, r)
			return
		}
		io.Copy(io.Discard, r.Body)
		q := r.URL.Query()
		key := strings.TrimPrefix(r.URL.Path, prefix+"/")
		switch {
		case r.Method == http.MethodPost && q.Has("uploads"):
			fmt.Fprintf(w, `<InitiateMultipartUploadResult><Bucket>%s</Bucket><Key>%s</Key><UploadId>sink</UploadId></InitiateMultipartUploadResult>`, bucket, key)
		case r.Method == http.MethodPost && q.Has("uploadId"):
			fmt.Fprintf(w, `<CompleteMultipartUploadResult><Bucket>%s</Bucket><Key>%s</Key><ETag>"sink-1"</ETag></CompleteMultipartUploadResult>`, bucket, key)
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case r.Method == http.MethodPut:
			w.Header().Set("ETag", `"d41d8cd98f00b204e9800998ecf8427e"`)
		}
	})
}
