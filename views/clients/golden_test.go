package clients_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// TestFormCollectionGolden pins how a paginated operation run from the form is shown: the
// collection page over the generic definition, its columns taken from DynamoDB's attribute maps.
func TestFormCollectionGolden(t *testing.T) {
	srv := motoserver.StartShared(t)
	const table = "golden-scan"
	svc, err := model.Default().Load("dynamodb")
	if err != nil {
		t.Fatal(err)
	}
	inv := invoke.New(srv.AWSConfig("us-east-1"), svc, invoke.Options{})
	ctx := context.Background()
	if _, err := inv.Call(ctx, "DescribeTable", map[string]any{"TableName": table}); err != nil {
		call(t, srv, "dynamodb", "CreateTable", map[string]any{
			"TableName":            table,
			"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
			"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
			"BillingMode":          "PAY_PER_REQUEST",
		})
		for i := range 4 {
			call(t, srv, "dynamodb", "PutItem", map[string]any{"TableName": table, "Item": map[string]any{
				"id": map[string]any{"S": fmt.Sprintf("user-%d", i)}, "age": map[string]any{"N": fmt.Sprint(20 + i)},
			}})
		}
	}
	d := newApp(t, srv, false)
	openOperation(t, d, "dynamodb", "Scan")
	d.Type(table)
	d.Key("ctrl+s")
	d.WaitFor("the scan", wait, func(s string) bool {
		return strings.Contains(s, "4 items") && !strings.Contains(s, "loading…")
	})
	tuitest.Golden(t, "scan-collection", d.Screen())
}
