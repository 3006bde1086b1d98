package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// TestStopAnInstanceAsAPersonWould: :ec2, select an instance, stop it, confirm, see the waiter
// finish and the row read stopped — on moto, through the real binary.
func TestStopAnInstanceAsAPersonWould(t *testing.T) {
	srv := motoserver.Start(t)
	svc, err := model.Default().Load("ec2")
	if err != nil {
		t.Fatal(err)
	}
	out, err := invoke.New(srv.AWSConfig("eu-central-1"), svc, invoke.Options{}).Call(context.Background(), "RunInstances",
		map[string]any{"ImageId": "ami-12c6146b", "MinCount": 2, "MaxCount": 2, "InstanceType": "t3.micro"})
	if err != nil {
		t.Fatal(err)
	}
	target := out["Instances"].([]any)[1].(map[string]any)["InstanceId"].(string)

	term := startTerminal(t, "env AWS_ACCESS_KEY_ID="+motoserver.AccessKeyID+" AWS_SECRET_ACCESS_KEY="+motoserver.SecretAccessKey+
		" AWS_REGION=eu-central-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "+
		nimbusBin+" --endpoint-url "+srv.URL)
	term.waitFor("eu-central-1", "s3")
	term.keys(":")
	term.text("ec2")
	term.keys("Enter")
	term.waitFor("instances", target, "running")

	// Put the cursor on the target and select it with space, then stop through the actions menu.
	if !cursorOn(term.screen(), target) {
		term.keys("j")
	}
	if !term.poll(func(s string) bool { return cursorOn(s, target) }) {
		t.Fatalf("could not put the cursor on %s:\n%s", target, term.screen())
	}
	term.keys("Space")
	term.waitFor("1 selected")
	term.keys("a")
	term.waitFor("│ actions ", "stop")
	term.keys("/")
	term.text("stop")
	term.keys("Enter")
	if !term.poll(func(s string) bool { return strings.Contains(s, "▸ stop") }) {
		t.Fatalf("the filter did not put the cursor on stop:\n%s", term.screen())
	}
	term.keys("Enter")
	term.waitFor("Stop", target, "y / enter confirm")
	term.confirm()
	term.waitFor("InstanceStopped")
	if !term.poll(func(s string) bool { return rowReads(s, target, "stopped") }) {
		t.Fatalf("the row never read stopped:\n%s", term.screen())
	}
	s := term.screen()
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, target) && strings.Contains(l, "running") {
			t.Fatalf("the stopped instance still reads running:\n%s", s)
		}
	}
}

func cursorOn(screen, id string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "▸") && strings.Contains(l, id) {
			return true
		}
	}
	return false
}

func rowReads(screen, id, state string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, id) && strings.Contains(l, state) {
			return true
		}
	}
	return false
}

// poll reports whether the screen satisfies ok within a few seconds.
func (term *terminal) poll(ok func(string) bool) bool {
	for range 200 {
		if ok(term.screen()) {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}
