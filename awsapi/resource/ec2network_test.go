package resource_test

import (
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// ec2NetworkCase: the default VPC as every region has it — default subnets, one per zone, and a
// security group named default, as in every VPC — through the types and their children; and an
// instance's root volume, in use, through the instance's volumes child.
func ec2NetworkCase(t *testing.T, env *resourcetest.Env) {
	vpcs := defType(t, env, "vpcs")
	var def resource.Row
	all := env.List(vpcs, vpcs.ListInput(nil))
	for _, r := range all {
		c := defCells(vpcs, r.Item)
		if !strings.HasPrefix(c["ID"].Text, "vpc-") || c["STATE"].Text != "available" || c["CIDR"].Text == "" {
			t.Errorf("VPC cells %v", c)
		}
		if c["DEFAULT"].Text == "yes" || c["DEFAULT"].Text == "true" || c["DEFAULT"].Text == "✓" {
			def = r
		}
	}
	if def.Item == nil {
		t.Fatalf("no default VPC among %d", len(all))
	}
	if got := defCells(vpcs, def.Item)["CIDR"].Text; got != "172.31.0.0/16" {
		t.Errorf("the default VPC's CIDR %q", got)
	}
	defWaitRef(t, env, vpcs, "VpcAvailable", def)
	for _, r := range all {
		groups, in := defChild(t, env, vpcs, r, "security groups")
		defFind(t, env, groups, in, defaultGroupID(t, env, groups, in))
	}
	subnets, in := defChild(t, env, vpcs, def, "subnets")
	rows, _ := defList(t, env, subnets, in, 0)
	if len(rows) < 2 {
		t.Fatalf("the default VPC has %d subnets", len(rows))
	}
	zones := map[string]bool{}
	for _, r := range rows {
		c := defCells(subnets, r.Item)
		if !strings.HasPrefix(c["ID"].Text, "subnet-") || c["STATE"].Text != "available" || !strings.HasPrefix(c["CIDR"].Text, "172.31.") ||
			!strings.HasPrefix(c["AZ"].Text, resourcetest.Region) || c["VPC"].Text != vpcs.ID(def.Item) {
			t.Errorf("default subnet cells %v", c)
		}
		if zones[c["AZ"].Text] {
			t.Errorf("two default subnets in %s", c["AZ"].Text)
		}
		zones[c["AZ"].Text] = true
	}
	defDescribe(t, env, subnets, rows[0])

	// An instance's root volume, attached.
	instances := env.Def("ec2")
	launched, _ := runInstances(env, unique("vol"), 1)
	t.Cleanup(func() { env.Seed("ec2", "TerminateInstances", map[string]any{"InstanceIds": anyStrings(launched)}) })
	irow := defFind(t, env, instances, instances.ListInput(nil), launched[0])
	volumes, vin := defChild(t, env, instances, irow, "volumes")
	vols, _ := defList(t, env, volumes, vin, 0)
	if len(vols) != 1 {
		t.Fatalf("the instance's volumes: %d", len(vols))
	}
	c := defCells(volumes, vols[0].Item)
	if !strings.HasPrefix(c["ID"].Text, "vol-") || c["STATE"].Text != "in-use" {
		t.Errorf("root volume cells %v", c)
	}
	if got := defDescribe(t, env, volumes, vols[0]); defStr(got, "VolumeId") != c["ID"].Text {
		t.Errorf("volume describe %v", got)
	}
}

// defaultGroupID is the id of the security group named default among a VPC's groups.
func defaultGroupID(t *testing.T, env *resourcetest.Env, groups *resource.Def, in map[string]any) string {
	t.Helper()
	rows, _ := defList(t, env, groups, in, 0)
	for _, r := range rows {
		if groups.DisplayName(r.Item) == "default" {
			return groups.ID(r.Item)
		}
	}
	t.Fatalf("no security group named default among %d in %v", len(rows), in)
	return ""
}
