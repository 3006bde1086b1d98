package resource_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestRoute53ZoneRecords(t *testing.T) {
	f := newLiveFlow(t)
	zone := f.name("nimbus") + ".example.com."
	out := f.env.Seed("route53", "CreateHostedZone", map[string]any{"Name": zone, "CallerReference": f.name("ref"),
		"HostedZoneConfig": map[string]any{"Comment": "nimbus test"}})
	zoneID := strings.TrimPrefix(out["HostedZone"].(map[string]any)["Id"].(string), "/hostedzone/")
	www := "www." + zone
	f.env.Seed("route53", "ChangeResourceRecordSets", map[string]any{"HostedZoneId": zoneID,
		"ChangeBatch": map[string]any{"Changes": []any{map[string]any{"Action": "CREATE",
			"ResourceRecordSet": map[string]any{"Name": www, "Type": "A", "TTL": int64(60),
				"ResourceRecords": []any{map[string]any{"Value": "192.0.2.1"}, map[string]any{"Value": "192.0.2.2"}}}}}}})

	zones := f.def("route53", "route53")
	row := f.find(zones, nil, zoneID)
	f.wantCells(zones, row, map[string]string{"NAME": zone, "ID": zoneID, "RECORDS": "3", "PRIVATE": "no",
		"COMMENT": "nimbus test"})
	if got := zones.ARNOf(row.Item); got != "arn:aws:route53:::hostedzone/"+zoneID {
		t.Errorf("ARN %q", got)
	}
	if got := f.describe(zones, row)["HostedZone"].(map[string]any)["Name"]; got != zone {
		t.Errorf("describe gave %v", got)
	}

	records, in := f.child(zones, row, "records")
	if in["HostedZoneId"] != zoneID {
		t.Errorf("records input %v", in)
	}
	ids := f.ids(records, in)
	for _, want := range []string{zone + " NS", zone + " SOA", www + " A"} {
		if !slices.Contains(ids, want) {
			t.Errorf("record %q not listed: %v", want, ids)
		}
	}
	// One record a page: the paginator's three tokens (name, type, set id) carry the listing on.
	pagedIn := records.ListInput(map[string]any{"HostedZoneId": zoneID, "MaxItems": "1"})
	if paged := f.ids(records, pagedIn); !slices.Equal(paged, ids) {
		t.Errorf("records a page at a time %v, all at once %v", paged, ids)
	}
	t.Run("page size", func(t *testing.T) {
		items, more, err := records.NewLister(f.env.Caller("route53"), f.env.Service("route53"), in, 1).Next(f.ctx)
		// Route 53's limit key is a string shape: the lister must give the paginator the model,
		// which converts the page size to a string as botocore does.
		if err != nil {
			t.Fatalf("listing records with a page size: %v", err)
		}
		if len(items) != 1 || !more {
			t.Errorf("page size 1: %d records and more=%v, want 1 record and more", len(items), more)
		}
	})
	rrow := f.find(records, in, www+" A")
	f.wantCells(records, rrow, map[string]string{"NAME": www, "TYPE": "A", "TTL": "60", "VALUES": "192.0.2.1 192.0.2.2"})

	// Deleting a record sends the record set as listed; the change is then waited on.
	f.wantConfirm(records, "delete", resource.ConfirmTyped)
	outs := f.run(records, "delete", nil, rrow)
	if ids := f.ids(records, in); slices.Contains(ids, www+" A") {
		t.Errorf("record still listed after delete: %v", ids)
	}
	// ResourceRecordSetsChanged waits on the change id the delete answered with ({output:}).
	a := f.action(records, "delete")
	wins, err := a.WaiterInputsWithOutputs(records, []resource.Row{rrow}, outs)
	if err != nil {
		t.Fatal(err)
	}
	change := outs[0]["ChangeInfo"].(map[string]any)["Id"].(string)
	if len(wins) != 1 || wins[0]["Id"] != strings.TrimPrefix(change, "/change/") {
		t.Errorf("waiter input %v for change %s", wins, change)
	}
	f.waitAfterOutputs(records, "delete", outs, rrow)

	f.wantConfirm(zones, "delete", resource.ConfirmTyped)
	f.run(zones, "delete", nil, row)
	if ids := f.ids(zones, nil); slices.Contains(ids, zoneID) {
		t.Errorf("zone still listed after delete")
	}
}
