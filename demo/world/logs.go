package world

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// CloudWatch Logs. One stream per region keeps receiving an event every LiveEvery, generated
// from the world's clock when the stream is read, so a tail always shows movement.

// LiveEvery is how often the live stream gets an event.
const LiveEvery = 2 * time.Second

// maxEvents bounds a stream's events (the oldest go first).
const maxEvents = 10_000

type logEvent struct {
	ts     int64 // ms
	ingest int64
	msg    string
	// arrival orders the events as they were added to any stream of the region (a stream's
	// events are kept in time order, so a new one may land before others): what a live tail
	// session has already sent.
	arrival int64
}

type logStream struct {
	name    string
	ord     int // for event ids
	created time.Time
	events  []logEvent
	dropped int // events dropped from the front (ids stay stable)
	live    bool
	every   time.Duration // the live stream's LiveEvery in this world
	next    time.Time     // the live stream's next event
	seq     int
	env     string
	arrived *int64 // the store's arrival counter
}

type logGroup struct {
	name      string
	created   time.Time
	retention int64 // days, 0: never expire
	streams   map[string]*logStream
}

type logsStore struct {
	groups   map[string]*logGroup
	nstr     int
	arrivals int64 // events added so far (logEvent.arrival)
	scale    func(time.Duration) time.Duration
	queries  map[string]*insightsQuery // Logs Insights queries, by id
}

func newLogs() *logsStore {
	return &logsStore{groups: map[string]*logGroup{}, scale: func(d time.Duration) time.Duration { return d }}
}

func (s *logsStore) settle(now time.Time) {
	for _, g := range s.groups {
		for _, st := range g.streams {
			for st.live && !now.Before(st.next) {
				st.seq++
				st.add(st.next, liveLine(st.env, st.seq))
				st.next = st.next.Add(st.every)
			}
		}
	}
}

func (st *logStream) add(at time.Time, msg string) {
	st.put(at.UnixMilli(), at.UnixMilli()+150, msg)
}

// put adds an event at the end of the stream (callers sort when it may be out of order).
func (st *logStream) put(ts, ingest int64, msg string) {
	*st.arrived++
	st.events = append(st.events, logEvent{ts: ts, ingest: ingest, msg: msg, arrival: *st.arrived})
	if over := len(st.events) - maxEvents; over > 0 {
		st.events = append([]logEvent(nil), st.events[over:]...)
		st.dropped += over
	}
}

// liveLine is the live stream's seq-th line: mostly access log, some warnings and errors in JSON.
func liveLine(env string, seq int) string {
	paths := []string{"/api/orders", "/api/orders/o-%05d", "/api/users/u-%04d", "/healthz", "/api/cart", "/static/app.js"}
	p := paths[seq%len(paths)]
	if strings.Contains(p, "%") {
		p = fmt.Sprintf(p, seq%977)
	}
	switch {
	case seq%23 == 0:
		return fmt.Sprintf(`{"level":"error","msg":"payment provider timeout","orderId":"o-%05d","attempt":%d,"env":"%s"}`, 2000+seq%500, seq%3+1, env)
	case seq%7 == 0:
		return fmt.Sprintf(`{"level":"warn","msg":"slow query","table":"orders","ms":%d,"env":"%s"}`, 500+seq*37%900, env)
	}
	status := 200
	if seq%11 == 0 {
		status = 404
	}
	method := "GET"
	if seq%5 == 0 {
		method = "POST"
	}
	return fmt.Sprintf(`10.0.%d.%d - - "%s %s HTTP/1.1" %d %d "-" "Mozilla/5.0" rt=0.%03d`, seq%4, 10+seq%200, method, p, status, 200+seq*53%4000, 5+seq*17%400)
}

// registerLogs adds the logs operations to t.
func registerLogs(t handlerTable) {
	op := func(h func(s *logsStore, r *Region, c *Call) (map[string]any, error)) func(*World, *Call) (map[string]any, error) {
		return func(w *World, c *Call) (map[string]any, error) {
			r := w.region(c.Account, c.Region)
			r.mu.Lock()
			defer r.mu.Unlock()
			r.logs.settle(c.Now)
			return h(r.logs, r, c)
		}
	}
	t.add("logs", map[string]func(*World, *Call) (map[string]any, error){
		"DescribeLogGroups":     op(logsDescribeGroups),
		"DescribeLogStreams":    op(logsDescribeStreams),
		"GetLogEvents":          op(logsGetEvents),
		"FilterLogEvents":       op(logsFilterEvents),
		"CreateLogGroup":        op(logsCreateGroup),
		"DeleteLogGroup":        op(logsDeleteGroup),
		"CreateLogStream":       op(logsCreateStream),
		"DeleteLogStream":       op(logsDeleteStream),
		"PutLogEvents":          op(logsPutEvents),
		"PutRetentionPolicy":    op(logsPutRetention),
		"DeleteRetentionPolicy": op(logsDeleteRetention),
		"StartQuery":            op(logsStartQuery),
		"GetQueryResults":       op(logsGetQueryResults),
		"StopQuery":             op(logsStopQuery),
		"ListTagsForResource": op(func(*logsStore, *Region, *Call) (map[string]any, error) {
			return map[string]any{"tags": map[string]any{}}, nil
		}),
		"DescribeMetricFilters": op(func(*logsStore, *Region, *Call) (map[string]any, error) {
			return map[string]any{"metricFilters": []any{}}, nil
		}),
		"DescribeSubscriptionFilters": op(func(*logsStore, *Region, *Call) (map[string]any, error) {
			return map[string]any{"subscriptionFilters": []any{}}, nil
		}),
	})
}

func (s *logsStore) group(in map[string]any) (*logGroup, error) {
	name := str(in, "logGroupName")
	if name == "" {
		name = str(in, "logGroupIdentifier")
		if i := strings.Index(name, ":log-group:"); i >= 0 {
			name = strings.TrimSuffix(name[i+len(":log-group:"):], ":*")
		}
	}
	g, ok := s.groups[name]
	if !ok {
		return nil, notFound("ResourceNotFoundException", "The specified log group does not exist.")
	}
	return g, nil
}

func (s *logsStore) groupDoc(r *Region, g *logGroup) map[string]any {
	var bytes int64
	for _, st := range g.streams {
		for _, e := range st.events {
			bytes += int64(len(e.msg) + 26)
		}
	}
	a := arn("logs", r.Name, r.Account.ID, "log-group:"+g.name)
	doc := map[string]any{"logGroupName": g.name, "creationTime": g.created.UnixMilli(), "metricFilterCount": int64(0),
		"arn": a + ":*", "logGroupArn": a, "storedBytes": bytes, "logGroupClass": "STANDARD"}
	if g.retention > 0 {
		doc["retentionInDays"] = g.retention
	}
	return doc
}

func logsDescribeGroups(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	names := make([]string, 0, len(s.groups))
	for n := range s.groups {
		if strings.HasPrefix(n, str(c.In, "logGroupNamePrefix")) && strings.Contains(n, str(c.In, "logGroupNamePattern")) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	limit, _ := num(c.In, "limit")
	pageNames, tok := page(names, str(c.In, "nextToken"), limit, 50)
	var out []any
	for _, n := range pageNames {
		out = append(out, s.groupDoc(r, s.groups[n]))
	}
	res := map[string]any{"logGroups": orEmpty(out)}
	if tok != "" {
		res["nextToken"] = tok
	}
	return res, nil
}

func streamDoc(r *Region, g *logGroup, st *logStream) map[string]any {
	doc := map[string]any{"logStreamName": st.name, "creationTime": st.created.UnixMilli(),
		"arn": arn("logs", r.Name, r.Account.ID, "log-group:"+g.name+":log-stream:"+st.name), "storedBytes": int64(0)}
	if n := len(st.events); n > 0 {
		doc["firstEventTimestamp"] = st.events[0].ts
		doc["lastEventTimestamp"] = st.events[n-1].ts
		doc["lastIngestionTime"] = st.events[n-1].ingest
	}
	return doc
}

// lastEvent orders streams by LastEventTime: one without events comes before any with.
func lastEvent(st *logStream) int64 {
	if n := len(st.events); n > 0 {
		return st.events[n-1].ts
	}
	return 0
}

func logsDescribeStreams(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	var streams []*logStream
	for _, st := range g.streams {
		if strings.HasPrefix(st.name, str(c.In, "logStreamNamePrefix")) {
			streams = append(streams, st)
		}
	}
	byTime := str(c.In, "orderBy") == "LastEventTime"
	desc, _ := c.In["descending"].(bool)
	sort.Slice(streams, func(i, j int) bool {
		a, b := streams[i], streams[j]
		if desc {
			a, b = b, a
		}
		if byTime && lastEvent(a) != lastEvent(b) {
			return lastEvent(a) < lastEvent(b)
		}
		return a.name < b.name
	})
	limit, _ := num(c.In, "limit")
	pageStreams, tok := page(streams, str(c.In, "nextToken"), limit, 50)
	var out []any
	for _, st := range pageStreams {
		out = append(out, streamDoc(r, g, st))
	}
	res := map[string]any{"logStreams": orEmpty(out)}
	if tok != "" {
		res["nextToken"] = tok
	}
	return res, nil
}

// inWindow says whether e is in the input's startTime–endTime window. GetLogEvents leaves out the
// events at endTime; FilterLogEvents returns them ("a timestamp later than this time": AWS, moto).
func inWindow(e logEvent, in map[string]any, endIncluded bool) bool {
	if st, ok := num(in, "startTime"); ok && e.ts < st {
		return false
	}
	if et, ok := num(in, "endTime"); ok && (e.ts > et || e.ts == et && !endIncluded) {
		return false
	}
	return true
}

// logsGetEvents pages through one stream: forward tokens "f/N" and backward "b/N" are positions
// in the stream (counting dropped events, so they stay valid as the stream grows).
func logsGetEvents(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	st, ok := g.streams[str(c.In, "logStreamName")]
	if !ok {
		return nil, notFound("ResourceNotFoundException", "The specified log stream does not exist.")
	}
	var idx []int // absolute positions of the events in the window
	for i, e := range st.events {
		if inWindow(e, c.In, false) {
			idx = append(idx, st.dropped+i)
		}
	}
	limit, _ := num(c.In, "limit")
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	head, _ := c.In["startFromHead"].(bool)
	lo, hi := 0, len(idx) // a slice of idx
	tok := str(c.In, "nextToken")
	switch {
	case strings.HasPrefix(tok, "f/"):
		pos, _ := strconv.Atoi(tok[2:])
		lo = sort.SearchInts(idx, pos)
		hi = min(lo+int(limit), len(idx))
	case strings.HasPrefix(tok, "b/"):
		pos, _ := strconv.Atoi(tok[2:])
		hi = sort.SearchInts(idx, pos)
		lo = max(hi-int(limit), 0)
	case tok != "":
		return nil, invalid("InvalidParameterException", "The specified nextToken is invalid.")
	case head:
		hi = min(int(limit), len(idx))
	default:
		lo = max(len(idx)-int(limit), 0)
	}
	var events []any
	for _, p := range idx[lo:hi] {
		e := st.events[p-st.dropped]
		events = append(events, map[string]any{"timestamp": e.ts, "message": e.msg, "ingestionTime": e.ingest})
	}
	fwd, back := st.dropped+len(st.events), 0
	if hi < len(idx) {
		fwd = idx[hi]
	}
	if lo < len(idx) {
		back = idx[lo]
	} else if len(idx) > 0 {
		back = idx[len(idx)-1] + 1
	}
	if len(idx) == 0 {
		back = fwd
	}
	return map[string]any{"events": orEmpty(events), "nextForwardToken": fmt.Sprintf("f/%d", fwd), "nextBackwardToken": fmt.Sprintf("b/%d", back)}, nil
}

// pattern matches CloudWatch filter patterns the demo knows: terms that must all appear ("quoted
// phrases" as one), -term that must not, and { $.field = value } on JSON events.
func pattern(p string) (func(string) bool, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return func(string) bool { return true }, nil
	}
	if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
		body := strings.TrimSpace(p[1 : len(p)-1])
		field, value, ok := strings.Cut(body, "=")
		field = strings.TrimSpace(field)
		if !ok || !strings.HasPrefix(field, "$.") {
			return nil, invalid("InvalidParameterException", "Invalid filter pattern: the demo knows { $.field = value }")
		}
		value = strings.Trim(strings.TrimSpace(value), `"`)
		return func(msg string) bool {
			var m map[string]any
			if json.Unmarshal([]byte(msg), &m) != nil {
				return false
			}
			v, ok := m[field[2:]]
			return ok && (fmt.Sprint(v) == value || (strings.HasSuffix(value, "*") && strings.HasPrefix(fmt.Sprint(v), strings.TrimSuffix(value, "*"))))
		}, nil
	}
	var must, not []string
	for len(p) > 0 {
		p = strings.TrimSpace(p)
		neg := strings.HasPrefix(p, "-")
		if neg {
			p = p[1:]
		}
		var term string
		if strings.HasPrefix(p, `"`) {
			end := strings.Index(p[1:], `"`)
			if end < 0 {
				return nil, invalid("InvalidParameterException", "Invalid filter pattern: unclosed quote")
			}
			term, p = p[1:end+1], p[end+2:]
		} else {
			term, p, _ = strings.Cut(p, " ")
		}
		if term == "" {
			continue
		}
		if neg {
			not = append(not, term)
		} else {
			must = append(must, term)
		}
	}
	return func(msg string) bool {
		for _, t := range must {
			if !strings.Contains(msg, t) {
				return false
			}
		}
		for _, t := range not {
			if strings.Contains(msg, t) {
				return false
			}
		}
		return true
	}, nil
}

type hit struct {
	st  *logStream
	pos int // absolute
	e   logEvent
}

func (h hit) less(o hit) bool {
	if h.e.ts != o.e.ts {
		return h.e.ts < o.e.ts
	}
	if h.st.ord != o.st.ord {
		return h.st.ord < o.st.ord
	}
	return h.pos < o.pos
}

func (h hit) id() string { return fmt.Sprintf("%d%04d%08d", h.e.ts, h.st.ord, h.pos) }

func logsFilterEvents(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	match, err := pattern(str(c.In, "filterPattern"))
	if err != nil {
		return nil, err
	}
	names := strs(c.In, "logStreamNames")
	var hits []hit
	var searched []any
	for _, st := range g.streams {
		if (len(names) > 0 && !contains(names, st.name)) || !strings.HasPrefix(st.name, str(c.In, "logStreamNamePrefix")) {
			continue
		}
		searched = append(searched, map[string]any{"logStreamName": st.name, "searchedCompletely": true})
		for i, e := range st.events {
			if inWindow(e, c.In, true) && match(e.msg) {
				hits = append(hits, hit{st: st, pos: st.dropped + i, e: e})
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].less(hits[j]) })
	if tok := str(c.In, "nextToken"); tok != "" {
		i := sort.Search(len(hits), func(i int) bool { return hits[i].id() > tok })
		hits = hits[i:]
	}
	limit, _ := num(c.In, "limit")
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	res := map[string]any{"searchedLogStreams": orEmpty(searched)}
	if int64(len(hits)) > limit {
		hits = hits[:limit]
		res["nextToken"] = hits[len(hits)-1].id()
	}
	var events []any
	for _, h := range hits {
		events = append(events, map[string]any{"logStreamName": h.st.name, "timestamp": h.e.ts, "message": h.e.msg,
			"ingestionTime": h.e.ingest, "eventId": h.id()})
	}
	res["events"] = orEmpty(events)
	return res, nil
}

func logsCreateGroup(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	name := str(c.In, "logGroupName")
	if _, ok := s.groups[name]; ok {
		return nil, invalid("ResourceAlreadyExistsException", "The specified log group already exists")
	}
	s.groups[name] = &logGroup{name: name, created: c.Now, streams: map[string]*logStream{}}
	return map[string]any{}, nil
}

func logsDeleteGroup(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	delete(s.groups, g.name)
	return map[string]any{}, nil
}

func (s *logsStore) stream(g *logGroup, name string, at time.Time) *logStream {
	st, ok := g.streams[name]
	if !ok {
		s.nstr++
		st = &logStream{name: name, ord: s.nstr, created: at, arrived: &s.arrivals}
		g.streams[name] = st
	}
	return st
}

func logsCreateStream(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	name := str(c.In, "logStreamName")
	if _, ok := g.streams[name]; ok {
		return nil, invalid("ResourceAlreadyExistsException", "The specified log stream already exists")
	}
	s.stream(g, name, c.Now)
	return map[string]any{}, nil
}

func logsDeleteStream(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	if _, ok := g.streams[str(c.In, "logStreamName")]; !ok {
		return nil, notFound("ResourceNotFoundException", "The specified log stream does not exist.")
	}
	delete(g.streams, str(c.In, "logStreamName"))
	return map[string]any{}, nil
}

func logsPutEvents(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	st, ok := g.streams[str(c.In, "logStreamName")]
	if !ok {
		return nil, notFound("ResourceNotFoundException", "The specified log stream does not exist.")
	}
	for _, e := range list(c.In, "logEvents") {
		ts, _ := num(e, "timestamp")
		st.put(ts, c.Now.UnixMilli(), str(e, "message"))
	}
	sort.SliceStable(st.events, func(i, j int) bool { return st.events[i].ts < st.events[j].ts })
	return map[string]any{"nextSequenceToken": fmt.Sprint(len(st.events))}, nil
}

func logsPutRetention(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	g.retention, _ = num(c.In, "retentionInDays")
	return map[string]any{}, nil
}

func logsDeleteRetention(s *logsStore, r *Region, c *Call) (map[string]any, error) {
	g, err := s.group(c.In)
	if err != nil {
		return nil, err
	}
	g.retention = 0
	return map[string]any{}, nil
}

// seedLogs: a web group whose first stream is live, a static second stream, and the functions'
// groups (seedLambda fills those).
func seedLogs(r *Region, spec regionSpec, now time.Time) {
	s := r.logs
	created := now.Add(-90 * 24 * time.Hour).Truncate(time.Second)
	web := &logGroup{name: "/" + spec.env + "/web", created: created, retention: 30, streams: map[string]*logStream{}}
	s.groups[web.name] = web
	live := s.stream(web, spec.env+"-web-1", created)
	live.live, live.env, live.every = true, spec.env, s.scale(LiveEvery)
	// The last half hour is there at start (at most maxEvents); then one event every LiveEvery.
	live.next = now.Add(-min(30*time.Minute, live.every*maxEvents)).Truncate(live.every)
	s.settle(now)
	other := s.stream(web, spec.env+"-web-2", created)
	for i := 0; i < 200; i++ {
		other.add(now.Add(-time.Duration(200-i)*17*time.Second), liveLine(spec.env, 10_000+i*3))
	}
	app := &logGroup{name: "/" + spec.env + "/app", created: created, retention: 14, streams: map[string]*logStream{}}
	s.groups[app.name] = app
	deploy := s.stream(app, "deploy", created)
	for i, step := range []string{"deploy started: release 2024.11.3", "pulling image web:2024.11.3", "migrating database: 3 migrations", "health checks passing (3/3)", "deploy finished in 4m12s"} {
		deploy.add(now.Add(-26*time.Hour+time.Duration(i)*time.Minute), step)
	}
}
