package waiter

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/botocore"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// TestEveryBotocoreWaiter runs one attempt of every waiter of the installed botocore, so an
// argument the JMESPath library cannot parse, or a matcher this package does not know, shows up.
func TestEveryBotocoreWaiter(t *testing.T) {
	dir, err := botocore.DataDir()
	if err != nil {
		needtool.Missing(t, "botocore not found, cannot run this check: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "waiters-2.json"))
	count := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Waiters map[string]*model.Waiter `json:"waiters"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for name, w := range doc.Waiters {
			caller := answers(w.Operation, doc0())
			_, err := Run(context.Background(), caller, w, nil, Options{Name: name, Delay: time.Nanosecond, MaxAttempts: 1})
			var werr *Error
			if errors.As(err, &werr) && werr.Kind == KindConfig {
				t.Errorf("%s %s: %v", f, name, err)
			}
			count++
		}
	}
	if count < 300 {
		t.Fatalf("checked %d waiters, botocore 1.43 has over 300", count)
	}
	t.Logf("%d botocore waiters compile and run", count)
}

func doc0() reply { return doc(map[string]any{}) }
