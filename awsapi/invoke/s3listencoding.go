package invoke

import (
	"strings"
	"unicode/utf8"
)

// s3ListEncoding says which members of an S3 list answer hold URL-encoded keys when the request
// asked for EncodingType=url.
type s3ListEncoding struct {
	top    []string    // top-level members
	nested [][2]string // (list member, member of each element)
	// dropEncodingType removes the EncodingType the server echoes: botocore does not ask for
	// ListMultipartUploads, so the AWS CLI never prints it there.
	dropEncodingType bool
}

// s3ListEncodings are the S3 list operations whose keys botocore asks to URL-encode (and
// decodes again) unless the caller chose an encoding, with the members its handlers decode: a key
// holding a character XML 1.0 cannot carry (U+0001) would otherwise make the answer unreadable.
// ListMultipartUploads is not among botocore's; it gets the same treatment, invisibly, for the
// same reason.
var s3ListEncodings = map[string]s3ListEncoding{
	"ListObjects": {
		top:    []string{"Delimiter", "Marker", "NextMarker"},
		nested: [][2]string{{"Contents", "Key"}, {"CommonPrefixes", "Prefix"}},
	},
	"ListObjectsV2": {
		top:    []string{"Delimiter", "Prefix", "StartAfter"},
		nested: [][2]string{{"Contents", "Key"}, {"CommonPrefixes", "Prefix"}},
	},
	"ListObjectVersions": {
		top:    []string{"KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"},
		nested: [][2]string{{"Versions", "Key"}, {"DeleteMarkers", "Key"}, {"CommonPrefixes", "Prefix"}},
	},
	"ListMultipartUploads": {
		top:              []string{"Delimiter", "KeyMarker", "NextKeyMarker", "Prefix"},
		nested:           [][2]string{{"Uploads", "Key"}, {"CommonPrefixes", "Prefix"}},
		dropEncodingType: true,
	},
}

// s3AutoEncoding reports whether this call of op should ask for URL-encoded keys: an S3 list
// operation whose caller did not choose an EncodingType.
func (inv *Invoker) s3AutoEncoding(op string, input map[string]any) bool {
	if !inv.isS3() {
		return false
	}
	if _, ok := s3ListEncodings[op]; !ok {
		return false
	}
	v, set := input["EncodingType"]
	return !set || v == nil || v == ""
}

// decodeS3ListKeys URL-decodes the keys of an answer to a request that asked for EncodingType=url
// on the caller's behalf, as botocore's decode_list_object handlers do: only when the server says
// it encoded them.
func decodeS3ListKeys(op string, doc map[string]any) {
	enc := s3ListEncodings[op]
	if doc["EncodingType"] != "url" {
		return
	}
	for _, k := range enc.top {
		if s, ok := doc[k].(string); ok {
			doc[k] = unquotePlus(s)
		}
	}
	for _, n := range enc.nested {
		items, _ := doc[n[0]].([]any)
		for _, item := range items {
			if m, ok := item.(map[string]any); ok {
				if s, ok := m[n[1]].(string); ok {
					m[n[1]] = unquotePlus(s)
				}
			}
		}
	}
	if enc.dropEncodingType {
		delete(doc, "EncodingType")
	}
}

// unquotePlus is Python's urllib.parse.unquote_plus, which botocore decodes the keys with: "+" is
// a space, %XX a byte (a malformed escape stays as written), and the bytes are read as UTF-8 with
// each maximal invalid sequence replaced by U+FFFD.
func unquotePlus(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return replaceInvalidUTF8(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// replaceInvalidUTF8 replaces each maximal invalid subsequence with U+FFFD, as Python's
// errors="replace" does (Go's conversions replace each byte instead).
func replaceInvalidUTF8(b []byte) string {
	var out strings.Builder
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r != utf8.RuneError || size > 1 {
			out.Write(b[:size])
			b = b[size:]
			continue
		}
		out.WriteRune(utf8.RuneError)
		b = b[maximalSubpart(b):]
	}
	return out.String()
}

// maximalSubpart is the length of the longest prefix of b that starts a well-formed UTF-8
// sequence (at least 1), per Unicode's "maximal subpart" rule.
func maximalSubpart(b []byte) int {
	lead := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case lead >= 0xC2 && lead <= 0xDF:
		need = 1
	case lead == 0xE0:
		need, lo = 2, 0xA0
	case lead >= 0xE1 && lead <= 0xEC, lead == 0xEE, lead == 0xEF:
		need = 2
	case lead == 0xED:
		need, hi = 2, 0x9F
	case lead == 0xF0:
		need, lo = 3, 0x90
	case lead >= 0xF1 && lead <= 0xF3:
		need = 3
	case lead == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b); n++ {
		c := b[n]
		if n == 1 && (c < lo || c > hi) || n > 1 && (c < 0x80 || c > 0xBF) {
			break
		}
	}
	return n
}
