package paginate

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Keys botocore adds to a resume token next to the service's own tokens. Keeping botocore's
// format means a token from nimbus works as `aws --starting-token`, and the other way round.
const (
	truncateKey = "boto_truncate_amount" // items of the primary result key already returned from the page the token re-reads
	encodedKey  = "boto_encoded_keys"    // paths of blobs that were base64-encoded to fit in JSON
)

// encodeToken turns the input tokens of the next request (nil for "not sent") and, when a page
// was cut short by a limit, the number of its items already returned, into an opaque string:
// base64 of a JSON object, as botocore's TokenEncoder writes it.
func encodeToken(inputTokens []string, tokens map[string]any, truncated int) (string, error) {
	doc := make(map[string]any, len(inputTokens)+2)
	var blobs [][]any
	for _, name := range inputTokens {
		doc[name] = encodeBlobs(tokens[name], []any{name}, &blobs)
	}
	if truncated > 0 {
		doc[truncateKey] = truncated
	}
	if len(blobs) > 0 {
		doc[encodedKey] = blobs
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return "", fmt.Errorf("encoding the resume token: %w", err)
	}
	return base64.StdEncoding.EncodeToString(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// encodeBlobs replaces every []byte inside v with its base64 text and records where it was.
func encodeBlobs(v any, path []any, blobs *[][]any) any {
	switch t := v.(type) {
	case []byte:
		*blobs = append(*blobs, slices.Clone(path))
		return base64.StdEncoding.EncodeToString(t)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = encodeBlobs(e, append(path, k), blobs)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = encodeBlobs(e, append(path, i), blobs)
		}
		return out
	}
	return v
}

// ErrBadStartingToken is wrapped by every error about a starting token that cannot resume the
// pagination: the command line is wrong, not the service.
var ErrBadStartingToken = errors.New("bad starting token")

// checkTokenTypes refuses a token whose values do not have the types of the operation's input
// tokens: a bare string given for DynamoDB's ExclusiveStartKey (an object) used to fail later as
// "Input.ExclusiveStartKey: expected an object".
func checkTokenTypes(svc *model.Service, operation string, tokens map[string]any) error {
	if svc == nil {
		return nil
	}
	input, err := svc.InputShape(operation)
	if err != nil || input == nil {
		return nil
	}
	for name, v := range tokens {
		ref := input.Members[name]
		if v == nil || ref == nil || svc.Shape(ref.Shape) == nil {
			continue
		}
		want, got := svc.Shape(ref.Shape).Type, tokenType(v)
		// Only what cannot be meant: scalars are left to the input validation, which converts
		// "5" for an integer as the service's own tokens need.
		wrong := (want == "structure" || want == "map") && got != "object" ||
			want == "list" && got != "list" ||
			want == "string" && (got == "object" || got == "list")
		if wrong {
			return fmt.Errorf("%w: %s %s resumes from %s, which is %s, but the token gives %s",
				ErrBadStartingToken, svc.Name, operation, name, article(want), article(got))
		}
	}
	return nil
}

// tokenType names the JSON type of a decoded token value, in the model's words where they agree.
func tokenType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case map[string]any:
		return "object"
	case []any:
		return "list"
	case []byte:
		return "blob"
	case bool:
		return "boolean"
	}
	return "number"
}

func article(t string) string {
	switch t {
	case "structure", "map", "object":
		return "an object"
	case "integer", "long":
		return "an integer"
	}
	return "a " + t
}

// decodeToken reads a starting token: one this package or botocore wrote, an old-style botocore
// token ("a___b___3"), or a bare token as the service returned it. It returns the input tokens
// (nil values are not to be sent) and how many items of the first page to skip.
func decodeToken(token string, inputTokens []string) (map[string]any, int, error) {
	if doc, ok := decodeJSONToken(token); ok {
		return checkJSONToken(doc, inputTokens)
	}
	return decodeLegacyToken(token, inputTokens)
}

func decodeJSONToken(token string) (map[string]any, bool) {
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil, false
	}
	return doc, true
}

func checkJSONToken(doc map[string]any, inputTokens []string) (map[string]any, int, error) {
	skip := 0
	if v, ok := doc[truncateKey]; ok {
		n, isInt := toInt(v)
		if !isInt || n < 0 {
			return nil, 0, fmt.Errorf("%w: %s is %v, want a count", ErrBadStartingToken, truncateKey, v)
		}
		skip = int(n)
		delete(doc, truncateKey)
	}
	blobs, hasBlobs := doc[encodedKey]
	delete(doc, encodedKey)

	got := make([]string, 0, len(doc))
	for k := range doc {
		got = append(got, k)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(inputTokens))
	if !slices.Equal(got, want) {
		return nil, 0, fmt.Errorf("%w: it holds %s, this operation pages with %s", ErrBadStartingToken,
			strings.Join(got, ", "), strings.Join(want, ", "))
	}
	for k, v := range doc {
		doc[k] = document.Searchable(v)
	}
	if hasBlobs {
		if err := restoreBlobs(doc, blobs); err != nil {
			return nil, 0, fmt.Errorf("%w: %w", ErrBadStartingToken, err)
		}
	}
	for k, v := range doc {
		if v == "None" { // botocore's spelling of "no token"
			doc[k] = nil
		}
	}
	return doc, skip, nil
}

// restoreBlobs turns the base64 strings listed in boto_encoded_keys back into bytes.
func restoreBlobs(doc map[string]any, paths any) error {
	list, ok := paths.([]any)
	if !ok {
		return fmt.Errorf("%s is not a list", encodedKey)
	}
	for _, p := range list {
		path, ok := p.([]any)
		if !ok || len(path) == 0 {
			return fmt.Errorf("%s holds %v, not a path", encodedKey, p)
		}
		var parent any = doc
		for _, step := range path[:len(path)-1] {
			parent = child(parent, step)
		}
		last := path[len(path)-1]
		text, ok := child(parent, last).(string)
		if !ok {
			return fmt.Errorf("no encoded blob at %v", path)
		}
		blob, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return fmt.Errorf("blob at %v: %w", path, err)
		}
		switch c := parent.(type) {
		case map[string]any:
			c[fmt.Sprint(last)] = blob
		case []any:
			i, _ := toInt(last)
			c[i] = blob
		}
	}
	return nil
}

func child(container, step any) any {
	switch c := container.(type) {
	case map[string]any:
		if k, ok := step.(string); ok {
			return c[k]
		}
	case []any:
		if i, ok := toInt(step); ok && i >= 0 && int(i) < len(c) {
			return c[i]
		}
	}
	return nil
}

// decodeLegacyToken follows botocore's fallback for tokens that are not base64 JSON: "___"
// separates the input tokens, optionally followed by the count to skip; anything else is one
// token as the service returned it, for the first input token.
func decodeLegacyToken(token string, inputTokens []string) (map[string]any, int, error) {
	parts := strings.Split(token, "___")
	skip := 0
	if len(parts) == len(inputTokens)+1 {
		if n, err := strconv.Atoi(parts[len(parts)-1]); err == nil && n >= 0 {
			skip = n
			parts = parts[:len(parts)-1]
		} else {
			parts = []string{token}
		}
	}
	if len(parts) > len(inputTokens) {
		return nil, 0, fmt.Errorf("%w: it has %d parts, this operation pages with %d tokens (%s)", ErrBadStartingToken,
			len(parts), len(inputTokens), strings.Join(inputTokens, ", "))
	}
	tokens := make(map[string]any, len(inputTokens))
	for i, name := range inputTokens {
		if i < len(parts) && parts[i] != "None" {
			tokens[name] = parts[i]
		} else {
			tokens[name] = nil
		}
	}
	return tokens, skip, nil
}
