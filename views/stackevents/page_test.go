package stackevents

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

const wait = 30 * time.Second

// Deleting a stack from :cfn opens its events streaming in under the waiter's state, until the
// waiter ends: on moto, through the real action, confirmation and waiter.
func TestDeleteStackShowsItsEventsUntilTheWaiterEnds(t *testing.T) {
	srv := motoserver.StartShared(t)
	region := "ap-southeast-2"
	svc, err := model.Default().Load("cloudformation")
	if err != nil {
		t.Fatal(err)
	}
	cfn := invoke.New(srv.AWSConfig(region), svc, invoke.Options{})
	name := fmt.Sprintf("nimbus-events-%d", time.Now().UnixNano()%1_000_000)
	if _, err := cfn.Call(context.Background(), "CreateStack", map[string]any{"StackName": name,
		"TemplateBody": `{"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}, "Topic": {"Type": "AWS::SNS::Topic"}}}`}); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	catalog := clients.NewCatalog(env, model.Default())
	board := waitboard.New(ctx)
	pages := resources.NewPages(env, catalog, reg, board, nil, 0)
	pages.SetWaitDelay(100 * time.Millisecond)
	Attach(env, catalog, pages)
	cmds := tui.NewCommands()
	pages.Register(cmds)
	load := func(_ context.Context, _, r string) (aws.Config, error) { return srv.AWSConfig(r), nil }
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Components: []tui.Component{board},
		Session: tui.Session{Profile: "test", Region: region, Load: load},
		Start: func(s tui.Session) tui.Page {
			def, _ := reg.Lookup("cfn-stack")
			return pages.Open(s, def, def.ListInput(nil), "")
		}})
	d := tuitest.New(t, app, 150, 24)
	d.WaitForText(wait, name, "CREATE_COMPLETE")
	d.Key("/")
	d.Type(name)
	d.Key("enter")
	d.WaitFor("the cursor on the stack", wait, func(s string) bool { return strings.Contains(s, "▸ "+name) })
	d.Key("D")
	d.WaitForText(wait, "Delete "+name)
	d.Pump(400 * time.Millisecond) // the dialog ignores keys for its first 300 ms (confirm.grace)
	d.Type(name)
	d.Key("enter")
	// moto sends the stack's own events only (no resource events).
	d.WaitForText(wait, name+" › events", "TIME", "LOGICAL ID", "DELETE_COMPLETE", "DELETE_IN_PROGRESS", "User Initiated",
		"StackDeleteComplete ✓")
	if s := d.Screen(); strings.Contains(s, "CREATE_COMPLETE") {
		t.Errorf("events of the stack's creation are shown:\n%s", s)
	}
}

// Events are newest first and coloured by their status's theme role.
func TestEventsGolden(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(false), Clock: tuitest.NewClock(time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC))}
	p := New(env, nil, tui.Session{}, nil, Follow{Stack: "arn:aws:cloudformation:x", Name: "web", Waiter: "StackUpdateComplete", Target: "web"})
	p.loc = time.UTC
	p.SetSize(120, 8)
	at := func(s int) time.Time { return time.Date(2026, 12, 4, 16, 59, s, 0, time.UTC) }
	p.Update(tui.Result{Owner: p.tasks, Msg: eventsMsg{events: parse(map[string]any{"StackEvents": []any{
		map[string]any{"EventId": "1", "Timestamp": at(1), "LogicalResourceId": "web", "ResourceType": "AWS::CloudFormation::Stack", "ResourceStatus": "UPDATE_IN_PROGRESS"},
		map[string]any{"EventId": "3", "Timestamp": at(9), "LogicalResourceId": "Queue", "ResourceType": "AWS::SQS::Queue", "ResourceStatus": "UPDATE_FAILED", "ResourceStatusReason": "denied \x1b[31m"},
		map[string]any{"EventId": "2", "Timestamp": at(5), "LogicalResourceId": "Topic", "ResourceType": "AWS::SNS::Topic", "ResourceStatus": "UPDATE_COMPLETE"},
		map[string]any{"EventId": "4", "Timestamp": at(12), "LogicalResourceId": "web", "ResourceType": "AWS::CloudFormation::Stack", "ResourceStatus": "UPDATE_ROLLBACK_IN_PROGRESS"},
	}})}})
	tuitest.Golden(t, "events", p.View())
	if !p.ended {
		t.Error("a waiter that is not on the board did not end the page's polling")
	}
}

func TestColour(t *testing.T) {
	for status, want := range map[string]string{"CREATE_COMPLETE": "ok", "DELETE_IN_PROGRESS": "warn", "CREATE_FAILED": "err",
		"ROLLBACK_COMPLETE": "err", "UPDATE_ROLLBACK_IN_PROGRESS": "err", "DELETE_SKIPPED": ""} {
		if got := colour(status); got != want {
			t.Errorf("%s: %q, want %q", status, got, want)
		}
	}
}
