package paginate

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/botocore"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// TestEveryBotocorePaginator runs one page of every paginator of the installed botocore, so an
// expression the JMESPath library cannot parse, or a definition this package refuses, shows up.
func TestEveryBotocorePaginator(t *testing.T) {
	dir, err := botocore.DataDir()
	if err != nil {
		needtool.Missing(t, "botocore not found, cannot run this check: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "paginators-1.json"))
	count := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Pagination map[string]botocoreDef `json:"pagination"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for op, d := range doc.Pagination {
			def := d.model()
			opts := Options{}
			if def.LimitKey != "" {
				opts.PageSize = 10
			}
			page := map[string]any{"IsTruncated": true}
			for _, tok := range def.OutputToken {
				if !strings.ContainsAny(tok, "[|") {
					setPathInPlace(page, splitPath(tok), "token-1")
				}
			}
			p := New(scripted(op, page, map[string]any{}), op, def, map[string]any{}, opts)
			if _, err := p.Next(context.Background()); err != nil {
				t.Errorf("%s %s: %v", f, op, err)
			}
			count++
		}
	}
	if count < 3000 {
		t.Fatalf("checked %d paginators, botocore 1.43 has over 3000", count)
	}
	t.Logf("%d botocore paginators parse and page", count)
}
