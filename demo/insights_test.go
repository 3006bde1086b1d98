package demo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// Logs Insights in the demo (the Insights page said "StartQuery returned no queryId"): a query
// runs QueryTakes on the world's clock, then completes with its results in its fields' order,
// filtered, counted by a field, sorted and limited; a query it cannot read is refused as
// MalformedQueryException; StopQuery cancels a running one.
func TestInsightsOnTheDemo(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	logs := caller(t, srv, world.Dev, "us-east-1", "logs")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := logs.Call(ctx, "CreateLogGroup", map[string]any{"logGroupName": "/q"}); err != nil {
		t.Fatal(err)
	}
	if _, err := logs.Call(ctx, "CreateLogStream", map[string]any{"logGroupName": "/q", "logStreamName": "s"}); err != nil {
		t.Fatal(err)
	}
	var evs []any
	for i, m := range []string{`{"level":"info","msg":"a"}`, `{"level":"warn","msg":"b"}`, "plain ERROR line", `{"level":"warn","msg":"c"}`} {
		evs = append(evs, map[string]any{"timestamp": clock.Now().Add(time.Duration(i-10) * time.Second).UnixMilli(), "message": m})
	}
	if _, err := logs.Call(ctx, "PutLogEvents", map[string]any{"logGroupName": "/q", "logStreamName": "s", "logEvents": evs}); err != nil {
		t.Fatal(err)
	}
	run := func(text string) logtail.QueryStatus {
		t.Helper()
		polls := 0
		s, err := logtail.RunQuery(ctx, logs, logtail.Query{Groups: []string{"/q"}, Text: text, Start: clock.Now().Add(-time.Hour), End: clock.Now()},
			time.Second, func(context.Context, time.Duration) bool { polls++; clock.Advance(time.Second); return true }, nil)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if polls != int(world.QueryTakes/time.Second) {
			t.Errorf("%s: complete after %d polls a second apart", text, polls)
		}
		return s
	}
	rows := func(s logtail.QueryStatus) string { return fmt.Sprint(s.Fields, s.Rows) }

	s := run("fields @timestamp, level, msg | filter level = \"warn\" | sort @timestamp desc | limit 5")
	if got := rows(s); got != "[@timestamp level msg] [[2026-12-04 11:59:53.000 warn c] [2026-12-04 11:59:51.000 warn b]]" {
		t.Errorf("fields, filter, sort: %s", got)
	}
	if s.Matched != 2 || s.Scanned != 4 {
		t.Errorf("statistics %v matched, %v scanned", s.Matched, s.Scanned)
	}
	if got := rows(run("filter @message like /ERROR/")); got != "[@timestamp @message] [[2026-12-04 11:59:52.000 plain ERROR line]]" {
		t.Errorf("like: %s", got)
	}
	if got := rows(run("stats count(*) as n by level | sort n desc")); got != "[level n] [[warn 2] [info 1] [ 1]]" {
		t.Errorf("stats: %s", got)
	}

	_, err := logtail.StartQuery(ctx, logs, logtail.Query{Groups: []string{"/q"}, Text: "frobnicate everything", Start: clock.Now().Add(-time.Hour), End: clock.Now()})
	var api *invoke.APIError
	if !errors.As(err, &api) || api.Code != "MalformedQueryException" {
		t.Errorf("a query the demo cannot read: %v", err)
	}
	id, err := logtail.StartQuery(ctx, logs, logtail.Query{Groups: []string{"/q"}, Text: "fields @message", Start: clock.Now().Add(-time.Hour), End: clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := logtail.StopQuery(ctx, logs, id); err != nil {
		t.Fatal(err)
	}
	if s, err := logtail.QueryResults(ctx, logs, id); err != nil || s.Status != "Cancelled" || !strings.Contains(fmt.Sprint(s.Done()), "true") {
		t.Errorf("a stopped query: %+v, %v", s, err)
	}
}
