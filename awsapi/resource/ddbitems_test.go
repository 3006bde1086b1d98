package resource_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// dynamoDBItemsCase: item writes as the demo's newcomer tries them — a conditional put that
// refuses to overwrite, an update with its new values, a filtered scan, a delete that returns
// what it removed — answer as DynamoDB (and moto) answer.
func dynamoDBItemsCase(t *testing.T, env *resourcetest.Env) {
	name := dynamodbTable(env, 4)
	ddb := env.Caller("dynamodb")
	ctx := context.Background()
	call := func(op string, in map[string]any) (map[string]any, error) {
		in["TableName"] = name
		return ddb.Call(ctx, op, in)
	}
	key := map[string]any{"pk": map[string]any{"S": "a"}, "sk": map[string]any{"N": "1"}}
	item := map[string]any{"pk": map[string]any{"S": "a"}, "sk": map[string]any{"N": "1"}, "note": map[string]any{"S": "again"}}
	_, err := call("PutItem", map[string]any{"Item": item, "ConditionExpression": "attribute_not_exists(pk)"})
	var api *invoke.APIError
	if !errors.As(err, &api) || api.Code != "ConditionalCheckFailedException" {
		t.Errorf("a conditional put over an item: %v", err)
	}
	up, err := call("UpdateItem", map[string]any{"Key": key, "UpdateExpression": "SET note = :n, hits = :h",
		"ExpressionAttributeValues": map[string]any{":n": map[string]any{"S": "updated"}, ":h": map[string]any{"N": "3"}}, "ReturnValues": "ALL_NEW"})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(up["Attributes"]); got != "map[hits:map[N:3] note:map[S:updated] pk:map[S:a] sk:map[N:1]]" {
		t.Errorf("UpdateItem ALL_NEW: %s", got)
	}
	got, err := call("GetItem", map[string]any{"Key": key, "ProjectionExpression": "note"})
	if err != nil || fmt.Sprint(got["Item"]) != "map[note:map[S:updated]]" {
		t.Errorf("GetItem note: %v %v", got, err)
	}
	scan, err := call("Scan", map[string]any{"FilterExpression": "pk = :p", "ExpressionAttributeValues": map[string]any{":p": map[string]any{"S": "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(scan["Count"]) != "2" || fmt.Sprint(scan["ScannedCount"]) != "4" {
		t.Errorf("a filtered scan: Count %v, ScannedCount %v", scan["Count"], scan["ScannedCount"])
	}
	del, err := call("DeleteItem", map[string]any{"Key": key, "ReturnValues": "ALL_OLD"})
	if err != nil || fmt.Sprint(del["Attributes"]) != "map[hits:map[N:3] note:map[S:updated] pk:map[S:a] sk:map[N:1]]" {
		t.Errorf("DeleteItem ALL_OLD: %v %v", del, err)
	}
	if got, err := call("GetItem", map[string]any{"Key": key}); err != nil || got["Item"] != nil {
		t.Errorf("GetItem after the delete: %v %v", got, err)
	}
	_, err = call("PutItem", map[string]any{"Item": map[string]any{"pk": map[string]any{"S": "a"}}})
	if !errors.As(err, &api) || api.Code != "ValidationException" {
		t.Errorf("an item without its sort key: %v", err)
	}
	ddb.Call(ctx, "DeleteTable", map[string]any{"TableName": name})
}
