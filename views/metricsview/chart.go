package metricsview

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/metrics"
	"github.com/nimbus-tui/nimbus/internal/sparkline"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/tui"
)

// chartHeight is the rows of one metric's chart.
const chartHeight = 4

// Chart is a page of metrics charted over the last 3 hours: each a title line (namespace,
// metric, dimensions, stat), a block chart of chartHeight rows, and its range; r fetches again.
type Chart struct {
	d       Deps
	session tui.Session
	title   string
	metrics []metrics.Metric
	tasks   *tui.Tasks

	series  []metrics.Series
	loading bool
	err     error
	top     int
	w, h    int
}

type fetchedMsg struct {
	series []metrics.Series
	err    error
}

// NewChart returns the chart page of ms.
func NewChart(d Deps, s tui.Session, title string, ms []metrics.Metric) *Chart {
	return &Chart{d: d, session: s, title: title, metrics: ms, tasks: tui.NewTasks(d.Env.Ctx)}
}

func (c *Chart) Title() string                { return c.title }
func (c *Chart) Tasks() *tui.Tasks            { return c.tasks }
func (c *Chart) SetSize(w, h int)             { c.w, c.h = w, h }
func (c *Chart) Busy() bool                   { return c.loading }
func (c *Chart) Keys() help.KeyMap            { return c.actions() }
func (c *Chart) Init() tea.Cmd                { return c.load() }
func (c *Chart) Reload(s tui.Session) tea.Cmd { c.session = s; c.tasks.Restart(); return c.load() }

func (c *Chart) load() tea.Cmd {
	c.loading = true
	d, s, ms := c.d, c.session, c.metrics
	return c.tasks.Run(func(ctx context.Context) tea.Msg {
		series, err := fetch(ctx, d, s, ms)
		return fetchedMsg{series: series, err: err}
	})
}

func (c *Chart) Status() string {
	if c.loading {
		return "GetMetricData…"
	}
	return fmt.Sprintf("%d metrics · last 3 h · 5 min", len(c.metrics))
}

func (c *Chart) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := c.tasks.Accept(msg); ok {
		msg = inner
	}
	switch m := msg.(type) {
	case fetchedMsg:
		c.loading = false
		c.series, c.err = m.series, m.err
		if m.err != nil {
			return tui.Error(m.err)
		}
	case tea.KeyPressMsg:
		cmd, _ := c.actions().Handle(m)
		return cmd
	}
	return nil
}

func (c *Chart) actions() tui.Actions {
	k := c.d.Env.Keys
	block := chartHeight + 2
	return tui.Actions{
		{Binding: k.Table.Refresh, Footer: true, Run: c.load},
		{Binding: k.Viewer.Down, Run: func() tea.Cmd { c.top = min(c.top+block, max(c.lines()-c.h, 0)); return nil }},
		{Binding: k.Viewer.Up, Run: func() tea.Cmd { c.top = max(c.top-block, 0); return nil }},
	}
}

func (c *Chart) lines() int { return len(c.render()) }

func (c *Chart) render() []string {
	st := c.d.Env.Styles
	var out []string
	width := max(c.w-12, 8)
	for _, s := range c.series {
		head := fmt.Sprintf("%s %s (%s) %s", s.Namespace, s.Metric.Metric, dimsText(s.Dims), s.Stat)
		out = append(out, st.Title.Render(ansi.Truncate(textsafe.Clean(head), max(c.w, 1), "…")))
		lo, hi, any := 0.0, 0.0, false
		for _, v := range s.Values {
			if v == v { // not NaN
				if !any || v < lo {
					lo = v
				}
				if !any || v > hi {
					hi = v
				}
				any = true
			}
		}
		if !any {
			out = append(out, st.Dim.Render("  no data in the last 3 h"), "")
			continue
		}
		rows := sparkline.Chart(s.Values, width, chartHeight)
		for i, r := range rows {
			label := ""
			switch i {
			case 0:
				label = metrics.FormatValue(hi, s.Unit)
			case len(rows) - 1:
				label = metrics.FormatValue(min(lo, 0), s.Unit)
			}
			out = append(out, fmt.Sprintf("%10s %s", ansi.Truncate(label, 10, ""), r))
		}
		last, _ := s.Last()
		out = append(out, st.Dim.Render(fmt.Sprintf("%10s %s … %s  last %s", "",
			s.Start.UTC().Format("15:04"), s.Start.Add(metrics.Window).UTC().Format("15:04 UTC"),
			metrics.FormatValue(last, s.Unit))))
	}
	return out
}

func (c *Chart) View() string {
	if c.series == nil {
		if c.loading {
			return c.d.Env.Styles.Dim.Render("fetching metrics…")
		}
		return ""
	}
	lines := c.render()
	end := min(c.top+max(c.h, 1), len(lines))
	return strings.Join(lines[min(c.top, end):end], "\n")
}

var (
	_ tui.Page           = (*Chart)(nil)
	_ tui.StatusReporter = (*Chart)(nil)
	_ tui.Reloadable     = (*Chart)(nil)
)
