package resources

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// OpenOperation is the collection of a paginated operation called from the services form with
// the form's input: the same page and generic definition as `:list SERVICE OPERATION`, so both
// show an operation the same way. snip is the call's aws CLI / boto3 equivalent, shown with
// each item; it refreshes on r only. secret, when set, says why the listing reveals a secret: it runs once (after the
// form's confirmation), and r asks again before it lists again.
func (ps *Pages) OpenOperation(s tui.Session, svc *model.Service, op string, input map[string]any, snip docpage.Snippet, secret string) (tui.Page, error) {
	def, err := ps.registry.GenericOperation(svc, op)
	if err != nil {
		return nil, err
	}
	p := newCollectionPage(ps, s, def, input, def.List.Operation)
	p.acts.snippet, p.secret = snip, secret
	// A call the user ran (a Scan may read a whole table) runs again when asked (r), not every
	// 30 s; a secret listing only after a confirmation.
	p.refresh = pagekit.AutoRefresh{}
	return p, nil
}

// revealMsg is a confirmed reveal of a secret listing.
type revealMsg struct{}

// revealAgain confirms before a secret listing runs again.
func (p *collectionPage) revealAgain() tea.Cmd {
	return confirm.Open(p.Env, confirm.Request{
		Title:     fmt.Sprintf("Reveal a secret again: %s %s", p.def.Service, p.def.List.Operation),
		Targets:   []string{p.session.Profile + " · " + p.session.Region},
		Detail:    "shows a secret on screen: " + p.secret,
		Confirmed: revealMsg{},
	})
}
