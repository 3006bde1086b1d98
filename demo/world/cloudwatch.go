package world

import (
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"time"
)

// CloudWatch metrics: GetMetricData answers every metric with a made-up series, the same for the
// same metric and dimensions every time (a day's wave and some noise), up to the world's now, so
// the metrics page and the tables' sparklines show something. Nothing is stored.

func registerCloudWatch(t handlerTable) {
	t.add("cloudwatch", map[string]func(*World, *Call) (map[string]any, error){
		"GetMetricData": cwGetMetricData,
	})
}

func cwTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case float64:
		return time.Unix(0, int64(t*1e9)), true
	case int64:
		return time.Unix(t, 0), true
	}
	return time.Time{}, false
}

func cwGetMetricData(w *World, c *Call) (map[string]any, error) {
	start, ok1 := cwTime(c.In["StartTime"])
	end, ok2 := cwTime(c.In["EndTime"])
	if !ok1 || !ok2 || !start.Before(end) {
		return nil, invalid("ValidationError", "The parameter StartTime must be less than the parameter EndTime.")
	}
	end = minTime(end, c.Now)
	desc := str(c.In, "ScanBy") == "TimestampDescending"
	var results []any
	for _, q := range list(c.In, "MetricDataQueries") {
		id := str(q, "Id")
		stat, _ := q["MetricStat"].(map[string]any)
		if stat == nil {
			results = append(results, map[string]any{"Id": id, "StatusCode": "Complete", "Timestamps": []any{}, "Values": []any{}})
			continue
		}
		m, _ := stat["Metric"].(map[string]any)
		period, _ := num(stat, "Period")
		if period <= 0 {
			period = 300
		}
		key := []string{str(m, "Namespace"), str(m, "MetricName"), str(stat, "Stat")}
		for _, d := range list(m, "Dimensions") {
			key = append(key, str(d, "Name")+"="+str(d, "Value"))
		}
		step := time.Duration(period) * time.Second
		from, to := start, end
		if str(m, "Namespace") == "AWS/EC2" {
			from, to = instanceRunning(w, c, list(m, "Dimensions"), from, to)
		}
		var times, values []any
		for t := start.Truncate(step); t.Before(to); t = t.Add(step) {
			if t.Before(from) {
				continue
			}
			times = append(times, t.UTC())
			values = append(values, cwValue(key, str(m, "MetricName"), t))
		}
		if desc {
			slicesReverse(times)
			slicesReverse(values)
		}
		results = append(results, map[string]any{"Id": id, "Label": str(m, "MetricName"), "StatusCode": "Complete",
			"Timestamps": orEmpty(times), "Values": orEmpty(values)})
	}
	return map[string]any{"MetricDataResults": orEmpty(results), "Messages": []any{}}, nil
}

// instanceRunning narrows from–to to when the instance named by the dimensions was running, as
// far as its current state says: a stopped instance has no data since it stopped, one running
// none before it started.
func instanceRunning(w *World, c *Call, dims []map[string]any, from, to time.Time) (time.Time, time.Time) {
	id := ""
	for _, d := range dims {
		if str(d, "Name") == "InstanceId" {
			id = str(d, "Value")
		}
	}
	if id == "" {
		return from, to
	}
	r := w.region(c.Account, c.Region)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ec2.settle(c.Now)
	in, ok := r.ec2.instances[id]
	if !ok {
		return to, to // no such instance: no data
	}
	if in.state == "running" {
		return maxTime(from, in.since), to
	}
	return from, minTime(to, in.since)
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func slicesReverse(l []any) {
	for i, j := 0, len(l)-1; i < j; i, j = i+1, j-1 {
		l[i], l[j] = l[j], l[i]
	}
}

// cwValue is the made-up value of a metric at t: a wave over the day, its phase and size from
// the metric's key, plus noise from the key and the time, scaled to what the metric measures.
func cwValue(key []string, name string, t time.Time) float64 {
	sort.Strings(key[3:])
	h := fnv.New64a()
	h.Write([]byte(strings.Join(key, "\x00")))
	seed := h.Sum64()
	phase := float64(seed%1000) / 1000 * 2 * math.Pi
	day := float64(t.Unix()%86400) / 86400 * 2 * math.Pi
	n := fnv.New64a()
	n.Write([]byte(strings.Join(key, "\x00") + t.UTC().Format(time.RFC3339)))
	noise := float64(n.Sum64()%1000)/1000 - 0.5
	shape := 0.5 + 0.35*math.Sin(day+phase) + 0.15*noise // 0…1
	lo, hi := 0.0, 100.0
	switch lower := strings.ToLower(name); {
	case strings.Contains(lower, "utilization"), strings.Contains(lower, "percent"):
		lo, hi = 3, 85
	case strings.Contains(lower, "bytes"), strings.Contains(lower, "network"):
		lo, hi = 2e5, 6e7
	case strings.Contains(lower, "error"), strings.Contains(lower, "throttl"), strings.Contains(lower, "5xx"), strings.Contains(lower, "4xx"):
		lo, hi = 0, 12
	case strings.Contains(lower, "duration"), strings.Contains(lower, "latency"), strings.Contains(lower, "age"):
		lo, hi = 20, 450
	case strings.Contains(lower, "capacity"):
		lo, hi = 1, 40
	default:
		lo, hi = 0, 600
	}
	return math.Round((lo+(hi-lo)*shape)*100) / 100
}
