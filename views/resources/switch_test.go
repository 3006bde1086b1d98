package resources_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// Switching from a working profile to a failing one never shows the old profile's rows under the
// new name: not while the new session loads, not after it failed, not after r.
func TestSwitchToAFailingProfileDropsTheOldRows(t *testing.T) {
	srv := freshMoto(t)
	putParameters(t, srv, "eu-south-1", 3)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	pages := resources.NewPages(env, clients.NewCatalog(env, model.Default()), reg, waitboard.New(ctx), nil, 0)
	release := make(chan struct{})
	load := func(ctx context.Context, profile, r string) (aws.Config, error) {
		if profile == "broken" {
			select {
			case <-release:
			case <-ctx.Done():
				return aws.Config{}, ctx.Err()
			}
			return aws.Config{}, errors.New("no credentials for profile broken")
		}
		return srv.AWSConfig(r), nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "works", Region: "eu-south-1", Load: load},
		Start: func(s tui.Session) tui.Page {
			def, _ := reg.Lookup("ssm-parameter")
			return pages.Open(s, def, def.ListInput(nil), "")
		},
	})
	d := tuitest.New(t, app, 140, 30)
	d.WaitForText(wait, "/app/p00", "3 parameters")

	d.Send(tui.SwitchSessionMsg{Profile: "broken"})
	d.WaitForText(wait, "broken", "loading")
	if s := d.Screen(); strings.Contains(s, "/app/p0") {
		t.Fatalf("the old profile's rows are shown while the new one loads:\n%s", s)
	}
	close(release)
	d.WaitForText(wait, "no credentials for profile broken")
	if s := d.Screen(); strings.Contains(s, "/app/p0") {
		t.Fatalf("the old profile's rows are shown after the new one failed:\n%s", s)
	}
	d.Key("r")
	d.WaitForText(wait, "no credentials for profile broken")
	if s := d.Screen(); strings.Contains(s, "/app/p0") {
		t.Fatalf("r brought the old profile's rows back:\n%s", s)
	}
}
