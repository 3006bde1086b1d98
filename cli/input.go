package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// fileScheme prefixes an --input value that names a file, as in the AWS CLI's file://x.json.
const fileScheme = "file://"

// ParseInput reads an operation's input for `nimbus call` and `nimbus wait`: inline JSON
// (--input), inline "file://PATH" (the AWS CLI spelling), or a file (--input-file). Both empty
// means an empty input. The JSON must be one object; numbers stay json.Number so that integers
// beyond 2^53 reach the service exactly. A leading "~/" in a path is the home directory.
func ParseInput(inline, file string) (map[string]any, error) {
	if inline != "" && file != "" {
		return nil, errors.New("give the input with --input or --input-file, not both")
	}
	if path, ok := strings.CutPrefix(inline, fileScheme); ok {
		file, inline = path, ""
	}
	source, data := "--input", []byte(inline)
	if file != "" {
		path, err := expandHome(file)
		if err != nil {
			return nil, err
		}
		data, err = os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading the input: %w", err)
		}
		source = path
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if file != "" {
			return nil, fmt.Errorf("%s is empty: it should hold a JSON object such as {\"TableName\": \"t\"}", source)
		}
		return map[string]any{}, nil
	}
	return decodeObject(source, data)
}

// decodeObject decodes data as exactly one JSON object, saying where a syntax error is.
func decodeObject(source string, data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %s", source, describeJSONError(data, err))
	}
	end := dec.InputOffset()
	if rest := bytes.TrimLeft(data[end:], " \t\r\n"); len(rest) > 0 {
		line, col := lineColumn(data, int64(len(data)-len(rest)))
		return nil, fmt.Errorf("%s is not valid JSON: unexpected data after the object at line %d, column %d", source, line, col)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s must be a JSON object of the operation's members, e.g. {\"TableName\": \"t\"}, not %s",
			source, jsonKind(v))
	}
	return obj, nil
}

// describeJSONError adds the line and column to a syntax error.
func describeJSONError(data []byte, err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := lineColumn(data, syn.Offset-1) // Offset counts the offending byte
		return fmt.Sprintf("%v at line %d, column %d", syn, line, col)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "it ends before the object is closed"
	}
	return err.Error()
}

// lineColumn turns a byte offset into 1-based line and column numbers.
func lineColumn(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// expandHome replaces a leading "~/" with the user's home directory, as the AWS CLI does.
func expandHome(path string) (string, error) {
	rest, ok := strings.CutPrefix(path, "~/")
	if !ok && path != "~" {
		return path, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the home directory for %s: %w", path, err)
	}
	return filepath.Join(home, rest), nil
}
