package clients_test

import (
	"context"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
)

// The services page's help used to list r refresh, which did nothing there: the help was a list
// of its own beside the key switch. Now both come from one action table.
func TestServicesHelpListsOnlyKeysThatWork(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	p := clients.NewCatalog(env, model.Default()).Services(tui.Session{})
	var descs []string
	for _, g := range p.Keys().FullHelp() {
		for _, b := range g {
			descs = append(descs, b.Help().Desc)
			if key.Matches(tuitest.KeyPress("r"), b) {
				t.Errorf("the help offers %q on r, which the services page does not handle", b.Help().Desc)
			}
		}
	}
	if len(descs) == 0 {
		t.Fatal("no keys at all")
	}
}
