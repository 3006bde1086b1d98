package resources_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// putParameters creates n SSM parameters in region; moto lists them 10 to a page.
func putParameters(t *testing.T, srv *motoserver.Server, region string, n int) {
	t.Helper()
	svc, err := model.Default().Load("ssm")
	if err != nil {
		t.Fatal(err)
	}
	inv := invoke.New(srv.AWSConfig(region), svc, invoke.Options{})
	for i := range n {
		if _, err := inv.Call(context.Background(), "PutParameter", map[string]any{
			"Name": fmt.Sprintf("/app/p%02d", i), "Value": "v", "Type": "String",
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// jsonError is an error answer of the JSON protocols.
func jsonError(status int, code string) faultproxy.Fault {
	return faultproxy.StatusBody(status, `{"__type":"`+code+`","message":"injected by faultproxy"}`)
}

// parametersApp opens the SSM parameters page against endpoint (a fault proxy before moto).
func parametersApp(t *testing.T, srv *motoserver.Server, endpoint, region string) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	hub := resources.NewHub(env, clients.NewCatalog(env, model.Default()), reg, waitboard.New(ctx), nil, 0)
	load := func(_ context.Context, _, r string) (aws.Config, error) {
		cfg := srv.AWSConfig(r)
		cfg.BaseEndpoint = aws.String(endpoint)
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "test", Region: region, Load: load},
		Start: func(s tui.Session) tui.Page {
			def, _ := reg.Lookup("ssm-parameter")
			return hub.Open(s, def, def.ListInput(nil), "")
		},
	})
	return tuitest.New(t, app, 140, 30)
}

func TestCollectionFailingOnPage3StaysMarkedAndResumes(t *testing.T) {
	srv := freshMoto(t)
	putParameters(t, srv, "eu-south-1", 25)
	listing := faultproxy.NewListing(faultproxy.Target("AmazonSSM.DescribeParameters"), faultproxy.JSONToken("NextToken"))
	proxy := faultproxy.Start(t, srv.URL, listing.FailFrom(3, jsonError(500, "InternalError")))
	d := parametersApp(t, srv, proxy.URL, "eu-south-1")
	d.WaitForText(wait, "incomplete: 20 parameters, page 3 failed: InternalError — r retries from there", "/app/p19")
	if strings.Contains(d.Screen(), "/app/p20") {
		t.Fatalf("page 3 failed but its rows are shown:\n%s", d.Screen())
	}
	failed := listing.Tokens()
	last := failed[len(failed)-1]
	if last == "" || failed[0] != "" {
		t.Fatalf("tokens before the resume %q: want page 1 without a token and page 3 with one", failed)
	}

	listing.Heal()
	d.Key("r")
	d.WaitFor("every parameter", wait, func(s string) bool {
		return strings.Contains(s, " 25 parameters") && !strings.Contains(s, "incomplete") && !strings.Contains(s, "loading")
	})
	// r sent page 3's token again (the last good page's NextToken) and did not start over.
	if got, want := listing.Tokens(), append(failed, last); !slices.Equal(got, want) {
		t.Fatalf("tokens sent %q\nwant %q", got, want)
	}
}
