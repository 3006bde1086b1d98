package pagekit

import (
	"context"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/vtable"
)

// TestStatusCountsInGoodEnglish: one ECR repository read "1 repositorie" (issue 8, defect 13).
func TestStatusCountsInGoodEnglish(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	for noun, one := range map[string]string{"repositories": "1 repository", "KMS aliases": "1 KMS alias", "VPCs": "1 VPC"} {
		p := NewTablePage(env, noun, []vtable.Column{{Title: "NAME", Flex: true}})
		p.Table.Append([][]string{{"a"}})
		if got := p.Status(); got != one {
			t.Errorf("%s: %q, want %q", noun, got, one)
		}
		p.Table.Append([][]string{{"b"}})
		if got, want := p.Status(), "2 "+noun; got != want {
			t.Errorf("%s: %q, want %q", noun, got, want)
		}
	}
	// A page may count its rows in its own words (the S3 browser: objects and prefixes).
	p := NewTablePage(env, "objects", []vtable.Column{{Title: "NAME", Flex: true}})
	p.Table.Append([][]string{{"a/"}, {"b/"}})
	p.CountText = func(n int) string { return format.Count(n) + " prefixes" }
	if got := p.Status(); got != "2 prefixes" {
		t.Errorf("with CountText: %q", got)
	}
}
