package views_test

import (
	"context"
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/logview"
	"github.com/nimbus-tui/nimbus/views/metricsview"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// Every page a row opens (t tails a log group, M charts an instance's metrics) has its key in the
// key map as resource.<type>.<page>, and the key map names no page that is not there: the keys
// used to be strings in the registrations, out of keys.json's reach.
func TestRowPagesAreTheKeyMapsResourceKeys(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(false)}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	catalog := clients.NewCatalog(env, model.Default())
	pages := resources.NewPages(env, catalog, reg, waitboard.New(ctx), nil, 0)
	logview.Register(tui.NewCommands(), logview.Deps{Env: env, Invokers: catalog, Pages: pages})
	metricsview.Register(metricsview.Deps{Env: env, Invokers: catalog, Pages: pages})
	registered := map[string]bool{}
	for _, def := range reg.Types() {
		for _, rp := range pages.RowPages(def.Type) {
			name := keymap.ResourceName(def.Type, rp.Name)
			registered[name] = true
			if b, ok := env.Keys.Lookup(name); !ok || !b.Enabled() {
				t.Errorf("row page %q of %s has no key in the key map (%s)", rp.Name, def.Type, name)
			}
		}
	}
	for _, d := range keymap.ResourceDefaults() {
		def, ok := reg.Lookup(d.Type)
		if !ok {
			t.Errorf("the key map names type %s, which no definition has", d.Type)
			continue
		}
		inYAML := slices.ContainsFunc(def.Actions, func(a resource.Action) bool { return a.Name == d.Action })
		if !inYAML && !registered[keymap.ResourceName(d.Type, d.Action)] {
			t.Errorf("the key map names %s, which is neither an action nor a row page", keymap.ResourceName(d.Type, d.Action))
		}
	}
}
