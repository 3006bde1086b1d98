package logtail

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestInsightsMoto(t *testing.T) {
	inv := logsInvoker(t)
	g := newGroup(t, inv, "s")
	now := time.Now()
	put(t, inv, g, "s", now.Add(-time.Minute), "hello", `{"a":1}`)
	var seen []string
	s, err := RunQuery(context.Background(), inv, Query{Groups: []string{g}, Text: "fields @timestamp, @message | limit 5",
		Start: now.Add(-time.Hour), End: now.Add(time.Hour)}, time.Second, make(ticker, 8).Sleep, func(s QueryStatus) { seen = append(seen, s.Status) })
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.Fields, ",") != "@timestamp,@message" || len(s.Rows) != 2 {
		t.Fatalf("fields %v rows %v", s.Fields, s.Rows)
	}
	msgs := s.Rows[0][1] + "|" + s.Rows[1][1]
	if msgs != `{"a":1}|hello` && msgs != `hello|{"a":1}` {
		t.Errorf("rows %v", s.Rows)
	}
	if seen[len(seen)-1] != "Complete" {
		t.Errorf("statuses %v", seen)
	}
}

// script serves StartQuery and GetQueryResults: Running twice, then Complete.
type script struct {
	polls   int
	stopped string
	start   map[string]any
}

func (s *script) Call(_ context.Context, op string, in map[string]any) (map[string]any, error) {
	switch op {
	case "StartQuery":
		s.start = in
		return map[string]any{"queryId": "q-1"}, nil
	case "StopQuery":
		s.stopped = in["queryId"].(string)
		return map[string]any{"success": true}, nil
	}
	s.polls++
	status := "Running"
	if s.polls >= 3 {
		status = "Complete"
	}
	return map[string]any{"status": status,
		"statistics": map[string]any{"recordsMatched": 2.0, "recordsScanned": 10.0, "bytesScanned": 2048.0},
		"results": []any{
			[]any{map[string]any{"field": "@ptr", "value": "p"}, map[string]any{"field": "count", "value": "3"}},
			[]any{map[string]any{"field": "bin", "value": "x"}, map[string]any{"field": "count", "value": "4"}},
		}}, nil
}

func TestRunQueryPollsThenStops(t *testing.T) {
	sc := &script{}
	tick := make(ticker, 2)
	tick <- struct{}{}
	tick <- struct{}{}
	s, err := RunQuery(context.Background(), sc, Query{Groups: []string{"arn:aws:logs:r:1:log-group:a:*", "b"}, Text: "stats count()",
		Start: time.Unix(100, 0), End: time.Unix(200, 0), Limit: 50}, time.Second, tick.Sleep, nil)
	if err != nil || sc.polls != 3 {
		t.Fatalf("%v after %d polls", err, sc.polls)
	}
	if strings.Join(s.Fields, ",") != "count,bin" || strings.Join(s.Rows[0], "|") != "3|" || strings.Join(s.Rows[1], "|") != "4|x" {
		t.Fatalf("fields %v rows %v", s.Fields, s.Rows)
	}
	if s.Matched != 2 || s.Scanned != 10 || s.BytesScanned != 2048 {
		t.Errorf("stats %+v", s)
	}
	ids := sc.start["logGroupIdentifiers"].([]any)
	if len(ids) != 2 || ids[0] != "arn:aws:logs:r:1:log-group:a" || sc.start["startTime"] != int64(100) || sc.start["limit"] != 50 {
		t.Errorf("start input %v", sc.start)
	}

	// Cancelled while it runs: the query is stopped.
	sc = &script{}
	ctx, cancel := context.WithCancel(context.Background())
	_, err = RunQuery(ctx, sc, Query{Groups: []string{"g"}, Text: "x"}, time.Second, func(context.Context, time.Duration) bool { cancel(); return false }, nil)
	if err == nil || sc.stopped != "q-1" {
		t.Fatalf("err %v, stopped %q", err, sc.stopped)
	}
}
