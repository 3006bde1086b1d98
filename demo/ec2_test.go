package demo_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// stepClock is a world clock the test moves. It is a world.Waiter: a live tail's wait ends when
// the test moves the clock past it.
type stepClock struct {
	mu    sync.Mutex
	now   time.Time
	moved chan struct{} // closed and replaced at each Advance
}

func newStepClock() *stepClock {
	return &stepClock{now: time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC), moved: make(chan struct{})}
}

func (c *stepClock) WaitUntil(ctx context.Context, t time.Time) bool {
	for {
		c.mu.Lock()
		now, moved := c.now, c.moved
		c.mu.Unlock()
		if !now.Before(t) {
			return true
		}
		select {
		case <-moved:
		case <-ctx.Done():
			return false
		}
	}
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	close(c.moved)
	c.moved = make(chan struct{})
	c.mu.Unlock()
}

// instanceByName lists the instances and returns the one with the Name tag.
func instanceByName(t *testing.T, out map[string]any, name string) map[string]any {
	t.Helper()
	for _, r := range out["Reservations"].([]any) {
		for _, i := range r.(map[string]any)["Instances"].([]any) {
			in := i.(map[string]any)
			for _, tag := range in["Tags"].([]any) {
				if tg := tag.(map[string]any); tg["Key"] == "Name" && tg["Value"] == name {
					return in
				}
			}
		}
	}
	t.Fatalf("no instance named %s", name)
	return nil
}

func stateOf(in map[string]any) any { return in["State"].(map[string]any)["Name"] }

// Stopping an instance takes StoppingFor on the world's clock; the engine's waiter sees it
// stopping on every poll until then.
func TestStopInstanceTakesItsTime(t *testing.T) {
	clock := newStepClock()
	srv := startWorld(t, clock)
	ec2 := caller(t, srv, world.Dev, "us-east-1", "ec2")
	ctx := context.Background()
	out, err := ec2.Call(ctx, "DescribeInstances", nil)
	if err != nil {
		t.Fatal(err)
	}
	web := instanceByName(t, out, "dev-web-1")
	id := web["InstanceId"].(string)
	if stateOf(web) != "running" {
		t.Fatalf("dev-web-1 is %v, want running", stateOf(web))
	}
	stop, err := ec2.Call(ctx, "StopInstances", map[string]any{"InstanceIds": []any{id}})
	if err != nil {
		t.Fatal(err)
	}
	ch := stop["StoppingInstances"].([]any)[0].(map[string]any)
	if ch["CurrentState"].(map[string]any)["Name"] != "stopping" || ch["PreviousState"].(map[string]any)["Name"] != "running" {
		t.Errorf("StopInstances answered %v", ch)
	}
	svcModel := ec2.Service()
	w, _, _ := svcModel.Waiter("InstanceStopped")
	var states []any
	res, err := waiter.Run(ctx, ec2, w, map[string]any{"InstanceIds": []any{id}}, waiter.Options{
		Delay: time.Millisecond,
		OnAttempt: func(a waiter.Attempt) {
			states = append(states, a.Observed)
			clock.Advance(2 * time.Second)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Polls at 0, 2, 4, 6 s see stopping; the one at 8 s (StoppingFor) sees stopped.
	if res.Attempts != 5 || int(world.StoppingFor/(2*time.Second))+1 != 5 {
		t.Errorf("the waiter took %d attempts (%v), want 5", res.Attempts, states)
	}
	out, err = ec2.Call(ctx, "DescribeInstances", map[string]any{"InstanceIds": []any{id}})
	if err != nil {
		t.Fatal(err)
	}
	if got := stateOf(instanceByName(t, out, "dev-web-1")); got != "stopped" {
		t.Errorf("after the waiter dev-web-1 is %v", got)
	}
	if _, ok := instanceByName(t, out, "dev-web-1")["PublicIpAddress"]; ok {
		t.Error("a stopped instance keeps its public address")
	}

	// Starting: pending for PendingFor, then running.
	if _, err := ec2.Call(ctx, "StartInstances", map[string]any{"InstanceIds": []any{id}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(world.PendingFor - time.Second)
	out, _ = ec2.Call(ctx, "DescribeInstances", map[string]any{"Filters": []any{map[string]any{"Name": "instance-state-name", "Values": []any{"pending"}}}})
	if got := stateOf(instanceByName(t, out, "dev-web-1")); got != "pending" {
		t.Errorf("%v before PendingFor: %v", world.PendingFor-time.Second, got)
	}
	clock.Advance(time.Second)
	out, _ = ec2.Call(ctx, "DescribeInstances", map[string]any{"Filters": []any{map[string]any{"Name": "tag:Name", "Values": []any{"dev-web-*"}}}})
	if got := stateOf(instanceByName(t, out, "dev-web-1")); got != "running" {
		t.Errorf("after PendingFor: %v", got)
	}
	if n := len(out["Reservations"].([]any)); n != 2 {
		t.Errorf("tag:Name=dev-web-* matched %d instances, want 2", n)
	}

	// Terminating: shutting-down, then terminated; starting it again is refused.
	if _, err := ec2.Call(ctx, "TerminateInstances", map[string]any{"InstanceIds": []any{id}}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(world.ShuttingDownFor)
	out, _ = ec2.Call(ctx, "DescribeInstances", map[string]any{"InstanceIds": []any{id}})
	if got := stateOf(instanceByName(t, out, "dev-web-1")); got != "terminated" {
		t.Errorf("after ShuttingDownFor: %v", got)
	}
	if _, err := ec2.Call(ctx, "StartInstances", map[string]any{"InstanceIds": []any{id}}); err == nil {
		t.Error("a terminated instance started")
	}
}

// The regions and accounts hold different instances.
func TestRegionsHoldDifferentInstances(t *testing.T) {
	srv := startWorld(t, nil)
	count := func(a world.Account, region string) int {
		out, err := caller(t, srv, a, region, "ec2").Call(context.Background(), "DescribeInstances", nil)
		if err != nil {
			t.Fatal(err)
		}
		return len(out["Reservations"].([]any))
	}
	got := [][2]int{{count(world.Dev, "us-east-1"), count(world.Dev, "eu-west-1")}, {count(world.Prod, "us-east-1"), count(world.Prod, "eu-west-1")}}
	want := [][2]int{{7, 2}, {2, 10}}
	if got[0] != want[0] || got[1] != want[1] {
		t.Errorf("instances per account and region (us-east-1, eu-west-1): dev %v prod %v, want %v %v", got[0], got[1], want[0], want[1])
	}
	if n := count(world.Dev, "ap-south-1"); n != 0 {
		t.Errorf("a region outside the demo holds %d instances", n)
	}
}

// The other EC2 collections list, with filters as the resource pages send them.
func TestEC2Collections(t *testing.T) {
	srv := startWorld(t, nil)
	ec2 := caller(t, srv, world.Dev, "us-east-1", "ec2")
	ctx := context.Background()
	for op, key := range map[string]string{"DescribeVpcs": "Vpcs", "DescribeSubnets": "Subnets", "DescribeSecurityGroups": "SecurityGroups",
		"DescribeVolumes": "Volumes", "DescribeKeyPairs": "KeyPairs", "DescribeAvailabilityZones": "AvailabilityZones"} {
		out, err := ec2.Call(ctx, op, nil)
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		if len(out[key].([]any)) == 0 {
			t.Errorf("%s: no %s", op, key)
		}
	}
	out, err := ec2.Call(ctx, "DescribeInstances", nil)
	if err != nil {
		t.Fatal(err)
	}
	db := instanceByName(t, out, "dev-db-1")
	vols, err := ec2.Call(ctx, "DescribeVolumes", map[string]any{"Filters": []any{map[string]any{"Name": "attachment.instance-id", "Values": []any{db["InstanceId"]}}}})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(vols["Volumes"].([]any)); n != 2 {
		t.Errorf("dev-db-1 has %d volumes, want root and data", n)
	}
	if _, err := ec2.Call(ctx, "DescribeSnapshots", map[string]any{"OwnerIds": []any{"self"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ec2.Call(ctx, "DescribeImages", map[string]any{"Owners": []any{"self"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ec2.Call(ctx, "DescribeVpcs", map[string]any{"Filters": []any{map[string]any{"Name": "no-such-filter", "Values": []any{"x"}}}}); err == nil {
		t.Error("an unknown filter was accepted")
	}
}
