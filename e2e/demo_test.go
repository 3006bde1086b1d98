package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rowOf is the screen line holding name ("" when none does).
func rowOf(screen, name string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, name) {
			return l
		}
	}
	return ""
}

var (
	attemptRE = regexp.MustCompile(`⟳ (\d+)`)
	linesRE   = regexp.MustCompile(`(\d[\d,]*) lines`)
)

// The demo world as a newcomer meets it: :ec2, stop an instance and watch its waiter poll until
// the row says stopped; :tail the web logs, live; :cfn and update a stack, its events coming in
// beside the waiter; P to demo-prod, another account, read-only; :services to a service the
// world does not hold, where a read still runs. The world's clock runs twice as fast (the waiter
// polls twice as often with it), so the stop takes 4 s instead of 8.
func TestDemoWorldAsANewcomer(t *testing.T) {
	term := startTerminalEnv(t, []string{"NO_COLOR=1", "NIMBUS_DEMO_SPEED=2"}, nimbusBin+" --demo")
	term.waitFor("DEMO", "demo-photos", "demo-dev", "111111111111")

	term.keys(":")
	term.text("ec2")
	term.keys("Enter")
	s := term.waitFor("instances", "dev-web-1", "dev-worker-1")
	if row := rowOf(s, "dev-web-1"); !strings.Contains(row, "running") || !strings.Contains(rowOf(s, "▸"), "dev-web-1") {
		t.Fatalf("dev-web-1 should be running under the cursor:\n%s", s)
	}
	term.keys("X")
	term.waitFor("Stop dev-web-1", "y / enter confirm")
	term.confirm()
	// Every attempt the row shows, until it says stopped.
	most := 0
	deadline := time.Now().Add(30 * time.Second)
	for {
		row := rowOf(term.screen(), "dev-web-1")
		if m := attemptRE.FindStringSubmatch(row); m != nil {
			n, _ := strconv.Atoi(m[1])
			most = max(most, n)
		}
		if strings.Contains(row, "stopped") && !strings.Contains(row, "⟳") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("dev-web-1 did not stop in 30 s:\n%s", term.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("the row showed up to %d attempts", most)
	if most < 3 {
		t.Errorf("the row showed %d waiter attempts before stopped, want at least 3", most)
	}

	// The web group's first stream gets a line every second at this speed: the tail is live
	// (StartLiveTail over event-stream frames) and its count of lines grows.
	term.keys(":")
	term.text("tail /dev/web")
	term.keys("Enter")
	s = term.waitFor("tail /dev/web", "● live tail", "following")
	if strings.Contains(s, "no live tail") || strings.Contains(s, "polling") {
		t.Fatalf("the demo's tail is not live:\n%s", s)
	}
	first := linesRE.FindStringSubmatch(s)
	if first == nil {
		t.Fatalf("no count of lines:\n%s", s)
	}
	if !term.poll(func(s string) bool {
		m := linesRE.FindStringSubmatch(s)
		return m != nil && m[1] != first[1] && strings.Contains(s, "● live tail")
	}) {
		t.Fatalf("the live tail got no new line after %s lines:\n%s", first[1], term.screen())
	}

	// :cfn, U on dev-app: the form holds its parameters; a new DesiredCapacity goes out with the
	// previous template, and the stack's events come in beside the waiter until it is done (the
	// update runs 10 s at this speed, the page polls every 3 s).
	term.keys(":")
	term.text("cfn")
	term.keys("Enter")
	term.waitFor("stacks", "dev-app", "dev-network")
	term.keys("/")
	term.text("dev-app")
	term.keys("Enter")
	if !term.poll(func(s string) bool { return strings.Contains(s, "▸ dev-app") }) {
		t.Fatalf("the cursor is not on dev-app:\n%s", term.screen())
	}
	term.keys("U")
	term.waitFor("UpdateStack", "▸ Parameters", `"ParameterValue":"dev"}]`)
	term.keys("C-u")
	term.text(`[{"ParameterKey":"InstanceType","ParameterValue":"t3.small"},{"ParameterKey":"DesiredCapacity","ParameterValue":"4"},{"ParameterKey":"Environment","ParameterValue":"dev"}]`)
	term.keys("C-s")
	term.waitFor("Update dev-app", "y / enter confirm")
	term.confirm()
	s = term.waitFor("dev-app › events", "UPDATE_IN_PROGRESS", "StackUpdateComplete ⟳")
	if strings.Contains(s, "UPDATE_COMPLETE_CLEANUP") {
		t.Errorf("the update's end shown at its start:\n%s", s)
	}
	term.waitFor("UPDATE_COMPLETE_CLEANUP_IN_", "AutoScalingGroup", "StackUpdateComplete ✓") // the one that refers to DesiredCapacity

	term.keys("P")
	term.waitFor("demo-prod")
	term.keys("/")
	term.text("prod")
	term.keys("Enter")
	if !term.poll(func(s string) bool { return strings.Contains(s, "▸ demo-prod") }) {
		t.Fatalf("the picker's cursor is not on demo-prod:\n%s", term.screen())
	}
	term.keys("Enter")
	s = term.waitFor("222222222222", "READ-ONLY", "eu-west-1")
	if strings.Contains(s, "111111111111") {
		t.Errorf("the header still shows the dev account:\n%s", s)
	}

	term.openOperation("kinesis", "ListStreams")
	term.keys("C-s")
	s = term.waitFor("ListStreams ›", "0 stream names")
	if strings.Contains(s, "✗") {
		t.Errorf("a read outside the demo's services failed:\n%s", s)
	}
}
