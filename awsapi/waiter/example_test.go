package waiter_test

import (
	"context"
	"fmt"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
)

// creatingTable answers DescribeTable with CREATING twice, then ACTIVE.
type creatingTable struct{ calls *int }

func (c creatingTable) Call(context.Context, string, map[string]any) (map[string]any, error) {
	*c.calls++
	status := "CREATING"
	if *c.calls > 2 {
		status = "ACTIVE"
	}
	return map[string]any{"Table": map[string]any{"TableStatus": status}}, nil
}

func Example() {
	// The success acceptor of botocore's dynamodb TableExists.
	tableExists := &model.Waiter{Operation: "DescribeTable", Delay: 20, MaxAttempts: 25, Acceptors: []model.Acceptor{
		{Matcher: "path", Argument: "Table.TableStatus", Expected: "ACTIVE", State: "success"},
	}}
	var calls int
	res, err := waiter.Run(context.Background(), creatingTable{&calls}, tableExists, map[string]any{"TableName": "t"},
		waiter.Options{Name: "TableExists", Delay: time.Millisecond, OnAttempt: func(a waiter.Attempt) {
			fmt.Println(a.N, a.Max, a.State, a.Observed)
		}})
	fmt.Println(res.Attempts, err)
	// Output:
	// 1 25  CREATING
	// 2 25  CREATING
	// 3 25 success ACTIVE
	// 3 <nil>
}
