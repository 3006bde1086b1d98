package resource_test

import (
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

// TestGenericEveryOperation synthesises a Def for every paginated List*/Describe* operation of
// every service: each must compile, have an identifier and at least one column.
func TestGenericEveryOperation(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every service model")
	}
	r, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	lib := model.Default()
	index, err := lib.Index()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, info := range index {
		svc, err := lib.Load(info.Name)
		if err != nil {
			t.Errorf("%s: %v", info.Name, err)
			continue
		}
		for op, pg := range svc.Paginators {
			if !strings.HasPrefix(op, "List") && !strings.HasPrefix(op, "Describe") || len(pg.ResultKey) == 0 {
				continue
			}
			if readonly.Classify(info.Name, op, nil).Class != readonly.Read {
				continue // refused: TestGenericCollectionRefusesReveals
			}
			d, err := r.Generic(svc, op)
			if err != nil {
				t.Errorf("%s %s: %v", info.Name, op, err)
				continue
			}
			n++
			if d.Identifier == "" || len(d.Columns) == 0 || d.Title == "" {
				t.Errorf("%s %s: identifier %q, %d columns, title %q", info.Name, op, d.Identifier, len(d.Columns), d.Title)
			}
			// Evaluating on an empty item must not fail or panic.
			d.Cells(map[string]any{}, now)
		}
	}
	t.Logf("%d generic collections", n)
}
