package s3nav

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
)

func TestLooksBinary(t *testing.T) {
	cases := []struct {
		name      string
		data      []byte
		truncated bool
		want      bool
	}{
		{"empty", nil, false, false},
		{"ascii", []byte("hello\tworld\r\n"), false, false},
		{"utf8", []byte("café ☕ naïve"), false, false},
		{"ansi colours stay text", []byte("\x1b[32mPASS\x1b[0m ok\n"), false, false},
		{"nul", []byte("abc\x00def"), false, true},
		{"invalid utf8", []byte("abc\xff\xfedef"), false, true},
		{"cut rune at the end of a truncated preview", []byte("price: \xe2\x82"), true, false},
		{"cut rune in a complete object", []byte("price: \xe2\x82"), false, true},
		{"many controls", bytes.Repeat([]byte("ab\x01\x02\x03"), 20), false, true},
		{"few controls", append(bytes.Repeat([]byte("abcdefghij"), 20), 0x01), false, false},
		{"utf16 with BOM", []byte{0xff, 0xfe, 'h', 0, 'i', 0}, false, true},
	}
	for _, c := range cases {
		if got := looksBinary(c.data, c.truncated); got != c.want {
			t.Errorf("%s: looksBinary = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestTotalFromContentRange(t *testing.T) {
	for in, want := range map[string]int64{
		"bytes 0-65535/1234567": 1234567, "bytes 0-9/10": 10, "bytes 0-9/*": -1, "": -1, "garbage": -1,
	} {
		if got := totalFromContentRange(in); got != want {
			t.Errorf("%q: %d, want %d", in, got, want)
		}
	}
}

func TestRenderHexDumpIsSafe(t *testing.T) {
	data := []byte("\x1b[2J\x9b\x07\x00binary\xff")
	out := Render(Preview{Data: data, Total: int64(len(data)), Binary: true})
	if strings.ContainsFunc(out, func(r rune) bool { return (r < 0x20 && r != '\n') || r >= 0x7f }) {
		t.Fatalf("hex dump holds a control or non-ASCII character: %q", out)
	}
	if !strings.Contains(out, "1b 5b 32 4a") || !strings.Contains(out, "|.[2J") {
		t.Errorf("hex dump %q", out)
	}
}

func TestValidRegion(t *testing.T) {
	for r, want := range map[string]bool{
		"us-east-1": true, "eu-west-3": true, "cn-north-1": true, "us-gov-west-1": true,
		"": false, "evil.example.com": false, "a/b": false, "US-EAST-1": false, "-x": false,
	} {
		if got := validRegion(r); got != want {
			t.Errorf("validRegion(%q) = %v", r, got)
		}
	}
}

func TestDescribe(t *testing.T) {
	netErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	chain := fmt.Errorf("operation error S3: ListBuckets, exceeded maximum number of attempts, 3, request send failed: %w", netErr)
	got := Describe(wrap("listing buckets", chain))
	want := "listing buckets: dial tcp: connect: connection refused — cannot reach the endpoint; check the network, the region or --endpoint-url"
	if got != want {
		t.Errorf("Describe = %q\nwant       %q", got, want)
	}
	if got := Describe(errors.New("plain\nerror")); got != "plain error" {
		t.Errorf("Describe(plain) = %q", got)
	}
	if Describe(nil) != "" {
		t.Error("Describe(nil) not empty")
	}
}

// A seek hint is just below every key under the prefix and valid UTF-8, or nothing.
func TestSeekHint(t *testing.T) {
	for prefix, want := range map[string]string{
		"":      "",
		"p05/":  "p05.",
		"e//":   "e/.",
		"a":     "`",
		"été/":  "été.",
		"été":   "", // ends inside a multi-byte rune
		"x\x7f": "", // DEL: not printable
		"x ":    "", // the byte below a space is a control character
	} {
		got := seekHint(prefix)
		if got != want {
			t.Errorf("seekHint(%q) = %q, want %q", prefix, got, want)
		}
		if got != "" && !(got < prefix && !strings.HasPrefix(got, prefix)) {
			t.Errorf("seekHint(%q) = %q is not below the prefix", prefix, got)
		}
	}
}
