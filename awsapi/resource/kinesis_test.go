package resource_test

import (
	"slices"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestKinesisStreamShards(t *testing.T) {
	f := newLiveFlow(t)
	name := f.name("nimbus-stream")
	f.env.Seed("kinesis", "CreateStream", map[string]any{"StreamName": name, "ShardCount": int64(3)})

	streams := f.def("kinesis", "kinesis")
	row := f.find(streams, nil, name)
	f.waitRef(streams, "StreamExists", row)
	cells := f.cells(streams, row)
	if c := cells["STATUS"]; c.Text != "ACTIVE" || c.State != resource.StateOK {
		t.Errorf("STATUS %+v", c)
	}
	f.wantCells(streams, row, map[string]string{"NAME": name, "MODE": "PROVISIONED"})
	if got := streams.ARNOf(row.Item); got != "arn:aws:kinesis:us-east-1:123456789012:stream/"+name {
		t.Errorf("ARN %q", got)
	}
	if d := f.describe(streams, row); d["StreamName"] != name || d["OpenShardCount"] != int64(3) {
		t.Errorf("describe: name %v, open shards %v (%T)", d["StreamName"], d["OpenShardCount"], d["OpenShardCount"])
	}

	// Shards come from DescribeStream. moto ignores its ExclusiveStartShardId, so only a single
	// page (no Limit) can be listed here; the paginator's token is covered in awsapi/paginate.
	shards, in := f.child(streams, row, "shards")
	if in["StreamName"] != name {
		t.Errorf("shards input %v", in)
	}
	srows := f.env.List(shards, in)
	var ids []string
	for _, r := range srows {
		ids = append(ids, shards.ID(r.Item))
	}
	want := []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002"}
	if !slices.Equal(ids, want) {
		t.Errorf("shards %v, want %v", ids, want)
	}
	srow := f.env.Find(shards, srows, want[0])
	f.wantCells(shards, srow, map[string]string{"SHARD": want[0], "OPEN": "yes", "START HASH": "0"})

	f.run(streams, "reshard", map[string]any{"TargetShardCount": int64(6)}, row)
	f.waitAfter(streams, "reshard", row)
	if got := f.describe(streams, row)["OpenShardCount"]; got != int64(6) {
		t.Errorf("open shards after reshard %v", got)
	}
	f.run(streams, "retention up", map[string]any{"RetentionPeriodHours": int64(48)}, row)
	f.waitAfter(streams, "retention up", row)
	if got := f.describe(streams, row)["RetentionPeriodHours"]; got != int64(48) {
		t.Errorf("retention %v", got)
	}

	f.wantConfirm(streams, "delete", resource.ConfirmTyped)
	f.run(streams, "delete", nil, row)
	f.waitAfter(streams, "delete", row)
	if ids := f.ids(streams, nil); slices.Contains(ids, name) {
		t.Errorf("stream still listed after delete")
	}
}
