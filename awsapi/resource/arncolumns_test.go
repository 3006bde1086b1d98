package resource_test

import (
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

// An ARN or URL column beside a name column is the longest and least read: it is never cut (a cut
// ARN hides its unique end: the task id, the key id) and it is the first column a narrow
// terminal hides, so a cluster's counts or a key's state are not hidden to make room for it.
func TestARNColumnsAreWholeAndHiddenFirst(t *testing.T) {
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range reg.Types() {
		for i, c := range d.Columns {
			if i == 0 || (c.Title != "ARN" && c.Title != "URL") {
				continue
			}
			if !d.ColumnWhole(i) {
				t.Errorf("%s: column %s may be cut: mark it whole", d.Type, c.Title)
			}
			if p := d.ColumnPriority(i); p < resource.PriorityLast-1 {
				t.Errorf("%s: column %s has priority %d: it hides the other columns before it goes (want %d or more)", d.Type, c.Title, p, resource.PriorityLast-1)
			}
		}
	}
}

// An id column is shown whole or hidden, never cut: CloudFormation's PHYSICAL ID read
// "https://sqs.us-east-1.ama…" at 80 columns, an ECS task's ID lost its end.
func TestIDColumnsAreWhole(t *testing.T) {
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range reg.Types() {
		for i, c := range d.Columns {
			if (c.Title == "ID" || strings.HasSuffix(c.Title, " ID")) && !d.ColumnWhole(i) {
				t.Errorf("%s: column %s may be cut: mark it whole", d.Type, c.Title)
			}
		}
	}
}
