package metrics

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

func cloudwatch(t *testing.T) *invoke.Invoker {
	t.Helper()
	srv := motoserver.StartShared(t)
	svc, err := model.Load("cloudwatch")
	if err != nil {
		t.Fatal(err)
	}
	return invoke.New(srv.AWSConfig("us-east-1"), svc, invoke.Options{})
}

// Points put into moto come back in their periods, in one GetMetricData call for several
// resources; periods without a point stay gaps.
func TestFetchAlignsPointsToPeriods(t *testing.T) {
	cw := cloudwatch(t)
	ctx := context.Background()
	ns := fmt.Sprintf("Nimbus/Test%d", time.Now().UnixNano())
	now := time.Now().UTC()
	end := now.Truncate(Period).Add(Period)
	start := end.Add(-Window)
	put := func(instance string, slot int, v float64) {
		t.Helper()
		_, err := cw.Call(ctx, "PutMetricData", map[string]any{"Namespace": ns, "MetricData": []any{map[string]any{
			"MetricName": "CPUUtilization", "Value": v, "Unit": "Percent",
			"Timestamp":  start.Add(time.Duration(slot)*Period + time.Minute),
			"Dimensions": []any{map[string]any{"Name": "InstanceId", "Value": instance}},
		}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	put("i-1", 30, 10)
	put("i-1", 34, 50)
	put("i-2", 35, 7)
	spec := Spec{Namespace: ns, Metric: "CPUUtilization", Stat: "Average", Label: "CPU", Unit: "%"}
	ms := []Metric{{Spec: spec, Dims: []Dim{{"InstanceId", "i-1"}}}, {Spec: spec, Dims: []Dim{{"InstanceId", "i-2"}}},
		{Spec: spec, Dims: []Dim{{"InstanceId", "i-none"}}}}
	rec := &counting{inner: cw}
	got, err := Fetch(ctx, rec, ms, now, Window, Period)
	if err != nil {
		t.Fatal(err)
	}
	if rec.calls != 1 {
		t.Errorf("%d GetMetricData calls, want 1", rec.calls)
	}
	if len(got[0].Values) != 36 || got[0].Values[30] != 10 || got[0].Values[34] != 50 || !math.IsNaN(got[0].Values[31]) {
		t.Errorf("i-1: %v", got[0].Values)
	}
	if v, ok := got[1].Last(); !ok || v != 7 {
		t.Errorf("i-2 last = %v %v", v, ok)
	}
	if _, ok := got[2].Last(); ok {
		t.Errorf("i-none has data: %v", got[2].Values)
	}
}

type counting struct {
	inner Caller
	calls int
}

func (c *counting) Call(ctx context.Context, op string, in map[string]any) (map[string]any, error) {
	c.calls++
	return c.inner.Call(ctx, op, in)
}

func TestDimensions(t *testing.T) {
	for _, c := range []struct {
		kind string
		item any
		want string
	}{
		{"instance", map[string]any{"InstanceId": "i-0abc"}, "[{InstanceId i-0abc}]"},
		{"lambda-function", map[string]any{"FunctionName": "api"}, "[{FunctionName api}]"},
		{"dynamodb-table", "orders", "[{TableName orders}]"},
		{"db-instance", map[string]any{"DBInstanceIdentifier": "db1"}, "[{DBInstanceIdentifier db1}]"},
		{"sqs-queue", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", "[{QueueName jobs}]"},
		{"ecs-service", "arn:aws:ecs:us-east-1:123456789012:service/prod/web", "[{ClusterName prod} {ServiceName web}]"},
		{"ecs-service", map[string]any{"serviceName": "web", "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/prod"}, "[{ClusterName prod} {ServiceName web}]"},
		{"vpc", map[string]any{"VpcId": "v"}, "[]"},
	} {
		dims, _ := Dimensions(c.kind, c.item)
		if got := fmt.Sprint(dims); got != c.want {
			t.Errorf("%s %v: %s, want %s", c.kind, c.item, got, c.want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	for v, want := range map[string]string{
		FormatValue(42.123, "%"): "42.1%", FormatValue(3.5*1024*1024, "bytes"): "3.5 MiB", FormatValue(12, "bytes"): "12 B",
		FormatValue(1204, "count"): "1204", FormatValue(85.4, "ms"): "85 ms", FormatValue(0.25, "count"): "0.25",
	} {
		if v != want {
			t.Errorf("got %q, want %q", v, want)
		}
	}
}
