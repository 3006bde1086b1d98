package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmespath-community/go-jmespath"
	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/needtool"
	"github.com/nimbus-tui/nimbus/internal/pyjson"
)

// python runs a Python 3 snippet that reads JSON on stdin and prints its answer.
func python(t *testing.T, script string, stdin any) string {
	t.Helper()
	bin, err := exec.LookPath("python3")
	if err != nil {
		needtool.Missing(t, "python3 is needed to compare with Python's formatting: %v", err)
	}
	in, err := json.Marshal(stdin)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	return string(out)
}

// The AWS CLI prints doubles with Python's repr; compare over awkward values.
func TestPythonFloatMatchesPython(t *testing.T) {
	values := []float64{0, 1, -1, 0.1, 1.5, 3.0, 100, 1e15, 9999999999999998, 1e16, 1.5e16, 1e20, 1e-4, 0.00012, 1e-5,
		1.5e-7, 123456.789, -2.5e-10, 1.7976931348623157e308, 5e-324, 0.30000000000000004, 2.0 / 3, 12345678901234567890}
	got := make([]string, len(values))
	for i, v := range values {
		got[i] = pyjson.Float(v)
	}
	want := strings.Fields(python(t, "import json,sys\nprint(' '.join(repr(float(v)) for v in json.load(sys.stdin)))", values))
	if len(want) != len(values) {
		t.Fatalf("python printed %d values for %d", len(want), len(values))
	}
	for i := range values {
		if got[i] != want[i] {
			t.Errorf("pyjson.Float(%v) = %s, Python prints %s", values[i], got[i], want[i])
		}
	}
	if pyjson.Float(math.NaN()) != "NaN" || pyjson.Float(math.Inf(-1)) != "-Infinity" || pyjson.Float(math.Copysign(0, -1)) != "-0.0" {
		t.Error("special values are not printed as Python's json module does")
	}
}

// Strings are escaped as json.dump(ensure_ascii=False) does; C1 controls and DEL are escaped
// too, which Python leaves raw, so those are compared separately.
func TestJSONStringMatchesPython(t *testing.T) {
	values := []string{"plain", `quote " and \ backslash`, "tab\tnew\nline\rcr", "bell\a esc\x1b[31m", "\b\f",
		"üñï©ødé 日本語 🚀", "</script>&amp;", "\u2028 line separator"}
	var got strings.Builder
	for _, v := range values {
		var b bytes.Buffer
		writeJSONString(&b, v)
		got.WriteString(b.String() + "\n")
	}
	want := python(t, "import json,sys\nfor v in json.load(sys.stdin): print(json.dumps(v, ensure_ascii=False))", values)
	if got.String() != want {
		t.Errorf("escaping differs from Python\n--- nimbus\n%s--- python\n%s", got.String(), want)
	}

	var b bytes.Buffer
	writeJSONString(&b, "c1 \u009b31m del \x7f bad \xff")
	if b.String() != `"c1 \u009b31m del \u007f bad \ufffd"` {
		t.Errorf("C1 controls, DEL and invalid UTF-8 were not escaped: %s", b.String())
	}
	if !json.Valid(b.Bytes()) {
		t.Errorf("not valid JSON: %s", b.String())
	}
}

func TestISOTimestampMatchesPython(t *testing.T) {
	times := []time.Time{
		time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		time.Date(2024, 1, 2, 3, 4, 5, 123000000, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 6, 1, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600)),
	}
	var got []string
	var epochs [][2]float64
	for _, ts := range times {
		got = append(got, isoTimestamp(ts))
		_, offset := ts.Zone()
		epochs = append(epochs, [2]float64{float64(ts.Truncate(time.Microsecond).UnixMicro()) / 1e6, float64(offset)})
	}
	// botocore parses timestamps into datetimes with microseconds, in the zone they were
	// written in (the local one for epoch seconds); isoformat prints them.
	want := strings.Fields(python(t, `import json,sys,datetime
for e, off in json.load(sys.stdin):
    s, us = divmod(round(e*1e6), 1000000)
    tz = datetime.timezone.utc if off == 0 else datetime.timezone(datetime.timedelta(seconds=off))
    d = datetime.datetime.fromtimestamp(s, tz).replace(microsecond=us)
    print(d.isoformat())`, epochs))
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("timestamps %v, Python prints %v", got, want)
	}
}

// A document is printed in the model's member order, maps sorted, like json.dump(indent=4).
func TestJSONWriterFollowsTheModel(t *testing.T) {
	svc, err := model.Load("dynamodb")
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{
		"Table": map[string]any{
			"TableStatus":      "ACTIVE",
			"TableName":        "t",
			"CreationDateTime": time.Date(2024, 1, 2, 3, 4, 5, 500000000, time.UTC),
			"ItemCount":        int64(3),
			"TableSizeBytes":   int64(0),
			"AttributeDefinitions": []any{
				map[string]any{"AttributeType": "S", "AttributeName": "id"},
			},
			"KeySchema": []any{},
		},
	}
	w := jsonWriter{svc: svc}
	w.document(doc, "DescribeTableOutput", nil)
	want := `{
    "Table": {
        "AttributeDefinitions": [
            {
                "AttributeName": "id",
                "AttributeType": "S"
            }
        ],
        "TableName": "t",
        "KeySchema": [],
        "TableStatus": "ACTIVE",
        "CreationDateTime": "2024-01-02T03:04:05.500000+00:00",
        "TableSizeBytes": 0,
        "ItemCount": 3
    }
}
`
	if w.buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", w.buf.String(), want)
	}
	// Python's json.dumps(indent=4) of the same data, with keys in the same order, is identical.
	if !json.Valid(w.buf.Bytes()) {
		t.Error("not valid JSON")
	}
}

func TestJSONWriterBlobsNumbersAndFirstKeys(t *testing.T) {
	doc := map[string]any{
		"NextToken": "abc",
		"Blob":      []byte("hello"),
		"Big":       int64(math.MaxInt64),
		"Double":    2.0,
		"Num":       json.Number("12345678901234567890"),
		"Items":     []any{int32(1), uint64(2)},
		"Nil":       nil,
		"Empty":     map[string]any{},
	}
	w := jsonWriter{}
	w.document(doc, "", []string{"Items", "Missing", "Nil"})
	want := `{
    "Items": [
        1,
        2
    ],
    "Nil": null,
    "Big": 9223372036854775807,
    "Blob": "aGVsbG8=",
    "Double": 2.0,
    "Empty": {},
    "NextToken": "abc",
    "Num": 12345678901234567890
}
`
	if w.buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", w.buf.String(), want)
	}
}

func TestSearchResultsPrintWholeNumbersAsIntegers(t *testing.T) {
	view, doc := newSearchView(nil, map[string]any{"Count": int64(3), "Ratio": 0.5, "Huge": int64(math.MaxInt64)}, "", nil, nil)
	got := string(view.print(doc))
	want := "{\n    \"Count\": 3,\n    \"Huge\": 9223372036854775807,\n    \"Ratio\": 0.5\n}\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// scanDocument is a merged DynamoDB Scan of n items of four attributes.
func scanDocument(n int) map[string]any {
	items := make([]any, n)
	for i := range items {
		items[i] = map[string]any{
			"id":      map[string]any{"S": fmt.Sprintf("item-%06d", i)},
			"count":   map[string]any{"N": strconv.Itoa(i)},
			"tags":    map[string]any{"SS": []any{"a", "b"}},
			"payload": map[string]any{"B": []byte("0123456789abcdef")},
		}
	}
	return map[string]any{"Items": items, "Count": int64(n), "ScannedCount": int64(n)}
}

// BenchmarkJSONWriter prints a 10,000-item scan as nimbus call does, model-ordered.
func BenchmarkJSONWriter(b *testing.B) {
	svc, err := model.Load("dynamodb")
	if err != nil {
		b.Fatal(err)
	}
	doc := scanDocument(10000)
	b.ReportAllocs()
	for b.Loop() {
		w := jsonWriter{svc: svc}
		w.document(doc, "ScanOutput", []string{"Items", "Count", "ScannedCount"})
		b.SetBytes(int64(w.buf.Len()))
	}
}

// BenchmarkEncodingJSONIndent is the same document through encoding/json, for scale.
func BenchmarkEncodingJSONIndent(b *testing.B) {
	doc := scanDocument(10000)
	b.ReportAllocs()
	for b.Loop() {
		out, err := json.MarshalIndent(doc, "", "    ")
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(out)))
	}
}

// What a query selects whole keeps the model's order and number types.
func TestSearchViewKeepsTheModel(t *testing.T) {
	svc, err := model.Load("dynamodb")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{
		"Count": int64(2),
		"ConsumedCapacity": map[string]any{
			"CapacityUnits": 1.0, "TableName": "t", "Table": map[string]any{"CapacityUnits": 1.0},
		},
	}
	for _, tc := range []struct{ query, want string }{
		{"ConsumedCapacity", "{\n    \"TableName\": \"t\",\n    \"CapacityUnits\": 1.0,\n    \"Table\": {\n        \"CapacityUnits\": 1.0\n    }\n}\n"},
		{"[Count, ConsumedCapacity.CapacityUnits]", "[\n    2,\n    1\n]\n"},
		{"{z: Count, a: ConsumedCapacity.TableName}", "{\n    \"z\": 2,\n    \"a\": \"t\"\n}\n"},
		{"[{z: Count}, {y: Count, x: Count}]", "[\n    {\n        \"z\": 2\n    },\n    {\n        \"y\": 2,\n        \"x\": 2\n    }\n]\n"},
		{"@", "{\n    \"Count\": 2,\n    \"ConsumedCapacity\": {\n        \"TableName\": \"t\",\n        \"CapacityUnits\": 1.0,\n        \"Table\": {\n            \"CapacityUnits\": 1.0\n        }\n    }\n}\n"},
	} {
		view, doc := newSearchView(svc, out, "ScanOutput", []string{"Count"}, nil)
		view.learnQuery(tc.query)
		found, err := jmespath.Search(tc.query, doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(view.print(found)); got != tc.want {
			t.Errorf("%s printed\n%s\nwant\n%s", tc.query, got, tc.want)
		}
	}
}

// Maps print in the server's order and keys(), values() and to_string() follow it, run after run,
// as the AWS CLI's Python dicts and jmespath do (compared with them over the same JSON).
func TestMapsAndQueriesFollowTheServersOrder(t *testing.T) {
	svc := loadService(t, "dynamodb")
	answer := `{"Item": {"zeta": {"S": "z\u00e9\ud83d\ude00"}, "alpha": {"N": "1"}, "mid": {"M": {"y": {"S": "1"}, "b": {"BOOL": true}, "a": {"NULL": true}}}, "list": {"L": [{"M": {"q": {"S": "x"}, "p": {"S": "\n"}}}]}}}`
	order := document.NewOrder()
	decoded, err := document.DecodeJSON([]byte(answer), order)
	if err != nil {
		t.Fatal(err)
	}
	out := decoded.(map[string]any)
	queries := []string{"@", "keys(Item)", "values(Item)[].keys(@)", "to_string(Item)", "Item.mid.M", "keys(Item.list.L[0].M)", "to_string(@)"}
	want := strings.Split(python(t, `import json,sys,jmespath
answer, queries = json.load(sys.stdin)
doc = json.loads(answer)
for q in queries:
    print(json.dumps(jmespath.search(q, doc), indent=4, ensure_ascii=False))
    print("--")`, []any{answer, queries}), "--\n")
	for run := 0; run < 5; run++ { // Go's map order changes from run to run; ours must not
		for i, q := range queries {
			var got string
			if q == "@" {
				w := jsonWriter{svc: svc, order: order}
				w.document(out, "GetItemOutput", nil)
				got = w.buf.String()
			} else {
				view, doc := newSearchView(svc, out, "GetItemOutput", nil, order)
				view.learnQuery(q)
				found, err := jmespath.Search(q, doc, view.functions()...)
				if err != nil {
					t.Fatal(err)
				}
				got = string(view.print(found))
			}
			if got != want[i] {
				t.Fatalf("run %d: %s printed\n%s\nPython prints\n%s", run, q, got, want[i])
			}
		}
	}
}
