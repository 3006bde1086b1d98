package resources_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// The README's claims about the resource pages, each held by a test.

func command(d *tuitest.Driver, line string) {
	d.Key(":")
	d.Type(line)
	d.Key("enter")
}

func callIn(t *testing.T, srv *motoserver.Server, region, service, op string, input map[string]any) map[string]any {
	t.Helper()
	svc, err := model.Default().Load(service)
	if err != nil {
		t.Fatal(err)
	}
	out, err := invoke.New(srv.AWSConfig(region), svc, invoke.Options{}).Call(context.Background(), op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", service, op, err)
	}
	return out
}

// pick filters a picker for name and chooses it.
func pick(d *tuitest.Driver, name string) {
	d.Key("/")
	d.Type(name)
	d.Key("enter")
	d.WaitFor("the "+name+" row", wait, func(s string) bool { return strings.Contains(s, "▸ "+name) })
	d.Key("enter")
}

// "W waits on a row for a state you choose", ":waiters lists every running waiter (x cancels one)".
func TestWaitOnARowThenCancelItOnTheWaitersPage(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "us-west-1", 1)
	// The instance is running: InstanceStopped polls until cancelled (an hour between polls).
	d := startApp(t, srv, appConfig{region: "us-west-1", waitDelay: time.Hour})
	loaded(d, ids[0])
	d.Key("W")
	d.WaitForText(wait, "│ wait for ", "InstanceStopped", "InstanceTerminated")
	pick(d, "InstanceStopped")
	d.WaitFor("the row's waiter", wait, func(s string) bool { return rowHas(s, ids[0], "⟳ 1/") })
	command(d, "waiters")
	d.WaitFor("the waiter on the board", wait, func(s string) bool { return rowHas(s, "InstanceStopped", ids[0], "⟳") })
	d.Key("x")
	d.WaitForText(wait, "cancelling InstanceStopped")
	d.WaitFor("the waiter to end", wait, func(s string) bool {
		return rowHas(s, "InstanceStopped", ids[0], "✗") && !strings.Contains(s, "⟳")
	})
}

func rowHas(screen string, texts ...string) bool {
	for _, l := range strings.Split(screen, "\n") {
		all := true
		for _, t := range texts {
			if !strings.Contains(l, t) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// ":list SERVICE OPERATION opens any paginated List/Describe operation as a collection."
func TestListAnyPaginatedOperation(t *testing.T) {
	srv := freshMoto(t)
	region := "us-west-2"
	var names []string
	for i := range 3 {
		name := fmt.Sprintf("listed-%d", i)
		callIn(t, srv, region, "sqs", "CreateQueue", map[string]any{"QueueName": name})
		names = append(names, name)
	}
	d := startApp(t, srv, appConfig{region: region})
	d.WaitForText(wait, "instances")
	command(d, "list sqs ListQueues")
	d.WaitForText(wait, append([]string{"queue urls", "3 queue urls"}, names...)...)
	command(d, "list sqs")
	d.WaitForText(wait, "usage: :list SERVICE OPERATION")
}

// "enter drills into the default sub-resource (log group → streams → events)".
func TestEnterDrillsIntoTheDefaultSubResource(t *testing.T) {
	srv := freshMoto(t)
	region := "ap-east-1"
	callIn(t, srv, region, "logs", "CreateLogGroup", map[string]any{"logGroupName": "/app/web"})
	callIn(t, srv, region, "logs", "CreateLogStream", map[string]any{"logGroupName": "/app/web", "logStreamName": "web-1"})
	callIn(t, srv, region, "logs", "PutLogEvents", map[string]any{"logGroupName": "/app/web", "logStreamName": "web-1",
		"logEvents": []any{map[string]any{"timestamp": time.Now().UnixMilli(), "message": "hello from web-1"}}})
	d := startApp(t, srv, appConfig{region: region})
	d.WaitForText(wait, "instances")
	command(d, "logs")
	loaded(d, "/app/web")
	d.Key("enter")
	d.WaitForText(wait, "/app/web › streams", "web-1")
	loaded(d, "web-1")
	d.Key("enter")
	d.WaitForText(wait, "web-1 › events", "hello from web-1")
}

// "enter drills into the default sub-resource (instance → volumes …)": it opened describe.
func TestEnterOnAnInstanceListsItsVolumes(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "me-south-1", 1)
	d := startApp(t, srv, appConfig{region: "me-south-1"})
	loaded(d, ids[0])
	d.Key("enter")
	d.WaitForText(wait, ids[0]+" › volumes", "vol-")
}
