package textsafe

import (
	"io"
	"strings"
)

// Writer cleans what is written through it for a terminal stream (headless stderr): newlines and
// tabs stay, every other control, bidi control and invalid UTF-8 byte is escaped. Each Write is
// cleaned on its own, so a character split across two writes shows as escaped bytes: nimbus
// writes whole messages.
type Writer struct{ w io.Writer }

// NewWriter returns a Writer to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write implements io.Writer; it reports len(p) when the cleaned text was written whole.
func (w *Writer) Write(p []byte) (int, error) {
	s := string(p)
	if isCleanKeeping(s, true, true) {
		if _, err := io.WriteString(w.w, s); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		body := strings.TrimSuffix(line, "\n")
		for j, part := range strings.Split(body, "\t") {
			if j > 0 {
				b.WriteByte('\t')
			}
			writeClean(&b, part, false)
		}
		if len(body) < len(line) {
			b.WriteByte('\n')
		}
	}
	if _, err := io.WriteString(w.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}
