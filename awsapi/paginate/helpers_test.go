package paginate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// botocoreDef is a paginator as botocore's JSON writes it: tokens and keys are a string or a list.
type botocoreDef struct {
	InputToken      stringOrList `json:"input_token"`
	OutputToken     stringOrList `json:"output_token"`
	LimitKey        string       `json:"limit_key"`
	MoreResults     string       `json:"more_results"`
	ResultKey       stringOrList `json:"result_key"`
	NonAggregateKey stringOrList `json:"non_aggregate_keys"`
}

type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

func (d botocoreDef) model() *model.Paginator {
	return &model.Paginator{
		InputToken:      d.InputToken,
		OutputToken:     d.OutputToken,
		LimitKey:        d.LimitKey,
		MoreResults:     d.MoreResults,
		ResultKey:       d.ResultKey,
		NonAggregateKey: d.NonAggregateKey,
	}
}

// botocorePaginator returns a real botocore definition copied into testdata.
func botocorePaginator(t testing.TB, service, operation string) *model.Paginator {
	t.Helper()
	raw, err := os.ReadFile("testdata/botocore-paginators.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Services map[string]map[string]botocoreDef `json:"services"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	def, ok := file.Services[service][operation]
	if !ok {
		t.Fatalf("no botocore paginator %s.%s in testdata; add it to testdata/extract.py", service, operation)
	}
	return def.model()
}

// fakeCaller answers one operation with a function standing in for the service, and records
// every input it was sent.
type fakeCaller struct {
	operation string
	serve     func(ctx context.Context, in map[string]any) (map[string]any, error)

	mu     sync.Mutex
	inputs []map[string]any
}

func (f *fakeCaller) Call(ctx context.Context, operation string, in map[string]any) (map[string]any, error) {
	if operation != f.operation {
		return nil, fmt.Errorf("fake serves %s, called with %s", f.operation, operation)
	}
	f.mu.Lock()
	f.inputs = append(f.inputs, in)
	f.mu.Unlock()
	return f.serve(ctx, in)
}

func (f *fakeCaller) calls() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.inputs...)
}

// scripted answers with the given responses in order.
func scripted(operation string, responses ...map[string]any) *fakeCaller {
	n := 0
	return &fakeCaller{operation: operation, serve: func(context.Context, map[string]any) (map[string]any, error) {
		if n >= len(responses) {
			return nil, fmt.Errorf("scripted fake: no response %d", n+1)
		}
		n++
		return responses[n-1], nil
	}}
}

func intArg(v any, def int) int {
	if v == nil {
		return def
	}
	n, ok := toInt(v)
	if !ok {
		panic(fmt.Sprintf("not an integer: %#v", v))
	}
	return int(n)
}

// fakeListObjectsV2 behaves like S3 over a flat set of keys: MaxKeys, an opaque continuation
// token, IsTruncated, and numbers as int64 the way a typed decoder would give them.
func fakeListObjectsV2(keys ...string) *fakeCaller {
	sort.Strings(keys)
	return &fakeCaller{operation: "ListObjectsV2", serve: func(_ context.Context, in map[string]any) (map[string]any, error) {
		max := intArg(in["MaxKeys"], 1000)
		start := 0
		if tok, ok := in["ContinuationToken"].(string); ok {
			after, found := strings.CutPrefix(tok, "opaque:")
			if !found {
				return nil, fmt.Errorf("InvalidArgument: bad continuation token %q", tok)
			}
			start = sort.SearchStrings(keys, after+"\x00")
		}
		end := min(start+max, len(keys))
		contents := []any{}
		for _, k := range keys[start:end] {
			contents = append(contents, map[string]any{"Key": k, "Size": int64(len(k))})
		}
		out := map[string]any{
			"Name": "bucket", "Prefix": "", "MaxKeys": int64(max), "KeyCount": int64(end - start),
			"Contents": contents, "IsTruncated": end < len(keys),
		}
		if end < len(keys) {
			out["NextContinuationToken"] = "opaque:" + keys[end-1]
		}
		if len(contents) == 0 {
			delete(out, "Contents")
		}
		return out, nil
	}}
}

// version is one entry of a versioned bucket.
type version struct {
	Key, VersionID string
	DeleteMarker   bool
}

// fakeListObjectVersions pages a versioned bucket with S3's two markers.
func fakeListObjectVersions(entries []version) *fakeCaller {
	return &fakeCaller{operation: "ListObjectVersions", serve: func(_ context.Context, in map[string]any) (map[string]any, error) {
		max := intArg(in["MaxKeys"], 1000)
		start := 0
		if km, ok := in["KeyMarker"].(string); ok {
			vm, hasVM := in["VersionIdMarker"].(string)
			start = len(entries)
			for i, e := range entries {
				if e.Key > km || (hasVM && e.Key == km && i > 0 && entries[i-1].Key == km && entries[i-1].VersionID == vm) {
					start = i
					break
				}
			}
		}
		end := min(start+max, len(entries))
		versions, markers := []any{}, []any{}
		for _, e := range entries[start:end] {
			item := map[string]any{"Key": e.Key, "VersionId": e.VersionID}
			if e.DeleteMarker {
				markers = append(markers, item)
			} else {
				versions = append(versions, item)
			}
		}
		out := map[string]any{"Name": "bucket", "Prefix": "", "IsTruncated": end < len(entries), "Versions": versions, "DeleteMarkers": markers}
		if end < len(entries) {
			out["NextKeyMarker"] = entries[end-1].Key
			out["NextVersionIdMarker"] = entries[end-1].VersionID
		}
		return out, nil
	}}
}

// fakeScan pages a DynamoDB table with a map-valued LastEvaluatedKey and json.Number counts.
func fakeScan(pks ...string) *fakeCaller {
	return &fakeCaller{operation: "Scan", serve: func(_ context.Context, in map[string]any) (map[string]any, error) {
		limit := intArg(in["Limit"], 1000)
		start := 0
		if esk, ok := in["ExclusiveStartKey"].(map[string]any); ok {
			pk := esk["pk"].(map[string]any)["S"].(string)
			start = len(pks)
			for i, p := range pks {
				if p == pk {
					start = i + 1
				}
			}
		}
		end := min(start+limit, len(pks))
		items := []any{}
		for _, p := range pks[start:end] {
			items = append(items, map[string]any{"pk": map[string]any{"S": p}, "n": map[string]any{"N": "1"}})
		}
		out := map[string]any{
			"Items": items, "Count": json.Number(fmt.Sprint(end - start)), "ScannedCount": json.Number(fmt.Sprint(end - start)),
		}
		if end < len(pks) {
			out["LastEvaluatedKey"] = map[string]any{"pk": map[string]any{"S": pks[end-1]}}
		}
		return out, nil
	}}
}

func keysOf(t *testing.T, items []any, field string) []string {
	t.Helper()
	var out []string
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			t.Fatalf("item is %T, want a map", it)
		}
		out = append(out, fmt.Sprint(m[field]))
	}
	return out
}

// drain reads every page.
func drain(t *testing.T, p *Paginator) []Page {
	t.Helper()
	var pages []Page
	for p.HasMore() {
		page, err := p.Next(context.Background())
		if err != nil {
			t.Fatalf("page %d: %v", len(pages)+1, err)
		}
		pages = append(pages, page)
		if len(pages) > 100 {
			t.Fatal("more than 100 pages: the paginator does not stop")
		}
	}
	return pages
}

func itemValues(pages []Page, key string) []any {
	var out []any
	for _, p := range pages {
		out = append(out, p.Values(key)...)
	}
	return out
}
