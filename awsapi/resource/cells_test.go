package resource_test

import (
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func TestFormatCell(t *testing.T) {
	launch := now.Add(-3*24*time.Hour - 2*time.Hour)
	for _, c := range []struct {
		name   string
		v      any
		format string
		want   resource.Cell
	}{
		{"ago days", launch, "ago", resource.Cell{Text: "3d ago", Sort: launch.UnixNano()}},
		{"ago minutes", now.Add(-5*time.Minute - 10*time.Second), "ago", resource.Cell{Text: "5m ago", Sort: now.Add(-5*time.Minute - 10*time.Second).UnixNano()}},
		{"ago seconds", now.Add(-42 * time.Second), "ago", resource.Cell{Text: "42s ago", Sort: now.Add(-42 * time.Second).UnixNano()}},
		{"ago hours", now.Add(-23 * time.Hour), "ago", resource.Cell{Text: "23h ago", Sort: now.Add(-23 * time.Hour).UnixNano()}},
		{"ago years", now.Add(-800 * 24 * time.Hour), "ago", resource.Cell{Text: "2y ago", Sort: now.Add(-800 * 24 * time.Hour).UnixNano()}},
		{"ago future", now.Add(90 * time.Minute), "ago", resource.Cell{Text: "in 1h", Sort: now.Add(90 * time.Minute).UnixNano()}},
		{"ago of an ISO string (EC2 image)", "2026-11-21T12:00:00.000Z", "ago", resource.Cell{Text: "3d ago", Sort: now.Add(-72 * time.Hour).UnixNano()}},
		{"ago of a Lambda-style string", "2026-11-24T11:00:00.000+0000", "ago", resource.Cell{Text: "1h ago", Sort: now.Add(-time.Hour).UnixNano()}},
		{"ago of epoch milliseconds", now.Add(-10 * time.Minute).UnixMilli(), "ago", resource.Cell{Text: "10m ago", Sort: now.Add(-10 * time.Minute).UnixNano()}},
		{"ago of nothing", nil, "ago", resource.Cell{}},
		{"time in UTC", time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600)), "time", resource.Cell{Text: "2026-01-02 02:04:05", Sort: time.Date(2026, 1, 2, 2, 4, 5, 0, time.UTC).UnixNano()}},
		{"bytes", int64(1536), "bytes", resource.Cell{Text: "1.5 KiB", Sort: 1536}},
		{"bytes zero", int64(0), "bytes", resource.Cell{Text: "0 B"}},
		{"bytes of a float", float64(5 << 20), "bytes", resource.Cell{Text: "5.0 MiB", Sort: 5 << 20}},
		{"mib (Lambda memory)", int64(256), "mib", resource.Cell{Text: "256 MiB", Sort: 256 << 20}},
		{"gib (RDS storage)", int64(20), "gib", resource.Cell{Text: "20 GiB", Sort: 20 << 30}},
		{"seconds", int64(90), "seconds", resource.Cell{Text: "1m 30s", Sort: 90}},
		{"seconds as a string (SQS)", "30", "seconds", resource.Cell{Text: "30s", Sort: 30}},
		{"ago of epoch seconds as a string (SQS)", "1795089600", "ago", resource.Cell{Text: "5d ago", Sort: time.Unix(1795089600, 0).UnixNano()}},
		{"count", []any{1, 2, 3}, "count", resource.Cell{Text: "3", Sort: 3}},
		{"count of nothing", nil, "count", resource.Cell{Text: "0"}},
		{"bool true", true, "bool", resource.Cell{Text: "yes", Sort: 1}},
		{"bool false", false, "bool", resource.Cell{Text: "no"}},
		{"state ok", "running", "state", resource.Cell{Text: "running", State: resource.StateOK}},
		{"state busy", "UPDATE_IN_PROGRESS", "state", resource.Cell{Text: "UPDATE_IN_PROGRESS", State: resource.StateBusy}},
		{"state bad", "stopped", "state", resource.Cell{Text: "stopped", State: resource.StateBad}},
		{"state unknown", "purple", "state", resource.Cell{Text: "purple"}},
		{"text int64", int64(16), "", resource.Cell{Text: "16"}},
		{"text float", 2.5, "", resource.Cell{Text: "2.5"}},
		{"text list", []any{"a", "b"}, "", resource.Cell{Text: "a, b"}},
		{"text map", map[string]any{"Code": int64(16)}, "", resource.Cell{Text: `{"Code":16}`}},
		{"text time", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "", resource.Cell{Text: "2026-01-02 03:04:05"}},
		{"control characters escaped", "evil\x1b[31mred", "", resource.Cell{Text: `evil\x1b[31mred`}},
		{"control characters escaped in state", "bad\x07", "state", resource.Cell{Text: `bad\x07`}},
	} {
		if got := resource.FormatCell(c.v, c.format, now); got != c.want {
			t.Errorf("%s: FormatCell(%v, %q) = %+v, want %+v", c.name, c.v, c.format, got, c.want)
		}
	}
}

func TestState(t *testing.T) {
	for want, values := range map[string][]string{
		resource.StateOK:   {"running", "available", "ACTIVE", "in-use", "CREATE_COMPLETE", "UPDATE_COMPLETE", "InService", "Succeeded", "completed", "ISSUED"},
		resource.StateBusy: {"pending", "stopping", "shutting-down", "CREATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "creating", "Pending Deletion", "PendingDeletion", "deleting", "modifying"},
		resource.StateBad:  {"stopped", "terminated", "CREATE_FAILED", "ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "DELETE_COMPLETE", "deleted", "error", "Failed", "impaired", "inaccessible-encryption-credentials"},
		"":                 {"", "purple", "standard"},
	} {
		for _, v := range values {
			if got := resource.State(v); got != want {
				t.Errorf("State(%q) = %q, want %q", v, got, want)
			}
		}
	}
}

func TestCellsEvaluateColumns(t *testing.T) {
	d := &resource.Def{
		Type: "instance", Identifier: "InstanceId",
		List: resource.List{Items: "Reservations[].Instances[]"},
		Columns: []resource.Column{
			{Title: "ID", Path: "InstanceId"},
			{Title: "NAME", Path: "Tags[?Key=='Name'].Value | [0]"},
			{Title: "STATE", Path: "State.Name", Format: "state"},
			{Title: "CODE", Path: "State.Code"},
			{Title: "RUNNING", Path: "State.Code == `16`", Format: "bool"},     // needs int64 → float64
			{Title: "BIG", Path: "length(BlockDeviceMappings[?Size > `100`])"}, // numeric comparison
			{Title: "NEWEST", Path: "max_by(BlockDeviceMappings, &AttachTime).DeviceName"},
			{Title: "LAUNCHED", Path: "LaunchTime", Format: "ago"},
			{Title: "MISSING", Path: "No.Such.Path"},
		},
	}
	if err := d.Compile(); err != nil {
		t.Fatal(err)
	}
	item := map[string]any{
		"InstanceId": "i-1",
		"Tags":       []any{map[string]any{"Key": "Name", "Value": "web\x1b]0;pwned\x07"}},
		"State":      map[string]any{"Code": int64(16), "Name": "running"},
		"LaunchTime": now.Add(-2 * time.Hour),
		"BlockDeviceMappings": []any{
			map[string]any{"DeviceName": "/dev/a", "Size": int64(500), "AttachTime": now.Add(-time.Hour)},
			map[string]any{"DeviceName": "/dev/b", "Size": int64(8), "AttachTime": now.Add(-time.Minute)},
		},
	}
	cells := d.Cells(item, now)
	want := []string{"i-1", `web\x1b]0;pwned\x07`, "running", "16", "yes", "1", "/dev/b", "2h ago", ""}
	for i, w := range want {
		if cells[i].Text != w {
			t.Errorf("column %s = %q, want %q", d.Columns[i].Title, cells[i].Text, w)
		}
	}
	if cells[2].State != resource.StateOK {
		t.Errorf("state cell = %+v", cells[2])
	}
	// The item was not modified by the normalisation some columns need.
	if _, ok := item["State"].(map[string]any)["Code"].(int64); !ok {
		t.Error("Cells changed the item's int64 to another type")
	}
}
