package metricsview_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/metricsview"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

const wait = 15 * time.Second

func newApp(t *testing.T, srv *motoserver.Server) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	catalog := clients.NewCatalog(env, model.Default())
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	pages := resources.NewPages(env, catalog, reg, waitboard.New(ctx), nil, 0)
	cmds := tui.NewCommands()
	pages.Register(cmds)
	metricsview.Register(metricsview.Deps{Env: env, Invokers: catalog, Pages: pages})
	load := func(_ context.Context, _, region string) (aws.Config, error) { return srv.AWSConfig(region), nil }
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds,
		Start:   func(s tui.Session) tui.Page { return catalog.Services(s) },
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load}})
	return tuitest.New(t, app, 120, 40)
}

func call(t *testing.T, srv *motoserver.Server, service, op string, input map[string]any) map[string]any {
	t.Helper()
	svc, err := model.Default().Load(service)
	if err != nil {
		t.Fatal(err)
	}
	out, err := invoke.New(srv.AWSConfig("us-east-1"), svc, invoke.Options{}).Call(context.Background(), op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", service, op, err)
	}
	return out
}

// putSeries puts one point per 5 minutes over the last hour for a metric.
func putSeries(t *testing.T, srv *motoserver.Server, ns, metric, dim, value string, points []float64) {
	t.Helper()
	now := time.Now().UTC()
	var data []any
	for i, v := range points {
		data = append(data, map[string]any{"MetricName": metric, "Value": v,
			"Timestamp":  now.Add(-time.Duration(len(points)-1-i) * 5 * time.Minute),
			"Dimensions": []any{map[string]any{"Name": dim, "Value": value}}})
	}
	call(t, srv, "cloudwatch", "PutMetricData", map[string]any{"Namespace": ns, "MetricData": data})
}

// An SQS queue's description shows its key metrics as sparklines with their newest values.
func TestDescribeShowsKeyMetricSparklines(t *testing.T) {
	srv := motoserver.StartShared(t)
	queue := fmt.Sprintf("metrics-%d", time.Now().UnixNano())
	call(t, srv, "sqs", "CreateQueue", map[string]any{"QueueName": queue})
	putSeries(t, srv, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue, []float64{1, 3, 9, 27, 5})
	d := newApp(t, srv)
	d.Key(":")
	d.Type("sqs")
	d.Key("enter")
	d.WaitForText(wait, queue)
	d.Key("/")
	d.Type(queue)
	d.Key("enter")
	d.WaitFor("the filter", wait, func(s string) bool { return strings.Contains(s, "▸ "+queue) })
	d.Key("d")
	d.WaitForText(wait, "last 3 h, 5-minute periods", "visible", "sent", "oldest", "no data")
	screen := d.Screen()
	line := ""
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "visible") {
			line = l
		}
	}
	if !strings.Contains(line, "█") || !strings.HasSuffix(strings.TrimSpace(line), " 5") {
		t.Errorf("visible line %q:\n%s", line, screen)
	}
}

// `:metrics` lists what ListMetrics returns; M charts the metric under the cursor.
func TestMetricsCommandChartsAMetric(t *testing.T) {
	srv := motoserver.StartShared(t)
	ns := fmt.Sprintf("Nimbus/Chart%d", time.Now().UnixNano())
	putSeries(t, srv, ns, "Latency", "Service", "api", []float64{10, 20, 40, 80})
	d := newApp(t, srv)
	d.Key(":")
	d.Type("metrics")
	d.Key("enter")
	d.WaitForText(wait, "Latency")
	d.Key("/")
	d.Type("Latency")
	d.Key("enter")
	d.WaitFor("the filter", wait, func(s string) bool { return strings.Contains(s, "▸ Nimbus/Chart") })
	d.Key("M")
	d.WaitForText(wait, "chart Latency", ns+" Latency (Service=api) Average", "█", "last 80")
}

// ctrl+k adds a column of the key metric's sparkline to the SQS queues on screen, and takes it
// away again.
func TestMetricsColumnToggles(t *testing.T) {
	srv := motoserver.StartShared(t)
	stamp := time.Now().UnixNano()
	busy, idle := fmt.Sprintf("col-busy-%d", stamp), fmt.Sprintf("col-idle-%d", stamp)
	call(t, srv, "sqs", "CreateQueue", map[string]any{"QueueName": busy})
	call(t, srv, "sqs", "CreateQueue", map[string]any{"QueueName": idle})
	putSeries(t, srv, "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", busy, []float64{2, 4, 8})
	d := newApp(t, srv)
	d.Key(":")
	d.Type("sqs")
	d.Key("enter")
	d.WaitForText(wait, busy, idle)
	d.Key("/")
	d.Type(fmt.Sprint(stamp))
	d.Key("enter")
	d.Key("ctrl+k")
	d.WaitFor("the sparkline column", wait, func(s string) bool {
		return strings.Contains(s, "VISIBLE 3H") && lineWith(s, busy, "█") && lineWith(s, idle, "no data")
	})
	d.Key("ctrl+k")
	d.WaitFor("the column gone", wait, func(s string) bool { return !strings.Contains(s, "VISIBLE 3H") })
}

func lineWith(screen, row, want string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, row) && strings.Contains(l, want) {
			return true
		}
	}
	return false
}
