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
