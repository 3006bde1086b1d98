package resources

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

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
		Name: "list", Usage: "list SERVICE OPERATION",
		Help: "any paginated List/Describe operation as a collection, e.g. :list elbv2 DescribeLoadBalancers",
		Run: func(s tui.Session, args []string) tea.Cmd {
			if len(args) != 2 {
				return tui.Error(errors.New("usage: :list SERVICE OPERATION (e.g. :list sqs ListQueues)"))
			}
			svc, err := ps.catalog.Models().Load(args[0])
			if err != nil {
				return tui.Error(err)
			}
			def, err := ps.registry.Generic(svc, args[1])
			if err != nil {
				return tui.Error(err)
			}
			return tui.Replace(ps.Open(s, def, def.ListInput(nil), def.Title))
		},
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
