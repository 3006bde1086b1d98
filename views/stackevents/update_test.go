package stackevents

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/demo/world"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// Updating a demo stack from :cfn (U): the form holds the stack's parameters, the new value
// goes out with the previous template, and the stack's events stream in beside the
// StackUpdateComplete waiter until it succeeds. The world, the page's polls and the board run
// on one stepped clock; the waiter polls the world every 20 ms of real time and sees it move
// only when the test moves the clock.
func TestUpdateStackOnTheDemo(t *testing.T) {
	clock := tuitest.NewClock(time.Now().UTC().Truncate(time.Second))
	srv, err := demo.StartWith(context.Background(), demo.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	catalog := clients.NewCatalog(env, model.Default())
	board := waitboard.NewWithClock(ctx, clock)
	pages := resources.NewPages(env, catalog, reg, board, nil, 0)
	pages.SetWaitDelay(20 * time.Millisecond)
	Attach(env, catalog, pages)
	cmds := tui.NewCommands()
	pages.Register(cmds)
	load := func(_ context.Context, _, r string) (aws.Config, error) {
		return aws.Config{Region: r, BaseEndpoint: aws.String(srv.URL),
			Credentials: credentials.NewStaticCredentialsProvider(world.Dev.AccessKey, world.Dev.SecretKey, "")}, nil
	}
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Components: []tui.Component{board},
		Session: tui.Session{Profile: world.Dev.Profile, Region: "us-east-1", Load: load},
		Start: func(s tui.Session) tui.Page {
			def, _ := reg.Lookup("cfn-stack")
			return pages.Open(s, def, def.ListInput(nil), "")
		}})
	d := tuitest.New(t, app, 160, 30)
	d.WaitForText(wait, "dev-app", "dev-network", "CREATE_COMPLETE")
	d.Key("/")
	d.Type("dev-app")
	d.Key("enter")
	d.WaitFor("the cursor on dev-app", wait, func(s string) bool { return strings.Contains(s, "▸ dev-app") })
	d.Key("U")
	d.WaitFor("the form on Parameters", wait, func(s string) bool { return strings.Contains(s, "▸ Parameters") })
	if s := d.Screen(); !strings.Contains(s, `"ParameterValue":"dev"}]`) || !strings.Contains(s, "UsePreviousTemplate           boolean               true") {
		t.Fatalf("the form does not hold the stack's parameters and its previous template:\n%s", s)
	}
	d.Key("ctrl+u") // the line before the cursor, which the form leaves at its end
	// A new InstanceType updates the LaunchTemplate and the AutoScalingGroup that reads its
	// version; the other resources do not change.
	d.Type(`[{"ParameterKey":"InstanceType","ParameterValue":"t3.large"},{"ParameterKey":"DesiredCapacity","ParameterValue":"4"},{"ParameterKey":"Environment","ParameterValue":"dev"}]`)
	d.Key("ctrl+s")
	d.WaitForText(wait, "Update dev-app", "cloudformation UpdateStack in demo-dev")
	clock.Advance(400 * time.Millisecond) // the dialog ignores keys for its first 300 ms (confirm.grace)
	d.Key("y")

	// The world's clock stands still: the update has begun, the waiter retries.
	d.WaitForText(wait, "dev-app › events", "UPDATE_IN_PROGRESS", "User Initiated", "StackUpdateComplete ⟳")
	if s := d.Screen(); strings.Contains(s, "UPDATE_COMPLETE") || strings.Contains(s, "LaunchTemplate") {
		t.Fatalf("events of a world that has not moved:\n%s", s)
	}
	// Every 3 s the page polls the events; the resources update one after the other.
	stepped := 0
	step := func() {
		t.Helper()
		// Wait for the page to sleep until its next poll (an Advance before would be missed).
		d.WaitFor("the page waiting for its next poll", wait, func(string) bool {
			w, ok := clock.NextWake()
			return ok && w == Every
		})
		clock.Advance(Every)
		stepped++
	}
	step()
	step()
	step()
	d.WaitForText(wait, "LaunchTemplate", "AWS::EC2::LaunchTemplate", "UPDATE_COMPLETE", "AutoScalingGroup")
	if s := d.Screen(); strings.Contains(s, "StackUpdateComplete ✓") || strings.Contains(s, "CLEANUP") {
		t.Fatalf("9 s into a 20 s update:\n%s", s)
	}
	for time.Duration(stepped)*Every < world.StackUpdateFor {
		step()
	}
	d.WaitForText(wait, "UPDATE_COMPLETE_CLEANUP_IN_", "AutoScalingGroup", "StackUpdateComplete ✓")
	if s := d.Screen(); strings.Contains(s, "HighCpuAlarm") || strings.Contains(s, "TargetGroup") {
		t.Errorf("resources the update does not change have events:\n%s", s)
	}
	d.WaitFor("the stack's own UPDATE_COMPLETE on the page", wait, func(s string) bool {
		return strings.Contains(rowWith(s, "AWS::CloudFormation::Stack    UPDATE_COMPLETE "), "dev-app")
	})
}

// rowWith is the first screen line holding text ("" when none does).
func rowWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}
