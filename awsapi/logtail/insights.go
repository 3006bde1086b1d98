package logtail

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Query is a Logs Insights query.
type Query struct {
	Groups []string // names or ARNs
	Text   string   // the query string
	Start  time.Time
	End    time.Time
	Limit  int // 0: the service's default (1,000)
}

// QueryStatus is what GetQueryResults says of a query.
type QueryStatus struct {
	ID string
	// Status: Scheduled, Running, Complete, Failed, Cancelled, Timeout or Unknown.
	Status                         string
	Matched, Scanned, BytesScanned float64
	// Fields are the columns in the order the results first name them (@ptr left out); Rows hold
	// each result's values in that order ("" where a result has none).
	Fields []string
	Rows   [][]string
}

// Done reports whether the query has ended (whatever the outcome).
func (s QueryStatus) Done() bool {
	switch s.Status {
	case "Complete", "Failed", "Cancelled", "Timeout":
		return true
	}
	return false
}

// StartQuery starts q and returns its id.
func StartQuery(ctx context.Context, c Caller, q Query) (string, error) {
	if len(q.Groups) == 0 {
		return "", errors.New("no log group to query")
	}
	if strings.TrimSpace(q.Text) == "" {
		return "", errors.New("the query is empty")
	}
	in := map[string]any{"queryString": q.Text, "startTime": q.Start.Unix(), "endTime": q.End.Unix()}
	var names, arns []any
	for _, g := range q.Groups {
		if strings.HasPrefix(g, "arn:") {
			arns = append(arns, strings.TrimSuffix(g, ":*"))
		} else {
			names = append(names, g)
		}
	}
	// The service takes names or identifiers, not both: ARNs with names go as identifiers.
	if len(arns) > 0 {
		in["logGroupIdentifiers"] = append(arns, names...)
	} else {
		in["logGroupNames"] = names
	}
	if q.Limit > 0 {
		in["limit"] = q.Limit
	}
	out, err := c.Call(ctx, "StartQuery", in)
	if err != nil {
		return "", err
	}
	id, _ := out["queryId"].(string)
	if id == "" {
		return "", errors.New("StartQuery returned no queryId")
	}
	return id, nil
}

// QueryResults reads the query's status and the results so far.
func QueryResults(ctx context.Context, c Caller, id string) (QueryStatus, error) {
	out, err := c.Call(ctx, "GetQueryResults", map[string]any{"queryId": id})
	if err != nil {
		return QueryStatus{ID: id}, err
	}
	s := QueryStatus{ID: id, Status: str(out["status"])}
	if st, ok := out["statistics"].(map[string]any); ok {
		s.Matched, s.Scanned, s.BytesScanned = num(st["recordsMatched"]), num(st["recordsScanned"]), num(st["bytesScanned"])
	}
	results, _ := out["results"].([]any)
	col := map[string]int{}
	var rows []map[string]string
	for _, r := range results {
		fields, _ := r.([]any)
		row := map[string]string{}
		for _, f := range fields {
			m, _ := f.(map[string]any)
			name := str(m["field"])
			if name == "" || name == "@ptr" {
				continue
			}
			if _, ok := col[name]; !ok {
				col[name] = len(s.Fields)
				s.Fields = append(s.Fields, name)
			}
			row[name] = str(m["value"])
		}
		rows = append(rows, row)
	}
	for _, r := range rows {
		vals := make([]string, len(s.Fields))
		for i, f := range s.Fields {
			vals[i] = r[f]
		}
		s.Rows = append(s.Rows, vals)
	}
	return s, nil
}

func num(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	case int:
		return float64(n)
	case string:
		f, _ := strconv.ParseFloat(n, 64)
		return f
	}
	return 0
}

// StopQuery stops a running query.
func StopQuery(ctx context.Context, c Caller, id string) error {
	_, err := c.Call(ctx, "StopQuery", map[string]any{"queryId": id})
	return err
}

// RunQuery starts q and polls its results every interval (sleep waits; nil: the real clock)
// until it ends, calling onStatus (may be nil) after each poll. A query that does not complete
// returns its last status with an error naming the status.
func RunQuery(ctx context.Context, c Caller, q Query, interval time.Duration, sleep func(context.Context, time.Duration) bool, onStatus func(QueryStatus)) (QueryStatus, error) {
	if sleep == nil {
		sleep = realSleep
	}
	id, err := StartQuery(ctx, c, q)
	if err != nil {
		return QueryStatus{}, err
	}
	for {
		s, err := QueryResults(ctx, c, id)
		if err != nil {
			return s, err
		}
		if onStatus != nil {
			onStatus(s)
		}
		if s.Done() {
			if s.Status != "Complete" {
				return s, fmt.Errorf("query %s ended %s", id, s.Status)
			}
			return s, nil
		}
		if !sleep(ctx, interval) {
			// Stopped by the caller: the query would go on costing scans otherwise.
			stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			StopQuery(stopCtx, c, id)
			cancel()
			return s, ctx.Err()
		}
	}
}
