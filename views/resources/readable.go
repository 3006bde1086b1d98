package resources

import (
	"encoding/base64"
	"unicode/utf8"
)

// readable makes an action's output easier to read: blobs that are UTF-8 text (a Lambda
// response payload, an SQS body) become strings, and a Lambda LogResult, which AWS sends
// base64-encoded, is decoded into the log tail it holds. Display only: nothing is sent back.
func readable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if s, ok := val.(string); ok && k == "LogResult" {
				if dec, err := base64.StdEncoding.DecodeString(s); err == nil && utf8.Valid(dec) {
					out[k] = string(dec)
					continue
				}
			}
			out[k] = readable(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = readable(val)
		}
		return out
	case []byte:
		if utf8.Valid(x) {
			return string(x)
		}
	}
	return v
}
