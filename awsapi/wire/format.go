package wire

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Format writes e as text lines: "→" a request, "←" a response, "↻" a retry, "✗" giving up;
// headers sorted and indented, then the body after a blank line.
func Format(e Entry) string {
	var b strings.Builder
	at := fmt.Sprintf("[%d/%d]", e.Attempt, e.Max)
	switch e.Kind {
	case Request:
		fmt.Fprintf(&b, "→ %s %s %s %s  (%s %s)\n", e.Time.UTC().Format("15:04:05.000"), at, e.Method, e.URL, e.Service, e.Op)
		writeHeaders(&b, e.Header)
		writeBody(&b, e)
	case Response:
		fmt.Fprintf(&b, "← %s %s HTTP %d %s · %s\n", e.Time.UTC().Format("15:04:05.000"), at, e.Status,
			http.StatusText(e.Status), e.Elapsed.Round(time.Millisecond))
		writeHeaders(&b, e.Header)
	case Body:
		size := "size unknown"
		if e.BodySize >= 0 {
			size = fmt.Sprintf("%d bytes", e.BodySize)
		}
		fmt.Fprintf(&b, "← %s %s body: %s · %s\n", e.Time.UTC().Format("15:04:05.000"), at, size, e.Elapsed.Round(time.Millisecond))
		writeBody(&b, e)
	case Retry:
		fmt.Fprintf(&b, "↻ %s %s retrying in %s: %s\n", e.Time.UTC().Format("15:04:05.000"), at, e.Delay.Round(time.Millisecond), e.Reason)
	case GiveUp:
		fmt.Fprintf(&b, "✗ %s %s not retrying: %s\n", e.Time.UTC().Format("15:04:05.000"), at, e.Reason)
	}
	return b.String()
}

func writeHeaders(b *strings.Builder, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(b, "    %s: %s\n", k, v)
		}
	}
}

func writeBody(b *strings.Builder, e Entry) {
	switch {
	case e.BodyNote != "":
		fmt.Fprintf(b, "    (body %s)\n", e.BodyNote)
	case len(e.Body) > 0:
		b.WriteString("\n")
		for _, line := range strings.Split(strings.TrimRight(string(e.Body), "\n"), "\n") {
			b.WriteString("    " + line + "\n")
		}
		if e.Truncated {
			fmt.Fprintf(b, "    … (%d of %d bytes shown)\n", len(e.Body), e.BodySize)
		}
		b.WriteString("\n")
	}
}

// Writer is a Tap that prints each entry to w as it happens (nimbus call --wire: stderr).
type Writer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewWriter returns a Tap printing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Record implements Tap.
func (w *Writer) Record(e Entry) {
	w.mu.Lock()
	defer w.mu.Unlock()
	io.WriteString(w.w, Format(e))
}
