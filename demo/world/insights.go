package world

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// CloudWatch Logs Insights, enough of it for the Insights page: StartQuery reads a query of
// `fields`, `filter` (FIELD like /RE/ or "text", FIELD = or != VALUE), `stats count(*) [as N] by
// FIELD`, `sort FIELD [asc|desc]` and `limit N` commands over the events of its groups and time
// window, as it stands when the query starts; the query runs QueryTakes, then GetQueryResults
// reads it Complete, with its results and statistics. StopQuery cancels a running one. Fields are
// @timestamp, @message, @logStream, @log and the top-level members of a JSON message.

// QueryTakes is how long a Logs Insights query runs in the demo.
const QueryTakes = 2 * time.Second

type insightsQuery struct {
	id      string
	done    time.Time // when it completes
	status  string    // Running until done (or Cancelled)
	results []any
	matched int
	scanned int
	bytes   int
}

type insightsRow map[string]string

// insightsCommand applies one command of a query to the rows.
type insightsCommand func(rows []insightsRow) []insightsRow

func malformed(format string, args ...any) error {
	return invalid("MalformedQueryException", format, args...)
}

// parseInsights reads a query into its commands and the fields it shows ("" : the default).
func parseInsights(q string) ([]insightsCommand, []string, error) {
	var cmds []insightsCommand
	var fields []string
	for _, part := range strings.Split(q, "|") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		word, rest, _ := strings.Cut(part, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToLower(word) {
		case "fields", "display":
			fields = nil
			for _, f := range strings.Split(rest, ",") {
				if f = strings.TrimSpace(f); f != "" {
					fields = append(fields, f)
				}
			}
			if len(fields) == 0 {
				return nil, nil, malformed("fields needs at least one field")
			}
		case "filter":
			keep, err := insightsFilter(rest)
			if err != nil {
				return nil, nil, err
			}
			cmds = append(cmds, func(rows []insightsRow) []insightsRow {
				var out []insightsRow
				for _, r := range rows {
					if keep(r) {
						out = append(out, r)
					}
				}
				return out
			})
		case "sort":
			f, dir, _ := strings.Cut(rest, " ")
			desc := strings.EqualFold(strings.TrimSpace(dir), "desc")
			if f == "" {
				return nil, nil, malformed("sort needs a field")
			}
			cmds = append(cmds, func(rows []insightsRow) []insightsRow {
				sort.SliceStable(rows, func(i, j int) bool {
					if desc {
						return rows[i][f] > rows[j][f]
					}
					return rows[i][f] < rows[j][f]
				})
				return rows
			})
		case "limit":
			n, err := strconv.Atoi(rest)
			if err != nil || n < 1 || n > 10000 {
				return nil, nil, malformed("limit takes a number from 1 to 10000, not %q", rest)
			}
			cmds = append(cmds, func(rows []insightsRow) []insightsRow { return rows[:min(n, len(rows))] })
		case "stats":
			m := statsRE().FindStringSubmatch(rest)
			if m == nil {
				return nil, nil, malformed("the demo's stats is count(*) [as NAME] by FIELD, not %q", rest)
			}
			name, by := m[1], m[2]
			if name == "" {
				name = "count(*)"
			}
			fields = []string{by, name}
			cmds = append(cmds, func(rows []insightsRow) []insightsRow {
				counts := map[string]int{}
				var order []string
				for _, r := range rows {
					if counts[r[by]]++; counts[r[by]] == 1 {
						order = append(order, r[by])
					}
				}
				out := make([]insightsRow, 0, len(order))
				for _, v := range order {
					out = append(out, insightsRow{by: v, name: strconv.Itoa(counts[v])})
				}
				return out
			})
		default:
			return nil, nil, malformed("unexpected symbol found %s at line 1 and position %d", word, strings.Index(q, word)+1)
		}
	}
	return cmds, fields, nil
}

// Compiled on first use, not at start-up.
var statsRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^count\(\*?\)(?:\s+as\s+(\w+))?\s+by\s+(@?[\w.]+)$`)
})

// insightsFilter reads FIELD like /RE/, FIELD like "text", FIELD = VALUE or FIELD != VALUE.
func insightsFilter(expr string) (func(insightsRow) bool, error) {
	field, rest, ok := strings.Cut(strings.TrimSpace(expr), " ")
	if !ok {
		return nil, malformed("filter needs a comparison: %q", expr)
	}
	op, value, _ := strings.Cut(strings.TrimSpace(rest), " ")
	value = strings.TrimSpace(value)
	switch op {
	case "like":
		if len(value) >= 2 && value[0] == '/' && value[len(value)-1] == '/' {
			re, err := regexp.Compile(value[1 : len(value)-1])
			if err != nil {
				return nil, malformed("bad regular expression %s", value)
			}
			return func(r insightsRow) bool { return re.MatchString(r[field]) }, nil
		}
		text, err := strconv.Unquote(value)
		if err != nil {
			return nil, malformed("like takes /REGEX/ or \"text\", not %s", value)
		}
		return func(r insightsRow) bool { return strings.Contains(r[field], text) }, nil
	case "=", "!=":
		if v, err := strconv.Unquote(value); err == nil {
			value = v
		}
		want := op == "="
		return func(r insightsRow) bool { return (r[field] == value) == want }, nil
	}
	return nil, malformed("the demo's filter knows like, = and !=, not %q", op)
}

// rowOf is an event as Insights sees it: its @fields and a JSON message's top-level members.
func rowOf(group string, st *logStream, e logEvent, ptr string) insightsRow {
	r := insightsRow{"@timestamp": time.UnixMilli(e.ts).UTC().Format("2006-01-02 15:04:05.000"), "@message": e.msg,
		"@logStream": st.name, "@log": group, "@ptr": ptr, "@ingestionTime": strconv.FormatInt(e.ingest, 10)}
	if strings.HasPrefix(strings.TrimSpace(e.msg), "{") {
		var doc map[string]any
		if json.Unmarshal([]byte(e.msg), &doc) == nil {
			for k, v := range doc {
				if _, taken := r[k]; !taken {
					if s, ok := v.(string); ok {
						r[k] = s
					} else if b, err := json.Marshal(v); err == nil {
						r[k] = string(b)
					}
				}
			}
		}
	}
	return r
}

func logsStartQuery(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	groups := append(strs(c.In, "logGroupNames"), strs(c.In, "logGroupIdentifiers")...)
	if g := str(c.In, "logGroupName"); g != "" {
		groups = append(groups, g)
	}
	if len(groups) == 0 {
		return nil, invalid("InvalidParameterException", "Log group names or identifiers must be specified")
	}
	cmds, fields, err := parseInsights(str(c.In, "queryString"))
	if err != nil {
		return nil, err
	}
	from, _ := num(c.In, "startTime")
	to, _ := num(c.In, "endTime")
	var rows []insightsRow
	q := &insightsQuery{status: "Running", done: c.Now.Add(s.scale(QueryTakes))}
	for _, id := range groups {
		g, ok := s.groups[groupName(id)]
		if !ok {
			return nil, notFound("ResourceNotFoundException", "Log group %s does not exist", id)
		}
		for _, st := range g.streams {
			for i, e := range st.events {
				if e.ts < from*1000 || e.ts >= (to+1)*1000 {
					continue
				}
				q.scanned++
				q.bytes += len(e.msg)
				rows = append(rows, rowOf(g.name, st, e, fmt.Sprintf("%s/%s/%d", g.name, st.name, st.dropped+i)))
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i]["@timestamp"] < rows[j]["@timestamp"] })
	for _, cmd := range cmds {
		rows = cmd(rows)
	}
	if fields == nil {
		fields = []string{"@timestamp", "@message"}
	}
	if limit, ok := num(c.In, "limit"); ok && limit > 0 && int(limit) < len(rows) {
		rows = rows[:int(limit)]
	}
	q.matched = len(rows)
	for _, row := range rows {
		var cells []any
		for _, f := range fields {
			if v, ok := row[f]; ok {
				cells = append(cells, map[string]any{"field": f, "value": v})
			}
		}
		if p, ok := row["@ptr"]; ok {
			cells = append(cells, map[string]any{"field": "@ptr", "value": p})
		}
		q.results = append(q.results, cells)
	}
	if s.queries == nil {
		s.queries = map[string]*insightsQuery{}
	}
	seed := fmt.Sprint(c.Account.ID, c.Region, c.Now.UnixNano(), len(s.queries))
	q.id = hexID(seed)[1:] + hexID(seed, "2")[1:]
	q.id = q.id[:8] + "-" + q.id[8:12] + "-" + q.id[12:16] + "-" + q.id[16:20] + "-" + q.id[20:]
	s.queries[q.id] = q
	return map[string]any{"queryId": q.id}, nil
}

func (s *logsStore) query(c *Call) (*insightsQuery, error) {
	q, ok := s.queries[str(c.In, "queryId")]
	if !ok {
		return nil, notFound("ResourceNotFoundException", "Query %s does not exist", str(c.In, "queryId"))
	}
	if q.status == "Running" && !c.Now.Before(q.done) {
		q.status = "Complete"
	}
	return q, nil
}

func logsGetQueryResults(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.query(c)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"status": q.status, "results": []any{}, "statistics": map[string]any{
		"recordsMatched": 0.0, "recordsScanned": 0.0, "bytesScanned": 0.0}}
	if q.status == "Complete" {
		out["results"] = orEmpty(q.results)
		out["statistics"] = map[string]any{"recordsMatched": float64(q.matched), "recordsScanned": float64(q.scanned),
			"bytesScanned": float64(q.bytes)}
	}
	return out, nil
}

func logsStopQuery(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	q, err := s.query(c)
	if err != nil {
		return nil, err
	}
	if q.status != "Running" {
		return map[string]any{"success": false}, nil
	}
	q.status = "Cancelled"
	return map[string]any{"success": true}, nil
}
