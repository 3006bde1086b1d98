package resources

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// Register adds a `:` command per top-level resource type (with its aliases, skipping names
// another page already answers, such as :s3), `:waiters`, and `:list SERVICE OPERATION` for any
// paginated List/Describe operation without a definition.
func (ps *Pages) Register(cmds *tui.Commands) {
	for _, def := range ps.registry.Types() {
		if def.TopLevel != nil && !*def.TopLevel {
			continue
		}
		var names []string
		for _, n := range append([]string{def.Type}, def.Aliases...) {
			if _, taken := cmds.Lookup(n); !taken && !contains(names, n) {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			continue
		}
		d := def
		cmds.Add(tui.Command{
			Name: names[0], Aliases: names[1:], Help: fmt.Sprintf("%s (%s)", d.Title, d.Service),
			Run: func(s tui.Session, _ []string) tea.Cmd {
				return tui.Replace(ps.Open(s, d, d.ListInput(nil), ""))
			},
		})
	}
	if _, taken := cmds.Lookup("waiters"); !taken {
		cmds.Add(tui.Command{Name: "waiters", Aliases: []string{"wait"}, Help: "every running waiter; " + tui.KeyHint(ps.env.Keys.Actions.Cancel, "cancels one"),
			Run: func(s tui.Session, _ []string) tea.Cmd {
				p := waitboard.NewPage(ps.env, ps.board)
				p.Reload(s) // the page says whose the waiters of other sessions are
				return tui.Push(p)
			}})
	}
	cmds.Add(tui.Command{
		Name: "list", Usage: "list SERVICE OPERATION [NAME=VALUE…]",
		Help: "any paginated List/Describe operation as a collection, e.g. :list elbv2 DescribeLoadBalancers, :list logs DescribeLogStreams logGroupName=/app/web",
		Run: func(s tui.Session, args []string) tea.Cmd {
			if len(args) < 2 {
				return tui.Error(errors.New("usage: :list SERVICE OPERATION [NAME=VALUE…] (e.g. :list sqs ListQueues)"))
			}
			svc, err := ps.catalog.Models().Load(args[0])
			if err != nil {
				return tui.Error(err)
			}
			def, err := ps.registry.Generic(svc, args[1])
			if err != nil {
				return tui.Error(err)
			}
			input, err := listArgs(svc, def.List.Operation, args[2:])
			if err != nil {
				return tui.Error(err)
			}
			return tui.Replace(ps.Open(s, def, def.ListInput(input), def.Title))
		},
	})
}

// listArgs is the input of :list's NAME=VALUE arguments, checked against op's input shape: a
// member it lacks, or a required member left out, is said before a page opens (the page could
// only fail, nothing sent, and retry the same way). A value is a string for a string member,
// else JSON when it reads as JSON (MaxResults=5, Filters=[…]).
func listArgs(svc *model.Service, op string, args []string) (map[string]any, error) {
	var in *model.Shape
	if o, ok := svc.Operation(op); ok && o.Input != nil {
		in = svc.Shape(o.Input.Shape)
	}
	input := map[string]any{}
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("%q: arguments after the operation are NAME=VALUE", a)
		}
		if in == nil || in.Members[name] == nil {
			return nil, fmt.Errorf("%s %s has no input member %q", svc.Name, op, name)
		}
		input[name] = value
		if sh := svc.Shape(in.Members[name].Shape); sh != nil && sh.Type != "string" {
			var v any
			if json.Unmarshal([]byte(value), &v) == nil {
				input[name] = v
			}
		}
	}
	if in == nil {
		return input, nil
	}
	var missing []string
	for _, r := range in.Required {
		if _, ok := input[r]; !ok {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s %s needs %s: :list %s %s %s=…, or fill its form from :services %s",
			svc.Name, op, strings.Join(missing, ", "), svc.Name, op, missing[0], svc.Name)
	}
	return input, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
