// Package logview holds the CloudWatch Logs pages: the tail page (new lines as they are written,
// live or polled) and the Logs Insights page, their `:tail` and `:insights` commands, and the
// tail action of the rows that have logs (log groups, Lambda functions, ECS tasks).
package logview

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/logtail"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/resources"
)

// Deps is what the log pages need.
type Deps struct {
	Env      tui.Env
	Invokers Invokers
	// Pages, when set, gets the tail action of the rows that have logs.
	Pages   *resources.Pages
	Options Options
	// History is the Insights query history file ("" : not kept).
	History string
}

// Register adds :tail and :insights, and the rows' tail action. Tails try a live session
// (StartLiveTail) unless d.Options.Live says otherwise.
func Register(cmds *tui.Commands, d Deps) {
	if d.Options.Live == nil {
		d.Options.Live = logtail.LiveFrom
	}
	cmds.Add(tui.Command{
		Name: "tail", Usage: "tail GROUP… [--since 1h] [--filter PATTERN…]",
		Help: "follow CloudWatch Logs groups as they are written (live tail, else polling); without a group, pick one",
		Run: func(s tui.Session, args []string) tea.Cmd {
			t, err := ParseTail(args)
			if err != nil {
				return tui.Error(err)
			}
			// Without a group the page lists them and opens a picker over itself.
			return tui.Push(NewTail(d.Env, d.Invokers, s, t, d.Options))
		},
	})
	cmds.Add(tui.Command{
		Name: "insights", Aliases: []string{"logs-insights"}, Usage: "insights [GROUP…]",
		Help: "CloudWatch Logs Insights: query log groups, results as a table; without a group, pick them",
		Run: func(s tui.Session, args []string) tea.Cmd {
			if len(args) > logtail.MaxGroups {
				return tui.Error(fmt.Errorf("%d log groups: a query here takes at most %d", len(args), logtail.MaxGroups))
			}
			return openInsights(d, s, args)
		},
	})
	if d.Pages != nil {
		attachRows(d)
	}
}

// openInsights pushes the Insights page; a history file that cannot be read is said, not fatal.
func openInsights(d Deps, s tui.Session, groups []string) tea.Cmd {
	p, err := NewInsights(d.Env, d.Invokers, s, groups, d.History)
	if err != nil {
		return tea.Batch(tui.Push(p), tui.Error(err))
	}
	return tui.Push(p)
}

// ParseTail reads `:tail`'s words: groups, then --since D and --filter with the rest of the line
// as the pattern.
func ParseTail(args []string) (Target, error) {
	var t Target
	for i := 0; i < len(args); i++ {
		switch a := args[i]; a {
		case "--filter", "-f":
			t.Pattern = strings.Join(args[i+1:], " ")
			i = len(args)
		case "--since":
			if i+1 >= len(args) {
				return t, errors.New("--since needs a duration such as 30m")
			}
			d, err := time.ParseDuration(args[i+1])
			if err != nil || d <= 0 {
				return t, fmt.Errorf("--since %q: give a duration such as 30m or 2h", args[i+1])
			}
			t.Since = d
			i++
		default:
			t.Groups = append(t.Groups, a)
		}
	}
	if len(t.Groups) > logtail.MaxGroups {
		return t, fmt.Errorf("%d log groups: a tail follows at most %d", len(t.Groups), logtail.MaxGroups)
	}
	return t, nil
}

// attachRows gives log groups, Lambda functions and ECS tasks, services and task definitions
// the t key: a tail of their logs.
func attachRows(d Deps) {
	open := func(groupsOf func(rows []resource.Row) []string, resolve func(rows []resource.Row) func(context.Context, Invokers, tui.Session) ([]string, error)) func(tui.Session, []resource.Row) tea.Cmd {
		return func(s tui.Session, rows []resource.Row) tea.Cmd {
			t := Target{}
			if groupsOf != nil {
				t.Groups = groupsOf(rows)
				if len(t.Groups) > logtail.MaxGroups {
					return tui.Error(fmt.Errorf("%d log groups: a tail follows at most %d; select fewer", len(t.Groups), logtail.MaxGroups))
				}
			}
			if resolve != nil {
				t.Resolve = resolve(rows)
				t.Title = "tail " + rowsLabel(rows)
			}
			return tui.Push(NewTail(d.Env, d.Invokers, s, t, d.Options))
		}
	}
	const then = "follows its logs (live tail, else polling)"
	d.Pages.AddRowPage("log-group", resources.RowPage{Name: "tail", Then: then, Open: open(func(rows []resource.Row) []string {
		return collect(rows, func(item map[string]any) []string { return []string{str(item["logGroupName"])} })
	}, nil)})
	d.Pages.AddRowPage("log-group", resources.RowPage{Name: "insights", Then: "queries it with Logs Insights", Open: func(s tui.Session, rows []resource.Row) tea.Cmd {
		groups := collect(rows, func(item map[string]any) []string { return []string{str(item["logGroupName"])} })
		if len(groups) > logtail.MaxGroups {
			return tui.Error(fmt.Errorf("%d log groups: a query here takes at most %d; select fewer", len(groups), logtail.MaxGroups))
		}
		return openInsights(d, s, groups)
	}})
	d.Pages.AddRowPage("lambda-function", resources.RowPage{Name: "tail logs", Then: then, Open: open(func(rows []resource.Row) []string {
		return collect(rows, func(item map[string]any) []string { return []string{LambdaGroup(item)} })
	}, nil)})
	for typ, field := range map[string]string{"ecs-task": "taskDefinitionArn", "ecs-service": "taskDefinition", "ecs-task-definition": "taskDefinitionArn"} {
		d.Pages.AddRowPage(typ, resources.RowPage{Name: "tail logs", Then: then + " (the containers' awslogs groups)", Open: open(nil,
			func(rows []resource.Row) func(context.Context, Invokers, tui.Session) ([]string, error) {
				var defs []string
				for _, r := range rows {
					if v := str(field2(r.Item, field)); v != "" && !slices.Contains(defs, v) {
						defs = append(defs, v)
					}
				}
				return func(ctx context.Context, inv Invokers, s tui.Session) ([]string, error) {
					return ECSGroups(ctx, inv, s, defs)
				}
			})})
	}
}

// field2 reads a member of an item, or the item itself when it is the value (a listed ARN).
func field2(item any, name string) any {
	if m, ok := item.(map[string]any); ok {
		return m[name]
	}
	return item
}

func rowsLabel(rows []resource.Row) string {
	if len(rows) == 1 {
		for _, k := range []string{"taskArn", "serviceName", "taskDefinitionArn"} {
			if v := str(field2(rows[0].Item, k)); v != "" {
				return v[strings.LastIndex(v, "/")+1:]
			}
		}
	}
	return fmt.Sprintf("%d rows", len(rows))
}

func collect(rows []resource.Row, f func(map[string]any) []string) []string {
	var out []string
	for _, r := range rows {
		m, _ := r.Item.(map[string]any)
		for _, g := range f(m) {
			if g != "" && !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// LambdaGroup is a function's log group: the one its LoggingConfig names, else /aws/lambda/NAME.
func LambdaGroup(fn map[string]any) string {
	if lc, ok := fn["LoggingConfig"].(map[string]any); ok {
		if g := str(lc["LogGroup"]); g != "" {
			return g
		}
	}
	return "/aws/lambda/" + str(fn["FunctionName"])
}

// ECSGroups reads the awslogs groups of the containers of task definitions (DescribeTaskDefinition).
func ECSGroups(ctx context.Context, inv Invokers, s tui.Session, defs []string) ([]string, error) {
	ecs, _, err := inv.Invoker(ctx, s, "ecs")
	if err != nil {
		return nil, err
	}
	var groups []string
	for _, td := range defs {
		out, err := ecs.Call(ctx, "DescribeTaskDefinition", map[string]any{"taskDefinition": td})
		if err != nil {
			return nil, err
		}
		def, _ := out["taskDefinition"].(map[string]any)
		containers, _ := def["containerDefinitions"].([]any)
		for _, c := range containers {
			cm, _ := c.(map[string]any)
			lc, _ := cm["logConfiguration"].(map[string]any)
			opts, _ := lc["options"].(map[string]any)
			if g := str(opts["awslogs-group"]); str(lc["logDriver"]) == "awslogs" && g != "" && !slices.Contains(groups, g) {
				groups = append(groups, g)
			}
		}
	}
	if len(groups) == 0 {
		return nil, errors.New("no container of the task definition logs to CloudWatch Logs (logDriver awslogs)")
	}
	if len(groups) > logtail.MaxGroups {
		groups = groups[:logtail.MaxGroups]
	}
	return groups, nil
}
