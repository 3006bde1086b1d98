package clients_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views"
	"github.com/nimbus-tui/nimbus/views/clients"
)

// proxiedApp is newApp in region, reaching moto through endpoint (a fault proxy).
func proxiedApp(t *testing.T, srv *motoserver.Server, endpoint, region string) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	lib := model.Default()
	catalog := clients.NewCatalog(env, lib)
	withCollections(t, env, catalog)
	cmds := tui.NewCommands()
	views.Register(cmds, views.Deps{Env: env, Catalog: catalog, Models: lib})
	load := func(_ context.Context, _, r string) (aws.Config, error) {
		cfg := srv.AWSConfig(r)
		cfg.BaseEndpoint = aws.String(endpoint)
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Start: catalog.Services,
		Session: tui.Session{Profile: "test", Region: region, Load: load},
	})
	return tuitest.New(t, app, 140, 30)
}

func TestCollectionPageFailingOnPage3StaysMarkedAndResumes(t *testing.T) {
	srv := motoserver.StartShared(t)
	region := "eu-central-2"
	svc, err := model.Default().Load("ssm")
	if err != nil {
		t.Fatal(err)
	}
	inv := invoke.New(srv.AWSConfig(region), svc, invoke.Options{})
	for i := range 25 { // moto lists 10 parameters a page
		name := fmt.Sprintf("/partial/p%02d", i)
		if _, err := inv.Call(context.Background(), "PutParameter", map[string]any{"Name": name, "Value": "v", "Type": "String", "Overwrite": true}); err != nil {
			t.Fatal(err)
		}
	}
	listing := faultproxy.NewListing(faultproxy.Target("AmazonSSM.DescribeParameters"), faultproxy.JSONToken("NextToken"))
	proxy := faultproxy.Start(t, srv.URL, listing.FailFrom(3, faultproxy.StatusBody(500, `{"__type":"InternalError","message":"injected"}`)))
	d := proxiedApp(t, srv, proxy.URL, region)
	openOperation(t, d, "ssm", "DescribeParameters")
	d.Key("ctrl+s")
	d.WaitForText(wait, "› DescribeParameters", "incomplete: 20 parameters, page 3 failed: InternalError — r retries from there")
	failed := listing.Tokens()

	listing.Heal()
	d.Key("r")
	d.WaitFor("every parameter", wait, func(s string) bool {
		return strings.Contains(s, " 25 parameters") && !strings.Contains(s, "incomplete") && !strings.Contains(s, "loading")
	})
	if got, want := listing.Tokens(), append(failed, failed[len(failed)-1]); !slices.Equal(got, want) || want[len(want)-1] == "" {
		t.Fatalf("tokens sent %q\nwant %q (page 3's token again, no restart)", got, want)
	}
}
