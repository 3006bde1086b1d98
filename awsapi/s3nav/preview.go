package s3nav

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// PreviewLimit is how much of an object the detail page fetches: enough to recognise a file,
// small enough to arrive at once even over a slow link.
const PreviewLimit int64 = 64 << 10

// Preview is the beginning of an object. Data holds raw bytes: show it only through Render.
type Preview struct {
	Data []byte
	// Total is the object's full size (-1 when the server did not say).
	Total int64
	// Truncated is true when Data is shorter than the object.
	Truncated bool
	// Binary is true when Data does not look like text (see looksBinary).
	Binary bool
}

// Preview fetches at most limit bytes from the start of an object with a ranged GET and never
// reads more than that, even from a server that ignores the Range header. limit <= 0 means
// PreviewLimit.
func (c *Client) Preview(ctx context.Context, bucket, key string, limit int64) (Preview, error) {
	if limit <= 0 {
		limit = PreviewLimit
	}
	action := "previewing " + uri(bucket, key)
	api, err := c.clientFor(ctx, bucket)
	if err != nil {
		return Preview{}, wrap(action, err)
	}
	out, err := api.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(bucket),
		Key:    aws.String(key),
		Range:  aws.String(fmt.Sprintf("bytes=0-%d", limit-1)),
	})
	if err != nil {
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) && apiErr.ErrorCode() == "InvalidRange" {
			// S3 answers 416 to any range on an empty object.
			return Preview{Total: 0}, nil
		}
		return Preview{}, wrap(action, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(io.LimitReader(out.Body, limit))
	if err != nil {
		return Preview{}, wrap(action, err)
	}
	total := totalFromContentRange(aws.ToString(out.ContentRange))
	if total < 0 && out.ContentRange == nil && out.ContentLength != nil {
		// No Content-Range: the server sent the whole object (or ignored Range).
		total = *out.ContentLength
	}
	p := Preview{Data: data, Total: total}
	p.Truncated = total > int64(len(data)) || (total < 0 && int64(len(data)) == limit)
	p.Binary = looksBinary(data, p.Truncated)
	return p, nil
}

// totalFromContentRange reads the size after the slash of "bytes 0-65535/1234567", or -1.
func totalFromContentRange(cr string) int64 {
	i := strings.LastIndexByte(cr, '/')
	if i < 0 {
		return -1
	}
	n, err := strconv.ParseInt(cr[i+1:], 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// looksBinary decides whether data is shown as text or as a hex dump: a NUL byte, invalid UTF-8,
// or more than one byte in ten being a control character other than whitespace and ESC
// (coloured log files stay text) means binary. A multi-byte character cut by the preview limit
// at the very end does not count as invalid.
func looksBinary(data []byte, truncated bool) bool {
	if len(data) == 0 {
		return false
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return true
	}
	if truncated {
		data = trimPartialRune(data)
	}
	if !utf8.Valid(data) {
		return true
	}
	controls := 0
	for _, b := range data {
		if (b < 0x20 && !isTextControl(b)) || b == 0x7f {
			controls++
		}
	}
	return controls*10 > len(data)
}

func isTextControl(b byte) bool {
	switch b {
	case '\n', '\r', '\t', '\f', '\v', '\b', 0x1b:
		return true
	}
	return false
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of data.
func trimPartialRune(data []byte) []byte {
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				return data[:i]
			}
			break
		}
	}
	return data
}

// Render turns a preview into text that is safe for a terminal: text with every control
// character escaped (textsafe.CleanMultiline), or for binary data a hex dump in the style of
// `hexdump -C`, whose printable column holds only ASCII 0x20–0x7e. Raw bytes never pass through.
func Render(p Preview) string {
	if p.Binary {
		return hex.Dump(p.Data)
	}
	data := p.Data
	if p.Truncated {
		data = trimPartialRune(data)
	}
	if pretty, ok := indentJSON(data); ok {
		data = pretty
	}
	return textsafe.CleanMultiline(string(data))
}

// indentJSON lays out a JSON object or array with two-space indentation, as `jq .` does, keeping
// every token as sent (numbers are not reparsed). A preview cut by the limit is indented as far
// as it goes. It refuses (false) anything that is not JSON up to where it ends, so a text file
// that happens to start with "[" stays as it is.
func indentJSON(data []byte) ([]byte, bool) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' && trimmed[0] != '[' || !jsonUpToEnd(trimmed) {
		return nil, false
	}
	var b bytes.Buffer
	b.Grow(len(trimmed) + len(trimmed)/4)
	depth := 0
	newline := func() {
		b.WriteByte('\n')
		for range depth {
			b.WriteString("  ")
		}
	}
	inString, escaped := false, false
	for i := 0; i < len(trimmed); i++ {
		c := trimmed[i]
		if inString {
			b.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
		case '"':
			inString = true
			b.WriteByte(c)
		case '{', '[':
			b.WriteByte(c)
			// An empty container stays on one line: {} and [].
			if j := skipSpace(trimmed, i+1); j < len(trimmed) && (trimmed[j] == '}' || trimmed[j] == ']') {
				b.WriteByte(trimmed[j])
				i = j
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth = max(depth-1, 0)
			newline()
			b.WriteByte(c)
		case ',':
			b.WriteByte(c)
			newline()
		case ':':
			b.WriteString(": ")
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\n')
	return b.Bytes(), true
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// jsonUpToEnd reports whether data is one JSON value, or the beginning of one that was cut off.
func jsonUpToEnd(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		_, err := dec.Token()
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return true
		default:
			return false
		}
	}
}
