// Package metrics fetches CloudWatch metrics for the pages that draw them: the key metrics of
// EC2 instances, Lambda functions, DynamoDB tables, RDS instances, SQS queues and ECS services
// over the last hours, in one batched GetMetricData call for a page's resources, aligned to
// periods so that a missing point stays a gap.
package metrics

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// Caller calls a CloudWatch operation (an *invoke.Invoker of the cloudwatch model).
type Caller interface {
	Call(ctx context.Context, op string, input map[string]any) (map[string]any, error)
}

// Default window and period: the last 3 hours in 5-minute points.
const (
	Window = 3 * time.Hour
	Period = 5 * time.Minute
)

// maxQueries is GetMetricData's limit of queries per call.
const maxQueries = 500

// Spec is one metric of a resource kind.
type Spec struct {
	Namespace string
	Metric    string
	Stat      string // Average, Sum, Maximum…
	Label     string // short, for a column or a line: "CPU %"
	Unit      string // how to print the last value: "%", "bytes", "count", "ms", "s"
}

// Dim is a CloudWatch dimension.
type Dim struct{ Name, Value string }

// Metric is one metric of one resource: what to ask for.
type Metric struct {
	Spec
	Dims []Dim
}

// Series is a metric's values over the window, one per period (NaN: no data point).
type Series struct {
	Metric
	Start  time.Time // the first period's start
	Period time.Duration
	Values []float64
}

// Last is the newest value with data, and whether there is one.
func (s Series) Last() (float64, bool) {
	for i := len(s.Values) - 1; i >= 0; i-- {
		if !math.IsNaN(s.Values[i]) {
			return s.Values[i], true
		}
	}
	return 0, false
}

// keySpecs are the metrics worth a glance, by resource type (awsapi/resource type names).
var keySpecs = sync.OnceValue(func() map[string][]Spec {
	return map[string][]Spec{
		"instance": {
			{"AWS/EC2", "CPUUtilization", "Average", "CPU", "%"},
			{"AWS/EC2", "NetworkIn", "Sum", "net in", "bytes"},
			{"AWS/EC2", "NetworkOut", "Sum", "net out", "bytes"},
		},
		"lambda-function": {
			{"AWS/Lambda", "Invocations", "Sum", "invocations", "count"},
			{"AWS/Lambda", "Errors", "Sum", "errors", "count"},
			{"AWS/Lambda", "Duration", "Average", "duration", "ms"},
			{"AWS/Lambda", "Throttles", "Sum", "throttles", "count"},
		},
		"dynamodb-table": {
			{"AWS/DynamoDB", "ConsumedReadCapacityUnits", "Sum", "read units", "count"},
			{"AWS/DynamoDB", "ConsumedWriteCapacityUnits", "Sum", "write units", "count"},
			{"AWS/DynamoDB", "ThrottledRequests", "Sum", "throttled", "count"},
		},
		"db-instance": {
			{"AWS/RDS", "CPUUtilization", "Average", "CPU", "%"},
			{"AWS/RDS", "DatabaseConnections", "Average", "connections", "count"},
			{"AWS/RDS", "FreeStorageSpace", "Minimum", "free storage", "bytes"},
		},
		"sqs-queue": {
			{"AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", "visible", "count"},
			{"AWS/SQS", "NumberOfMessagesSent", "Sum", "sent", "count"},
			{"AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", "oldest", "s"},
		},
		"ecs-service": {
			{"AWS/ECS", "CPUUtilization", "Average", "CPU", "%"},
			{"AWS/ECS", "MemoryUtilization", "Average", "memory", "%"},
		},
	}
})

// Kinds lists the resource types that have key metrics.
func Kinds() []string {
	return []string{"instance", "lambda-function", "dynamodb-table", "db-instance", "sqs-queue", "ecs-service"}
}

// Specs are the key metrics of a resource type (nil: none).
func Specs(kind string) []Spec { return keySpecs()[kind] }

// Dimensions are the CloudWatch dimensions of a resource listed as item (its decoded document,
// or the bare string some listings give: a table name, a queue URL, a service ARN); ok is false
// when item does not say.
func Dimensions(kind string, item any) ([]Dim, bool) {
	m, _ := item.(map[string]any)
	str := func(keys ...string) string {
		if s, ok := item.(string); ok {
			return s
		}
		for _, k := range keys {
			if s, ok := m[k].(string); ok && s != "" {
				return s
			}
		}
		return ""
	}
	switch kind {
	case "instance":
		if v := str("InstanceId"); v != "" {
			return []Dim{{"InstanceId", v}}, true
		}
	case "lambda-function":
		if v := str("FunctionName"); v != "" {
			return []Dim{{"FunctionName", v}}, true
		}
	case "dynamodb-table":
		if v := str("TableName"); v != "" {
			return []Dim{{"TableName", v}}, true
		}
	case "db-instance":
		if v := str("DBInstanceIdentifier"); v != "" {
			return []Dim{{"DBInstanceIdentifier", v}}, true
		}
	case "sqs-queue":
		if v := str("QueueUrl", "QueueName"); v != "" {
			return []Dim{{"QueueName", v[strings.LastIndex(v, "/")+1:]}}, true
		}
	case "ecs-service":
		// arn:aws:ecs:REGION:ACCOUNT:service/CLUSTER/NAME, or a described service.
		arn := str("serviceArn")
		cluster, name := "", ""
		if m != nil {
			name, _ = m["serviceName"].(string)
			if c, ok := m["clusterArn"].(string); ok {
				cluster = c[strings.LastIndex(c, "/")+1:]
			}
		}
		if parts := strings.Split(arn, "/"); len(parts) == 3 {
			cluster, name = parts[1], parts[2]
		}
		if cluster != "" && name != "" {
			return []Dim{{"ClusterName", cluster}, {"ServiceName", name}}, true
		}
	}
	return nil, false
}

// For returns the key metrics of the resource listed as item.
func For(kind string, item any) []Metric {
	dims, ok := Dimensions(kind, item)
	if !ok {
		return nil
	}
	specs := Specs(kind)
	out := make([]Metric, len(specs))
	for i, s := range specs {
		out[i] = Metric{Spec: s, Dims: dims}
	}
	return out
}

// Fetch gets metrics over the window ending at now, one value per period, in as few
// GetMetricData calls as the queries need (one for a page: up to 500 metrics), following
// NextToken. The result is in the order of metrics.
func Fetch(ctx context.Context, cw Caller, metrics []Metric, now time.Time, window, period time.Duration) ([]Series, error) {
	end := now.Truncate(period).Add(period)
	start := end.Add(-window)
	n := int(window / period)
	out := make([]Series, len(metrics))
	for i, m := range metrics {
		vals := make([]float64, n)
		for j := range vals {
			vals[j] = math.NaN()
		}
		out[i] = Series{Metric: m, Start: start, Period: period, Values: vals}
	}
	for from := 0; from < len(metrics); from += maxQueries {
		to := min(from+maxQueries, len(metrics))
		if err := fetchBatch(ctx, cw, metrics[from:to], out[from:to], start, end, period); err != nil {
			return out, err
		}
	}
	return out, nil
}

func fetchBatch(ctx context.Context, cw Caller, metrics []Metric, out []Series, start, end time.Time, period time.Duration) error {
	queries := make([]any, len(metrics))
	for i, m := range metrics {
		dims := make([]any, len(m.Dims))
		for j, d := range m.Dims {
			dims[j] = map[string]any{"Name": d.Name, "Value": d.Value}
		}
		queries[i] = map[string]any{"Id": fmt.Sprintf("m%d", i), "ReturnData": true,
			"MetricStat": map[string]any{"Stat": m.Stat, "Period": int64(period / time.Second),
				"Metric": map[string]any{"Namespace": m.Namespace, "MetricName": m.Metric, "Dimensions": dims}}}
	}
	input := map[string]any{"MetricDataQueries": queries, "StartTime": start, "EndTime": end, "ScanBy": "TimestampAscending"}
	for {
		doc, err := cw.Call(ctx, "GetMetricData", input)
		if err != nil {
			return err
		}
		results, _ := doc["MetricDataResults"].([]any)
		for _, r := range results {
			res, _ := r.(map[string]any)
			var i int
			if id, _ := res["Id"].(string); len(id) < 2 || id[0] != 'm' {
				continue
			} else if _, err := fmt.Sscanf(id[1:], "%d", &i); err != nil || i < 0 || i >= len(out) {
				continue
			}
			times, _ := res["Timestamps"].([]any)
			values, _ := res["Values"].([]any)
			for k := range min(len(times), len(values)) {
				t, ok := times[k].(time.Time)
				v, vok := number(values[k])
				if !ok || !vok {
					continue
				}
				if slot := int(t.Sub(start) / period); slot >= 0 && slot < len(out[i].Values) {
					out[i].Values[slot] = v
				}
			}
		}
		next, _ := doc["NextToken"].(string)
		if next == "" {
			return nil
		}
		input["NextToken"] = next
	}
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// FormatValue prints a metric's value in its unit, short: "42.1%", "3.2 MiB", "1,204", "85 ms".
func FormatValue(v float64, unit string) string {
	switch unit {
	case "%":
		return fmt.Sprintf("%.1f%%", v)
	case "bytes":
		units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
		i := 0
		for math.Abs(v) >= 1024 && i < len(units)-1 {
			v /= 1024
			i++
		}
		if i == 0 {
			return fmt.Sprintf("%.0f B", v)
		}
		return fmt.Sprintf("%.1f %s", v, units[i])
	case "ms":
		return fmt.Sprintf("%.0f ms", v)
	case "s":
		return fmt.Sprintf("%.0f s", v)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
