package resource_test

import (
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/plural"
)

// TestEveryTitleHasASingular: titles are plurals ("repositories"), and a count of one takes the
// singular ("1 repository", not "1 repositorie"; "1 KMS alias", not "1 KMS aliase").
func TestEveryTitleHasASingular(t *testing.T) {
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	uncountable := map[string]bool{"history": true}
	for _, d := range reg.Types() {
		one := plural.Singular(d.Title)
		if uncountable[d.Title] {
			continue
		}
		if one == d.Title {
			t.Errorf("%s: title %q has no singular", d.Type, d.Title)
		}
		for _, bad := range []string{"ie", "aliase", "sse", "xe", "che", "she"} {
			if strings.HasSuffix(one, bad) {
				t.Errorf("%s: singular of %q is %q", d.Type, d.Title, one)
			}
		}
	}
}
