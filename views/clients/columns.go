package clients

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// maxColumns is how many columns a generic collection shows; the rest is one enter away.
const maxColumns = 6

// deriveColumns picks the columns of a collection from its first items: the scalar members (and
// the scalar Name/Value/Code inside a member such as EC2's State), ranked so names and ids come
// first, then states, then times, then the rest in the order the service sent them.
func deriveColumns(items []any) []string {
	seen := map[string]int{}
	var paths []string
	for i, it := range items {
		if i == 50 {
			break
		}
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, p := range scalarPaths(k, m[k]) {
				if _, ok := seen[p]; !ok {
					seen[p] = len(paths)
					paths = append(paths, p)
				}
			}
		}
	}
	sort.SliceStable(paths, func(i, j int) bool { return rank(paths[i]) < rank(paths[j]) })
	if len(paths) > maxColumns {
		paths = paths[:maxColumns]
	}
	return paths
}

func scalarPaths(key string, v any) []string {
	switch x := v.(type) {
	case map[string]any:
		for _, inner := range []string{"Name", "Value", "Code", "Status"} {
			if s, ok := x[inner]; ok && isScalar(s) {
				return []string{key + "." + inner}
			}
		}
		if len(x) == 1 { // a tagged value such as DynamoDB's {"S": "text"}
			for inner, s := range x {
				if isScalar(s) {
					return []string{key + "." + inner}
				}
			}
		}
		return nil
	case []any:
		return nil
	default:
		return []string{key}
	}
}

func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

func rank(path string) int {
	last := path
	if i := strings.Index(path, "."); i > 0 {
		last = path[:i] // State.Name ranks as a state, not as a name
	}
	switch {
	case strings.HasSuffix(last, "Name") || path == "Key" || path == "Name":
		return 0
	case strings.HasSuffix(last, "Id") || strings.HasSuffix(last, "ID"):
		return 1
	case strings.Contains(path, "State") || strings.Contains(path, "Status"):
		return 2
	case strings.Contains(last, "Time") || strings.Contains(last, "Date") || strings.HasPrefix(last, "Created") || strings.HasPrefix(last, "LastModified"):
		return 3
	case strings.HasSuffix(last, "Arn"):
		return 5
	}
	return 4
}

// lookup follows a dotted path into an item.
func lookup(item any, path string) any {
	for _, part := range strings.Split(path, ".") {
		m, ok := item.(map[string]any)
		if !ok {
			return nil
		}
		item = m[part]
	}
	return item
}

// cellText is a value as one table cell, sanitised.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return textsafe.Clean(x)
	case time.Time:
		return format.Time(x)
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	case map[string]any:
		return fmt.Sprintf("{%d}", len(x))
	case []any:
		return fmt.Sprintf("[%d]", len(x))
	}
	return textsafe.Clean(fmt.Sprint(v))
}

// columnTitle turns a path into a header: "State.Name" → "STATE", "InstanceId" → "INSTANCEID".
func columnTitle(path string) string {
	if i := strings.Index(path, "."); i > 0 {
		path = path[:i]
	}
	return strings.ToUpper(path)
}
