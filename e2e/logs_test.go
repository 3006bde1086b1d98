package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// TestTailPageAsAPersonWould: :tail a group on moto (no live tail there: the page polls and says
// so); a line put while following appears; space pauses, and a line put then is held (the header
// counts it) until space resumes and shows it.
func TestTailPageAsAPersonWould(t *testing.T) {
	srv := motoserver.Start(t)
	svc, err := model.Default().Load("logs")
	if err != nil {
		t.Fatal(err)
	}
	logs := invoke.New(srv.AWSConfig("eu-central-1"), svc, invoke.Options{})
	call := func(op string, in map[string]any) {
		t.Helper()
		if _, err := logs.Call(context.Background(), op, in); err != nil {
			t.Fatalf("%s: %v", op, err)
		}
	}
	group := "/e2e/tail"
	call("CreateLogGroup", map[string]any{"logGroupName": group})
	call("CreateLogStream", map[string]any{"logGroupName": group, "logStreamName": "web"})
	n := 0
	put := func(msg string) {
		t.Helper()
		n++
		call("PutLogEvents", map[string]any{"logGroupName": group, "logStreamName": "web",
			"logEvents": []any{map[string]any{"timestamp": time.Now().UnixMilli() + int64(n), "message": msg}}})
	}
	put("line one before")

	term := startTerminal(t, "env AWS_ACCESS_KEY_ID="+motoserver.AccessKeyID+" AWS_SECRET_ACCESS_KEY="+motoserver.SecretAccessKey+
		" AWS_REGION=eu-central-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "+
		nimbusBin+" --endpoint-url "+srv.URL)
	term.waitFor("eu-central-1", "s3")
	term.keys(":")
	term.text("tail " + group)
	term.keys("Enter")
	term.waitFor("tail /e2e/tail", "line one before", "polling every 5s", "no live tail: 500", "following", "1 lines")

	put("line two following")
	term.waitFor("line two following", "2 lines")

	term.keys("Space")
	term.waitFor("paused · 0 held")
	put("line three held")
	s := term.waitFor("paused · 1 held")
	if strings.Contains(s, "line three held") {
		t.Fatalf("a line came through while paused:\n%s", s)
	}
	term.keys("Space")
	s = term.waitFor("line three held", "3 lines", "following")
	if strings.Count(s, "line one before") != 1 {
		t.Fatalf("a line shown twice:\n%s", s)
	}
}
