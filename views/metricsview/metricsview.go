// Package metricsview draws CloudWatch metrics in the TUI: the key metrics of a resource as
// sparklines above its description (EC2 instances, Lambda functions, DynamoDB tables, RDS
// instances, SQS queues, ECS services), a chart page of any metrics (M on those rows and on
// `:metrics`, the ListMetrics listing), all from one batched GetMetricData per page.
package metricsview

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/metrics"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/sparkline"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/resources"
)

// Invokers gives the session's invoker of a service (the clients catalog).
type Invokers interface {
	Invoker(ctx context.Context, s tui.Session, service string) (*invoke.Invoker, *model.Service, error)
}

// Deps are what the metric views need.
type Deps struct {
	Env      tui.Env
	Invokers Invokers
	Pages    *resources.Pages
}

// columnWidth is the width of a table's sparkline column: 3 h folded into 12 runes.
const columnWidth = 12

// columnCells are the sparklines of the first key metric of items, in one GetMetricData call.
func columnCells(ctx context.Context, d Deps, s tui.Session, typ string, items []any) ([]string, error) {
	cells := make([]string, len(items))
	var ms []metrics.Metric
	var at []int
	for i, it := range items {
		if m := metrics.For(typ, it); len(m) > 0 {
			ms, at = append(ms, m[0]), append(at, i)
		} else {
			cells[i] = "-"
		}
	}
	if len(ms) == 0 {
		return cells, nil
	}
	series, err := fetch(ctx, d, s, ms)
	if err != nil {
		return nil, err
	}
	for j, sr := range series {
		if _, ok := sr.Last(); !ok {
			cells[at[j]] = "no data"
			continue
		}
		cells[at[j]] = sparkline.Render(sr.Values, columnWidth)
	}
	return cells, nil
}

// sparkWidth is the width of a describe page's sparklines: one rune per 5-minute period of 3 h.
const sparkWidth = 36

// Register adds the describe panels and the M (metrics) key of the resource types that have
// key metrics, and the chart key of `:metrics` rows.
func Register(d Deps) {
	if d.Pages == nil {
		return
	}
	d.Pages.SetDescribePanel(func(typ string, s tui.Session, item, doc any) func(context.Context) ([]string, error) {
		ms := metricsOf(typ, item, doc)
		if ms == nil {
			return nil
		}
		return func(ctx context.Context) ([]string, error) {
			series, err := fetch(ctx, d, s, ms)
			if err != nil {
				return nil, fmt.Errorf("metrics: %w", err)
			}
			return panelLines(series), nil
		}
	})
	d.Pages.SetLiveColumn(resources.LiveColumn{Width: columnWidth,
		Title: func(typ string) string {
			if specs := metrics.Specs(typ); len(specs) > 0 {
				return strings.ToUpper(specs[0].Label) + " 3H"
			}
			return ""
		},
		Fetch: func(ctx context.Context, s tui.Session, typ string, items []any) ([]string, error) {
			return columnCells(ctx, d, s, typ, items)
		}})
	for _, kind := range metrics.Kinds() {
		d.Pages.AddRowPage(kind, resources.RowPage{Name: "metrics", Then: "charts its key metrics over the last 3 h",
			Open: func(s tui.Session, rows []resource.Row) tea.Cmd {
				var ms []metrics.Metric
				for _, r := range rows {
					ms = append(ms, metrics.For(kind, r.Item)...)
				}
				return open(d, s, "metrics "+rowsTitle(rows, kind), ms)
			}})
	}
	d.Pages.AddRowPage("cloudwatch-metric", resources.RowPage{Name: "chart", Then: "charts it over the last 3 h",
		Open: func(s tui.Session, rows []resource.Row) tea.Cmd {
			var ms []metrics.Metric
			for _, r := range rows {
				if m, ok := listed(r.Item); ok {
					ms = append(ms, m)
				}
			}
			return open(d, s, "chart "+rowsTitle(rows, "cloudwatch-metric"), ms)
		}})
}

func open(d Deps, s tui.Session, title string, ms []metrics.Metric) tea.Cmd {
	if len(ms) == 0 {
		return tui.Toast("no metrics for these rows")
	}
	if len(ms) > maxCharts {
		ms = ms[:maxCharts]
	}
	return tui.Push(NewChart(d, s, title, ms))
}

// maxCharts is how many metrics one chart page draws.
const maxCharts = 40

func rowsTitle(rows []resource.Row, kind string) string {
	if len(rows) == 1 {
		if dims, ok := metrics.Dimensions(kind, rows[0].Item); ok {
			return dims[len(dims)-1].Value
		}
		if m, ok := listed(rows[0].Item); ok {
			return m.Metric
		}
	}
	return fmt.Sprintf("%d rows", len(rows))
}

// metricsOf is the key metrics of a described row: from its description, else its listed item.
func metricsOf(typ string, item, doc any) []metrics.Metric {
	if ms := metrics.For(typ, doc); ms != nil {
		return ms
	}
	return metrics.For(typ, item)
}

// listed reads a ListMetrics item (Namespace, MetricName, Dimensions) as a metric to chart.
func listed(item any) (metrics.Metric, bool) {
	m, _ := item.(map[string]any)
	ns, _ := m["Namespace"].(string)
	name, _ := m["MetricName"].(string)
	if ns == "" || name == "" {
		return metrics.Metric{}, false
	}
	var dims []metrics.Dim
	ds, _ := m["Dimensions"].([]any)
	for _, d := range ds {
		dm, _ := d.(map[string]any)
		n, _ := dm["Name"].(string)
		v, _ := dm["Value"].(string)
		dims = append(dims, metrics.Dim{Name: n, Value: v})
	}
	return metrics.Metric{Spec: metrics.Spec{Namespace: ns, Metric: name, Stat: "Average", Label: name}, Dims: dims}, true
}

// fetch runs the one GetMetricData call of a page.
func fetch(ctx context.Context, d Deps, s tui.Session, ms []metrics.Metric) ([]metrics.Series, error) {
	inv, _, err := d.Invokers.Invoker(ctx, s, "cloudwatch")
	if err != nil {
		return nil, err
	}
	return metrics.Fetch(ctx, inv, ms, d.Env.Time().Now(), metrics.Window, metrics.Period)
}

// panelLines are a describe page's metric lines: label, sparkline, newest value.
func panelLines(series []metrics.Series) []string {
	lines := []string{"last 3 h, 5-minute periods (CloudWatch)"}
	width := 0
	for _, s := range series {
		width = max(width, len(s.Label))
	}
	for _, s := range series {
		last := "no data"
		if v, ok := s.Last(); ok {
			last = metrics.FormatValue(v, s.Unit)
		}
		lines = append(lines, fmt.Sprintf("%-*s %s %s", width, s.Label, sparkline.Render(s.Values, sparkWidth), last))
	}
	return lines
}

// dimsText is "InstanceId=i-0abc, …".
func dimsText(ds []metrics.Dim) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Name + "=" + d.Value
	}
	return strings.Join(parts, ", ")
}
