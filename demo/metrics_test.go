package demo_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/metrics"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// The metrics page in the demo said "no data in the last 3 h" for every metric: GetMetricData
// answers a series for each query now, every period up to the world's now and none after, the
// same on every call, each in its unit's range (CPU a percentage, network bytes).
func TestMetricsOnTheDemo(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	cw := caller(t, srv, world.Dev, "us-east-1", "cloudwatch")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ms := metrics.For("instance", map[string]any{"InstanceId": "i-07ca752b57930cab4"})
	if len(ms) == 0 {
		t.Fatal("no key metrics for an instance")
	}
	now := clock.Now().Add(-90 * time.Second) // inside the last period
	fetch := func() []metrics.Series {
		s, err := metrics.Fetch(ctx, cw, ms, now, 3*time.Hour, 5*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	series := fetch()
	for _, s := range series {
		n := len(s.Values)
		for i, v := range s.Values {
			at := s.Start.Add(time.Duration(i) * s.Period)
			switch {
			case at.After(clock.Now()) && !math.IsNaN(v):
				t.Errorf("%s: a value at %v, after now (%v)", s.Metric.Metric, at, clock.Now())
			case !at.After(clock.Now()) && math.IsNaN(v):
				t.Errorf("%s: no value at %v (%d of %d)", s.Metric.Metric, at, i, n)
			case s.Unit == "%" && (v < 0 || v > 100):
				t.Errorf("%s: %v%%", s.Metric.Metric, v)
			}
		}
		if last, ok := s.Last(); !ok || last <= 0 {
			t.Errorf("%s: last value %v, %v", s.Metric.Metric, last, ok)
		}
	}
	if fmt.Sprint(fetch()) != fmt.Sprint(series) {
		t.Error("the same metrics read twice differ")
	}
	// dev-worker-1 has been stopped for weeks: no data.
	stopped, err := metrics.Fetch(ctx, cw, metrics.For("instance", map[string]any{"InstanceId": "i-02f35a693e89636f7"}), now, 3*time.Hour, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stopped {
		if v, ok := s.Last(); ok {
			t.Errorf("the stopped instance's %s: %v", s.Metric.Metric, v)
		}
	}
}
