// Command fakes3 serves an empty in-memory S3 (gofakes3, as behind nimbus --demo) on an address,
// optionally behind added latency per request, for benchmarks and by-hand comparisons of nimbus
// with the aws CLI against one local server: go run ./scripts/fakes3 -addr 127.0.0.1:9000.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/demo"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "address to listen on")
	latency := flag.Duration("latency", 0, "wait this long before answering each request")
	sink := flag.String("sink", "", "a bucket that takes uploads (single and multipart) and keeps nothing: for measuring a client's memory on uploads bigger than this server's")
	listing := flag.String("listing", "", "create this bucket holding 100,000 empty objects p00/000000 … p19/099999 (key i under prefix i mod 20), the keys BenchmarkWalkVsPaginatorServer lists")
	flag.Parse()
	backend := s3mem.New()
	if *listing != "" {
		if err := seedListing(backend, *listing); err != nil {
			fmt.Fprintln(os.Stderr, "fakes3:", err)
			os.Exit(1)
		}
	}
	var h http.Handler = demo.Handler(backend)
	if *sink != "" {
		h = demo.Sink(*sink, h)
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

func seedListing(backend *s3mem.Backend, bucket string) error {
	if err := backend.CreateBucket(bucket); err != nil {
		return err
	}
	for i := range 100_000 {
		key := fmt.Sprintf("p%02d/%06d", i%20, i)
		if _, err := backend.PutObject(bucket, key, map[string]string{}, bytes.NewReader(nil), 0, nil); err != nil {
			return err
		}
	}
	return nil
}
