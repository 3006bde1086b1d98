package world

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// CloudWatch Logs live tail (StartLiveTail): a session sends sessionStart, then a sessionUpdate
// whenever events arrived in its groups since the last one (the live stream's every LiveEvery),
// as AWS does about once a second; after LiveTailFor it ends with SessionTimeoutException.

// LiveTailFor is how long a live tail session lasts (AWS: 3 hours).
const LiveTailFor = 3 * time.Hour

// liveTailEvery is how often a session looks for new events (AWS sends updates once a second).
const liveTailEvery = time.Second

// maxLiveResults is the most events one sessionUpdate carries; more are sampled (AWS: 500).
const maxLiveResults = 500

func init() {
	streams["logs"] = map[string]func(*World, *Call) (Stream, error){"StartLiveTail": openLiveTail}
}

type liveTail struct {
	w       *World
	r       *Region
	start   map[string]any // the sessionStart event, sent first
	groups  []string       // names
	ids     map[string]string
	names   []string // logStreamNames
	prefix  []string // logStreamNamePrefixes
	match   func(string) bool
	seen    int64 // the arrival of the last event looked at
	every   time.Duration
	ends    time.Time
	next    time.Time // when to look again
	started bool
}

// groupName is a log group's name from its ARN (or the name itself).
func groupName(id string) string {
	if i := strings.Index(id, ":log-group:"); i >= 0 {
		return strings.TrimSuffix(id[i+len(":log-group:"):], ":*")
	}
	return id
}

func openLiveTail(w *World, c *Call) (Stream, error) {
	ids := strs(c.In, "logGroupIdentifiers")
	if len(ids) == 0 || len(ids) > 10 {
		return nil, invalid("InvalidParameterException", "logGroupIdentifiers takes 1 to 10 log groups, not %d", len(ids))
	}
	match, err := pattern(str(c.In, "logEventFilterPattern"))
	if err != nil {
		return nil, err
	}
	r := w.region(c.Account, c.Region)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs.settle(c.Now)
	lt := &liveTail{w: w, r: r, ids: map[string]string{}, match: match, names: strs(c.In, "logStreamNames"),
		prefix: strs(c.In, "logStreamNamePrefixes"), seen: r.logs.arrivals, every: r.logs.scale(liveTailEvery),
		ends: c.Now.Add(r.logs.scale(LiveTailFor))}
	lt.next = c.Now.Add(lt.every)
	for _, id := range ids {
		if strings.HasSuffix(id, "*") {
			return nil, invalid("InvalidParameterException", "log group ARN %s: it can't end with an asterisk", id)
		}
		name := groupName(id)
		if _, ok := r.logs.groups[name]; !ok {
			return nil, notFound("ResourceNotFoundException", "The specified log group does not exist: %s", id)
		}
		lt.groups = append(lt.groups, name)
		lt.ids[name] = id
	}
	seed := fmt.Sprint(c.Account.ID, c.Region, c.Now.UnixNano())
	reqID := hexID(seed)[1:] + hexID(seed, "2")[1:]
	lt.start = map[string]any{"requestId": reqID[:8] + "-" + reqID[8:12] + "-" + reqID[12:16] + "-" + reqID[16:20] + "-" + reqID[20:32],
		"sessionId": "demo-" + reqID[:16], "logGroupIdentifiers": anyList(ids),
		"logStreamNames": anyList(lt.names), "logStreamNamePrefixes": anyList(lt.prefix), "logEventFilterPattern": str(c.In, "logEventFilterPattern")}
	return lt, nil
}

func (lt *liveTail) Initial() map[string]any { return map[string]any{} }

// Next implements Stream: sessionStart first, then an update as soon as events arrived.
func (lt *liveTail) Next(ctx context.Context) (string, map[string]any, error) {
	if !lt.started {
		lt.started = true
		return "sessionStart", lt.start, nil
	}
	for {
		if !lt.w.waitUntil(ctx, lt.next) {
			return "", nil, ctx.Err()
		}
		now := lt.w.clock.Now()
		if results, sampled := lt.collect(now); len(results) > 0 {
			lt.next = now.Add(lt.every)
			return "sessionUpdate", map[string]any{"sessionMetadata": map[string]any{"sampled": sampled}, "sessionResults": results}, nil
		}
		if !now.Before(lt.ends) {
			return "", nil, invalid("SessionTimeoutException", "The Live Tail session has timed out after %s.", LiveTailFor)
		}
		lt.next = now.Add(lt.every)
	}
}

// collect settles the region at now and returns the events that arrived in the session's groups
// and streams since the last call and match its pattern, in time order (the newest
// maxLiveResults when there are more: sampled).
func (lt *liveTail) collect(now time.Time) ([]any, bool) {
	r := lt.r
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs.settle(now)
	type found struct {
		group string
		st    *logStream
		e     logEvent
	}
	var got []found
	for _, name := range lt.groups {
		g, ok := r.logs.groups[name]
		if !ok {
			continue // deleted since: its events stop
		}
		for _, st := range g.streams {
			if !lt.wants(st.name) {
				continue
			}
			for _, e := range st.events {
				if e.arrival > lt.seen && lt.match(e.msg) {
					got = append(got, found{name, st, e})
				}
			}
		}
	}
	lt.seen = r.logs.arrivals
	sort.SliceStable(got, func(i, j int) bool {
		if got[i].e.ts != got[j].e.ts {
			return got[i].e.ts < got[j].e.ts
		}
		return got[i].e.arrival < got[j].e.arrival
	})
	sampled := len(got) > maxLiveResults
	if sampled {
		got = got[len(got)-maxLiveResults:]
	}
	out := make([]any, len(got))
	for i, f := range got {
		out[i] = map[string]any{"logStreamName": f.st.name, "logGroupIdentifier": lt.ids[f.group], "message": f.e.msg,
			"timestamp": f.e.ts, "ingestionTime": f.e.ingest}
	}
	return out, sampled
}

func (lt *liveTail) wants(stream string) bool {
	if len(lt.names) > 0 {
		return contains(lt.names, stream)
	}
	if len(lt.prefix) > 0 {
		for _, p := range lt.prefix {
			if strings.HasPrefix(stream, p) {
				return true
			}
		}
		return false
	}
	return true
}
