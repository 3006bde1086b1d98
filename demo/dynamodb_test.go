package demo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/demo/world"
)

func TestDynamoDBTables(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	ddb := caller(t, srv, world.Dev, "us-east-1", "dynamodb")
	ctx := context.Background()
	out, err := ddb.Call(ctx, "ListTables", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out["TableNames"].([]any)); n != 3 {
		t.Errorf("ListTables: %v", out)
	}
	q, err := ddb.Call(ctx, "Query", map[string]any{
		"TableName":                 "dev-orders",
		"KeyConditionExpression":    "customerId = :c AND begins_with(#o, :p)",
		"ExpressionAttributeNames":  map[string]any{"#o": "orderId"},
		"ExpressionAttributeValues": map[string]any{":c": map[string]any{"S": "c-001"}, ":p": map[string]any{"S": "o-"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if q["Count"] != int64(6) {
		t.Errorf("Query of c-001 found %v items, want 6 (40 orders over 7 customers)", q["Count"])
	}
	scan, err := ddb.Call(ctx, "Scan", map[string]any{"TableName": "dev-orders", "Limit": 15})
	if err != nil {
		t.Fatal(err)
	}
	if scan["Count"] != int64(15) || scan["LastEvaluatedKey"] == nil {
		t.Errorf("Scan with Limit 15: count %v, LastEvaluatedKey %v", scan["Count"], scan["LastEvaluatedKey"])
	}
	rest, err := ddb.Call(ctx, "Scan", map[string]any{"TableName": "dev-orders", "ExclusiveStartKey": scan["LastEvaluatedKey"]})
	if err != nil {
		t.Fatal(err)
	}
	if rest["Count"] != int64(25) {
		t.Errorf("the rest of the scan: %v items, want 25", rest["Count"])
	}
	item := map[string]any{"customerId": map[string]any{"S": "c-999"}, "orderId": map[string]any{"S": "o-1"}, "blob": map[string]any{"B": []byte{0, 1, 2}}}
	if _, err := ddb.Call(ctx, "PutItem", map[string]any{"TableName": "dev-orders", "Item": item}); err != nil {
		t.Fatal(err)
	}
	got, err := ddb.Call(ctx, "GetItem", map[string]any{"TableName": "dev-orders", "Key": map[string]any{"customerId": map[string]any{"S": "c-999"}, "orderId": map[string]any{"S": "o-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := got["Item"].(map[string]any)["blob"].(map[string]any)["B"].([]byte); len(b) != 3 {
		t.Errorf("GetItem: %v", got)
	}
	if _, err := ddb.Call(ctx, "DeleteItem", map[string]any{"TableName": "dev-orders", "Key": map[string]any{"customerId": map[string]any{"S": "c-999"}, "orderId": map[string]any{"S": "o-1"}}}); err != nil {
		t.Fatal(err)
	}
	scan, _ = ddb.Call(ctx, "Scan", map[string]any{"TableName": "dev-orders", "Select": "COUNT"})
	if scan["Count"] != int64(40) {
		t.Errorf("after put and delete: %v items", scan["Count"])
	}

	// A new table is CREATING for TableCreatingFor.
	if _, err := ddb.Call(ctx, "CreateTable", map[string]any{
		"TableName": "fresh", "BillingMode": "PAY_PER_REQUEST",
		"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
		"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
	}); err != nil {
		t.Fatal(err)
	}
	status := func() any {
		d, err := ddb.Call(ctx, "DescribeTable", map[string]any{"TableName": "fresh"})
		if err != nil {
			return err
		}
		return d["Table"].(map[string]any)["TableStatus"]
	}
	clock.Advance(world.TableCreatingFor - time.Second)
	if s := status(); s != "CREATING" {
		t.Errorf("before TableCreatingFor: %v", s)
	}
	clock.Advance(time.Second)
	if s := status(); s != "ACTIVE" {
		t.Errorf("after TableCreatingFor: %v", s)
	}
	if _, err := ddb.Call(ctx, "DeleteTable", map[string]any{"TableName": "fresh"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(world.TableDeletingFor)
	var api *invoke.APIError
	if err, _ := status().(error); !errors.As(err, &api) || api.Code != "ResourceNotFoundException" {
		t.Errorf("a deleted table: %v", status())
	}
}
