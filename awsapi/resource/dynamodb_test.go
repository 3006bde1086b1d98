package resource_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
)

// tableExists waits for TableExists on name.
func tableExists(env *resourcetest.Env, name string) {
	inv := env.Caller("dynamodb")
	w, _, _ := inv.Service().Waiter("TableExists")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := waiter.Run(ctx, inv, w, map[string]any{"TableName": name}, waiter.Options{Delay: 50 * time.Millisecond, MaxAttempts: 100}); err != nil {
		panic(fmt.Sprintf("waiting for table %s: %v", name, err))
	}
}

// dynamodbTable creates a table keyed by pk (string) and sk (number) holding items pk=a, sk=1…n
// and returns its name.
func dynamodbTable(env *resourcetest.Env, n int) string {
	name := defName("tbl")
	env.Seed("dynamodb", "CreateTable", map[string]any{
		"TableName": name,
		"AttributeDefinitions": []any{
			map[string]any{"AttributeName": "pk", "AttributeType": "S"},
			map[string]any{"AttributeName": "sk", "AttributeType": "N"},
		},
		"KeySchema": []any{
			map[string]any{"AttributeName": "pk", "KeyType": "HASH"},
			map[string]any{"AttributeName": "sk", "KeyType": "RANGE"},
		},
		"BillingMode": "PAY_PER_REQUEST",
	})
	// A new table is CREATING for a while in AWS (and the demo), and refuses items until ACTIVE.
	tableExists(env, name)
	for i := 1; i <= n; i++ {
		pk := "a"
		if i%2 == 0 {
			pk = "b"
		}
		env.Seed("dynamodb", "PutItem", map[string]any{"TableName": name, "Item": map[string]any{
			"pk":   map[string]any{"S": pk},
			"sk":   map[string]any{"N": fmt.Sprint(i)},
			"note": map[string]any{"S": fmt.Sprintf("item %d", i)},
		}})
	}
	return name
}

// dynamoDBTableCase runs on both backends (backends_test.go).
func dynamoDBTableCase(t *testing.T, env *resourcetest.Env) {
	tables := defType(t, env, "ddb")
	const n = 5
	name := dynamodbTable(env, n)

	row := defFind(t, env, tables, tables.ListInput(nil), name)
	// Hydrated with DescribeTable: status, item count and key as columns.
	defWantCells(t, tables, row.Item, map[string]string{"NAME": name, "STATUS": "ACTIVE", "ITEMS": fmt.Sprint(n),
		"BILLING": "PAY_PER_REQUEST", "KEY": "pk, sk"})
	if tables.ARNOf(row.Item) == "" {
		t.Error("a hydrated table has no ARN")
	}
	got := defDescribe(t, env, tables, row)
	if defStr(got, "TableName") != name || defStr(got, "TableStatus") != "ACTIVE" {
		t.Errorf("describe = %v", got)
	}
	defWaitRef(t, env, tables, "TableExists", row)

	// Items scan page by page: 5 items two at a time is three pages.
	if tables.Default != "items" {
		t.Errorf("default child = %q", tables.Default)
	}
	items, in := defChild(t, env, tables, row, "items")
	rows, pages := defList(t, env, items, in, 2)
	if len(rows) != n || pages < 3 {
		t.Fatalf("scan: %d items in %d pages, want %d items in at least 3 pages", len(rows), pages, n)
	}
	var shown []string
	for _, r := range rows {
		shown = append(shown, defCells(items, r.Item)["ITEM"].Text)
		if c := defCells(items, r.Item)["ATTRIBUTES"]; c.Text != "3" {
			t.Errorf("ATTRIBUTES = %+v, want 3", c)
		}
		if id := items.ID(r.Item); !strings.Contains(id, `"pk":`) {
			t.Errorf("item id = %q, want the item's JSON", id)
		}
	}
	if !slices.Contains(shown, "note=item 3 pk=a sk=3") {
		t.Errorf("ITEM cells = %q, want one reading %q", shown, "note=item 3 pk=a sk=3")
	}

	// Query with prompted key conditions returns only pk=a's items, as a document.
	a := defAction(t, tables, "query")
	if a.Result != "document" || a.ConfirmLevel("dynamodb") != resource.ConfirmNone {
		t.Errorf("query: result %q, confirm %q", a.Result, a.ConfirmLevel("dynamodb"))
	}
	out := defRun(t, env, tables, "query", row, map[string]any{
		"KeyConditionExpression":    "pk = :p AND sk > :s",
		"ExpressionAttributeValues": map[string]any{":p": map[string]any{"S": "a"}, ":s": map[string]any{"N": "1"}},
	})
	if got, _ := out["Items"].([]any); len(got) != 2 {
		t.Errorf("query pk=a, sk>1: %d items (%v), want 2 (sk 3 and 5)", len(got), out["Items"])
	}

	defConfirm(t, tables, "delete", resource.ConfirmTyped)
	defRun(t, env, tables, "delete", row, nil)
	defActionWait(t, env, tables, "delete", row)
	defAbsent(t, env, tables, tables.ListInput(nil), name)
}

// Every attribute type reads as name=value, in name order: numbers and strings bare, binaries
// in base64, NULL as null, lists, maps and sets as JSON.
func dynamoDBItemCellCase(t *testing.T, env *resourcetest.Env) {
	tables := defType(t, env, "tables")
	name := dynamodbTable(env, 0)
	env.Seed("dynamodb", "PutItem", map[string]any{"TableName": name, "Item": map[string]any{
		"pk":   map[string]any{"S": "k"},
		"sk":   map[string]any{"N": "7"},
		"bin":  map[string]any{"B": []byte("hi")},
		"flag": map[string]any{"BOOL": false},
		"none": map[string]any{"NULL": true},
		"tags": map[string]any{"SS": []any{"x"}},
		"list": map[string]any{"L": []any{map[string]any{"N": "1"}}},
		"map":  map[string]any{"M": map[string]any{"a": map[string]any{"S": "b"}}},
	}})
	row := defFind(t, env, tables, tables.ListInput(nil), name)
	items, in := defChild(t, env, tables, row, "items")
	rows, _ := defList(t, env, items, in, 0)
	if len(rows) != 1 {
		t.Fatalf("%d items, want 1", len(rows))
	}
	want := `bin=aGk= flag=false list=[{"N":"1"}] map={"a":{"S":"b"}} none=null pk=k sk=7 tags=["x"]`
	defWantCells(t, items, rows[0].Item, map[string]string{"ITEM": want, "ATTRIBUTES": "8"})
}

// BenchmarkDynamoDBItemCells measures the cells of one scanned item (the ITEM column is the
// costly one: a JMESPath over every attribute), the work per row when 100,000 items stream in.
func BenchmarkDynamoDBItemCells(b *testing.B) {
	reg, err := resource.Default()
	if err != nil {
		b.Fatal(err)
	}
	items, _ := reg.Lookup("dynamodb-item")
	item := map[string]any{
		"pk":    map[string]any{"S": "customer#00042"},
		"sk":    map[string]any{"N": "1700000000"},
		"name":  map[string]any{"S": "Ana"},
		"total": map[string]any{"N": "129.90"},
		"paid":  map[string]any{"BOOL": true},
		"tags":  map[string]any{"SS": []any{"new", "eu"}},
	}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		items.Cells(item, now)
	}
}
