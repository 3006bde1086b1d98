package paginate

import (
	"context"
	"errors"
	"testing"
)

// TestRepeatedTokenAtTheLimitIsNotAnError: when the page that repeats the token also reaches the
// limit, paging stops there anyway, so (as in botocore, which checks the limit first) the
// repeat is not an error and the page keeps its token to resume from.
func TestRepeatedTokenAtTheLimitIsNotAnError(t *testing.T) {
	def := botocorePaginator(t, "ec2", "DescribeInstances")
	caller := &fakeCaller{operation: "DescribeInstances", serve: func(context.Context, map[string]any) (map[string]any, error) {
		return map[string]any{"Reservations": []any{"r"}, "NextToken": "same"}, nil
	}}
	p := New(caller, "DescribeInstances", def, nil, Options{Limit: 2})
	if _, err := p.Next(context.Background()); err != nil {
		t.Fatalf("page 1: %v", err)
	}
	page, err := p.Next(context.Background()) // sends "same", gets "same", and reaches 2 items
	if err != nil {
		t.Fatalf("page 2: %v", err)
	}
	if page.NextToken == "" || len(page.Items) != 1 {
		t.Errorf("page 2: NextToken %q, %d items; want a token to resume from and 1 item", page.NextToken, len(page.Items))
	}
	if p.HasMore() {
		t.Error("HasMore after the limit")
	}
	if _, err := p.Next(context.Background()); !errors.Is(err, ErrNoMorePages) {
		t.Errorf("Next after the limit: %v, want ErrNoMorePages (not a repeated-token error)", err)
	}
	if n := len(caller.calls()); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}

	// The control: one item short of the limit, the same repeat is the error.
	p = New(caller, "DescribeInstances", def, nil, Options{Limit: 3})
	p.Next(context.Background())
	p.Next(context.Background())
	if _, err := p.Next(context.Background()); !errors.Is(err, ErrRepeatedToken) {
		t.Errorf("below the limit: %v, want ErrRepeatedToken", err)
	}
}
