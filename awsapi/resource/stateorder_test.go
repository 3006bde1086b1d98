package resource_test

import (
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

// Issue 8 #18: states sorted by their spelling (or by the mark drawn before them). They sort
// along the lifecycle.
func TestStateRankFollowsTheLifecycle(t *testing.T) {
	orders := [][]string{
		{"pending", "running", "stopping", "stopped", "shutting-down", "terminated"},        // EC2 instances
		{"creating", "available", "modifying", "stopping", "stopped", "deleting", "failed"}, // RDS
		{"CREATE_IN_PROGRESS", "CREATE_COMPLETE", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS", // CloudFormation
			"DELETE_COMPLETE", "CREATE_FAILED"},
		{"Pending", "Active", "Inactive"}, // any spelling
		{"running", "purple", ""},         // unknown states, then none, last
	}
	for _, want := range orders {
		got := slices.Clone(want)
		slices.Reverse(got)
		slices.SortStableFunc(got, func(a, b string) int {
			ra, rb := resource.StateRank(a), resource.StateRank(b)
			switch {
			case ra < rb:
				return -1
			case ra > rb:
				return 1
			}
			return 0
		})
		if !slices.Equal(got, want) {
			t.Errorf("sorted %v, want %v", got, want)
		}
	}
}
