package paginate_test

import (
	"context"
	"fmt"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/paginate"
)

// tableService answers DynamoDB Scan from memory, two items a page at most.
type tableService struct{ items []string }

func (s tableService) Call(_ context.Context, _ string, in map[string]any) (map[string]any, error) {
	start := 0
	if key, ok := in["ExclusiveStartKey"].(map[string]any); ok {
		for i, it := range s.items {
			if it == key["id"] {
				start = i + 1
			}
		}
	}
	end := min(start+2, len(s.items))
	page := map[string]any{"Items": []any{}, "Count": end - start}
	for _, it := range s.items[start:end] {
		page["Items"] = append(page["Items"].([]any), it)
	}
	if end < len(s.items) {
		page["LastEvaluatedKey"] = map[string]any{"id": s.items[end-1]}
	}
	return page, nil
}

func Example() {
	// botocore's dynamodb Scan paginator.
	scan := &model.Paginator{
		InputToken: []string{"ExclusiveStartKey"}, OutputToken: []string{"LastEvaluatedKey"},
		LimitKey: "Limit", ResultKey: []string{"Items", "Count", "ScannedCount"},
	}
	svc := tableService{items: []string{"a", "b", "c", "d", "e"}}
	ctx := context.Background()

	p := paginate.New(svc, "Scan", scan, map[string]any{"TableName": "t"}, paginate.Options{Limit: 3})
	var resume string
	for p.HasMore() {
		page, err := p.Next(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("page", page.Number, page.Values("Items"))
		resume = page.NextToken
	}

	// Later: the rest, merged as `aws dynamodb scan` prints it.
	rest, err := paginate.New(svc, "Scan", scan, nil, paginate.Options{StartingToken: resume}).All(ctx)
	fmt.Println(rest["Items"], err)
	// Output:
	// page 1 [a b]
	// page 2 [c]
	// [d e] <nil>
}
