package resource_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
)

func unique(prefix string) string { return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()) }

func action(t *testing.T, d *resource.Def, name string) resource.Action {
	t.Helper()
	for _, a := range d.Actions {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("%s has no action %q", d.Type, name)
	return resource.Action{}
}

func child(t *testing.T, d *resource.Def, name string) resource.Child {
	t.Helper()
	for _, c := range d.Children {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("%s has no child %q", d.Type, name)
	return resource.Child{}
}

func cellsByTitle(d *resource.Def, item any) map[string]resource.Cell {
	cells := d.Cells(item, time.Now())
	m := make(map[string]resource.Cell, len(cells))
	for i, c := range d.Columns {
		m[c.Title] = cells[i]
	}
	return m
}

func ids(d *resource.Def, rows []resource.Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, d.ID(r.Item))
	}
	sort.Strings(out)
	return out
}

// runInstances starts n tagged instances and returns their ids and AZ.
func runInstances(env *resourcetest.Env, name string, n int, groups ...any) ([]string, string) {
	in := map[string]any{
		"ImageId": "ami-12c6146b", "InstanceType": "t2.micro", "MinCount": n, "MaxCount": n,
		"TagSpecifications": []any{map[string]any{"ResourceType": "instance",
			"Tags": []any{map[string]any{"Key": "Name", "Value": name}}}},
	}
	if len(groups) > 0 {
		in["SecurityGroupIds"] = groups
	}
	out := env.Seed("ec2", "RunInstances", in)
	var ids []string
	var az string
	for _, it := range out["Instances"].([]any) {
		m := it.(map[string]any)
		ids = append(ids, m["InstanceId"].(string))
		az = m["Placement"].(map[string]any)["AvailabilityZone"].(string)
	}
	sort.Strings(ids)
	return ids, az
}

// ec2InstanceLifecycleCase lists seeded instances through the Def, describes one, stops two with
// one multi-row call, waits for InstanceStopped on each row and reads "stopped" in the refreshed
// row's state cell.
// It runs on both backends (backends_test.go).
func ec2InstanceLifecycleCase(t *testing.T, env *resourcetest.Env) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d := env.Def("ec2")
	if d.Type != "instance" {
		t.Fatalf(":ec2 opens %s", d.Type)
	}
	name := unique("web")
	seeded, az := runInstances(env, name, 2)
	// Launched instances are pending a while in AWS (and the demo); moto runs them at once.
	running, _, _ := env.Service("ec2").Waiter("InstanceRunning")
	if _, err := waiter.Run(ctx, env.Caller("ec2"), running, map[string]any{"InstanceIds": anyStrings(seeded)},
		waiter.Options{Delay: 50 * time.Millisecond, MaxAttempts: 100}); err != nil {
		t.Fatalf("waiting for the new instances to run: %v", err)
	}

	// List with a server-side filter on the Name tag, as a child or a user filter would.
	input := d.ListInput(map[string]any{"Filters": []any{map[string]any{"Name": "tag:Name", "Values": []any{name}}}})
	rows := env.List(d, input)
	if got := ids(d, rows); !slices.Equal(got, seeded) {
		t.Fatalf("listed %v, want %v", got, seeded)
	}
	row := env.Find(d, rows, seeded[0])
	cells := cellsByTitle(d, row.Item)
	for title, want := range map[string]string{"ID": seeded[0], "NAME": name, "STATE": "running", "TYPE": "t2.micro", "AZ": az} {
		if cells[title].Text != want {
			t.Errorf("cell %s = %q, want %q", title, cells[title].Text, want)
		}
	}
	if cells["STATE"].State != resource.StateOK {
		t.Errorf("running classified %q", cells["STATE"].State)
	}
	if cells["PRIVATE IP"].Text == "" || cells["LAUNCHED"].Sort == 0 {
		t.Errorf("private IP %q, launched %+v", cells["PRIVATE IP"].Text, cells["LAUNCHED"])
	}
	if d.DisplayName(row.Item) != name {
		t.Errorf("DisplayName = %q", d.DisplayName(row.Item))
	}

	described, err := d.Describe(ctx, env.Caller("ec2"), row)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID(described) != seeded[0] {
		t.Errorf("Describe gave %v", d.ID(described))
	}

	// Stop both rows with one call ({ids}), then one waiter per row.
	stop := action(t, d, "stop")
	if stop.ConfirmLevel("ec2") != resource.ConfirmSimple || action(t, d, "terminate").ConfirmLevel("ec2") != resource.ConfirmTyped {
		t.Error("confirmation levels: stop simple, terminate typed")
	}
	ins, err := stop.Inputs(d, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 1 {
		t.Fatalf("multi stop gave %d inputs", len(ins))
	}
	out, err := env.Caller("ec2").Call(ctx, stop.Operation, ins[0])
	if err != nil {
		t.Fatal(err)
	}
	if n := len(out["StoppingInstances"].([]any)); n != 2 {
		t.Errorf("StopInstances stopped %d instances, want 2", n)
	}
	wins, err := stop.WaiterInputs(d, rows)
	if err != nil {
		t.Fatal(err)
	}
	w, _, ok := env.Service("ec2").Waiter(stop.Waiter)
	if !ok {
		t.Fatalf("no waiter %s", stop.Waiter)
	}
	for i, in := range wins {
		var attempts int
		res, err := waiter.Run(ctx, env.Caller("ec2"), w, in, waiter.Options{Name: stop.Waiter, Delay: 50 * time.Millisecond,
			OnAttempt: func(waiter.Attempt) { attempts++ }})
		if err != nil {
			t.Fatalf("waiting for %s on %s: %v", stop.Waiter, in, err)
		}
		if attempts == 0 || res.Attempts != attempts {
			t.Errorf("attempts: %d reported, %d in the result", attempts, res.Attempts)
		}
		// The waiter finished: refresh the row as the UI does, and read its state.
		fresh, err := d.Describe(ctx, env.Caller("ec2"), rows[i])
		if err != nil {
			t.Fatal(err)
		}
		state := cellsByTitle(d, fresh)["STATE"]
		if state.Text != "stopped" || state.State != resource.StateBad {
			t.Errorf("%s after %s: state cell %+v, want stopped", d.ID(rows[i].Item), stop.Waiter, state)
		}
	}
}

// TestEC2InstanceChildren follows an instance to its volumes and security groups, and a VPC to
// its subnets.
func TestEC2InstanceChildren(t *testing.T) {
	env := resourcetest.New(t)
	ctx := context.Background()
	d := env.Def("instance")
	name := unique("db")
	sg1 := env.Seed("ec2", "CreateSecurityGroup", map[string]any{"GroupName": name + "-a", "Description": "a"})["GroupId"].(string)
	sg2 := env.Seed("ec2", "CreateSecurityGroup", map[string]any{"GroupName": name + "-b", "Description": "b"})["GroupId"].(string)
	seeded, az := runInstances(env, name, 1, sg1, sg2)
	vol := env.Seed("ec2", "CreateVolume", map[string]any{"AvailabilityZone": az, "Size": 20})["VolumeId"].(string)
	env.Seed("ec2", "AttachVolume", map[string]any{"VolumeId": vol, "InstanceId": seeded[0], "Device": "/dev/sdf"})
	loose := env.Seed("ec2", "CreateVolume", map[string]any{"AvailabilityZone": az, "Size": 1})["VolumeId"].(string)

	row := env.Find(d, env.List(d, nil), seeded[0])
	vd := env.Def("vol")
	in, err := child(t, d, "volumes").Input(d, row)
	if err != nil {
		t.Fatal(err)
	}
	vrows := env.List(vd, in)
	got := ids(vd, vrows)
	if !slices.Contains(got, vol) || slices.Contains(got, loose) {
		t.Errorf("volumes of %s = %v: want %s, not %s", seeded[0], got, vol, loose)
	}
	vrow := env.Find(vd, vrows, vol)
	vcells := cellsByTitle(vd, vrow.Item)
	if vcells["INSTANCE"].Text != seeded[0] || vcells["GIB"].Text != "20" || vcells["STATE"].Text != "in-use" {
		t.Errorf("volume cells: %+v", vcells)
	}
	if _, err := vd.Describe(ctx, env.Caller("ec2"), vrow); err != nil {
		t.Error(err)
	}

	sgd := env.Def("sg")
	in, err = child(t, d, "security groups").Input(d, row)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{sg1, sg2}
	sort.Strings(want)
	if got := ids(sgd, env.List(sgd, in)); !slices.Equal(got, want) {
		t.Errorf("security groups of the instance = %v, want %v", got, want)
	}

	// VPC → subnets (default child).
	vpcd := env.Def("vpcs")
	vpc := env.Seed("ec2", "CreateVpc", map[string]any{"CidrBlock": "10.42.0.0/16"})["Vpc"].(map[string]any)["VpcId"].(string)
	subnet := env.Seed("ec2", "CreateSubnet", map[string]any{"VpcId": vpc, "CidrBlock": "10.42.1.0/24"})["Subnet"].(map[string]any)["SubnetId"].(string)
	vpcRow := env.Find(vpcd, env.List(vpcd, nil), vpc)
	if vpcd.Default != "subnets" {
		t.Fatalf("vpc default child %q", vpcd.Default)
	}
	in, err = child(t, vpcd, vpcd.Default).Input(vpcd, vpcRow)
	if err != nil {
		t.Fatal(err)
	}
	subd := env.Def("subnet")
	if got := ids(subd, env.List(subd, in)); !slices.Equal(got, []string{subnet}) {
		t.Errorf("subnets of %s = %v, want [%s]", vpc, got, subnet)
	}
}

// TestEC2OtherTypes lists each remaining type with a seeded object and runs a delete where it is
// safe to.
func TestEC2OtherTypes(t *testing.T) {
	env := resourcetest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ec2 := env.Caller("ec2")
	own, az := runInstances(env, unique("img"), 1)

	vol := env.Seed("ec2", "CreateVolume", map[string]any{"AvailabilityZone": az, "Size": 3})["VolumeId"].(string)
	snap := env.Seed("ec2", "CreateSnapshot", map[string]any{"VolumeId": vol, "Description": "nightly"})["SnapshotId"].(string)
	sd := env.Def("snapshots")
	srow := env.Find(sd, env.List(sd, nil), snap)
	if c := cellsByTitle(sd, srow.Item); c["VOLUME"].Text != vol || c["DESCRIPTION"].Text != "nightly" {
		t.Errorf("snapshot cells %+v", c)
	}
	if _, err := sd.Describe(ctx, ec2, srow); err != nil {
		t.Error(err)
	}

	// A volume's snapshot action waits SnapshotCompleted on the snapshot its output names.
	vd := env.Def("volumes")
	vrow := env.Find(vd, env.List(vd, nil), vol)
	snapAction := action(t, vd, "snapshot")
	snapIns, err := snapAction.Inputs(vd, []resource.Row{vrow})
	if err != nil {
		t.Fatal(err)
	}
	out, err := ec2.Call(ctx, snapAction.Operation, snapIns[0])
	if err != nil {
		t.Fatal(err)
	}
	wins, err := snapAction.WaiterInputsWithOutputs(vd, []resource.Row{vrow}, []map[string]any{out})
	if err != nil || len(wins) != 1 || !reflect.DeepEqual(wins[0]["SnapshotIds"], []any{out["SnapshotId"]}) || out["SnapshotId"] == nil {
		t.Fatalf("snapshot waiter inputs %v (%v) for output %v", wins, err, out)
	}
	sw, _, _ := env.Service("ec2").Waiter(snapAction.Waiter)
	if _, err := waiter.Run(ctx, ec2, sw, wins[0], waiter.Options{Delay: 50 * time.Millisecond, MaxAttempts: 40}); err != nil {
		t.Errorf("waiting %s: %v", snapAction.Waiter, err)
	}

	key := unique("key")
	env.Seed("ec2", "CreateKeyPair", map[string]any{"KeyName": key})
	kd := env.Def("key-pairs")
	krow := env.Find(kd, env.List(kd, nil), key)
	if c := cellsByTitle(kd, krow.Item); c["FINGERPRINT"].Text == "" {
		t.Errorf("key pair cells %+v", c)
	}
	del := action(t, kd, "delete")
	ins, err := del.Inputs(kd, []resource.Row{krow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ec2.Call(ctx, del.Operation, ins[0]); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(kd, env.List(kd, nil)), key) {
		t.Errorf("key pair %s still listed after delete", key)
	}

	group := unique("sg")
	gid := env.Seed("ec2", "CreateSecurityGroup", map[string]any{"GroupName": group, "Description": "test group"})["GroupId"].(string)
	gd := env.Def("security-group")
	grow := env.Find(gd, env.List(gd, nil), gid)
	if gd.DisplayName(grow.Item) != group || cellsByTitle(gd, grow.Item)["DESCRIPTION"].Text != "test group" {
		t.Errorf("security group row %v", grow.Item)
	}
	wref := gd.Waiters[0]
	win, err := wref.InputFor(gd, grow)
	if err != nil {
		t.Fatal(err)
	}
	w, _, _ := env.Service("ec2").Waiter(wref.Waiter)
	if _, err := waiter.Run(ctx, ec2, w, win, waiter.Options{Delay: 50 * time.Millisecond}); err != nil {
		t.Errorf("%s: %v", wref.Waiter, err)
	}

	image := env.Seed("ec2", "CreateImage", map[string]any{"InstanceId": own[0], "Name": unique("ami")})["ImageId"].(string)
	imd := env.Def("ami")
	irow := env.Find(imd, env.List(imd, nil), image)
	if _, err := imd.Describe(ctx, ec2, irow); err != nil {
		t.Error(err)
	}
}

func anyStrings(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}
