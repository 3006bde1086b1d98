package resource_test

import (
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestRDSInstance(t *testing.T) {
	f := newLiveFlow(t)
	id := f.name("db")
	f.env.Seed("rds", "CreateDBInstance", map[string]any{"DBInstanceIdentifier": id,
		"DBInstanceClass": "db.t3.micro", "Engine": "postgres", "MasterUsername": "admin",
		"MasterUserPassword": "not-a-secret-1", "AllocatedStorage": int64(20)})

	instances := f.def("rds", "rds")
	row := f.find(instances, nil, id)
	cells := f.cells(instances, row)
	if c := cells["STATUS"]; c.Text != "available" || c.State != resource.StateOK {
		t.Errorf("STATUS %+v, want available (ok)", c)
	}
	f.wantCells(instances, row, map[string]string{"IDENTIFIER": id, "ENGINE": "postgres",
		"CLASS": "db.t3.micro", "MULTI-AZ": "no", "PORT": "5432", "STORAGE": "20 GiB"})
	if cells["ENDPOINT"].Text == "" {
		t.Error("no endpoint shown")
	}
	if got := instances.ARNOf(row.Item); got != "arn:aws:rds:us-east-1:123456789012:db:"+id {
		t.Errorf("ARN %q", got)
	}
	if got := f.describe(instances, row)["DBInstanceIdentifier"]; got != id {
		t.Errorf("describe gave %v", got)
	}

	// stop has no waiter (RDS has no stopped one): the status says it.
	f.run(instances, "stop", nil, row)
	if got := f.describe(instances, row)["DBInstanceStatus"]; got != "stopped" {
		t.Errorf("status after stop %v", got)
	}
	f.run(instances, "start", nil, row)
	f.waitAfter(instances, "start", row)
	f.run(instances, "reboot", nil, row)
	f.waitAfter(instances, "reboot", row)
	f.waitRef(instances, "DBInstanceAvailable", row)

	// A manual snapshot, listed below the instance, waited on, then deleted.
	snap := id + "-manual"
	outs := f.run(instances, "snapshot", map[string]any{"DBSnapshotIdentifier": snap}, row)
	wins, err := f.action(instances, "snapshot").WaiterInputsWithOutputs(instances, []resource.Row{row}, outs)
	if err != nil || len(wins) != 1 || wins[0]["DBSnapshotIdentifier"] != snap {
		t.Errorf("snapshot waiter inputs %v (%v), want %s", wins, err, snap)
	}
	f.waitAfterOutputs(instances, "snapshot", outs, row)
	snapshots, in := f.child(instances, row, "snapshots")
	if in["DBInstanceIdentifier"] != id {
		t.Errorf("snapshots input %v", in)
	}
	srow := f.find(snapshots, in, snap)
	f.wantCells(snapshots, srow, map[string]string{"INSTANCE": id, "TYPE": "manual", "ENGINE": "postgres", "STORAGE": "20 GiB"})
	if got := f.describe(snapshots, srow)["DBSnapshotIdentifier"]; got != snap {
		t.Errorf("describe snapshot gave %v", got)
	}
	f.waitRef(snapshots, "DBSnapshotAvailable", srow)
	f.wantConfirm(snapshots, "delete", resource.ConfirmTyped)
	f.run(snapshots, "delete", nil, srow)
	f.waitAfter(snapshots, "delete", srow)
	if ids := f.ids(snapshots, in); slices.Contains(ids, snap) {
		t.Errorf("snapshot still listed after delete: %v", ids)
	}

	// delete keeps a final snapshot named after the instance; DBInstanceDeleted ends on the
	// DBInstanceNotFound error.
	f.wantConfirm(instances, "delete (final snapshot)", resource.ConfirmTyped)
	f.wantConfirm(instances, "delete without snapshot", resource.ConfirmTyped)
	f.run(instances, "delete (final snapshot)", nil, row)
	f.waitAfter(instances, "delete (final snapshot)", row)
	if ids := f.ids(instances, nil); slices.Contains(ids, id) {
		t.Errorf("instance still listed after delete")
	}
	snaps := f.env.Seed("rds", "DescribeDBSnapshots", map[string]any{"DBSnapshotIdentifier": id + "-final"})
	if n := len(snaps["DBSnapshots"].([]any)); n != 1 {
		t.Errorf("%d final snapshots, want 1", n)
	}
}
